import type { Expression, ExpressionBuilder, Kysely, SqlBool } from "kysely";
import type { WorkCalendar } from "../workflows/calendar";
import { addDays, type IsoDate, TIME_ZONE, zoneParts } from "../workflows/dates";
import { WINDOW_TYPES } from "./deadlines";
import type { CaseKind, Database } from "./schema";
import { METRIC_KEYS, type MetricKey, type SeriesKey } from "./stats-definitions";
import { PAUSED_STATES } from "./supervision";

type Q = Kysely<Database>;

/**
 * The supervisor's statistics per unit (统计分析): what each unit was given, which deadlines it
 * kept, how its replies were rated. Every figure is defined in db/stats-definitions.ts; each query
 * below is one pass over one table, grouped by unit, in portable SQL (SQLite and PostgreSQL), so
 * the cost does not grow with the number of units or cases looked at one by one.
 *
 * Dates: deadlines are calendar dates and compare as such; moments (assignment, events, ratings)
 * are ISO instants, compared against the instants at which the period's first day begins and the
 * day after its last day begins, in the deployment's time zone.
 */

export interface StatsQuery {
  /** first day of the period, included */
  from: IsoDate;
  /** last day of the period, included */
  to: IsoDate;
  kind?: CaseKind;
  /** the reference date: what is open or overdue is judged on this day (normally today) */
  asOf: IsoDate;
}

export type Figures = Record<MetricKey, number | null>;

export interface UnitStats {
  departmentId: number;
  name: string;
  shortName: string | null;
  figures: Figures;
}

export interface MonthStats {
  /** YYYY-MM */
  month: string;
  values: Record<SeriesKey, number>;
}

export interface StatsResult {
  from: IsoDate;
  to: IsoDate;
  asOf: IsoDate;
  kind: CaseKind | null;
  units: UnitStats[];
  totals: Figures;
  months: MonthStats[];
}

/** The raw counts a unit's figures are made from (sums over units give the totals). */
interface Raw {
  assignedLead: number;
  assignedCo: number;
  signDue: number;
  signedOnTime: number;
  replyDue: number;
  repliedOnTime: number;
  replied: number;
  replyDaysSum: number;
  replyDaysN: number;
  open: number;
  overdue: number;
  returns: number;
  extensionsRequested: number;
  extensionsApproved: number;
  rehandled: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  unevaluated: number;
  classA: number;
  classB: number;
  classC: number;
  classD: number;
}

const emptyRaw = (): Raw => ({
  assignedLead: 0,
  assignedCo: 0,
  signDue: 0,
  signedOnTime: 0,
  replyDue: 0,
  repliedOnTime: 0,
  replied: 0,
  replyDaysSum: 0,
  replyDaysN: 0,
  open: 0,
  overdue: 0,
  returns: 0,
  extensionsRequested: 0,
  extensionsApproved: 0,
  rehandled: 0,
  satisfied: 0,
  basicallySatisfied: 0,
  unsatisfied: 0,
  unevaluated: 0,
  classA: 0,
  classB: 0,
  classC: 0,
  classD: 0,
});

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

function figuresOf(r: Raw): Figures {
  const rated = r.satisfied + r.basicallySatisfied + r.unsatisfied;
  const classed = r.classA + r.classB + r.classC + r.classD;
  const f: Figures = {
    assignedLead: r.assignedLead,
    assignedCo: r.assignedCo,
    signDue: r.signDue,
    signedOnTime: r.signedOnTime,
    signOnTimeRate: ratio(r.signedOnTime, r.signDue),
    replyDue: r.replyDue,
    repliedOnTime: r.repliedOnTime,
    replyOnTimeRate: ratio(r.repliedOnTime, r.replyDue),
    replied: r.replied,
    avgReplyDays: ratio(r.replyDaysSum, r.replyDaysN),
    open: r.open,
    overdue: r.overdue,
    returns: r.returns,
    extensionsRequested: r.extensionsRequested,
    extensionsApproved: r.extensionsApproved,
    rehandled: r.rehandled,
    satisfied: r.satisfied,
    basicallySatisfied: r.basicallySatisfied,
    unsatisfied: r.unsatisfied,
    unevaluated: r.unevaluated,
    satisfactionRate: ratio(r.satisfied + r.basicallySatisfied, rated),
    classA: r.classA,
    classB: r.classB,
    classC: r.classC,
    classD: r.classD,
    classAShare: ratio(r.classA, classed),
    classBShare: ratio(r.classB, classed),
    classCShare: ratio(r.classC, classed),
    classDShare: ratio(r.classD, classed),
  };
  // Keep the definitions and the computation in step: every defined figure is computed, nothing else.
  for (const k of METRIC_KEYS) if (!(k in f)) throw new Error(`figure ${k} is defined but not computed`);
  return f;
}

