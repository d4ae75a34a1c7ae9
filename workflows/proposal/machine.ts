import { and, assign, setup } from "xstate";
import type { IsoDate } from "../dates";
import type { EngineFields, NotifyParams } from "../types";
import type { ProposalEventType, ProposalPayload } from "./events";

/**
 * The proposal (提案 / 代表建议) workflow. Pure: no I/O and no timers. Time arrives in each
 * event (`today`), and dates the engine computed from the calendar arrive as fields the engine
 * adds (`objectionUntil`, `number`).
 */

export interface UnitAssignment {
  departmentId: number;
  role: "lead" | "co";
  signed: boolean;
  /** last day on which the unit may ask for a change of assignment (申请调整) */
  objectionUntil: IsoDate;
  objection: { reason: string; on: IsoDate } | null;
  /** 会办意见: none yet, submitted, or waived by a supervisor (always "submitted" for the lead) */
  opinion: "none" | "submitted" | "waived";
}

export interface ProposalContext {
  authorId: number;
  number: number | null;
  sessionLabel: string | null;
  assignments: UnitAssignment[];
  /** 1 for the first handling; each re-handling adds one */
  round: number;
  maxRounds: number;
  requireContact: boolean;
  contactsThisRound: number;
  pendingExtension: { until: IsoDate; reason: string } | null;
  extensionsGranted: number;
  classification: "A" | "B" | "C" | "D" | null;
  result: "satisfied" | "basically_satisfied" | "unsatisfied" | null;
  /** how the case ended: satisfied, basically_satisfied, unsatisfied, unevaluated, rejected, withdrawn, merged */
  outcome: string | null;
  isKey: boolean;
  mergedInto: number | null;
}

export interface ProposalInput {
  authorId: number;
  maxRounds: number;
  requireContact: boolean;
}

interface Enriched {
  ACCEPT: { number: number; sessionLabel: string };
  ASSIGN: { objectionUntil: IsoDate };
  REASSIGN: { objectionUntil: IsoDate };
}

export type ProposalEvent = {
  [K in ProposalEventType]: { type: K } & ProposalPayload<K> &
    EngineFields &
    (K extends keyof Enriched ? Enriched[K] : unknown);
}[ProposalEventType];

type Ev<K extends ProposalEventType> = Extract<ProposalEvent, { type: K }>;

const unit = (ctx: ProposalContext, departmentId: number | null) =>
  ctx.assignments.find((a) => a.departmentId === departmentId);

function assignUnits(
  previous: UnitAssignment[],
  leadDepartmentId: number,
  coDepartmentIds: number[],
  objectionUntil: IsoDate,
): UnitAssignment[] {
  const make = (departmentId: number, role: "lead" | "co"): UnitAssignment => {
    const before = previous.find((a) => a.departmentId === departmentId);
    // A unit that stays keeps its sign-for and opinion; its objection is settled by the reassignment.
    if (before)
      return {
        ...before,
        role,
        objection: null,
        opinion: role === "lead" ? "submitted" : before.role === "lead" ? "none" : before.opinion,
      };
    return {
      departmentId,
      role,
      signed: false,
      objectionUntil,
      objection: null,
      opinion: role === "lead" ? "submitted" : "none",
    };
  };
  return [make(leadDepartmentId, "lead"), ...coDepartmentIds.map((d) => make(d, "co"))];
}

const notify = (template: string, ...to: NotifyParams["to"]): { type: "notify"; params: NotifyParams } => ({
  type: "notify",
  params: { template, to },
});

/** 重点/催办/督办: a supervisor may flag, remind or supervise any active case. */
const supervision = {
  FLAG_KEY: { actions: "flagKey" },
  REMIND: { actions: [notify("reminder", "lead_unit")] },
  SUPERVISE: { actions: [notify("supervision_notice", "lead_unit", "lead_head")] },
} as const;

