import { addDays, fromUtc, type IsoDate, isIsoDate, toUtc, weekday, yearOf } from "./dates";

/**
 * The working-day calendar (工作日历): Monday–Friday, minus public holidays, plus the weekend
 * days worked in exchange (调休). Overrides are per date; everything else follows the weekday.
 */
export interface DayOverride {
  kind: "holiday" | "workday";
  name: string | null;
}

export type SkipReason = "weekend" | "holiday";

export interface SkippedDay {
  date: IsoDate;
  reason: SkipReason;
  name: string | null;
}

/** How a due date was computed: stored beside every deadline and shown on the case page. */
export interface DueExplanation {
  rule: "working_days" | "months" | "fixed";
  start: IsoDate;
  amount: number;
  due: IsoDate;
  /** non-working days passed over while counting (working_days) or when rolling forward */
  skipped: SkippedDay[];
  /** make-up working days (调休) that were counted as working days */
  makeUpDays: IsoDate[];
  /** for months: the nominal date before rolling forward to a working day */
  nominal?: IsoDate;
  rolledForward?: boolean;
  /** a date outside the years the calendar covers: weekends only were assumed */
  beyondCoverage: boolean;
  note?: string;
}

export interface DueDate {
  due: IsoDate;
  explanation: DueExplanation;
}

export class WorkCalendar {
  constructor(
    private readonly overrides: ReadonlyMap<IsoDate, DayOverride>,
    readonly coveredYears: ReadonlySet<number>,
  ) {}

  covers(date: IsoDate): boolean {
    return this.coveredYears.has(yearOf(date));
  }

  override(date: IsoDate): DayOverride | undefined {
    return this.overrides.get(date);
  }

  isWorkingDay(date: IsoDate): boolean {
    const o = this.overrides.get(date);
    if (o) return o.kind === "workday";
    const wd = weekday(date);
    return wd !== 0 && wd !== 6;
  }

  private skipReason(date: IsoDate): SkippedDay {
    const o = this.overrides.get(date);
    if (o?.kind === "holiday") return { date, reason: "holiday", name: o.name };
    return { date, reason: "weekend", name: null };
  }

  /** The working day `n` working days after `start` (the start day itself is not counted). */
  addWorkingDays(start: IsoDate, n: number): DueDate {
    if (!Number.isInteger(n) || n < 0) throw new RangeError("working days must be a non-negative integer");
    const skipped: SkippedDay[] = [];
    const makeUpDays: IsoDate[] = [];
    let beyond = !this.covers(start);
    let d = start;
    let counted = 0;
    while (counted < n) {
      d = addDays(d, 1);
      if (!this.covers(d)) beyond = true;
      if (this.isWorkingDay(d)) {
        counted++;
        if (this.overrides.get(d)?.kind === "workday") makeUpDays.push(d);
      } else skipped.push(this.skipReason(d));
    }
    // Zero working days from a non-working day means the next working day.
    if (n === 0) {
      const rolled = this.rollForward(start);
      skipped.push(...rolled.skipped);
      d = rolled.date;
      beyond ||= rolled.beyond;
    }
    return {
      due: d,
      explanation: {
        rule: "working_days",
        start,
        amount: n,
        due: d,
        skipped,
        makeUpDays,
        beyondCoverage: beyond,
      },
    };
  }

  /**
   * The same day of the month `n` calendar months after `start` (clamped to the month's last day),
   * moved forward to the next working day if it is not one.
   */
  addMonths(start: IsoDate, n: number): DueDate {
    if (!Number.isInteger(n) || n < 0) throw new RangeError("months must be a non-negative integer");
    const s = toUtc(start);
    const y = s.getUTCFullYear();
    const m = s.getUTCMonth() + n;
    const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    const nominal = fromUtc(new Date(Date.UTC(y, m, Math.min(s.getUTCDate(), lastDay))));
    const rolled = this.rollForward(nominal);
    return {
      due: rolled.date,
      explanation: {
        rule: "months",
        start,
        amount: n,
        due: rolled.date,
        nominal,
        rolledForward: rolled.date !== nominal,
        skipped: rolled.skipped,
        makeUpDays: [],
        beyondCoverage: rolled.beyond || !this.covers(start),
      },
    };
  }

  /** A date fixed by a person (an extension's new date, a supervision response date), rolled forward. */
  fixed(start: IsoDate, date: IsoDate, note?: string): DueDate {
    const rolled = this.rollForward(date);
    return {
      due: rolled.date,
      explanation: {
        rule: "fixed",
        start,
        amount: 0,
        due: rolled.date,
        nominal: date,
        rolledForward: rolled.date !== date,
        skipped: rolled.skipped,
        makeUpDays: [],
        beyondCoverage: rolled.beyond,
        note,
      },
    };
  }

  private rollForward(date: IsoDate): { date: IsoDate; skipped: SkippedDay[]; beyond: boolean } {
    const skipped: SkippedDay[] = [];
    let d = date;
    let beyond = !this.covers(d);
    while (!this.isWorkingDay(d)) {
      skipped.push(this.skipReason(d));
      d = addDays(d, 1);
      if (!this.covers(d)) beyond = true;
    }
    return { date: d, skipped, beyond };
  }

  /**
   * Working days strictly after `from` up to and including `to` (0 when `to` <= `from`): the
   * weekdays between them, counted by arithmetic, corrected by the overrides in between (found by
   * binary search), so a span of centuries costs no more than a span of days.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    if (to <= from) return 0;
    const { dates, before } = this.corrections();
    return (
      weekdaysThrough(to) -
      weekdaysThrough(from) +
      before[upperBound(dates, to)] -
      before[upperBound(dates, from)]
    );
  }

  private sorted?: { dates: IsoDate[]; before: number[] };

  /** The overrides that change the weekday rule, in date order, with running totals of the change. */
  private corrections(): { dates: IsoDate[]; before: number[] } {
    if (this.sorted) return this.sorted;
    const dates: IsoDate[] = [];
    const change: number[] = [];
    for (const date of [...this.overrides.keys()].sort()) {
      const wd = weekday(date);
      const weekend = wd === 0 || wd === 6;
      const kind = this.overrides.get(date)?.kind;
      if (kind === "holiday" && !weekend) change.push(-1);
      else if (kind === "workday" && weekend) change.push(1);
      else continue;
      dates.push(date);
    }
    const before = [0];
    for (const c of change) before.push((before.at(-1) ?? 0) + c);
    this.sorted = { dates, before };
    return this.sorted;
  }
}

const DAY_MS = 86_400_000;
/** Day number of 1970-01-05, a Monday. */
const MONDAY = 4;

/** Monday–Friday days from a fixed Monday long ago through `date`, up to a constant. */
function weekdaysThrough(date: IsoDate): number {
  const k = Math.round(toUtc(date).getTime() / DAY_MS) - MONDAY;
  const weeks = Math.floor(k / 7);
  return 5 * weeks + Math.min(k - 7 * weeks + 1, 5);
}

/** How many of the sorted dates are <= `date`. */
function upperBound(dates: IsoDate[], date: IsoDate): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid] <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export { isIsoDate };