/** Minutes the zone is ahead of UTC at an instant. */
function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const p = zoneParts(instant, timeZone);
  const get = (t: keyof typeof p) => Number(p[t]);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((wall - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/** The instant (ISO, UTC) at which a calendar date begins in the time zone. */
export function startOfDay(date: IsoDate, timeZone = TIME_ZONE): string {
  const midnightUtc = Date.parse(`${date}T00:00:00.000Z`);
  let t = midnightUtc - zoneOffsetMinutes(new Date(midnightUtc), timeZone) * 60_000;
  // Once more at the guess: right across a change of offset as well.
  t = midnightUtc - zoneOffsetMinutes(new Date(t), timeZone) * 60_000;
  return new Date(t).toISOString();
}

/** The months the period touches, as YYYY-MM with the instants where each begins and ends. */
export function monthsOf(from: IsoDate, to: IsoDate, timeZone = TIME_ZONE) {
  const out: Array<{ month: string; start: string; end: string }> = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (;;) {
    const month = `${y}-${String(m).padStart(2, "0")}`;
    if (month > to.slice(0, 7)) break;
    const first = `${month}-01` < from ? from : `${month}-01`;
    const ny = m === 12 ? y + 1 : y;
    const nm = m === 12 ? 1 : m + 1;
    const nextFirst = `${ny}-${String(nm).padStart(2, "0")}-01`;
    const last = addDays(nextFirst, -1) > to ? to : addDays(nextFirst, -1);
    out.push({ month, start: startOfDay(first, timeZone), end: startOfDay(addDays(last, 1), timeZone) });
    y = ny;
    m = nm;
  }
  return out;
}

const n = (v: unknown) => Number(v ?? 0);

/** sum(case when cond then 1 else 0 end): a count of the rows meeting cond, on both databases. */
function countIf<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, cond: Expression<SqlBool>) {
  return eb.fn.sum<number | string | null>(eb.case().when(cond).then(eb.lit(1)).else(eb.lit(0)).end());
}

/** Deadline types a unit owes (not the windows for its own benefit). */
const OBLIGATION_EXCLUDED = [...WINDOW_TYPES, "evaluation", "feedback"];

/**
 * The local calendar day of instants inside a period, and the working days between two days, for
 * many rows at once: the days' first instants are worked out once and searched, and the working
 * days are read from a running count instead of walked day by day.
 */
function dayReckoner(cal: WorkCalendar, from: IsoDate, to: IsoDate, first: IsoDate, last: IsoDate) {
  const days: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  const starts = days.map((d) => startOfDay(d));
  const running = new Map<IsoDate, number>();
  let count = 0;
  for (let d = first; d <= last; d = addDays(d, 1)) {
    if (cal.isWorkingDay(d)) count++;
    running.set(d, count);
  }
  return {
    /** the day (of the period) an instant inside the period falls on */
    dayOf(instant: string): IsoDate {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= instant) lo = mid;
        else hi = mid - 1;
      }
      return days[lo];
    },
    /** working days after `a`, up to and including `b` (as WorkCalendar.workingDaysBetween) */
    between(a: IsoDate, b: IsoDate): number {
      if (a >= b) return 0;
      const ra = running.get(a);
      const rb = running.get(b);
      return ra === undefined || rb === undefined ? cal.workingDaysBetween(a, b) : rb - ra;
    },
  };
}

