import { z } from "zod";
import type { WorkCalendar } from "./calendar";
import type { IsoDate } from "./dates";

/**
 * The escalation ladder of a unit's deadline, measured in working days (DESIGN.md "Deadlines"):
 * pre-warnings to the handlers before it is due → overdue notice to the unit (催办) → supervision
 * notice to the unit head (督办) after N more working days → listed for the next bulletin (通报).
 * Pure: the sweeper (workflows/sweeper.ts) asks where a deadline stands and records each step once.
 */

export const supervisionPolicySchema = z.strictObject({
  /** working days before the due date at which the unit's handlers are warned, e.g. [5, 1] */
  prewarnWorkingDays: z.array(z.number().int().min(1).max(60)).max(5),
  /** working days overdue after which the unit head gets a supervision notice (督办) */
  superviseAfterWorkingDays: z.number().int().min(1).max(60),
  /** working days overdue after which the case is listed for the next bulletin (通报) */
  bulletinAfterWorkingDays: z.number().int().min(1).max(120),
  /** notifications produced outside these hours (local time, working days) wait for the next morning */
  workingHours: z.strictObject({
    start: z.string().regex(/^\d{2}:\d{2}$/),
    end: z.string().regex(/^\d{2}:\d{2}$/),
  }),
});
export type SupervisionPolicy = z.infer<typeof supervisionPolicySchema>;

export const defaultSupervisionPolicy: SupervisionPolicy = {
  prewarnWorkingDays: [5, 1],
  superviseAfterWorkingDays: 3,
  bulletinAfterWorkingDays: 10,
  workingHours: { start: "08:30", end: "17:30" },
};

/** The unit's obligations, which climb the ladder. */
export const ESCALATING_TYPES = [
  "sign",
  "contact",
  "opinion",
  "reply",
  "supervision_response",
  "commitment",
] as const;

/** Windows for the unit's benefit (申请调整, 退单): when they pass unused they lapse, nobody is chased. */
export const LAPSING_WINDOWS = ["objection_window", "return_window"] as const;

/** The submitter's windows: when they pass, the engine closes the case as unevaluated / unrated. */
export const EXPIRY_EVENTS: Record<string, string> = {
  evaluation: "EXPIRE_EVALUATION",
  feedback: "EXPIRE_FEEDBACK",
};

export type StepName = `prewarn:${number}` | "overdue" | "supervise" | "bulletin";

export interface LadderStep {
  step: StepName;
  /** position on the ladder: a deadline only ever climbs */
  rank: number;
  /** working days before (negative) or after (positive) the due date */
  workingDays: number;
  /** the history event that records the step */
  eventType: "DEADLINE_WARNING" | "DEADLINE_OVERDUE" | "DEADLINE_SUPERVISED" | "DEADLINE_LISTED";
  /** the notification sent for it, if any */
  template: "deadline_warning" | "deadline_overdue" | "deadline_supervised" | null;
}

export const STEP_RANK = { overdue: 200, supervise: 300, bulletin: 400 } as const;

export function stepRank(step: string): number {
  if (step.startsWith("prewarn:")) return 100 - Number(step.slice(8));
  return STEP_RANK[step as keyof typeof STEP_RANK] ?? 0;
}

/**
 * Where a deadline stands on `asOf`: the highest step it has reached, or null when nothing is
 * due yet. A deadline is overdue on the day after its due date. A pre-warning point applies only
 * to a deadline longer than it (a 2-day sign-for deadline gets the 1-day warning, not the 5-day one).
 */
export function ladderStep(
  cal: WorkCalendar,
  d: { startDate: IsoDate; dueDate: IsoDate },
  asOf: IsoDate,
  policy: SupervisionPolicy,
): LadderStep | null {
  if (asOf > d.dueDate) {
    const late = cal.workingDaysBetween(d.dueDate, asOf);
    if (late >= policy.bulletinAfterWorkingDays)
      return { step: "bulletin", rank: 400, workingDays: late, eventType: "DEADLINE_LISTED", template: null };
    if (late >= policy.superviseAfterWorkingDays)
      return {
        step: "supervise",
        rank: 300,
        workingDays: late,
        eventType: "DEADLINE_SUPERVISED",
        template: "deadline_supervised",
      };
    return {
      step: "overdue",
      rank: 200,
      workingDays: late,
      eventType: "DEADLINE_OVERDUE",
      template: "deadline_overdue",
    };
  }
  const left = cal.workingDaysBetween(asOf, d.dueDate);
  const length = cal.workingDaysBetween(d.startDate, d.dueDate);
  const points = [...policy.prewarnWorkingDays].filter((p) => p < length).sort((a, b) => a - b);
  const point = points.find((p) => left <= p);
  if (point === undefined) return null;
  return {
    step: `prewarn:${point}`,
    rank: stepRank(`prewarn:${point}`),
    workingDays: -left,
    eventType: "DEADLINE_WARNING",
    template: "deadline_warning",
  };
}

/** The ladder's furthest pre-warning point: deadlines due later than this need no look yet. */
export function lookahead(policy: SupervisionPolicy): number {
  return Math.max(0, ...policy.prewarnWorkingDays);
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return h * 60 + m;
}

/**
 * When a notification produced at `now` may go out: now, inside working hours on a working day;
 * else the start of the next working morning. `localDate`/`localMinutes` are `now` in the
 * deployment's time zone; `offsetMinutes` is that zone's offset from UTC (Asia/Shanghai: +480).
 */
export function sendAfter(
  cal: WorkCalendar,
  now: Date,
  local: { date: IsoDate; minutes: number; offsetMinutes: number },
  policy: SupervisionPolicy,
): Date {
  const start = minutes(policy.workingHours.start);
  const end = minutes(policy.workingHours.end);
  if (cal.isWorkingDay(local.date) && local.minutes >= start && local.minutes < end) return now;
  let day = local.date;
  if (!(cal.isWorkingDay(day) && local.minutes < start)) day = cal.addWorkingDays(day, 1).due;
  const [y, mo, da] = day.split("-").map(Number);
  return new Date(Date.UTC(y, mo - 1, da, 0, start - local.offsetMinutes));
}
