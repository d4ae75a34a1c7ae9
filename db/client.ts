import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

export type Dialect = "sqlite" | "postgres";

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

/** Default embedded database for a fresh checkout. */
export const DEFAULT_DATABASE_URL = "./data/app.db";

export function dialectOf(url: string): Dialect {
  return /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";
}

export function sqlitePath(url: string): string {
  if (url.startsWith("file:")) return url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
  return url;
}

// PostgreSQL returns bigint (COUNT, SUM) as strings; counts here are small enough for numbers.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/** How many prepared statements an SQLite connection keeps for reuse. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Keeps the connection's prepared statements for reuse: Kysely prepares every query it runs, and
 * compiling the same SQL again costs more than running it. The least recently used statement goes
 * first. Safe because Kysely runs one query at a time on its one SQLite connection, and SQLite
 * prepares a statement again by itself when the schema changes.
 */
function cacheStatements(database: SQLite.Database): void {
  const prepare = database.prepare.bind(database);
  const cache = new Map<string, SQLite.Statement>();
  database.prepare = ((source: string) => {
    const hit = cache.get(source);
    if (hit) {
      cache.delete(source);
      cache.set(source, hit);
      return hit;
    }
    const stmt = prepare(source);
    cache.set(source, stmt);
    if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return stmt;
  }) as typeof database.prepare;
}

/**
 * Opens the database named by a `DATABASE_URL`: a SQLite file path (or `file:` URL, or
 * `:memory:`) or a `postgres://` URL.
 */
export function openDb(url: string = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): Db {
  if (dialectOf(url) === "postgres") {
    const pool = new pg.Pool({
      connectionString: url,
      max: Number(process.env.PG_POOL_MAX ?? 10),
      // Outage: a server that does not answer fails the request (503) instead of holding it.
      connectionTimeoutMillis: Number(process.env.PG_CONNECT_TIMEOUT_MS ?? 5000),
    });
    // Outage: a connection dropped by a restarting server emits "error" on its client, idle or in
    // use; without a listener that would end the process. The query in flight fails (503), the
    // pool discards the client and opens a new one for the next query. Idle losses are logged.
    pool.on("connect", (client) => client.on("error", () => {}));
    pool.on("error", (err) =>
      console.warn(
        JSON.stringify({
          at: new Date().toISOString(),
          warning: "database_connection_lost",
          error: err.message,
        }),
      ),
    );
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect: "postgres", close: () => kysely.destroy() };
  }
  const file = sqlitePath(url);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new SQLite(file);
  database.pragma("journal_mode = WAL");
  database.pragma("foreign_keys = ON");
  // Outage: how long a write waits for another process's lock before answering 503 (SQLITE_BUSY).
  database.pragma(`busy_timeout = ${Number(process.env.SQLITE_BUSY_TIMEOUT_MS ?? 5000)}`);
  database.pragma("synchronous = NORMAL");
  // Page cache (SQLITE_CACHE_MB, default 64): a unit's inbox or the statistics read thousands of
  // pages of a large database; SQLite's default of 2 MB sends most of them back to the file.
  database.pragma(`cache_size = -${Math.max(2, Number(process.env.SQLITE_CACHE_MB) || 64) * 1024}`);
  cacheStatements(database);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { kysely, dialect: "sqlite", close: () => kysely.destroy() };
}
