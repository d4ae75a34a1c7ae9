import type { Kysely } from "kysely";
import { type DayOverride, WorkCalendar } from "../workflows/calendar";
import type { IsoDate } from "../workflows/dates";
import type { Database } from "./schema";

type Q = Kysely<Database>;

// Keyed by handle; any change empties it, whichever handle (or transaction) made the change.
let cache = new WeakMap<Q, { at: number; cal: WorkCalendar }>();
const TTL_MS = 10_000;

/** The working-day calendar as stored, cached briefly per database handle. */
export async function loadCalendar(db: Q): Promise<WorkCalendar> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.cal;
  const [days, years] = await Promise.all([
    db.selectFrom("calendar_days").select(["date", "kind", "name"]).execute(),
    db.selectFrom("calendar_years").select("year").execute(),
  ]);
  const overrides = new Map<IsoDate, DayOverride>(days.map((d) => [d.date, { kind: d.kind, name: d.name }]));
  const cal = new WorkCalendar(overrides, new Set(years.map((y) => y.year)));
  cache.set(db, { at: Date.now(), cal });
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
