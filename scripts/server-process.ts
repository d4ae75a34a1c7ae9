import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

/**
 * The production server (`server.ts` on the build in build/) as a child process, for the tests
 * and the benchmark: started on a port, awaited until /healthz answers, watched and stopped.
 */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** everything the process wrote so far */
  output(): string;
  /** resolves when the process has exited */
  exited: Promise<Exit>;
  /** SIGTERM, then SIGKILL after `killAfterMs`; resolves on exit */
  stop(killAfterMs?: number): Promise<Exit>;
}

/**
 * Starts the server with `env` (DATABASE_URL and the rest; PORT is set here) on `port` or a free
 * one, and waits until /healthz answers. If the process exits or is not up in `timeoutMs`, it is
 * killed and the error carries what it printed.
 */
export async function spawnServer(opts: {
  env: Record<string, string>;
  port?: number;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  if (!fs.existsSync(path.resolve("build/index.js")))
    throw new Error("build/index.js is missing: run `npx remix build` first (npm test does)");
  const port = opts.port ?? (await freePort());
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...process.env, ...opts.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  let gone = false;
  const exited = new Promise<Exit>((resolve) =>
    child.once("exit", (code, signal) => {
      gone = true;
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 40_000);
  for (;;) {
    if (gone) throw new Error(`server exited:\n${out}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    child,
    output: () => out,
    exited,
    async stop(killAfterMs = 15_000) {
      if (!gone) {
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), killAfterMs).unref();
      }
      return exited;
    },
  };
}
