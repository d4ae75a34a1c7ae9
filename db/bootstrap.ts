import type { Kysely } from "kysely";
import { officialCalendarEntries, officialYears } from "../workflows/calendar-data";
import { seedCalendar } from "./calendar";
import { migrateToLatest } from "./migrate";
import type { Database } from "./schema";
import { rebuildSearchIndex } from "./search";

/** Brings a database to the current schema and loads official calendars for years it lacks. */
export async function prepareDatabase(db: Kysely<Database>, now = new Date().toISOString()) {
  const migrated = await migrateToLatest(db);
  // The search index starts empty: fill it once, when the migration creating it has just run.
  if (migrated.includes("2026-11-23-0008-search")) await rebuildSearchIndex(db);
  const calendarYears = await seedCalendar(
    db,
    officialCalendarEntries(),
    officialYears(),
    "chinese-days",
    now,
  );
  return { migrated, calendarYears };
}
