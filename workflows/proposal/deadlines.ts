import type { WorkCalendar } from "../calendar";
import type { IsoDate } from "../dates";
import { close, computePeriod, type DeadlineOp, open } from "../deadlines";
import type { ProposalContext, ProposalEvent, UnitAssignment } from "./machine";
import type { ProposalPolicy } from "./policy";

export interface PlanInput {
  before: ProposalContext;
  after: ProposalContext;
  afterState: string;
  event: ProposalEvent;
  today: IsoDate;
  cal: WorkCalendar;
  policy: ProposalPolicy;
  /** commitments of the reply being released (APPROVE_REPLY) */
  commitments: Array<{ text: string; dueDate?: string }>;
}

/** Deadlines that open for a unit when it is given a role on the case. */
function unitDeadlines(
  a: UnitAssignment,
  round: number,
  today: IsoDate,
  cal: WorkCalendar,
  p: ProposalPolicy,
) {
  const ops: DeadlineOp[] = [
    open("sign", a.departmentId, round, today, computePeriod(cal, today, p.signFor)),
    open("objection_window", a.departmentId, round, today, computePeriod(cal, today, p.objectionWindow)),
  ];
  return [...ops, ...roleDeadlines(a, round, today, cal, p)];
}

function roleDeadlines(
  a: UnitAssignment,
  round: number,
  today: IsoDate,
  cal: WorkCalendar,
  p: ProposalPolicy,
) {
  if (a.role === "lead")
    return [
      open("contact", a.departmentId, round, today, computePeriod(cal, today, p.contact)),
      open("reply", a.departmentId, round, today, computePeriod(cal, today, p.reply)),
    ];
  return [open("opinion", a.departmentId, round, today, computePeriod(cal, today, p.opinion))];
}

/** The proposal's deadline rules (see the policy table in DESIGN.md). */
export function planProposalDeadlines(i: PlanInput): DeadlineOp[] {
  const { before, after, event, today, cal, policy: p } = i;
  const dept = event.actor.departmentId;
  const round = after.round;
  const lead = after.assignments.find((a) => a.role === "lead");
  const ops: DeadlineOp[] = [];

  switch (event.type) {
    case "ASSIGN":
      for (const a of after.assignments) ops.push(...unitDeadlines(a, round, today, cal, p));
      break;
    case "REASSIGN": {
      for (const old of before.assignments) {
        const now = after.assignments.find((a) => a.departmentId === old.departmentId);
        if (!now) ops.push(close("*", old.departmentId, "waived"));
        else if (now.role !== old.role) {
          for (const t of old.role === "lead" ? ["contact", "reply"] : ["opinion"])
            ops.push(close(t, old.departmentId, "waived"));
          ops.push(...roleDeadlines(now, round, today, cal, p));
        }
      }
      for (const a of after.assignments)
        if (!before.assignments.some((b) => b.departmentId === a.departmentId))
          ops.push(...unitDeadlines(a, round, today, cal, p));
      break;
    }
    case "SIGN":
      ops.push(close("sign", dept, "met"));
      break;
    case "OBJECT":
      ops.push(close("objection_window", dept, "met"));
      break;
    case "RECORD_CONTACT":
      ops.push(close("contact", dept, "met"));
      break;
    case "SUBMIT_OPINION":
      ops.push(close("opinion", dept, "met"));
      break;
    case "WAIVE_OPINION":
      ops.push(close("opinion", event.departmentId, "waived"));
      break;
    case "APPROVE_EXTENSION":
      if (lead && before.pendingExtension) {
        ops.push(close("reply", lead.departmentId, "superseded"));
        ops.push(
          open(
            "reply",
            lead.departmentId,
            round,
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
      if (lead) ops.push(close("reply", lead.departmentId, "met"));
      // Once the reply is out, what was left of signing-for and contact no longer binds anyone.
      for (const t of ["sign", "objection_window", "contact", "opinion"]) ops.push(close(t, "*", "waived"));
      ops.push(open("evaluation", null, round, today, computePeriod(cal, today, p.evaluation)));
      for (const c of i.commitments)
        if (c.dueDate && lead)
          ops.push(open("commitment", lead.departmentId, round, today, cal.fixed(today, c.dueDate, c.text)));
      break;
    case "EVALUATE":
      ops.push(close("evaluation", null, "met"));
      if (i.afterState === "rehandling" && lead) {
        ops.push(open("contact", lead.departmentId, round, today, computePeriod(cal, today, p.contact)));
        ops.push(open("reply", lead.departmentId, round, today, computePeriod(cal, today, p.rehandling)));
      }
      break;
    case "EXPIRE_EVALUATION":
      ops.push(close("evaluation", null, "missed"));
      break;
    case "SUPERVISE":
      ops.push(
        open(
          "supervision_response",
          lead?.departmentId ?? null,
          round,
          today,
          cal.fixed(today, event.respondBy),
        ),
      );
      break;
  }
  // A case that ends owes nothing more, except follow-up on the commitments of a B-class reply.
  if (["rejected", "merged", "withdrawn"].includes(i.afterState)) ops.push(close("*", "*", "waived"));
  if (i.afterState === "closed")
    for (const t of ["sign", "objection_window", "contact", "opinion", "reply", "supervision_response"])
      ops.push(close(t, "*", "waived"));
  return ops;
}
