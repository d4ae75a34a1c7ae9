import { describeSweep, sweep } from "../../workflows/sweeper";
import { clock, db } from "../utils/db.server";
import { env } from "../utils/env.server";

declare global {
  // One sweeper per process, kept across module reloads in development.
  var __sweeper: { stop(): void } | undefined;
}

/**
 * Runs the deadline sweeper inside the server every SWEEP_INTERVAL_MS (unless SWEEPER=0). Several
 * server processes may each run one: every step is claimed once (workflows/sweeper.ts).
 */
export function startSweeper(): { stop(): void } | null {
  const e = env();
  if (e.SWEEPER === "0") {
    console.log("sweeper: not in this process (SWEEPER=0); run `npm run sweep` elsewhere");
    return null;
  }
  if (globalThis.__sweeper) return globalThis.__sweeper;
  let running = false;
  let stopped = false;
  const run = async () => {
    if (running || stopped) return;
    running = true;
    try {
      const r = await sweep(db(), clock);
      if (Object.keys(r.steps).length || r.expired || r.lapsed) console.log(describeSweep(r));
    } catch (err) {
      console.error("sweeper: pass failed, will try again", err);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(run, 2_000);
  const timer = setInterval(run, e.SWEEP_INTERVAL_MS);
  first.unref();
  timer.unref();
  globalThis.__sweeper = {
    stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
    },
  };
  return globalThis.__sweeper;
}