/**
 * Computes every figure for every unit, the totals, and the monthly series. `cal` is the
 * working-day calendar (db/calendar.ts loadCalendar), for the days to reply.
 *
 * Each query reads one table through an index that holds every column it needs (migration
 * 2026-11-23-0010); the cases table is touched only through its narrow indexes: for the kind
 * filter and for the paused cases (a set, built once), never row by row.
 */
export async function unitStatistics(db: Q, cal: WorkCalendar, q: StatsQuery): Promise<StatsResult> {
  const tsFrom = startOfDay(q.from);
  const tsTo = startOfDay(addDays(q.to, 1));
  const kind = q.kind ?? null;
  /** the cases of the kind asked for */
  const ofKind = () => db.selectFrom("cases").select("cases.id").where("cases.kind", "=", kind!);
  /** the cases whose clock is stopped: nothing of theirs is overdue */
  const paused = () => db.selectFrom("cases").select("cases.id").where("cases.state", "in", PAUSED_STATES);
  const raw = new Map<number, Raw>();
  const of = (dept: number | null) => {
    const id = Number(dept);
    let r = raw.get(id);
    if (!r) {
      r = emptyRaw();
      raw.set(id, r);
    }
    return r;
  };

  const [assigned, deadlines, replies, events, rehandled, ratings, unevaluated, open, departments] =
    await Promise.all([
      // 交办: the unit's assignments made in the period, by its role on the case. The period's
      // rows are taken first (a range of the index on assigned_at), then grouped: left to itself,
      // SQLite walks every assignment in unit order to avoid sorting the few it needs.
      db
        .with(
          (cte) => cte("a").materialized(),
          (w) =>
            w
              .selectFrom("case_assignments")
              .where("case_assignments.assigned_at", ">=", tsFrom)
              .where("case_assignments.assigned_at", "<", tsTo)
              .$if(kind !== null, (b) => b.where("case_assignments.case_id", "in", ofKind()))
              .select(["case_assignments.department_id", "case_assignments.role"]),
        )
        .selectFrom("a")
        .select((eb) => [
          "a.department_id",
          countIf(eb, eb("a.role", "=", "lead")).as("lead"),
          countIf(eb, eb("a.role", "=", "co")).as("co"),
        ])
        .groupBy("a.department_id")
        .execute(),

      // 签收 and 答复 due in the period: kept (met by the due date), or not (met late, missed, or
      // still open after the due date). Open ones of a paused request wait for it to resume. The
      // period's deadlines are taken first (a range of the index on type and due date): given the
      // whole query, SQLite read every deadline of every unit through the unit index instead.
      db
        .with(
          (cte) => cte("d").materialized(),
          (w) =>
            w
              .selectFrom("case_deadlines")
              .where("case_deadlines.type", "in", ["sign", "reply"])
              .where("case_deadlines.due_date", ">=", q.from)
              .where("case_deadlines.due_date", "<=", q.to)
              .select([
                "case_deadlines.department_id",
                "case_deadlines.type",
                "case_deadlines.status",
                "case_deadlines.due_date",
                "case_deadlines.met_at",
                "case_deadlines.case_id",
              ]),
        )
        .selectFrom("d")
        .where("d.department_id", "is not", null)
        .where((eb) =>
          eb.or([
            eb("d.status", "in", ["met", "missed"]),
            eb.and([
              eb("d.status", "=", "open"),
              eb("d.due_date", "<", q.asOf),
              eb("d.case_id", "not in", paused()),
            ]),
          ]),
        )
        .$if(kind !== null, (b) => b.where("d.case_id", "in", ofKind()))
        .select((eb) => [
          "d.department_id",
          "d.type",
          eb.fn.countAll<number | string>().as("due"),
          countIf(eb, eb.and([eb("d.status", "=", "met"), eb("d.met_at", "<=", eb.ref("d.due_date"))])).as(
            "on_time",
          ),
        ])
        .groupBy(["d.department_id", "d.type"])
        .execute(),

      // 签发: replies released in the period, one row each, with the day the round's reply clock
      // started (the first reply deadline of that unit and round: assignment, or re-handling).
      // Taken in case order first, so the look-ups of the start walk the deadline index forwards.
      db
        .with(
          (cte) => cte("r").materialized(),
          (w) =>
            w
              .selectFrom("replies")
              .where("replies.status", "=", "approved")
              .where("replies.reviewed_at", ">=", tsFrom)
              .where("replies.reviewed_at", "<", tsTo)
              .$if(kind !== null, (b) => b.where("replies.case_id", "in", ofKind()))
              .select([
                "replies.case_id",
                "replies.round",
                "replies.department_id",
                "replies.classification",
                "replies.reviewed_at",
              ])
              .orderBy("replies.case_id"),
        )
        .selectFrom("r")
        .select((eb) => [
          "r.department_id",
          "r.classification",
          "r.reviewed_at",
          eb
            .selectFrom("case_deadlines as s")
            .select((s) => s.fn.min<string>("s.start_date").as("started"))
            .whereRef("s.case_id", "=", "r.case_id")
            .whereRef("s.department_id", "=", "r.department_id")
            .where("s.type", "=", "reply")
            .whereRef("s.round", "=", "r.round")
            .as("started"),
        ])
        .execute(),

      // 退单 / 申请调整 and 延期 asked for by the unit in the period; an extension request counts as
      // approved when the supervisor's next ruling on that case was an approval.
      db
        .selectFrom("case_events as e")
        .where("e.type", "in", ["RETURN", "OBJECT", "REQUEST_EXTENSION"])
        .where("e.created_at", ">=", tsFrom)
        .where("e.created_at", "<", tsTo)
        .where("e.actor_department_id", "is not", null)
        .$if(kind !== null, (b) => b.where("e.case_id", "in", ofKind()))
        .select((eb) => [
          "e.actor_department_id",
          countIf(eb, eb("e.type", "in", ["RETURN", "OBJECT"])).as("returns"),
          countIf(eb, eb("e.type", "=", "REQUEST_EXTENSION")).as("ext_requested"),
          countIf(
            eb,
            eb.and([
              eb("e.type", "=", "REQUEST_EXTENSION"),
              eb(
                eb
                  .selectFrom("case_events as x")
                  .select("x.type")
                  .whereRef("x.case_id", "=", "e.case_id")
                  .whereRef("x.seq", ">", "e.seq")
                  .where("x.type", "in", ["APPROVE_EXTENSION", "DENY_EXTENSION"])
                  .orderBy("x.seq")
                  .limit(1),
                "=",
                "APPROVE_EXTENSION",
              ),
            ]),
          ).as("ext_approved"),
        ])
        .groupBy("e.actor_department_id")
        .execute(),

      // 重新办理: rounds after the first whose reply clock started in the period.
      db
        .selectFrom((eb) =>
          eb
            .selectFrom("case_deadlines as d")
            .where("d.type", "=", "reply")
            .where("d.round", ">", 1)
            .where("d.department_id", "is not", null)
            .$if(kind !== null, (b) => b.where("d.case_id", "in", ofKind()))
            .select((s) => [
              "d.department_id",
              "d.case_id",
              "d.round",
              s.fn.min<string>("d.start_date").as("began"),
            ])
            .groupBy(["d.department_id", "d.case_id", "d.round"])
            .as("rounds"),
        )
        .where("rounds.began", ">=", q.from)
        .where("rounds.began", "<=", q.to)
        .select((eb) => ["rounds.department_id", eb.fn.countAll<number | string>().as("n")])
        .groupBy("rounds.department_id")
        .execute(),

      // 满意度: ratings given in the period, credited to the unit whose reply of that round was rated.
      db
        .selectFrom("evaluations as v")
        .innerJoin("replies as r", (j) =>
          j
            .onRef("r.case_id", "=", "v.case_id")
            .onRef("r.round", "=", "v.round")
            .on("r.status", "=", "approved"),
        )
        .where("v.created_at", ">=", tsFrom)
        .where("v.created_at", "<", tsTo)
        .$if(kind !== null, (b) => b.where("v.case_id", "in", ofKind()))
        .select((eb) => [
          "r.department_id",
          countIf(eb, eb("v.result", "=", "satisfied")).as("satisfied"),
          countIf(eb, eb("v.result", "=", "basically_satisfied")).as("basically"),
          countIf(eb, eb("v.result", "=", "unsatisfied")).as("unsatisfied"),
        ])
        .groupBy("r.department_id")
        .execute(),

      // 未评价: rating windows that ended in the period with no rating (closed as unrated, or
      // still open past their end because nobody has closed them yet).
      db
        .selectFrom("case_deadlines as d")
        .innerJoin("replies as r", (j) =>
          j
            .onRef("r.case_id", "=", "d.case_id")
            .onRef("r.round", "=", "d.round")
            .on("r.status", "=", "approved"),
        )
        .where("d.type", "in", ["evaluation", "feedback"])
        .where("d.due_date", ">=", q.from)
        .where("d.due_date", "<=", q.to)
        .where((eb) =>
          eb.or([
            eb("d.status", "=", "missed"),
            eb.and([eb("d.status", "=", "open"), eb("d.due_date", "<", q.asOf)]),
          ]),
        )
        .$if(kind !== null, (b) => b.where("d.case_id", "in", ofKind()))
        .select((eb) => ["r.department_id", eb.fn.countAll<number | string>().as("n")])
        .groupBy("r.department_id")
        .execute(),

      // 在办 / 逾期 on the reference date: cases in which the unit still owes something.
      db
        .selectFrom("case_deadlines as d")
        .where("d.status", "=", "open")
        .where("d.type", "not in", OBLIGATION_EXCLUDED)
        .where("d.department_id", "is not", null)
        .$if(kind !== null, (b) => b.where("d.case_id", "in", ofKind()))
        .select((eb) => [
          "d.department_id",
          eb.fn.count<number | string>("d.case_id").distinct().as("open"),
          eb.fn
            .count<number | string>(
              eb
                .case()
                .when(eb.and([eb("d.due_date", "<", q.asOf), eb("d.case_id", "not in", paused())]))
                .then(eb.ref("d.case_id"))
                .end(),
            )
            .distinct()
            .as("overdue"),
        ])
        .groupBy("d.department_id")
        .execute(),

      db.selectFrom("departments").select(["id", "name", "short_name", "active"]).orderBy("id").execute(),
    ]);

  for (const a of assigned) {
    const r = of(a.department_id);
    r.assignedLead += n(a.lead);
    r.assignedCo += n(a.co);
  }
  for (const d of deadlines) {
    const r = of(d.department_id);
    if (d.type === "sign") {
      r.signDue += n(d.due);
      r.signedOnTime += n(d.on_time);
    } else {
      r.replyDue += n(d.due);
      r.repliedOnTime += n(d.on_time);
    }
  }
  let earliest: IsoDate = q.from;
  let latest: IsoDate = q.to;
  for (const p of replies) {
    if (p.started && p.started < earliest) earliest = p.started;
    if (p.started && p.started > latest) latest = p.started;
  }
  const days = dayReckoner(cal, q.from, q.to, earliest, latest);
  for (const p of replies) {
    const r = of(p.department_id);
    r.replied++;
    if (p.classification === "A") r.classA++;
    else if (p.classification === "B") r.classB++;
    else if (p.classification === "C") r.classC++;
    else if (p.classification === "D") r.classD++;
    if (p.started) {
      r.replyDaysSum += days.between(p.started, days.dayOf(p.reviewed_at!));
      r.replyDaysN++;
    }
  }
  for (const e of events) {
    const r = of(e.actor_department_id);
    r.returns += n(e.returns);
    r.extensionsRequested += n(e.ext_requested);
    r.extensionsApproved += n(e.ext_approved);
  }
  for (const x of rehandled) of(x.department_id).rehandled += n(x.n);
  for (const v of ratings) {
    const r = of(v.department_id);
    r.satisfied += n(v.satisfied);
    r.basicallySatisfied += n(v.basically);
    r.unsatisfied += n(v.unsatisfied);
  }
  for (const u of unevaluated) of(u.department_id).unevaluated += n(u.n);
  for (const o of open) {
    const r = of(o.department_id);
    r.open += n(o.open);
    r.overdue += n(o.overdue);
  }

  // Every active unit is listed, and an inactive one when it has figures in the period.
  const units: UnitStats[] = [];
  const total = emptyRaw();
  for (const d of departments) {
    const r = raw.get(d.id);
    if (!r && d.active !== 1) continue;
    const row = r ?? emptyRaw();
    for (const k of Object.keys(total) as Array<keyof Raw>) total[k] += row[k];
    units.push({ departmentId: d.id, name: d.name, shortName: d.short_name, figures: figuresOf(row) });
  }

  return {
    from: q.from,
    to: q.to,
    asOf: q.asOf,
    kind,
    units,
    totals: figuresOf(total),
    months: await monthlySeries(db, q.from, q.to, kind),
  };
}

