import type { Kysely } from "kysely";
import { loadCalendar } from "../db/calendar";
import { storedPolicy } from "../db/policies";
import type { Database } from "../db/schema";
import { claimAlert, ladderCandidates, lapseWindows, linkAlertEvent, passedDeadlines } from "../db/sweeper";
import type { WorkCalendar } from "./calendar";
import { dateInZone, type IsoDate, TIME_ZONE } from "./dates";
import { type Clock, dispatch, kinds, recordStep, systemActor } from "./engine";
import { CaseError } from "./errors";
import {
  defaultSupervisionPolicy,
  ESCALATING_TYPES,
  EXPIRY_EVENTS,
  LAPSING_WINDOWS,
  ladderStep,
  lookahead,
  type SupervisionPolicy,
  sendAfter,
  supervisionPolicySchema,
} from "./escalation";

/**
 * The deadline sweeper (DESIGN.md "Deadlines"): run on an interval inside the server and as
 * `npm run sweep -- --as-of DATE`. Each pass
 *  - moves every open unit deadline up the escalation ladder, one recorded step at a time;
 *  - closes cases whose evaluation / feedback window has passed (as unevaluated / unrated);
 *  - lets objection and return windows that passed unused lapse.
 * Every step is claimed by a unique row in the same transaction as its history event and mails,
 * so any number of passes, in any number of processes, send each alert once.
 */

export interface SweepReport {
  asOf: IsoDate;
  /** steps recorded by this pass, by step name */
  steps: Record<string, number>;
  /** steps another pass recorded first, or that lost a race with a user's event (retried next pass) */
  skipped: number;
  /** cases closed because the submitter's window passed */
  expired: number;
  /** windows that lapsed */
  lapsed: number;
  mails: number;
}

export async function supervisionPolicy(db: Kysely<Database>): Promise<SupervisionPolicy> {
  const stored = await storedPolicy(db, "supervision");
  if (stored === undefined) return defaultSupervisionPolicy;
  const parsed = supervisionPolicySchema.safeParse({ ...defaultSupervisionPolicy, ...(stored as object) });
  return parsed.success ? parsed.data : defaultSupervisionPolicy;
}

/** States in which a case's clock is stopped (tag `paused`): nothing of it is chased. */
export function pausedStates(): string[] {
  const out = new Set<string>();
  for (const k of Object.values(kinds)) {
    const states = (k.machine.config.states ?? {}) as Record<string, { tags?: string | string[] }>;
    for (const [name, def] of Object.entries(states)) {
      const tags = def.tags === undefined ? [] : Array.isArray(def.tags) ? def.tags : [def.tags];
      if (tags.includes("paused")) out.add(name);
    }
  }
  return [...out];
}

export function describeSweep(r: SweepReport): string {
  const steps = Object.entries(r.steps)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return `sweep ${r.asOf}: ${steps || "no new steps"}; ${r.expired} closed as unrated/unevaluated, ${r.lapsed} windows lapsed, ${r.mails} mails, ${r.skipped} left to another run`;
}

/** A clock for a back-fill: 09:00 on `asOf` in the deployment's zone, inside working hours. */
export function morningOf(asOf: IsoDate): Clock {
  const [y, m, d] = asOf.split("-").map(Number);
  const offset = localTime(new Date(Date.UTC(y, m - 1, d, 4))).offsetMinutes;
  const at = new Date(Date.UTC(y, m - 1, d, 0, 9 * 60 - offset));
  return { now: () => at };
}

/** `now` in the deployment's zone: date, minutes past midnight, and the zone's UTC offset. */
function localTime(now: Date) {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const minutes = get("hour") * 60 + get("minute");
  const date = dateInZone(now, TIME_ZONE);
  const [y, m, d] = date.split("-").map(Number);
  const asUtc = Date.UTC(y, m - 1, d, 0, minutes);
  const offsetMinutes = Math.round((asUtc - Math.floor(now.getTime() / 60000) * 60000) / 60000);
  return { date, minutes, offsetMinutes };
}

function isLost(e: unknown): boolean {
  return e instanceof CaseError && ["version_conflict", "invalid_transition", "not_found"].includes(e.code);
}

