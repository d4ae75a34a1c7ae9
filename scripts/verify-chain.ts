import { openDb } from "../db/client";
import { verifyChains } from "../db/events";

/** Checks every case's history: each row's hash and its link to the previous row. Exit 1 if broken. */
const { kysely, close } = openDb();
const report = await verifyChains(kysely);
console.log(`${report.cases} cases, ${report.events} history rows checked`);
for (const b of report.broken) console.log(`case ${b.caseId} row ${b.seq}: ${b.problem}`);
await close();
if (report.broken.length) {
  console.log(`BROKEN: ${report.broken.length} problem(s)`);
  process.exit(1);
}
console.log("history chain intact");
