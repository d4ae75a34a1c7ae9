import type { Kysely } from "kysely";
import { officialCalendarEntries, officialYears } from "../workflows/calendar-data";
import { seedCalendar } from "./calendar";
import { migrateToLatest } from "./migrate";
import type { Database } from "./schema";

/** Brings a database to the current schema and loads official calendars for years it lacks. */
export async function prepareDatabase(db: Kysely<Database>, now = new Date().toISOString()) {
  const migrated = await migrateToLatest(db);
  const calendarYears = await seedCalendar(
    db,
    officialCalendarEntries(),
    officialYears(),
    "chinese-days",
    now,
  );
  return { migrated, calendarYears };
}
