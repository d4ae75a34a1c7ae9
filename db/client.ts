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

function sqlitePath(url: string): string {
  if (url.startsWith("file:")) return url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
  return url;
}

// PostgreSQL returns bigint (COUNT, SUM) as strings; counts here are small enough for numbers.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/**
 * Opens the database named by a `DATABASE_URL`: a SQLite file path (or `file:` URL, or
 * `:memory:`) or a `postgres://` URL.
 */
export function openDb(url: string = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): Db {
  if (dialectOf(url) === "postgres") {
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PG_POOL_MAX ?? 10) });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect: "postgres", close: () => kysely.destroy() };
  }
  const file = sqlitePath(url);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new SQLite(file);
  database.pragma("journal_mode = WAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  database.pragma("synchronous = NORMAL");
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { kysely, dialect: "sqlite", close: () => kysely.destroy() };
}
