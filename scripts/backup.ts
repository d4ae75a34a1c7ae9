import path from "node:path";
import { parseArgs } from "node:util";
import { backupSqlite, isSqliteUrl, postgresBackupCommands } from "../db/backup";
import { DEFAULT_DATABASE_URL } from "../db/client";

/**
 * npm run backup [-- --out backups/name.db]: a consistent copy of the SQLite database of
 * DATABASE_URL, taken while the server runs, checked (integrity, every case's history chain).
 * For PostgreSQL it prints the pg_dump / pg_restore commands to use.
 */
const { values } = parseArgs({ options: { out: { type: "string" } } });
const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;

if (!isSqliteUrl(url)) {
  console.log("DATABASE_URL is PostgreSQL: back it up with its own tools, e.g.");
  for (const line of postgresBackupCommands(url)) console.log(`  ${line}`);
  console.log("(the password is not shown: give it through PGPASSWORD or ~/.pgpass)");
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const out = values.out ?? path.join("backups", `${stamp}.db`);
const s = await backupSqlite(url, out);
console.log(`backup: ${s.file}`);
console.log(`  ${s.cases} cases, ${s.events} history rows, ${(s.bytes / 1024).toFixed(0)} KB`);
console.log(`  integrity: ${s.integrity.join("; ")}`);
for (const b of s.chain.broken) console.log(`  case ${b.caseId} row ${b.seq}: ${b.problem}`);
if (s.integrity.join() !== "ok" || s.chain.broken.length) {
  console.log("BACKUP FAILED ITS CHECKS");
  process.exit(1);
}
console.log("  history chain intact");
