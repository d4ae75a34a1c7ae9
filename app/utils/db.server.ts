import { type Db, openDb } from "../../db/client";
import type { Clock } from "../../workflows/engine";
import { env } from "./env.server";

declare global {
  // One handle per process, kept across module reloads in development.
  var __appDb: Db | undefined;
  var __clockOffset: { fixed: Date | null } | undefined;
}

export function database(): Db {
  if (!globalThis.__appDb) globalThis.__appDb = openDb(env().DATABASE_URL);
  return globalThis.__appDb;
}

export function db() {
  return database().kysely;
}

globalThis.__clockOffset ??= { fixed: null };

/** The server's clock; tests and demos may pin it (APP_TEST_HOOKS=1). */
export const clock: Clock = {
  now: () => globalThis.__clockOffset?.fixed ?? new Date(),
};

export function pinClock(at: Date | null) {
  globalThis.__clockOffset = { fixed: at };
}