/**
 * Per month of the period: cases received, replies released, cases closed. Three queries in all,
 * each a range of one narrow index (received by submission time, closed by closing time, replies
 * by release time).
 */
async function monthlySeries(
  db: Q,
  from: IsoDate,
  to: IsoDate,
  kind: CaseKind | null,
): Promise<MonthStats[]> {
  const months = monthsOf(from, to);
  const first = months[0].start;
  const last = months[months.length - 1].end;
  const [intake, closed, replies] = await Promise.all([
    db
      .selectFrom("cases as c")
      .where("c.submitted_at", ">=", first)
      .where("c.submitted_at", "<", last)
      .$if(kind !== null, (b) => b.where("c.kind", "=", kind!))
      .select((eb) =>
        months.map((m, i) =>
          countIf(eb, eb.and([eb("c.submitted_at", ">=", m.start), eb("c.submitted_at", "<", m.end)])).as(
            `intake_${i}`,
          ),
        ),
      )
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("cases as c")
      .where("c.closed_at", ">=", first)
      .where("c.closed_at", "<", last)
      .where("c.state", "=", "closed")
      .$if(kind !== null, (b) => b.where("c.kind", "=", kind!))
      .select((eb) =>
        months.map((m, i) =>
          countIf(eb, eb.and([eb("c.closed_at", ">=", m.start), eb("c.closed_at", "<", m.end)])).as(
            `closed_${i}`,
          ),
        ),
      )
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("replies as r")
      .where("r.status", "=", "approved")
      .where("r.reviewed_at", ">=", first)
      .where("r.reviewed_at", "<", last)
      .$if(kind !== null, (b) =>
        b.where("r.case_id", "in", db.selectFrom("cases").select("cases.id").where("cases.kind", "=", kind!)),
      )
      .select((eb) =>
        months.map((m, i) =>
          countIf(eb, eb.and([eb("r.reviewed_at", ">=", m.start), eb("r.reviewed_at", "<", m.end)])).as(
            `replied_${i}`,
          ),
        ),
      )
      .executeTakeFirstOrThrow(),
  ]);
  const c = { ...intake, ...closed } as Record<string, unknown>;
  const r = replies as Record<string, unknown>;
  return months.map((m, i) => ({
    month: m.month,
    values: { intake: n(c[`intake_${i}`]), replied: n(r[`replied_${i}`]), closed: n(c[`closed_${i}`]) },
  }));
}
