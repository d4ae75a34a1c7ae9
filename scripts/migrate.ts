import { prepareDatabase } from "../db/bootstrap";
import { openDb } from "../db/client";

const { kysely, close } = openDb();
const r = await prepareDatabase(kysely);
console.log(r.migrated.length ? `applied: ${r.migrated.join(", ")}` : "schema is current");
if (r.calendarYears.length) console.log(`calendar loaded for ${r.calendarYears.join(", ")}`);
await close();
