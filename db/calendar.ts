import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { type DayOverride, WorkCalendar } from "../workflows/calendar";
import { type DayChange, type Schedule, scheduleChanges } from "../workflows/calendar-import";
import { addDays, type IsoDate } from "../workflows/dates";
import { CaseError } from "../workflows/errors";
import { recordAdminAction } from "./audit";
import type { Database } from "./schema";
import { settingsVersion } from "./settings-version";

type Q = Kysely<Database>;

// Keyed by handle and kept while the settings version stays the same: any change to the calendar,
// by this process or another, moves the version (triggers, migration 0011).
let cache = new WeakMap<Q, { version: number; cal: WorkCalendar }>();

/**
 * The working-day calendar as stored, cached per database handle. `version` is the settings
 * version when the caller has just read it (db/settings-version.ts); otherwise it is read here.
 */
export async function loadCalendar(db: Q, version?: number | null): Promise<WorkCalendar> {
  const current = version === undefined ? await settingsVersion(db) : version;
  const hit = cache.get(db);
  if (hit && current !== null && hit.version === current) return hit.cal;
  const [days, years] = await Promise.all([
    db.selectFrom("calendar_days").select(["date", "kind", "name"]).execute(),
    db.selectFrom("calendar_years").select("year").execute(),
  ]);
  const overrides = new Map<IsoDate, DayOverride>(days.map((d) => [d.date, { kind: d.kind, name: d.name }]));
  const cal = new WorkCalendar(overrides, new Set(years.map((y) => y.year)));
  if (current !== null) cache.set(db, { version: current, cal });
  return cal;
}

export function forgetCalendar(): void {
  cache = new WeakMap();
}

/** Loads official schedules for years not yet present; years an admin already has are left alone. */
export async function seedCalendar(
  db: Q,
  entries: Array<{ date: IsoDate; kind: "holiday" | "workday"; name: string | null }>,
  years: number[],
  source: string,
  now: string,
): Promise<number[]> {
  const have = new Set((await db.selectFrom("calendar_years").select("year").execute()).map((r) => r.year));
  const added = years.filter((y) => !have.has(y));
  if (!added.length) return [];
  await db.transaction().execute(async (trx) => {
    const rows = entries
      .filter((e) => added.includes(Number(e.date.slice(0, 4))))
      .map((e) => ({ ...e, source, updated_at: now }));
    for (let i = 0; i < rows.length; i += 200)
      await trx
        .insertInto("calendar_days")
        .values(rows.slice(i, i + 200))
        .onConflict((oc) => oc.column("date").doNothing())
        .execute();
    await trx
      .insertInto("calendar_years")
      .values(added.map((year) => ({ year, source, updated_at: now })))
      .execute();
  });
  forgetCalendar();
  return added;
}

export async function calendarYear(db: Q, year: number) {
  const [days, covered] = await Promise.all([
    db
      .selectFrom("calendar_days")
      .selectAll()
      .where("date", ">=", `${year}-01-01`)
      .where("date", "<=", `${year}-12-31`)
      .orderBy("date")
      .execute(),
    db.selectFrom("calendar_years").selectAll().where("year", "=", year).executeTakeFirst(),
  ]);
  return { days, covered: covered ?? null };
}

export async function coveredYears(db: Q): Promise<number[]> {
  return (await db.selectFrom("calendar_years").select("year").orderBy("year").execute()).map((r) => r.year);
}

/** Sets one date's override; `kind: null` removes it so the weekday rule applies again. */
export async function setCalendarDay(
  db: Q,
  date: IsoDate,
  kind: "holiday" | "workday" | null,
  name: string | null,
  now: string,
): Promise<void> {
  if (kind === null) await db.deleteFrom("calendar_days").where("date", "=", date).execute();
  else
    await db
      .insertInto("calendar_days")
      .values({ date, kind, name, source: "admin", updated_at: now })
      .onConflict((oc) => oc.column("date").doUpdateSet({ kind, name, source: "admin", updated_at: now }))
      .execute();
  forgetCalendar();
}

