import { parseArgs } from "node:util";
import { isSqliteUrl, RestoreRefused, restoreSqlite } from "../db/backup";
import { DEFAULT_DATABASE_URL } from "../db/client";

/**
 * npm run restore -- path/to/backup.db [--force]: puts a backup in place of the SQLite database
 * of DATABASE_URL (refused while a server uses it, and over an existing database without
 * --force), migrates it to the current schema and verifies every case's history chain.
 */
const { values, positionals } = parseArgs({
  options: { force: { type: "boolean", default: false } },
  allowPositionals: true,
});
const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
if (!isSqliteUrl(url)) {
  console.error("DATABASE_URL is PostgreSQL: restore it with pg_restore (see README, Backups).");
  process.exit(2);
}
if (positionals.length !== 1) {
  console.error("usage: npm run restore -- <backup file> [--force]");
  process.exit(2);
}
try {
  const s = await restoreSqlite(positionals[0], url, { force: values.force });
  console.log(`restored ${positionals[0]} to ${url}`);
  if (s.migrated.length) console.log(`  migrated: ${s.migrated.join(", ")}`);
  console.log(`  ${s.cases} cases, ${s.events} history rows; integrity ${s.integrity.join("; ")}`);
  if (s.chain.broken.length) {
    for (const b of s.chain.broken) console.log(`  case ${b.caseId} row ${b.seq}: ${b.problem}`);
    process.exit(1);
  }
  console.log("  history chain intact");
} catch (e) {
  if (e instanceof RestoreRefused) {
    console.error(`refused: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
