/** Calendar dates as `YYYY-MM-DD` strings; arithmetic in UTC so no time zone can shift a day. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Years a date anywhere in the system may fall in: wider than any case's life, narrow enough that
 * every date computed from one (rolled forward, counted on) is still written with four digits. */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2199;

/** A real calendar date written YYYY-MM-DD, in the years FIRST_YEAR to LAST_YEAR. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m || +m[1] < FIRST_YEAR || +m[1] > LAST_YEAR) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

export function toUtc(date: IsoDate): Date {
  const m = ISO_DATE.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
}

export function fromUtc(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, n: number): IsoDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + n);
  return fromUtc(d);
}

/** 0 = Sunday … 6 = Saturday */
export function weekday(date: IsoDate): number {
  return toUtc(date).getUTCDay();
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

// One formatter per zone: building an Intl.DateTimeFormat costs far more than using one.
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

export interface ZoneParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

/** An instant's wall-clock fields in a time zone, two digits each (four for the year), 00–23 hours. */
export function zoneParts(instant: Date, timeZone: string): ZoneParts {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    zoneFormats.set(timeZone, format);
  }
  const out: ZoneParts = { year: "", month: "", day: "", hour: "", minute: "", second: "" };
  for (const p of format.formatToParts(instant)) if (p.type in out) out[p.type as keyof ZoneParts] = p.value;
  return out;
}

// Every zone's offset since 1970 is a whole number of quarter hours, so a date changes only on a quarter
// hour: the last answer serves every instant of the same quarter hour in the same zone.
const QUARTER_HOUR_MS = 15 * 60_000;
let lastAnswer = { timeZone: "", quarter: Number.NaN, date: "" };

/** The calendar date of an instant in the deployment's time zone. */
export function dateInZone(instant: Date, timeZone: string): IsoDate {
  const quarter = Math.floor(instant.getTime() / QUARTER_HOUR_MS);
  if (lastAnswer.quarter === quarter && lastAnswer.timeZone === timeZone) return lastAnswer.date;
  const p = zoneParts(instant, timeZone);
  const date = `${p.year}-${p.month}-${p.day}`;
  if (!Number.isNaN(quarter)) lastAnswer = { timeZone, quarter, date };
  return date;
}

// Guarded: this module also reaches the browser bundle through the shared event schemas.
export const TIME_ZONE =
  (typeof process !== "undefined" ? process.env.TZ_DEADLINES : undefined) || "Asia/Shanghai";

export function today(now: Date): IsoDate {
  return dateInZone(now, TIME_ZONE);
}
