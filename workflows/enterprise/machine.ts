import { and, assign, not, setup } from "xstate";
import type { IsoDate } from "../dates";
import type { EngineFields, NotifyParams } from "../types";
import type { EnterpriseEventType, EnterprisePayload } from "./events";
import type { Category } from "./policy";

/**
 * The enterprise request (企业诉求) workflow: 录入 → 交办 → 办理 → 答复 → 反馈, with returns of
 * misrouted requests (退单), the clock stopped while the enterprise is asked for information, and
 * re-handling after an unsatisfied rating. Pure, like every machine here.
 */

export interface EnterpriseContext {
  authorId: number;
  enterpriseId: number | null;
  channel: string;
  category: Category | null;
  theme: string | null;
  priority: "normal" | "urgent";
  /** the unit the request is dispatched to, if any */
  unit: { departmentId: number; signed: boolean; returnUntil: IsoDate } | null;
  returns: Array<{
    departmentId: number;
    reasonCode: string;
    suggestedDepartmentId: number | null;
    on: IsoDate;
  }>;
  round: number;
  maxRounds: number;
  /** the day the clock stopped for a request for information */
  pausedOn: IsoDate | null;
  pendingExtension: { until: IsoDate; reason: string } | null;
  extensionsGranted: number;
  resolution: string | null;
  /** this round's rating; null until rated */
  rating: "satisfied" | "basically_satisfied" | "unsatisfied" | null;
  /** unsatisfied after the last round: a supervisor decides to close */
  awaitingClose: boolean;
  outcome: string | null;
  isKey: boolean;
  mergedInto: number | null;
}

export interface EnterpriseInput {
  authorId: number;
  enterpriseId: number | null;
  channel: string;
  category: Category | null;
  theme: string | null;
  priority: "normal" | "urgent";
  maxRounds: number;
}

interface Enriched {
  ACCEPT: { themeCode: string | null };
  ASSIGN: { returnUntil: IsoDate };
}

export type EnterpriseEvent = {
  [K in EnterpriseEventType]: { type: K } & EnterprisePayload<K> &
    EngineFields &
    (K extends keyof Enriched ? Enriched[K] : unknown);
}[EnterpriseEventType];

type Ev<K extends EnterpriseEventType> = Extract<EnterpriseEvent, { type: K }>;

const notify = (template: string, ...to: NotifyParams["to"]): { type: "notify"; params: NotifyParams } => ({
  type: "notify",
  params: { template, to },
});

const supervision = {
  FLAG_KEY: { actions: "flagKey" },
  REMIND: { actions: [notify("reminder", "lead_unit")] },
  SUPERVISE: { actions: [notify("supervision_notice", "lead_unit", "lead_head")] },
} as const;

/** 退单: the unit sends a misrouted request back to dispatch, inside the return window. */
const returnToDispatch = {
  RETURN: {
    guard: "mayReturn",
    target: "accepted",
    actions: ["recordReturn", notify("case_returned", "supervisors")],
  },
} as const;

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

const working = {
  REQUEST_INFO: {
    guard: "isUnit",
    target: "awaiting_submitter",
    actions: ["pause", notify("information_requested", "enterprise_users")],
  },
  SUBMIT_REPLY: {
    guard: "mayReply",
    target: "reply_review",
    actions: ["recordResolution", notify("reply_awaiting_approval", "lead_head")],
  },
} as const;

/** A rating (the enterprise's, or a supervisor's visit standing for it) ends the round. */
const rated = (event: "FEEDBACK" | "RECORD_VISIT") =>
  [
    {
      guard: "rehandleAfterRating",
      target: "rehandling",
      actions: ["startRehandling", notify("rehandling_required", "lead_unit", "supervisors")],
    },
    {
      guard: "closingDecisionAfterRating",
      actions: ["awaitClose", notify("closing_decision_needed", "supervisors")],
    },
    {
      guard: "notYetRated",
      target: "closed",
      actions: [
        "closeRated",
        notify(event === "FEEDBACK" ? "feedback_received" : "visit_recorded", "lead_unit"),
      ],
    },
  ] as const;