/** While units sign and work: objections (申请调整) and the supervisor's rulings on them. */
const assignmentChanges = {
  OBJECT: { guard: "mayObject", actions: ["recordObjection", notify("objection_filed", "supervisors")] },
  REASSIGN: [
    {
      guard: "reassignKeepsSignedLead",
      target: "handling",
      actions: [
        "reassign",
        notify("case_assigned", "new_units"),
        notify("objection_ruled", "objecting_units"),
      ],
    },
    {
      target: "assigned",
      actions: [
        "reassign",
        notify("case_assigned", "new_units"),
        notify("objection_ruled", "objecting_units"),
      ],
    },
  ],
  DISMISS_OBJECTION: {
    guard: "hasPendingObjection",
    actions: [notify("objection_ruled", "objecting_units"), "dismissObjection"],
  },
} as const;

/** 延期: the lead unit asks, a supervisor rules. */
const extensions = {
  REQUEST_EXTENSION: {
    guard: "mayRequestExtension",
    actions: ["requestExtension", notify("extension_requested", "supervisors")],
  },
  APPROVE_EXTENSION: {
    guard: "hasPendingExtension",
    actions: ["approveExtension", notify("extension_ruled", "lead_unit")],
  },
  DENY_EXTENSION: {
    guard: "hasPendingExtension",
    actions: ["denyExtension", notify("extension_ruled", "lead_unit")],
  },
} as const;