export async function markYearCovered(db: Q, year: number, source: string, now: string): Promise<void> {
  await db
    .insertInto("calendar_years")
    .values({ year, source, updated_at: now })
    .onConflict((oc) => oc.column("year").doNothing())
    .execute();
  forgetCalendar();
}

/** How far ahead the coverage check looks: deadlines set today reach this far (a 3-month reply, extended). */
export const COVERAGE_HORIZON_DAYS = 180;

/**
 * The years between `today` and `today + horizonDays` that the calendar does not cover: deadlines
 * falling in them count weekends only and are flagged beyond the calendar.
 */
export async function uncoveredYearsAhead(
  db: Q,
  today: IsoDate,
  horizonDays = COVERAGE_HORIZON_DAYS,
): Promise<number[]> {
  const cal = await loadCalendar(db);
  const from = Number(today.slice(0, 4));
  const to = Number(addDays(today, horizonDays).slice(0, 4));
  const missing: number[] = [];
  for (let y = from; y <= to; y++) if (!cal.coveredYears.has(y)) missing.push(y);
  return missing;
}

/** The year's overrides as the import compares them, and a fingerprint that changes with any of them. */
export async function yearOverrides(db: Q, year: number) {
  const { days, covered } = await calendarYear(db, year);
  const list = days.map((d) => ({ date: d.date, kind: d.kind, name: d.name }));
  const fingerprint = createHash("sha256")
    .update(JSON.stringify([covered?.source ?? null, list]))
    .digest("hex")
    .slice(0, 16);
  return { days: list, covered, fingerprint };
}

/**
 * Replaces a year's overrides with an imported schedule in one transaction: its days, the year as
 * covered with the schedule's source, and the admin audit entry. `expectedFingerprint` (from the
 * preview the admin confirmed) refuses the write if the year changed since.
 */
export async function replaceCalendarYear(
  db: Q,
  input: {
    schedule: Pick<Schedule, "year" | "source" | "format" | "days">;
    source: string;
    actorId: number | null;
    now: string;
    expectedFingerprint?: string;
  },
): Promise<{ changes: DayChange[]; holidays: number; workdays: number }> {
  const { schedule, now } = input;
  const year = schedule.year;
  for (const d of schedule.days)
    if (!d.date.startsWith(`${year}-`)) throw new Error(`${d.date} is not in ${year}`);
  const result = await db.transaction().execute(async (trx) => {
    const current = await yearOverrides(trx, year);
    if (input.expectedFingerprint !== undefined && input.expectedFingerprint !== current.fingerprint)
      throw new CaseError("version_conflict", "calendar_changed");
    const changes = scheduleChanges(current.days, schedule.days);
    await trx
      .deleteFrom("calendar_days")
      .where("date", ">=", `${year}-01-01`)
      .where("date", "<=", `${year}-12-31`)
      .execute();
    const rows = schedule.days.map((d) => ({
      date: d.date,
      kind: d.kind,
      name: d.name,
      source: CALENDAR_IMPORT_SOURCE,
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 200)
      await trx
        .insertInto("calendar_days")
        .values(rows.slice(i, i + 200))
        .execute();
    await trx
      .insertInto("calendar_years")
      .values({ year, source: input.source, updated_at: now })
      .onConflict((oc) => oc.column("year").doUpdateSet({ source: input.source, updated_at: now }))
      .execute();
    const holidays = schedule.days.filter((d) => d.kind === "holiday").length;
    const workdays = schedule.days.length - holidays;
    await recordAdminAction(trx, {
      actorId: input.actorId,
      action: "calendar.import",
      target: `year:${year}`,
      detail: {
        year,
        source: input.source,
        format: schedule.format,
        holidays,
        workdays,
        changed: changes.length,
        previousSource: current.covered?.source ?? null,
      },
      now,
    });
    return { changes, holidays, workdays };
  });
  forgetCalendar();
  return result;
}

/** `calendar_days.source` of days that came from an imported file (the year row names the file). */
export const CALENDAR_IMPORT_SOURCE = "import";