export async function sweep(
  db: Kysely<Database>,
  clock: Clock,
  opts: { asOf?: IsoDate } = {},
): Promise<SweepReport> {
  const now = clock.now();
  const asOf = opts.asOf ?? dateInZone(now, TIME_ZONE);
  const cal = await loadCalendar(db);
  const policy = await supervisionPolicy(db);
  const notBefore = sendAfter(cal, now, localTime(now), policy).toISOString();
  const report: SweepReport = { asOf, steps: {}, skipped: 0, expired: 0, lapsed: 0, mails: 0 };

  await climbLadder(db, clock, cal, policy, asOf, notBefore, report);
  await expireSubmitterWindows(db, clock, asOf, report);
  await lapsePassedWindows(db, clock, asOf, report);
  return report;
}

async function climbLadder(
  db: Kysely<Database>,
  clock: Clock,
  cal: WorkCalendar,
  policy: SupervisionPolicy,
  asOf: IsoDate,
  notBefore: string,
  report: SweepReport,
) {
  const horizon = cal.addWorkingDays(asOf, lookahead(policy)).due;
  const candidates = await ladderCandidates(db, {
    horizon,
    types: ESCALATING_TYPES,
    pausedStates: pausedStates(),
  });
  for (const d of candidates) {
    const step = ladderStep(cal, { startDate: d.start_date, dueDate: d.due_date }, asOf, policy);
    if (!step || step.rank <= Number(d.top_rank ?? 0)) continue;
    let alertId: number | null = null;
    try {
      const done = await recordStep(db, clock, {
        caseId: d.case_id,
        type: step.eventType,
        payload: {
          deadlineId: d.id,
          deadlineType: d.type,
          departmentId: d.department_id,
          dueDate: d.due_date,
          step: step.step,
          workingDays: step.workingDays,
          asOf,
        },
        claim: async (trx) => {
          alertId = await claimAlert(trx, {
            deadlineId: d.id,
            caseId: d.case_id,
            departmentId: d.department_id,
            step: step.step,
            rank: step.rank,
            asOf,
            workingDays: step.workingDays,
            now: clock.now().toISOString(),
          });
          return alertId !== null;
        },
        apply: async (trx, eventId) => {
          if (alertId !== null) await linkAlertEvent(trx, alertId, eventId);
        },
        notify: step.template
          ? {
              template: step.template,
              to: step.step === "supervise" ? ["deadline_head"] : ["deadline_unit"],
              unitId: d.department_id,
              facts: { deadlineType: d.type, dueDate: d.due_date, workingDays: Math.abs(step.workingDays) },
            }
          : undefined,
        notBefore,
      });
      if (!done) report.skipped++;
      else {
        report.steps[step.step] = (report.steps[step.step] ?? 0) + 1;
        report.mails += done.emitted.length;
      }
    } catch (e) {
      if (!isLost(e)) throw e;
      report.skipped++;
    }
  }
}

async function expireSubmitterWindows(
  db: Kysely<Database>,
  clock: Clock,
  asOf: IsoDate,
  report: SweepReport,
) {
  const passed = await passedDeadlines(db, { asOf, types: Object.keys(EXPIRY_EVENTS) });
  const seen = new Set<number>();
  for (const d of passed) {
    if (seen.has(d.case_id)) continue;
    seen.add(d.case_id);
    try {
      const r = await dispatch(db, clock, {
        caseId: d.case_id,
        event: { type: EXPIRY_EVENTS[d.type] },
        actor: systemActor,
      });
      report.expired++;
      report.mails += r.emitted.length;
    } catch (e) {
      if (!isLost(e)) throw e;
      report.skipped++;
    }
  }
}

async function lapsePassedWindows(db: Kysely<Database>, clock: Clock, asOf: IsoDate, report: SweepReport) {
  const passed = await passedDeadlines(db, { asOf, types: LAPSING_WINDOWS });
  const byCase = new Map<number, typeof passed>();
  for (const d of passed) byCase.set(d.case_id, [...(byCase.get(d.case_id) ?? []), d]);
  for (const [caseId, windows] of byCase) {
    const ids = windows.map((w) => w.id);
    let lapsed = 0;
    try {
      const done = await recordStep(db, clock, {
        caseId,
        type: "WINDOWS_LAPSED",
        payload: {
          windows: windows.map((w) => ({
            deadlineId: w.id,
            type: w.type,
            departmentId: w.department_id,
            dueDate: w.due_date,
          })),
          asOf,
        },
        claim: async (trx) => {
          lapsed = await lapseWindows(trx, ids);
          return lapsed === ids.length;
        },
      });
      if (done) report.lapsed += lapsed;
      else report.skipped++;
    } catch (e) {
      if (!isLost(e)) throw e;
      report.skipped++;
    }
  }
}
