// No `with { type: "json" }` here: the Remix compiler's esbuild 0.17 cannot parse import attributes,
// and tsx, vitest and tsc read the JSON without one.
import data from "chinese-days/dist/chinese-days.json";
import { type DayOverride, WorkCalendar } from "./calendar";
import { type IsoDate, isIsoDate, yearOf } from "./dates";

/**
 * The official holiday schedules (State Council notices) as shipped by the `chinese-days` package,
 * used to seed the editable calendar table. Names are kept as the package writes them, e.g.
 * "National Day,国庆节,3" (English,Chinese,id); `explainDue` knows that format.
 */
export interface CalendarEntry {
  date: IsoDate;
  kind: "holiday" | "workday";
  name: string;
}

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  /** days off in lieu: a subset of `holidays`, not needed separately */
  inLieuDays: Record<string, string>;
}

const source = data as ChineseDaysData;

/** Every official holiday (kind "holiday") and make-up working day (kind "workday"), sorted by date. */
export function officialCalendarEntries(): CalendarEntry[] {
  const out: CalendarEntry[] = [];
  for (const [date, name] of Object.entries(source.holidays)) out.push({ date, kind: "holiday", name });
  for (const [date, name] of Object.entries(source.workdays)) {
    if (Object.hasOwn(source.holidays, date))
      throw new Error(`chinese-days: ${date} is both holiday and workday`);
    out.push({ date, kind: "workday", name });
  }
  for (const e of out) if (!isIsoDate(e.date)) throw new Error(`chinese-days: bad date ${e.date}`);
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The years the package has a schedule for (a year with at least one holiday), ascending. */
export function officialYears(): number[] {
  return [...new Set(Object.keys(source.holidays).map(yearOf))].sort((a, b) => a - b);
}

/** A calendar from entries (official or from the database) and the years they cover. */
export function calendarFromEntries(
  entries: Iterable<{ date: IsoDate; kind: "holiday" | "workday"; name: string | null }>,
  years: Iterable<number>,
): WorkCalendar {
  const overrides = new Map<IsoDate, DayOverride>();
  for (const e of entries) overrides.set(e.date, { kind: e.kind, name: e.name });
  return new WorkCalendar(overrides, new Set(years));
}
