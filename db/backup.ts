import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { prepareDatabase } from "./bootstrap";
import { dialectOf, openDb, sqlitePath } from "./client";
import { type ChainReport, verifyChains } from "./events";

/**
 * Online backups of the SQLite database and their restore. A backup is SQLite's own backup API
 * (better-sqlite3 `db.backup()`): a page-by-page copy that restarts when a writer changes pages
 * under it, so the copy is one consistent state even while the server keeps writing. PostgreSQL
 * is backed up with pg_dump (see `postgresBackupCommands`), not here.
 */

export interface BackupSummary {
  file: string;
  bytes: number;
  cases: number;
  events: number;
  /** `PRAGMA integrity_check`: ["ok"] when sound */
  integrity: string[];
  chain: ChainReport;
}

/** Whether the URL names a SQLite database (a path or `file:` URL) rather than PostgreSQL. */
export function isSqliteUrl(url: string): boolean {
  return dialectOf(url) === "sqlite";
}

/** Copies the live database at `url` to `out` (which must not exist yet), then checks the copy. */
export async function backupSqlite(url: string, out: string): Promise<BackupSummary> {
  const source = sqlitePath(url);
  if (!fs.existsSync(source)) throw new Error(`no database at ${source}`);
  if (fs.existsSync(out)) throw new Error(`${out} exists already; choose another name`);
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const db = new SQLite(source, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    // After the first 100 pages, the rest in one step: one read transaction, which in WAL mode
    // never holds writers up, and nothing for them to change under the copy between steps.
    await db.backup(out, { progress: () => 1_000_000_000 });
  } finally {
    db.close();
  }
  return checkSqliteFile(out);
}

/** Integrity check, case and history counts, and every case's hash chain of a database file. */
export async function checkSqliteFile(file: string): Promise<BackupSummary> {
  const raw = new SQLite(file, { readonly: true, fileMustExist: true });
  let integrity: string[];
  let cases: number;
  try {
    integrity = (raw.pragma("integrity_check") as Array<{ integrity_check: string }>).map(
      (r) => r.integrity_check,
    );
    cases = (raw.prepare("SELECT count(*) AS n FROM cases").get() as { n: number }).n;
  } finally {
    raw.close();
  }
  const handle = openDb(file);
  try {
    const chain = await verifyChains(handle.kysely);
    return { file, bytes: fs.statSync(file).size, cases, events: chain.events, integrity, chain };
  } finally {
    await handle.close();
  }
}

/**
 * Whether another process has the database open (a running server keeps its connection): SQLite
 * refuses an exclusive lock while any other connection holds the file.
 */
export function sqliteInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const db = new SQLite(file, { timeout: 0 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
    db.exec("COMMIT");
    return false;
  } catch (e) {
    if ((e as { code?: string }).code === "SQLITE_BUSY") return true;
    throw e;
  } finally {
    db.close();
  }
}

export class RestoreRefused extends Error {}

/**
 * Puts a backup in place of the database at `url`: refuses while a process uses the target, and
 * when the target exists unless `force`; checks the backup first, copies it beside the target and
 * renames it into place (stale -wal/-shm removed), then migrates it to the current schema and
 * verifies the copy in place.
 */
export async function restoreSqlite(
  backupFile: string,
  url: string,
  opts: { force?: boolean; now?: string } = {},
): Promise<BackupSummary & { migrated: string[] }> {
  const target = sqlitePath(url);
  if (!fs.existsSync(backupFile)) throw new RestoreRefused(`no backup at ${backupFile}`);
  if (path.resolve(backupFile) === path.resolve(target))
    throw new RestoreRefused("the backup and the target are the same file");
  if (fs.existsSync(target)) {
    if (sqliteInUse(target))
      throw new RestoreRefused(`${target} is in use (is the server running?); stop it first`);
    if (!opts.force) throw new RestoreRefused(`${target} exists; pass --force to replace it`);
  }
  const checked = await checkSqliteFile(backupFile).catch((e: Error) => {
    throw new RestoreRefused(`${backupFile} is not a readable database: ${e.message}`);
  });
  if (checked.integrity.join() !== "ok")
    throw new RestoreRefused(`the backup fails its integrity check: ${checked.integrity.join("; ")}`);
  if (checked.chain.broken.length)
    throw new RestoreRefused(
      `the backup's history chain is broken in ${checked.chain.broken.length} place(s)`,
    );
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const staging = `${target}.restoring`;
  fs.copyFileSync(backupFile, staging);
  for (const f of [`${target}-wal`, `${target}-shm`, `${target}-journal`]) fs.rmSync(f, { force: true });
  fs.renameSync(staging, target);
  const handle = openDb(target);
  let migrated: string[];
  try {
    migrated = (await prepareDatabase(handle.kysely, opts.now)).migrated;
  } finally {
    await handle.close();
  }
  return { ...(await checkSqliteFile(target)), migrated };
}

/**
 * What to run for a PostgreSQL database: its own consistent dump and restore tools. The password
 * is left out of what is printed (give it through PGPASSWORD or ~/.pgpass).
 */
export function postgresBackupCommands(url: string, out = "backups/banli.dump"): string[] {
  const u = new URL(url);
  u.password = "";
  const shown = u.toString();
  return [
    `pg_dump --format=custom --file=${out} "${shown}"`,
    `pg_restore --clean --if-exists --no-owner --dbname="${shown}" ${out}`,
  ];
}