export const proposalMachine = setup({
  types: {
    context: {} as ProposalContext,
    events: {} as ProposalEvent,
    input: {} as ProposalInput,
  },
  guards: {
    isLeadUnsigned: ({ context, event }) => {
      const a = unit(context, event.actor.departmentId);
      return !!a && a.role === "lead" && !a.signed;
    },
    isCoUnsigned: ({ context, event }) => {
      const a = unit(context, event.actor.departmentId);
      return !!a && a.role === "co" && !a.signed;
    },
    mayObject: ({ context, event }) => {
      const a = unit(context, event.actor.departmentId);
      return !!a && a.objection === null && event.today <= a.objectionUntil;
    },
    hasPendingObjection: ({ context }) => context.assignments.some((a) => a.objection !== null),
    reassignKeepsSignedLead: ({ context, event }) => {
      const e = event as Ev<"REASSIGN">;
      const lead = unit(context, e.leadDepartmentId);
      return !!lead && lead.signed;
    },
    isLeadUnit: ({ context, event }) => unit(context, event.actor.departmentId)?.role === "lead",
    mayGiveOpinion: ({ context, event }) => {
      const a = unit(context, event.actor.departmentId);
      return !!a && a.role === "co" && a.signed && a.opinion === "none";
    },
    someOpinionPending: ({ context }) =>
      context.assignments.some((a) => a.role === "co" && a.opinion === "none"),
    mayRequestExtension: ({ context, event }) =>
      unit(context, event.actor.departmentId)?.role === "lead" && context.pendingExtension === null,
    hasPendingExtension: ({ context }) => context.pendingExtension !== null,
    mayReply: ({ context, event }) => {
      const lead = unit(context, event.actor.departmentId);
      if (lead?.role !== "lead" || !lead.signed || lead.objection) return false;
      const opinionsIn = context.assignments.every((a) => a.role === "lead" || a.opinion !== "none");
      const contacted = !context.requireContact || context.contactsThisRound > 0;
      return opinionsIn && contacted;
    },
    isRehandling: ({ context }) => context.round > 1,
    unsatisfiedWithRoundsLeft: ({ context, event }) =>
      (event as Ev<"EVALUATE">).result === "unsatisfied" && context.round < context.maxRounds,
  },
  actions: {
    // Carried out by the engine after the transition: outbox rows, never direct I/O.
    notify: (_, _params: NotifyParams) => {},
    markSigned: assign(({ context, event }) => ({
      assignments: context.assignments.map((a) =>
        a.departmentId === event.actor.departmentId ? { ...a, signed: true } : a,
      ),
    })),
    recordObjection: assign(({ context, event }) => ({
      assignments: context.assignments.map((a) =>
        a.departmentId === event.actor.departmentId
          ? { ...a, objection: { reason: (event as Ev<"OBJECT">).reason, on: event.today } }
          : a,
      ),
    })),
    reassign: assign(({ context, event }) => {
      const e = event as Ev<"REASSIGN">;
      return {
        assignments: assignUnits(
          context.assignments,
          e.leadDepartmentId,
          e.coDepartmentIds,
          e.objectionUntil,
        ),
      };
    }),
    dismissObjection: assign(({ context, event }) => {
      const target = (event as Ev<"DISMISS_OBJECTION">).departmentId;
      return {
        assignments: context.assignments.map((a) =>
          target === undefined || a.departmentId === target ? { ...a, objection: null } : a,
        ),
      };
    }),
    requestExtension: assign(({ event }) => {
      const e = event as Ev<"REQUEST_EXTENSION">;
      return { pendingExtension: { until: e.until, reason: e.reason } };
    }),
    approveExtension: assign(({ context }) => ({
      pendingExtension: null,
      extensionsGranted: context.extensionsGranted + 1,
    })),
    denyExtension: assign({ pendingExtension: null }),
    flagKey: assign(({ event }) => ({ isKey: (event as Ev<"FLAG_KEY">).isKey })),
  },
}).createMachine({
  id: "proposal",
  context: ({ input }) => ({
    authorId: input.authorId,
    number: null,
    sessionLabel: null,
    assignments: [],
    round: 1,
    maxRounds: input.maxRounds,
    requireContact: input.requireContact,
    contactsThisRound: 0,
    pendingExtension: null,
    extensionsGranted: 0,
    classification: null,
    result: null,
    outcome: null,
    isKey: false,
    mergedInto: null,
  }),
  initial: "draft",
  states: {
    draft: {
      tags: ["intake"],
      on: {
        // A targetless transition without actions is "forbidden" to snapshot.can(), which the engine
        // asks first: target the state itself so the edit is accepted (no exit/entry, no re-entry).
        UPDATE_DRAFT: { target: "draft" },
        SUBMIT: { target: "submitted", actions: [notify("proposal_submitted", "supervisors")] },
        WITHDRAW: { target: "withdrawn", actions: assign({ outcome: "withdrawn" }) },
      },
    },
    submitted: {
      tags: ["intake"],
      on: {
        ACCEPT: {
          target: "accepted",
          actions: [
            assign(({ event }) => {
              const e = event as Ev<"ACCEPT">;
              return { number: e.number, sessionLabel: e.sessionLabel };
            }),
            notify("proposal_accepted", "author", "cosigners"),
          ],
        },
        REJECT: {
          target: "rejected",
          actions: [assign({ outcome: "rejected" }), notify("proposal_rejected", "author", "cosigners")],
        },
        RETURN_FOR_REVISION: {
          target: "draft",
          actions: [notify("proposal_returned_for_revision", "author")],
        },
        MERGE: {
          target: "merged",
          actions: [
            assign(({ event }) => ({ mergedInto: (event as Ev<"MERGE">).intoCaseId, outcome: "merged" })),
            notify("proposal_merged", "author", "cosigners"),
          ],
        },
        WITHDRAW: { target: "withdrawn", actions: assign({ outcome: "withdrawn" }) },
        FLAG_KEY: { actions: "flagKey" },
      },
    },
    accepted: {
      tags: ["active"],
      on: {
        ...supervision,
        ASSIGN: {
          target: "assigned",
          actions: [
            assign(({ event }) => {
              const e = event as Ev<"ASSIGN">;
              return {
                assignments: assignUnits([], e.leadDepartmentId, e.coDepartmentIds, e.objectionUntil),
              };
            }),
            notify("case_assigned", "assigned_units"),
            notify("proposal_assigned_to_author", "author", "cosigners"),
          ],
        },
        MERGE: {
          target: "merged",
          actions: [
            assign(({ event }) => ({ mergedInto: (event as Ev<"MERGE">).intoCaseId, outcome: "merged" })),
            notify("proposal_merged", "author", "cosigners"),
          ],
        },
      },
    },
    assigned: {
      tags: ["active"],
      on: {
        ...supervision,
        ...assignmentChanges,
        SIGN: [
          { guard: "isLeadUnsigned", target: "handling", actions: "markSigned" },
          { guard: "isCoUnsigned", actions: "markSigned" },
        ],
      },
    },
    handling: {
      tags: ["active"],
      on: {
        ...supervision,
        ...assignmentChanges,
        ...extensions,
        SIGN: { guard: "isCoUnsigned", actions: "markSigned" },
        RECORD_CONTACT: {
          guard: "isLeadUnit",
          actions: assign(({ context }) => ({ contactsThisRound: context.contactsThisRound + 1 })),
        },
        SUBMIT_OPINION: {
          guard: "mayGiveOpinion",
          actions: [
            assign(({ context, event }) => ({
              assignments: context.assignments.map((a) =>
                a.departmentId === event.actor.departmentId ? { ...a, opinion: "submitted" as const } : a,
              ),
            })),
            notify("opinion_received", "lead_unit"),
          ],
        },
        WAIVE_OPINION: {
          guard: "someOpinionPending",
          actions: [
            assign(({ context, event }) => ({
              assignments: context.assignments.map((a) =>
                a.departmentId === (event as Ev<"WAIVE_OPINION">).departmentId && a.opinion === "none"
                  ? { ...a, opinion: "waived" as const }
                  : a,
              ),
            })),
            notify("opinion_waived", "lead_unit", "co_units"),
          ],
        },
        SUBMIT_REPLY: {
          guard: "mayReply",
          target: "reply_review",
          actions: [
            assign(({ event }) => ({ classification: (event as Ev<"SUBMIT_REPLY">).classification })),
            notify("reply_awaiting_approval", "lead_head"),
          ],
        },
      },
    },
    reply_review: {
      tags: ["active"],
      on: {
        ...supervision,
        APPROVE_REPLY: {
          guard: "isLeadUnit",
          target: "replied",
          actions: [notify("reply_released", "author", "cosigners", "merged_authors")],
        },
        RETURN_REPLY: [
          {
            guard: and(["isLeadUnit", "isRehandling"]),
            target: "rehandling",
            actions: [notify("reply_returned", "lead_unit")],
          },
          { guard: "isLeadUnit", target: "handling", actions: [notify("reply_returned", "lead_unit")] },
        ],
      },
    },
    replied: {
      tags: ["active", "waiting"],
      on: {
        ...supervision,
        EVALUATE: [
          {
            guard: "unsatisfiedWithRoundsLeft",
            target: "rehandling",
            actions: [
              assign(({ context }) => ({
                result: "unsatisfied" as const,
                round: context.round + 1,
                contactsThisRound: 0,
              })),
              notify("rehandling_required", "lead_unit", "supervisors"),
            ],
          },
          {
            target: "closed",
            actions: [
              assign(({ event }) => {
                const r = (event as Ev<"EVALUATE">).result;
                return { result: r, outcome: r };
              }),
              notify("evaluation_received", "lead_unit", "supervisors"),
            ],
          },
        ],
        EXPIRE_EVALUATION: { target: "closed", actions: assign({ outcome: "unevaluated" }) },
      },
    },
    rehandling: {
      tags: ["active"],
      on: {
        ...supervision,
        ...extensions,
        // An objection left from the first round can still be ruled on.
        DISMISS_OBJECTION: assignmentChanges.DISMISS_OBJECTION,
        RECORD_CONTACT: {
          guard: "isLeadUnit",
          actions: assign(({ context }) => ({ contactsThisRound: context.contactsThisRound + 1 })),
        },
        SUBMIT_REPLY: {
          guard: "mayReply",
          target: "reply_review",
          actions: [
            assign(({ event }) => ({ classification: (event as Ev<"SUBMIT_REPLY">).classification })),
            notify("reply_awaiting_approval", "lead_head"),
          ],
        },
      },
    },
    rejected: { tags: ["done"], type: "final" },
    merged: { tags: ["done"], type: "final" },
    withdrawn: { tags: ["done"], type: "final" },
    closed: { tags: ["done"], type: "final" },
  },
});
