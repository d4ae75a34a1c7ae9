import type { WorkCalendar } from "../calendar";
import type { IsoDate } from "../dates";
import { close, type DeadlineOp, open } from "../deadlines";
import type { EnterpriseContext, EnterpriseEvent } from "./machine";
import type { EnterprisePolicy } from "./policy";

/** Working days allowed for the reply, by category; urgent requests get the urgent period. */
export function replyPeriod(
  ctx: Pick<EnterpriseContext, "category" | "priority">,
  p: EnterprisePolicy,
): number {
  if (ctx.priority === "urgent") return p.urgentReplyWorkingDays;
  return p.replyWorkingDays[ctx.category ?? "help"];
}

export interface OpenDeadline {
  type: string;
  departmentId: number | null;
  round: number;
  due: IsoDate;
}

export interface EnterprisePlanInput {
  before: EnterpriseContext;
  after: EnterpriseContext;
  afterState: string;
  event: EnterpriseEvent;
  today: IsoDate;
  cal: WorkCalendar;
  policy: EnterprisePolicy;
  /** the case's open deadlines before the event (for moving them after a pause) */
  openDeadlines: OpenDeadline[];
}

/** The deadline rules of enterprise requests (DESIGN.md policy table). */
export function planEnterpriseDeadlines(i: EnterprisePlanInput): DeadlineOp[] {
  const { before, after, event, today, cal, policy: p } = i;
  const ops: DeadlineOp[] = [];
  const unit = after.unit?.departmentId ?? null;
  switch (event.type) {
    case "ASSIGN": {
      const d = event.leadDepartmentId;
      ops.push(open("sign", d, after.round, today, cal.addWorkingDays(today, p.signForWorkingDays)));
      ops.push(
        open("return_window", d, after.round, today, cal.addWorkingDays(today, p.returnWindowWorkingDays)),
      );
      ops.push(open("reply", d, after.round, today, cal.addWorkingDays(today, replyPeriod(after, p))));
      break;
    }
    case "SIGN":
      ops.push(close("sign", event.actor.departmentId, "met"));
      break;
    case "RETURN":
      // The unit is off the case: its return window was used, the rest no longer binds it.
      ops.push(close("return_window", event.actor.departmentId, "met"));
      ops.push(close("*", event.actor.departmentId, "waived"));
      break;
    case "PROVIDE_INFO": {
      // The clock stopped while the enterprise was asked: move every open due date by the
      // working days that passed.
      const paused = before.pausedOn ? cal.workingDaysBetween(before.pausedOn, today) : 0;
      if (paused > 0)
        for (const d of i.openDeadlines.filter((x) => x.type === "reply" || x.type === "sign")) {
          ops.push(close(d.type, d.departmentId, "superseded"));
          const moved = cal.addWorkingDays(d.due, paused);
          moved.explanation.note = `paused ${before.pausedOn}–${today}: +${paused}`;
          ops.push(open(d.type, d.departmentId, d.round, today, moved));
        }
      break;
    }
    case "APPROVE_EXTENSION":
      if (before.pendingExtension && unit) {
        ops.push(close("reply", unit, "superseded"));
        ops.push(
          open(
            "reply",
            unit,
            after.round,
            today,
            cal.fixed(today, before.pendingExtension.until, "extension"),
          ),
        );
      }
      break;
    case "SUBMIT_REPLY":
      ops.push(close("supervision_response", "*", "met"));
      break;
    case "APPROVE_REPLY":
      if (unit) ops.push(close("reply", unit, "met"));
      ops.push(close("sign", "*", "waived"), close("return_window", "*", "waived"));
      ops.push(open("feedback", null, after.round, today, cal.addWorkingDays(today, p.feedbackWorkingDays)));
      break;
    case "FEEDBACK":
    case "RECORD_VISIT":
      ops.push(close("feedback", null, "met"));
      if (i.afterState === "rehandling" && unit)
        ops.push(open("reply", unit, after.round, today, cal.addWorkingDays(today, replyPeriod(after, p))));
      break;
    case "EXPIRE_FEEDBACK":
      ops.push(close("feedback", null, "missed"));
      break;
    case "SUPERVISE":
      ops.push(open("supervision_response", unit, after.round, today, cal.fixed(today, event.respondBy)));
      break;
  }
  if (["rejected", "merged", "closed"].includes(i.afterState)) ops.push(close("*", "*", "waived"));
  return ops;
}