export const enterpriseMachine = setup({
  types: {
    context: {} as EnterpriseContext,
    events: {} as EnterpriseEvent,
    input: {} as EnterpriseInput,
  },
  guards: {
    isUnit: ({ context, event }) => context.unit?.departmentId === event.actor.departmentId,
    isUnsignedUnit: ({ context, event }) =>
      context.unit?.departmentId === event.actor.departmentId && !context.unit.signed,
    mayReturn: ({ context, event }) =>
      context.unit?.departmentId === event.actor.departmentId && event.today <= context.unit.returnUntil,
    mayRequestExtension: ({ context, event }) =>
      context.unit?.departmentId === event.actor.departmentId && context.pendingExtension === null,
    hasPendingExtension: ({ context }) => context.pendingExtension !== null,
    mayReply: ({ context, event }) =>
      context.unit?.departmentId === event.actor.departmentId && !!context.unit?.signed,
    isRehandling: ({ context }) => context.round > 1,
    notYetRated: ({ context }) => context.rating === null,
    awaitingClose: ({ context }) => context.awaitingClose,
    rehandleAfterRating: ({ context, event }) =>
      context.rating === null && ratingOf(event) === "unsatisfied" && context.round < context.maxRounds,
    closingDecisionAfterRating: ({ context, event }) =>
      context.rating === null && ratingOf(event) === "unsatisfied",
  },
  actions: {
    notify: (_, _params: NotifyParams) => {},
    accept: assign(({ context, event }) => {
      const e = event as Ev<"ACCEPT">;
      // No theme at acceptance keeps the one the request was filed with.
      return {
        category: e.category,
        theme: e.themeCode ?? context.theme,
        priority: e.priority ?? context.priority,
      };
    }),
    dispatch: assign(({ event }) => {
      const e = event as Ev<"ASSIGN">;
      return { unit: { departmentId: e.leadDepartmentId, signed: false, returnUntil: e.returnUntil } };
    }),
    sign: assign(({ context }) => ({ unit: context.unit ? { ...context.unit, signed: true } : null })),
    recordReturn: assign(({ context, event }) => {
      const e = event as Ev<"RETURN">;
      return {
        unit: null,
        // The returning unit's extension request leaves with it; the next unit asks for its own.
        pendingExtension: null,
        returns: [
          ...context.returns,
          {
            departmentId: e.actor.departmentId ?? 0,
            reasonCode: e.reasonCode,
            suggestedDepartmentId: e.suggestedDepartmentId ?? null,
            on: e.today,
          },
        ],
      };
    }),
    pause: assign(({ event }) => ({ pausedOn: event.today })),
    resume: assign({ pausedOn: null }),
    requestExtension: assign(({ event }) => {
      const e = event as Ev<"REQUEST_EXTENSION">;
      return { pendingExtension: { until: e.until, reason: e.reason } };
    }),
    approveExtension: assign(({ context }) => ({
      pendingExtension: null,
      extensionsGranted: context.extensionsGranted + 1,
    })),
    denyExtension: assign({ pendingExtension: null }),
    recordResolution: assign(({ event }) => ({ resolution: (event as Ev<"SUBMIT_REPLY">).resolution })),
    startRehandling: assign(({ context }) => ({ round: context.round + 1, rating: null })),
    awaitClose: assign(({ event }) => ({ rating: ratingOf(event), awaitingClose: true })),
    closeRated: assign(({ event }) => ({ rating: ratingOf(event), outcome: ratingOf(event) })),
    flagKey: assign(({ event }) => ({ isKey: (event as Ev<"FLAG_KEY">).isKey })),
  },
}).createMachine({
  id: "enterprise_request",
  context: ({ input }) => ({
    authorId: input.authorId,
    enterpriseId: input.enterpriseId,
    channel: input.channel,
    category: input.category,
    theme: input.theme,
    priority: input.priority,
    unit: null,
    returns: [],
    round: 1,
    maxRounds: input.maxRounds,
    pausedOn: null,
    pendingExtension: null,
    extensionsGranted: 0,
    resolution: null,
    rating: null,
    awaitingClose: false,
    outcome: null,
    isKey: false,
    mergedInto: null,
  }),
  initial: "submitted",
  states: {
    submitted: {
      tags: ["intake"],
      on: {
        ACCEPT: { target: "accepted", actions: ["accept", notify("request_accepted", "enterprise_users")] },
        REJECT: {
          target: "rejected",
          actions: [assign({ outcome: "rejected" }), notify("request_rejected", "enterprise_users")],
        },
        MERGE: {
          target: "merged",
          actions: [
            assign(({ event }) => ({ mergedInto: (event as Ev<"MERGE">).intoCaseId, outcome: "merged" })),
            notify("request_merged", "enterprise_users"),
          ],
        },
        FLAG_KEY: { actions: "flagKey" },
      },
    },
    accepted: {
      tags: ["active"],
      on: {
        ...supervision,
        ASSIGN: { target: "assigned", actions: ["dispatch", notify("case_assigned", "assigned_units")] },
        REJECT: {
          target: "rejected",
          actions: [assign({ outcome: "rejected" }), notify("request_rejected", "enterprise_users")],
        },
        MERGE: {
          target: "merged",
          actions: [
            assign(({ event }) => ({ mergedInto: (event as Ev<"MERGE">).intoCaseId, outcome: "merged" })),
            notify("request_merged", "enterprise_users"),
          ],
        },
      },
    },
    assigned: {
      tags: ["active"],
      on: {
        ...supervision,
        ...returnToDispatch,
        SIGN: { guard: "isUnsignedUnit", target: "handling", actions: "sign" },
      },
    },
    handling: {
      tags: ["active"],
      on: { ...supervision, ...returnToDispatch, ...extensions, ...working },
    },
    awaiting_submitter: {
      // The clock is stopped: nothing is due until the enterprise answers.
      tags: ["waiting", "paused"],
      on: {
        ...supervision,
        PROVIDE_INFO: [
          {
            guard: "isRehandling",
            target: "rehandling",
            actions: ["resume", notify("information_provided", "lead_unit")],
          },
          { target: "handling", actions: ["resume", notify("information_provided", "lead_unit")] },
        ],
      },
    },
    reply_review: {
      tags: ["active"],
      on: {
        ...supervision,
        APPROVE_REPLY: {
          guard: "isUnit",
          target: "replied",
          actions: [notify("reply_released", "enterprise_users", "merged_authors")],
        },
        RETURN_REPLY: [
          {
            guard: and(["isUnit", "isRehandling"]),
            target: "rehandling",
            actions: [notify("reply_returned", "lead_unit")],
          },
          {
            guard: and(["isUnit", not("isRehandling")]),
            target: "handling",
            actions: [notify("reply_returned", "lead_unit")],
          },
        ],
      },
    },
    replied: {
      tags: ["active", "waiting"],
      on: {
        ...supervision,
        FEEDBACK: rated("FEEDBACK"),
        RECORD_VISIT: rated("RECORD_VISIT"),
        CLOSE: {
          guard: "awaitingClose",
          target: "closed",
          actions: [
            assign({ outcome: "unsatisfied" }),
            notify("request_closed", "enterprise_users", "lead_unit"),
          ],
        },
        EXPIRE_FEEDBACK: { guard: "notYetRated", target: "closed", actions: assign({ outcome: "unrated" }) },
      },
    },
    rehandling: {
      tags: ["active"],
      on: { ...supervision, ...extensions, ...working },
    },
    rejected: { tags: ["done"], type: "final" },
    merged: { tags: ["done"], type: "final" },
    closed: { tags: ["done"], type: "final" },
  },
});

function ratingOf(event: EnterpriseEvent): "satisfied" | "basically_satisfied" | "unsatisfied" | null {
  if (event.type === "FEEDBACK" || event.type === "RECORD_VISIT") return event.rating;
  return null;
}
