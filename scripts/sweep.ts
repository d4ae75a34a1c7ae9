import { env } from "../app/utils/env.server";
import { openDb } from "../db/client";
import { migrationsCurrent } from "../db/migrate";
import { isIsoDate } from "../workflows/dates";
import { systemClock } from "../workflows/engine";
import { describeSweep, morningOf, sweep } from "../workflows/sweeper";

/**
 * One pass of the deadline sweeper, beside (or instead of) the one inside the server (SWEEPER=0
 * there). Safe to run while servers and other sweepers run: each step is recorded once.
 *
 *   npm run sweep                          as of now
 *   npm run sweep -- --as-of 2026-10-09    as of that day (09:00 local), e.g. to back-fill
 *   npm run sweep -- --json                print the report as JSON
 */
const args = process.argv.slice(2);
const at = args.indexOf("--as-of");
const asOf = at >= 0 ? args[at + 1] : undefined;
if (at >= 0 && !isIsoDate(asOf ?? "")) {
  console.error(`sweep: --as-of wants a date as YYYY-MM-DD, got ${asOf ?? "nothing"}`);
  process.exit(2);
}
const { kysely, close } = openDb(env().DATABASE_URL);
try {
  if (!(await migrationsCurrent(kysely))) {
    console.error("sweep: the database schema is not current; run `npm run db:migrate` first");
    process.exitCode = 1;
  } else {
    const report = await sweep(kysely, asOf ? morningOf(asOf) : systemClock, { asOf });
    console.log(args.includes("--json") ? JSON.stringify(report) : describeSweep(report));
  }
} finally {
  await close();
}
