import { describe, expect, it } from "vitest";
import { initialTransition, type SnapshotFrom, transition } from "xstate";
import { getShortestPaths } from "xstate/graph";
import { type EnterpriseEventType, enterpriseEventTypes } from "../../workflows/enterprise/events";
import {
  type EnterpriseContext,
  type EnterpriseEvent,
  type EnterpriseInput,
  enterpriseMachine,
} from "../../workflows/enterprise/machine";
import { enterprisePermissions } from "../../workflows/enterprise/permissions";
import { checkPermission, type PermissionVerdict } from "../../workflows/permissions";
import type { Actor, EngineFields, NotifyParams } from "../../workflows/types";

/*
 * The enterprise request machine (企业诉求), driven only through xstate's pure functions. Events
 * carry what the engine would add: actor, today, at; themeCode for ACCEPT and returnUntil (the end
 * of the return window, 退单期限) for ASSIGN.
 */

type Snap = SnapshotFrom<typeof enterpriseMachine>;
type Payload<K extends EnterpriseEventType> = Omit<
  Extract<EnterpriseEvent, { type: K }>,
  "type" | keyof EngineFields
>;

const AUTHOR = 1;
const ENTERPRISE = 3;
const OTHER_ENTERPRISE = 4;
const UNIT = 10;
const OTHER_UNIT = 20;
const NEW_UNIT = 30;

const TODAY = "2025-03-03";
/** the return window the engine would compute for an ASSIGN on TODAY (1 working day) */
const UNTIL = "2025-03-04";
const DAY_AFTER_UNTIL = "2025-03-05";

const person = (userId: number | null, role: Actor["role"], departmentId: number | null = null): Actor => ({
  userId,
  role,
  departmentId,
  enterpriseId: null,
});

const entUser: Actor = { ...person(AUTHOR, "enterprise"), enterpriseId: ENTERPRISE };
const colleague: Actor = { ...person(2, "enterprise"), enterpriseId: ENTERPRISE };
const otherEntUser: Actor = { ...person(8, "enterprise"), enterpriseId: OTHER_ENTERPRISE };
const supervisor = person(5, "supervisor");
const admin = person(6, "admin");
const delegate = person(7, "delegate");
const system = person(null, "system");
const unitHandler = person(11, "handler", UNIT);
const unitHead = person(12, "dept_head", UNIT);
const otherHandler = person(21, "handler", OTHER_UNIT);
const otherHead = person(22, "dept_head", OTHER_UNIT);
const newHandler = person(31, "handler", NEW_UNIT);
const newHead = person(32, "dept_head", NEW_UNIT);

function ev<K extends EnterpriseEventType>(
  type: K,
  actor: Actor,
  payload: Payload<K>,
  today = TODAY,
): EnterpriseEvent {
  return { type, ...payload, actor, today, at: `${today}T02:00:00.000Z` } as unknown as EnterpriseEvent;
}

type Rating = "satisfied" | "basically_satisfied" | "unsatisfied";

// ---- the events people send, with realistic payloads -------------------------------------------

const E = {
  accept: (
    category: "consult" | "help" | "suggestion" | "complaint" = "help",
    priority: "normal" | "urgent" = "normal",
    themeCode: string | null = "finance",
  ) => ev("ACCEPT", supervisor, { category, theme: themeCode ?? undefined, priority, themeCode }),
  reject: () => ev("REJECT", supervisor, { reason: "不属于企业诉求受理范围" }),
  merge: () => ev("MERGE", supervisor, { intoCaseId: 99 }),
  assign: (leadDepartmentId = UNIT, returnUntil = UNTIL) =>
    ev("ASSIGN", supervisor, { leadDepartmentId, note: undefined, returnUntil }),
  sign: (a: Actor = unitHandler) => ev("SIGN", a, {}),
  ret: (a: Actor = unitHead, today = TODAY) =>
    ev(
      "RETURN",
      a,
      {
        reasonCode: "not_our_remit",
        suggestedDepartmentId: NEW_UNIT,
        note: "融资担保事项属区金融工作局职责",
      },
      today,
    ),
  requestInfo: (a: Actor = unitHandler, today = TODAY) =>
    ev("REQUEST_INFO", a, { question: "请补充近三年的纳税证明和贷款合同复印件。" }, today),
  provideInfo: (a: Actor = entUser, today = TODAY) =>
    ev("PROVIDE_INFO", a, { answer: "已上传纳税证明和贷款合同。" }, today),
  requestExtension: (a: Actor = unitHandler) =>
    ev("REQUEST_EXTENSION", a, { until: "2025-03-31", reason: "需协调银行重新评估授信" }),
  approveExtension: () => ev("APPROVE_EXTENSION", supervisor, { note: undefined }),
  denyExtension: () => ev("DENY_EXTENSION", supervisor, { reason: "诉求简单，应按期答复" }),
  reply: (a: Actor = unitHandler) =>
    ev("SUBMIT_REPLY", a, {
      resolution: "resolved",
      body: "已协调合作银行办理续贷，利率下调 0.3 个百分点。",
    }),
  approveReply: (a: Actor = unitHead) => ev("APPROVE_REPLY", a, { note: undefined }),
  returnReply: (a: Actor = unitHead) => ev("RETURN_REPLY", a, { reason: "答复未说明具体办理时限" }),
  feedback: (rating: Rating, a: Actor = entUser) => ev("FEEDBACK", a, { rating, comment: undefined }),
  visit: (rating: Rating) =>
    ev("RECORD_VISIT", supervisor, { date: TODAY, method: "phone", rating, note: "电话回访企业负责人" }),
  close: () => ev("CLOSE", supervisor, { reason: "已两轮办理，企业诉求超出政策范围，予以办结" }),
  flagKey: () => ev("FLAG_KEY", supervisor, { isKey: true }),
  remind: () => ev("REMIND", supervisor, { message: "请抓紧办理" }),
  supervise: () => ev("SUPERVISE", supervisor, { message: "督办通知", respondBy: "2025-03-10" }),
  expire: () => ev("EXPIRE_FEEDBACK", system, {}),
};

const RATINGS: Rating[] = ["satisfied", "basically_satisfied", "unsatisfied"];

/**
 * Every plausible sender of each event type: the assigned unit and another one for unit events,
 * every rating for ratings. A cell of the table says whether the machine accepts SOME of them.
 */
function candidates(type: EnterpriseEventType): EnterpriseEvent[] {
  switch (type) {
    case "ACCEPT":
      return [E.accept()];
    case "REJECT":
      return [E.reject()];
    case "MERGE":
      return [E.merge()];
    case "ASSIGN":
      return [E.assign()];
    case "SIGN":
      return [E.sign(unitHandler), E.sign(otherHandler)];
    case "RETURN":
      return [E.ret(unitHead), E.ret(otherHead)];
    case "REQUEST_INFO":
      return [E.requestInfo(unitHandler), E.requestInfo(otherHandler)];
    case "PROVIDE_INFO":
      return [E.provideInfo()];
    case "REQUEST_EXTENSION":
      return [E.requestExtension(unitHandler), E.requestExtension(otherHandler)];
    case "APPROVE_EXTENSION":
      return [E.approveExtension()];
    case "DENY_EXTENSION":
      return [E.denyExtension()];
    case "SUBMIT_REPLY":
      return [E.reply(unitHandler), E.reply(otherHandler)];
    case "APPROVE_REPLY":
      return [E.approveReply(unitHead), E.approveReply(otherHead)];
    case "RETURN_REPLY":
      return [E.returnReply(unitHead), E.returnReply(otherHead)];
    case "FEEDBACK":
      return RATINGS.map((r) => E.feedback(r));
    case "RECORD_VISIT":
      return RATINGS.map((r) => E.visit(r));
    case "CLOSE":
      return [E.close()];
    case "FLAG_KEY":
      return [E.flagKey()];
    case "REMIND":
      return [E.remind()];
    case "SUPERVISE":
      return [E.supervise()];
    case "EXPIRE_FEEDBACK":
      return [E.expire()];
  }
}

const accepts = (s: Snap, type: EnterpriseEventType) => candidates(type).some((e) => s.can(e as never));
const acceptedTypes = (s: Snap) => enterpriseEventTypes.filter((t) => accepts(s, t));

// ---- walking -----------------------------------------------------------------------------------

const INPUT: EnterpriseInput = {
  authorId: AUTHOR,
  enterpriseId: ENTERPRISE,
  channel: "online",
  category: "help",
  theme: null,
  priority: "normal",
  maxRounds: 2,
};

const start = (input: EnterpriseInput = INPUT): Snap => initialTransition(enterpriseMachine, input)[0];

function step(s: Snap, e: EnterpriseEvent): [Snap, NotifyParams[]] {
  expect(s.can(e as never), `${String(s.value)} should accept ${e.type} from ${e.actor.role}`).toBe(true);
  const [next, actions] = transition(enterpriseMachine, s, e as never);
  const notes = (actions as Array<{ type: string; params?: unknown }>)
    .filter((a) => a.type === "notify")
    .map((a) => a.params as NotifyParams);
  return [next, notes];
}

function walk(s: Snap, ...events: EnterpriseEvent[]): Snap {
  return events.reduce((acc, e) => step(acc, e)[0], s);
}

/** Sends one event that must be refused: `can` says no and `transition` changes nothing. */
function refused(s: Snap, e: EnterpriseEvent) {
  expect(s.can(e as never), `${String(s.value)} should refuse ${e.type} from ${e.actor.role}`).toBe(false);
  const [next, actions] = transition(enterpriseMachine, s, e as never);
  expect(next.value).toEqual(s.value);
  expect(next.context).toEqual(s.context);
  expect(actions.filter((a) => a.type === "notify")).toEqual([]);
}

const submitted = (input?: EnterpriseInput) => start(input);
const accepted = (input?: EnterpriseInput) => walk(submitted(input), E.accept());
const assigned = (input?: EnterpriseInput) => walk(accepted(input), E.assign());
const handling = (input?: EnterpriseInput) => walk(assigned(input), E.sign());
const awaiting = (input?: EnterpriseInput) => walk(handling(input), E.requestInfo());
const replyReview = (input?: EnterpriseInput) => walk(handling(input), E.reply());
const replied = (input?: EnterpriseInput) => walk(replyReview(input), E.approveReply());
const rehandling = (input?: EnterpriseInput) => walk(replied(input), E.feedback("unsatisfied"));
const replyReview2 = () => walk(rehandling(), E.reply());
const replied2 = () => walk(replyReview2(), E.approveReply());
/** unsatisfied in the last round: still replied, waiting for a supervisor's CLOSE */
const awaitingClose = () => walk(replied2(), E.feedback("unsatisfied"));

const ALL_STATES = [
  "submitted",
  "accepted",
  "rejected",
  "merged",
  "assigned",
  "handling",
  "awaiting_submitter",
  "reply_review",
  "replied",
  "rehandling",
  "closed",
] as const;
type StateName = (typeof ALL_STATES)[number];
const FINAL_STATES: StateName[] = ["rejected", "merged", "closed"];
const SUPERVISION: EnterpriseEventType[] = ["FLAG_KEY", "REMIND", "SUPERVISE"];

// ---- 1. model-based exhaustive table -----------------------------------------------------------

/** Abstraction of a snapshot for graph traversal: everything the guards read, nothing unbounded. */
function abstractState(s: Snap): string {
  const c: EnterpriseContext = s.context;
  return JSON.stringify({
    v: s.value,
    unit: c.unit,
    round: c.round,
    paused: c.pausedOn !== null,
    ext: c.pendingExtension !== null,
    rating: c.rating,
    awaitingClose: c.awaitingClose,
    outcome: c.outcome,
  });
}

function label(e: EnterpriseEvent): string {
  if (!(e as { actor?: Actor }).actor) return e.type; // xstate.init
  if (e.type === "FEEDBACK" || e.type === "RECORD_VISIT") return `${e.type}:${e.rating}`;
  return e.actor.departmentId ? `${e.type}@${e.actor.departmentId}` : e.type;
}

function shortestPathsByState() {
  const paths = getShortestPaths(enterpriseMachine, {
    input: INPUT,
    events: () => enterpriseEventTypes.flatMap(candidates),
    serializeState: (s) => abstractState(s as Snap),
    limit: 100_000,
  });
  const best = new Map<string, (typeof paths)[number]>();
  for (const p of paths) {
    const name = String(p.state.value);
    const current = best.get(name);
    if (!current || p.steps.length < current.steps.length) best.set(name, p);
  }
  return { count: paths.length, best };
}

/** The shortest way to each state (hand-checked against DESIGN.md). */
const EXPECTED_SHORTEST: Record<StateName, string[]> = {
  submitted: [],
  accepted: ["ACCEPT"],
  rejected: ["REJECT"],
  merged: ["MERGE"],
  assigned: ["ACCEPT", "ASSIGN"],
  handling: ["ACCEPT", "ASSIGN", "SIGN@10"],
  awaiting_submitter: ["ACCEPT", "ASSIGN", "SIGN@10", "REQUEST_INFO@10"],
  reply_review: ["ACCEPT", "ASSIGN", "SIGN@10", "SUBMIT_REPLY@10"],
  replied: ["ACCEPT", "ASSIGN", "SIGN@10", "SUBMIT_REPLY@10", "APPROVE_REPLY@10"],
  closed: ["ACCEPT", "ASSIGN", "SIGN@10", "SUBMIT_REPLY@10", "APPROVE_REPLY@10", "FEEDBACK:satisfied"],
  rehandling: ["ACCEPT", "ASSIGN", "SIGN@10", "SUBMIT_REPLY@10", "APPROVE_REPLY@10", "FEEDBACK:unsatisfied"],
};

interface Row {
  name: string;
  state: StateName;
  /** every event type NOT listed must be refused */
  accepts: EnterpriseEventType[];
}

/** Expected table for the graph's shortest-path representative of each state. */
const SHORTEST_ROWS: Row[] = [
  { name: "submitted (initial)", state: "submitted", accepts: ["ACCEPT", "REJECT", "MERGE", "FLAG_KEY"] },
  { name: "accepted", state: "accepted", accepts: ["ASSIGN", "REJECT", "MERGE", ...SUPERVISION] },
  { name: "rejected", state: "rejected", accepts: [] },
  { name: "merged", state: "merged", accepts: [] },
  {
    name: "assigned (unsigned, return window open)",
    state: "assigned",
    accepts: ["SIGN", "RETURN", ...SUPERVISION],
  },
  {
    name: "handling (signed, window open, round 1)",
    state: "handling",
    accepts: ["RETURN", "REQUEST_INFO", "REQUEST_EXTENSION", "SUBMIT_REPLY", ...SUPERVISION],
  },
  {
    name: "awaiting_submitter (round 1)",
    state: "awaiting_submitter",
    accepts: ["PROVIDE_INFO", ...SUPERVISION],
  },
  {
    name: "reply_review (round 1)",
    state: "reply_review",
    accepts: ["APPROVE_REPLY", "RETURN_REPLY", ...SUPERVISION],
  },
  {
    name: "replied (round 1, not rated)",
    state: "replied",
    accepts: ["FEEDBACK", "RECORD_VISIT", "EXPIRE_FEEDBACK", ...SUPERVISION],
  },
  {
    name: "rehandling (round 2)",
    state: "rehandling",
    accepts: ["REQUEST_INFO", "REQUEST_EXTENSION", "SUBMIT_REPLY", ...SUPERVISION],
  },
  { name: "closed (satisfied)", state: "closed", accepts: [] },
];

/** Further representatives with other contexts, reached by explicit paths. */
const VARIANTS: Array<Row & { reach: () => Snap }> = [
  {
    name: "submitted, flagged key",
    state: "submitted",
    reach: () => walk(submitted(), E.flagKey()),
    accepts: ["ACCEPT", "REJECT", "MERGE", "FLAG_KEY"],
  },
  {
    name: "accepted again after a RETURN (退单)",
    state: "accepted",
    reach: () => walk(assigned(), E.ret()),
    accepts: ["ASSIGN", "REJECT", "MERGE", ...SUPERVISION],
  },
  {
    name: "rejected after acceptance",
    state: "rejected",
    reach: () => walk(accepted(), E.reject()),
    accepts: [],
  },
  {
    name: "merged after a return",
    state: "merged",
    reach: () => walk(assigned(), E.ret(), E.merge()),
    accepts: [],
  },
  {
    name: "assigned, return window passed",
    state: "assigned",
    reach: () => walk(accepted(), E.assign(UNIT, "2025-02-28")),
    accepts: ["SIGN", ...SUPERVISION],
  },
  {
    name: "assigned again to another unit after a return",
    state: "assigned",
    reach: () => walk(assigned(), E.ret(), E.assign(OTHER_UNIT)),
    // the candidates include OTHER_UNIT's sign and return
    accepts: ["SIGN", "RETURN", ...SUPERVISION],
  },
  {
    name: "handling, return window passed",
    state: "handling",
    reach: () => walk(accepted(), E.assign(UNIT, "2025-02-28"), E.sign()),
    accepts: ["REQUEST_INFO", "REQUEST_EXTENSION", "SUBMIT_REPLY", ...SUPERVISION],
  },
  {
    name: "handling, extension pending",
    state: "handling",
    reach: () => walk(handling(), E.requestExtension()),
    accepts: [
      "RETURN",
      "REQUEST_INFO",
      "SUBMIT_REPLY",
      "APPROVE_EXTENSION",
      "DENY_EXTENSION",
      ...SUPERVISION,
    ],
  },
  {
    name: "handling after PROVIDE_INFO",
    state: "handling",
    reach: () => walk(awaiting(), E.provideInfo()),
    accepts: ["RETURN", "REQUEST_INFO", "REQUEST_EXTENSION", "SUBMIT_REPLY", ...SUPERVISION],
  },
  {
    name: "handling after RETURN_REPLY (round 1)",
    state: "handling",
    reach: () => walk(replyReview(), E.returnReply()),
    accepts: ["RETURN", "REQUEST_INFO", "REQUEST_EXTENSION", "SUBMIT_REPLY", ...SUPERVISION],
  },
  {
    name: "awaiting_submitter in round 2",
    state: "awaiting_submitter",
    reach: () => walk(rehandling(), E.requestInfo()),
    accepts: ["PROVIDE_INFO", ...SUPERVISION],
  },
  {
    name: "rehandling after PROVIDE_INFO",
    state: "rehandling",
    reach: () => walk(rehandling(), E.requestInfo(), E.provideInfo()),
    accepts: ["REQUEST_INFO", "REQUEST_EXTENSION", "SUBMIT_REPLY", ...SUPERVISION],
  },
  {
    name: "rehandling, extension pending",
    state: "rehandling",
    reach: () => walk(rehandling(), E.requestExtension()),
    accepts: ["REQUEST_INFO", "SUBMIT_REPLY", "APPROVE_EXTENSION", "DENY_EXTENSION", ...SUPERVISION],
  },
  {
    name: "rehandling after RETURN_REPLY (round 2)",
    state: "rehandling",
    reach: () => walk(replyReview2(), E.returnReply()),
    accepts: ["REQUEST_INFO", "REQUEST_EXTENSION", "SUBMIT_REPLY", ...SUPERVISION],
  },
  {
    name: "reply_review (round 2)",
    state: "reply_review",
    reach: replyReview2,
    accepts: ["APPROVE_REPLY", "RETURN_REPLY", ...SUPERVISION],
  },
  {
    name: "replied (round 2, not rated)",
    state: "replied",
    reach: replied2,
    accepts: ["FEEDBACK", "RECORD_VISIT", "EXPIRE_FEEDBACK", ...SUPERVISION],
  },
  {
    name: "replied (round 2, rated unsatisfied: awaiting CLOSE)",
    state: "replied",
    reach: awaitingClose,
    accepts: ["CLOSE", ...SUPERVISION],
  },
  {
    name: "closed (unrated: feedback window expired)",
    state: "closed",
    reach: () => walk(replied(), E.expire()),
    accepts: [],
  },
  {
    name: "closed by a supervisor after the last round",
    state: "closed",
    reach: () => walk(awaitingClose(), E.close()),
    accepts: [],
  },
  {
    name: "closed after a visit (回访) rated basically satisfied",
    state: "closed",
    reach: () => walk(replied(), E.visit("basically_satisfied")),
    accepts: [],
  },
];

describe("enterprise machine: model-based state × event table", () => {
  const { count, best } = shortestPathsByState();

  it("the machine's top-level states are exactly the 11 of DESIGN.md for enterprise requests", () => {
    expect(Object.keys(enterpriseMachine.root.states).sort()).toEqual([...ALL_STATES].sort());
  });

  it("the graph traversal (getShortestPaths) reaches all 11 states", () => {
    expect([...best.keys()].sort()).toEqual([...ALL_STATES].sort());
    expect(count).toBeGreaterThan(ALL_STATES.length);
  });

  it.each(ALL_STATES)("shortest path to %s", (state) => {
    const p = best.get(state)!;
    expect(p.steps.map((s) => label(s.event as EnterpriseEvent)).filter((l) => l !== "xstate.init")).toEqual(
      EXPECTED_SHORTEST[state],
    );
  });

  it("the table has one row per state for the graph representatives and names only known event types", () => {
    expect(SHORTEST_ROWS.map((r) => r.state).sort()).toEqual([...ALL_STATES].sort());
    for (const r of [...SHORTEST_ROWS, ...VARIANTS])
      for (const t of r.accepts) expect(enterpriseEventTypes).toContain(t);
    expect(enterpriseEventTypes).toHaveLength(21);
  });

  describe.each(SHORTEST_ROWS)("graph representative: $name", (row) => {
    const snap = best.get(row.state)!.state as Snap;
    it.each(enterpriseEventTypes)(`${row.state} × %s`, (type) => {
      expect(snap.value).toBe(row.state);
      expect(accepts(snap, type)).toBe(row.accepts.includes(type));
    });
  });

  describe.each(VARIANTS)("path representative: $name", (row) => {
    it.each(enterpriseEventTypes)(`${row.state} × %s`, (type) => {
      const snap = row.reach();
      expect(snap.value).toBe(row.state);
      expect(accepts(snap, type)).toBe(row.accepts.includes(type));
    });
  });

  it("the representatives together reach every state, and the whole table matches at once", () => {
    const reached = new Set<string>();
    const mismatches: string[] = [];
    const rows: Array<[Row, Snap]> = [
      ...SHORTEST_ROWS.map((r) => [r, best.get(r.state)!.state as Snap] as [Row, Snap]),
      ...VARIANTS.map((r) => [r, r.reach()] as [Row, Snap]),
    ];
    for (const [row, snap] of rows) {
      reached.add(String(snap.value));
      const got = acceptedTypes(snap);
      if (JSON.stringify([...got].sort()) !== JSON.stringify([...row.accepts].sort()))
        mismatches.push(`${row.name}: ${got.join(",")}`);
    }
    expect(mismatches).toEqual([]);
    expect([...reached].sort()).toEqual([...ALL_STATES].sort());
    expect((SHORTEST_ROWS.length + VARIANTS.length) * enterpriseEventTypes.length).toBe(651);
  });
});

// ---- 2. guards ---------------------------------------------------------------------------------

describe("enterprise machine: guards", () => {
  describe("intake", () => {
    it("ACCEPT sets category, theme and priority; REJECT and MERGE record the outcome", () => {
      const a = walk(submitted(), E.accept("complaint", "urgent", "rights"));
      expect(a.context).toMatchObject({ category: "complaint", theme: "rights", priority: "urgent" });
      expect(walk(submitted(), E.reject()).context.outcome).toBe("rejected");
      const m = walk(submitted(), E.merge());
      expect(m.context).toMatchObject({ outcome: "merged", mergedInto: 99 });
    });

    it("ACCEPT without a theme keeps the theme the request was filed with", () => {
      const filed = start({ ...INPUT, theme: "digital" });
      expect(walk(filed, E.accept("consult", "normal", null)).context.theme).toBe("digital");
      expect(walk(filed, E.accept("consult", "normal", "talent")).context.theme).toBe("talent");
    });

    it("keeps who filed it and through which channel", () => {
      const s = start({ ...INPUT, authorId: 5, channel: "visit" });
      expect(s.context).toMatchObject({ authorId: 5, enterpriseId: ENTERPRISE, channel: "visit", round: 1 });
    });
  });

  describe("SIGN", () => {
    it("only the assigned unit signs, once: assigned → handling", () => {
      refused(assigned(), E.sign(otherHandler));
      refused(assigned(), E.sign(supervisor));
      const s = walk(assigned(), E.sign(unitHead));
      expect(s.value).toBe("handling");
      expect(s.context.unit).toEqual({ departmentId: UNIT, signed: true, returnUntil: UNTIL });
      refused(s, E.sign());
    });
  });

  describe("RETURN (退单)", () => {
    it("is accepted on the last day of the return window and refused the day after", () => {
      expect(walk(assigned(), E.ret(unitHead, UNTIL)).value).toBe("accepted");
      refused(assigned(), E.ret(unitHead, DAY_AFTER_UNTIL));
      // after signing, still only inside the window
      expect(walk(handling(), E.ret(unitHead, UNTIL)).value).toBe("accepted");
      refused(handling(), E.ret(unitHead, DAY_AFTER_UNTIL));
    });

    it("only by the assigned unit", () => {
      refused(assigned(), E.ret(otherHead));
      refused(handling(), E.ret(otherHead));
      refused(assigned(), E.ret(supervisor));
    });

    it("is not possible in rehandling, reply review or later", () => {
      refused(rehandling(), E.ret());
      refused(replyReview(), E.ret());
      refused(replied(), E.ret());
      refused(awaiting(), E.ret());
    });

    it("takes the unit off the case, records the reason and suggestion, and tells the supervisors", () => {
      const [s, notes] = step(assigned(), E.ret());
      expect(s.value).toBe("accepted");
      expect(s.context.unit).toBeNull();
      expect(s.context.returns).toEqual([
        { departmentId: UNIT, reasonCode: "not_our_remit", suggestedDepartmentId: NEW_UNIT, on: TODAY },
      ]);
      expect(notes).toEqual([{ template: "case_returned", to: ["supervisors"] }]);
      // the returning unit can no longer act; the re-dispatched unit can
      const again = walk(s, E.assign(NEW_UNIT));
      refused(again, E.sign(unitHandler));
      expect(walk(again, E.sign(newHandler)).value).toBe("handling");
      // returns accumulate
      const twice = walk(again, E.ret(newHead), E.assign(OTHER_UNIT));
      expect(twice.context.returns.map((r) => r.departmentId)).toEqual([UNIT, NEW_UNIT]);
    });

    it("drops an extension request the returning unit had pending", () => {
      const s = walk(handling(), E.requestExtension(), E.ret());
      expect(s.context.pendingExtension).toBeNull();
      const next = walk(s, E.assign(NEW_UNIT), E.sign(newHandler));
      refused(next, E.approveExtension());
      expect(walk(next, E.requestExtension(newHandler)).context.pendingExtension).not.toBeNull();
    });
  });

  describe("REQUEST_INFO / PROVIDE_INFO (the clock stops)", () => {
    it("REQUEST_INFO only by the assigned unit; it records the day the clock stopped", () => {
      refused(handling(), E.requestInfo(otherHandler));
      const [s, notes] = step(handling(), E.requestInfo(unitHandler, "2025-03-05"));
      expect(s.value).toBe("awaiting_submitter");
      expect(s.hasTag("waiting")).toBe(true);
      expect(s.context.pausedOn).toBe("2025-03-05");
      expect(notes).toEqual([{ template: "information_requested", to: ["enterprise_users"] }]);
    });

    it("PROVIDE_INFO returns to handling in round 1 and clears the pause", () => {
      const [s, notes] = step(awaiting(), E.provideInfo(colleague));
      expect(s.value).toBe("handling");
      expect(s.context.pausedOn).toBeNull();
      expect(notes).toEqual([{ template: "information_provided", to: ["lead_unit"] }]);
    });

    it("PROVIDE_INFO returns to rehandling in round 2", () => {
      const s = walk(rehandling(), E.requestInfo(), E.provideInfo());
      expect(s.value).toBe("rehandling");
      expect(s.context.round).toBe(2);
    });

    it("nothing but the answer (and supervision) moves a paused request", () => {
      refused(awaiting(), E.reply());
      refused(awaiting(), E.requestExtension());
      refused(awaiting(), E.requestInfo());
      refused(handling(), E.provideInfo());
    });
  });

  describe("extensions (延期)", () => {
    it("REQUEST_EXTENSION only by the unit and only one pending; APPROVE counts it, DENY does not", () => {
      refused(handling(), E.requestExtension(otherHandler));
      const s = walk(handling(), E.requestExtension());
      expect(s.context.pendingExtension).toEqual({ until: "2025-03-31", reason: "需协调银行重新评估授信" });
      refused(s, E.requestExtension());
      expect(walk(s, E.approveExtension()).context).toMatchObject({
        pendingExtension: null,
        extensionsGranted: 1,
      });
      expect(walk(s, E.denyExtension()).context).toMatchObject({
        pendingExtension: null,
        extensionsGranted: 0,
      });
      refused(handling(), E.approveExtension());
      refused(handling(), E.denyExtension());
    });
  });

  describe("reply and review", () => {
    it("SUBMIT_REPLY only by the signed unit; records the resolution", () => {
      refused(handling(), E.reply(otherHandler));
      refused(assigned(), E.reply());
      const [s, notes] = step(handling(), E.reply());
      expect(s.value).toBe("reply_review");
      expect(s.context.resolution).toBe("resolved");
      expect(notes).toEqual([{ template: "reply_awaiting_approval", to: ["lead_head"] }]);
    });

    it("APPROVE_REPLY by the unit → replied; RETURN_REPLY back to handling or rehandling by round", () => {
      refused(replyReview(), E.approveReply(otherHead));
      refused(replyReview(), E.returnReply(otherHead));
      const [r, notes] = step(replyReview(), E.approveReply());
      expect(r.value).toBe("replied");
      expect(notes).toEqual([{ template: "reply_released", to: ["enterprise_users", "merged_authors"] }]);
      expect(walk(replyReview(), E.returnReply()).value).toBe("handling");
      expect(walk(replyReview2(), E.returnReply()).value).toBe("rehandling");
    });
  });

  describe("FEEDBACK (企业评价)", () => {
    it("satisfied or basically satisfied → closed with that outcome", () => {
      for (const rating of ["satisfied", "basically_satisfied"] as const) {
        const [s, notes] = step(replied(), E.feedback(rating));
        expect(s.value).toBe("closed");
        expect(s.status).toBe("done");
        expect(s.context).toMatchObject({ rating, outcome: rating, round: 1 });
        expect(notes).toEqual([{ template: "feedback_received", to: ["lead_unit"] }]);
      }
    });

    it("unsatisfied with rounds left → rehandling: round 2, rating cleared, the unit told", () => {
      const [s, notes] = step(replied(), E.feedback("unsatisfied"));
      expect(s.value).toBe("rehandling");
      expect(s.context).toMatchObject({ round: 2, rating: null, outcome: null, awaitingClose: false });
      expect(s.context.unit).toMatchObject({ departmentId: UNIT, signed: true });
      expect(notes).toEqual([{ template: "rehandling_required", to: ["lead_unit", "supervisors"] }]);
    });

    it("unsatisfied in the last round → stays replied, awaiting a supervisor's CLOSE", () => {
      const [s, notes] = step(replied2(), E.feedback("unsatisfied"));
      expect(s.value).toBe("replied");
      expect(s.context).toMatchObject({
        round: 2,
        rating: "unsatisfied",
        awaitingClose: true,
        outcome: null,
      });
      expect(notes).toEqual([{ template: "closing_decision_needed", to: ["supervisors"] }]);
    });

    it("with maxRounds 1 the first unsatisfied rating already awaits CLOSE", () => {
      const s = walk(replied({ ...INPUT, maxRounds: 1 }), E.feedback("unsatisfied"));
      expect(s.value).toBe("replied");
      expect(s.context.awaitingClose).toBe(true);
    });

    it("once per round: a second FEEDBACK, a visit or the expiry is refused after the rating", () => {
      const s = awaitingClose();
      for (const r of RATINGS) {
        refused(s, E.feedback(r));
        refused(s, E.visit(r));
      }
      refused(s, E.expire());
    });

    it("a satisfied rating in round 2 closes as satisfied", () => {
      expect(walk(replied2(), E.feedback("satisfied")).context).toMatchObject({
        outcome: "satisfied",
        round: 2,
      });
    });

    it("is refused before the reply is released", () => {
      refused(replyReview(), E.feedback("satisfied"));
      refused(rehandling(), E.feedback("satisfied"));
    });
  });

  describe("RECORD_VISIT (回访) stands for the feedback", () => {
    it("satisfied → closed; unsatisfied with rounds left → rehandling; in the last round → awaiting CLOSE", () => {
      const [c, notes] = step(replied(), E.visit("satisfied"));
      expect(c.value).toBe("closed");
      expect(c.context.outcome).toBe("satisfied");
      expect(notes).toEqual([{ template: "visit_recorded", to: ["lead_unit"] }]);
      expect(walk(replied(), E.visit("unsatisfied")).value).toBe("rehandling");
      const last = walk(replied2(), E.visit("unsatisfied"));
      expect(last.value).toBe("replied");
      expect(last.context.awaitingClose).toBe(true);
    });
  });

  describe("CLOSE", () => {
    it("only after an unsatisfied rating in the last round", () => {
      refused(replied(), E.close());
      refused(replied2(), E.close());
      refused(rehandling(), E.close());
      refused(handling(), E.close());
      const [s, notes] = step(awaitingClose(), E.close());
      expect(s.value).toBe("closed");
      expect(s.context).toMatchObject({ outcome: "unsatisfied", rating: "unsatisfied" });
      expect(notes).toEqual([{ template: "request_closed", to: ["enterprise_users", "lead_unit"] }]);
    });
  });

  describe("EXPIRE_FEEDBACK", () => {
    it("closes an unrated reply as 'unrated', never as satisfied, and notifies nobody", () => {
      const [s, notes] = step(replied(), E.expire());
      expect(s.value).toBe("closed");
      expect(s.context).toMatchObject({ outcome: "unrated", rating: null });
      expect(notes).toEqual([]);
      expect(walk(replied2(), E.expire()).context.outcome).toBe("unrated");
    });

    it("is refused anywhere else", () => {
      refused(rehandling(), E.expire());
      refused(replyReview(), E.expire());
      refused(awaiting(), E.expire());
    });
  });

  describe("final states accept nothing", () => {
    const finals: Array<[string, () => Snap]> = [
      ["rejected", () => walk(submitted(), E.reject())],
      ["merged", () => walk(submitted(), E.merge())],
      ["closed (satisfied)", () => walk(replied(), E.feedback("satisfied"))],
      ["closed (unrated)", () => walk(replied(), E.expire())],
      ["closed (CLOSE)", () => walk(awaitingClose(), E.close())],
    ];
    it.each(finals)("%s", (_name, reach) => {
      const s = reach();
      expect(FINAL_STATES).toContain(s.value);
      expect(s.status).toBe("done");
      expect(s.hasTag("done")).toBe(true);
      for (const type of enterpriseEventTypes) for (const e of candidates(type)) refused(s, e);
    });
  });

  it("supervision (FLAG_KEY, REMIND, SUPERVISE) never changes the state", () => {
    for (const make of [accepted, assigned, handling, awaiting, replyReview, replied, rehandling]) {
      const s = make();
      const flagged = walk(s, E.flagKey(), E.remind(), E.supervise());
      expect(flagged.value).toBe(s.value);
      expect(flagged.context).toEqual({ ...s.context, isKey: true });
    }
    refused(submitted(), E.remind());
    refused(submitted(), E.supervise());
  });
});

// ---- 3. persistence ----------------------------------------------------------------------------

describe("enterprise machine: persisted snapshot round-trip", () => {
  const restore = (s: Snap): Snap => {
    const json = JSON.stringify(enterpriseMachine.getPersistedSnapshot(s));
    const p = JSON.parse(json) as { value: Snap["value"]; context: EnterpriseContext };
    return enterpriseMachine.resolveState({ value: p.value, context: p.context });
  };

  const reps: Array<[string, () => Snap]> = [
    ["submitted", submitted],
    ["accepted after a return", () => walk(assigned(), E.ret())],
    ["assigned", assigned],
    ["handling, extension pending", () => walk(handling(), E.requestExtension())],
    ["awaiting_submitter", awaiting],
    ["reply_review", replyReview],
    ["replied", replied],
    ["rehandling", rehandling],
    ["replied, awaiting CLOSE", awaitingClose],
    ["closed unrated", () => walk(replied(), E.expire())],
  ];

  it.each(reps)("%s: restored snapshot has the same value, context and accepted events", (_n, reach) => {
    const s = reach();
    const r = restore(s);
    expect(r.value).toEqual(s.value);
    expect(r.context).toEqual(s.context);
    expect(r.status).toBe(s.status);
    for (const type of enterpriseEventTypes)
      for (const e of candidates(type))
        expect(r.can(e as never), `${type} from ${e.actor.role}`).toBe(s.can(e as never));
  });
});

// ---- 4. permission table -----------------------------------------------------------------------

describe("enterprise permissions", () => {
  const relations = {
    authorId: AUTHOR,
    enterpriseId: ENTERPRISE,
    units: [{ departmentId: UNIT, role: "lead" as const }],
  };

  const COLUMNS: Array<[string, Actor]> = [
    ["entUser", entUser],
    ["colleague", colleague],
    ["otherEntUser", otherEntUser],
    ["unitHandler", unitHandler],
    ["unitHead", unitHead],
    ["otherHandler", otherHandler],
    ["otherHead", otherHead],
    ["supervisor", supervisor],
    ["admin", admin],
    ["delegate", delegate],
    ["system", system],
  ];

  const V: Record<string, PermissionVerdict> = { o: "ok", r: "role", x: "relation" };
  //                   entUser colleague otherEnt unitH unitHead otherH otherHead sup admin delegate system
  const SUPERVISOR_ROW = "r r r r r r r o r r r";
  const UNIT_STAFF_ROW = "r r r o o x x r r r r";
  const UNIT_HEAD_ROW = "r r r r o r x r r r r";
  const ENTERPRISE_ROW = "o o x r r r r r r r r";
  const TABLE: Record<EnterpriseEventType, string> = {
    ACCEPT: SUPERVISOR_ROW,
    REJECT: SUPERVISOR_ROW,
    MERGE: SUPERVISOR_ROW,
    ASSIGN: SUPERVISOR_ROW,
    APPROVE_EXTENSION: SUPERVISOR_ROW,
    DENY_EXTENSION: SUPERVISOR_ROW,
    RECORD_VISIT: SUPERVISOR_ROW,
    CLOSE: SUPERVISOR_ROW,
    FLAG_KEY: SUPERVISOR_ROW,
    REMIND: SUPERVISOR_ROW,
    SUPERVISE: SUPERVISOR_ROW,
    SIGN: UNIT_STAFF_ROW,
    REQUEST_INFO: UNIT_STAFF_ROW,
    REQUEST_EXTENSION: UNIT_STAFF_ROW,
    SUBMIT_REPLY: UNIT_STAFF_ROW,
    RETURN: UNIT_HEAD_ROW,
    APPROVE_REPLY: UNIT_HEAD_ROW,
    RETURN_REPLY: UNIT_HEAD_ROW,
    PROVIDE_INFO: ENTERPRISE_ROW,
    FEEDBACK: ENTERPRISE_ROW,
    EXPIRE_FEEDBACK: "r r r r r r r r r r o",
  };

  it("every event type has exactly one row, in the table and in enterprisePermissions", () => {
    expect(Object.keys(enterprisePermissions).sort()).toEqual([...enterpriseEventTypes].sort());
    expect(Object.keys(TABLE).sort()).toEqual([...enterpriseEventTypes].sort());
  });

  describe.each(enterpriseEventTypes)("%s", (type) => {
    const cells = TABLE[type].split(" ");
    it.each(COLUMNS.map(([name, actor], i) => [name, actor, V[cells[i]]] as const))(
      "%s → %s",
      (_name, actor, expected) => {
        expect(cells).toHaveLength(COLUMNS.length);
        expect(checkPermission(enterprisePermissions[type], actor, relations)).toBe(expected);
      },
    );
  });

  it("a request filed by staff on the enterprise's behalf is still the enterprise's to answer and rate", () => {
    const filedByStaff = { ...relations, authorId: supervisor.userId! };
    expect(checkPermission(enterprisePermissions.PROVIDE_INFO, entUser, filedByStaff)).toBe("ok");
    expect(checkPermission(enterprisePermissions.FEEDBACK, colleague, filedByStaff)).toBe("ok");
    expect(checkPermission(enterprisePermissions.FEEDBACK, otherEntUser, filedByStaff)).toBe("relation");
    expect(checkPermission(enterprisePermissions.FEEDBACK, supervisor, filedByStaff)).toBe("role");
  });

  it("an enterprise user without an enterprise never matches a request without one", () => {
    const orphan: Actor = { ...person(9, "enterprise"), enterpriseId: null };
    expect(
      checkPermission(enterprisePermissions.PROVIDE_INFO, orphan, { ...relations, enterpriseId: null }),
    ).toBe("relation");
  });

  it("relations follow the machine's current unit after a return and re-dispatch", () => {
    const s = walk(assigned(), E.ret(), E.assign(NEW_UNIT));
    const now = {
      authorId: AUTHOR,
      enterpriseId: ENTERPRISE,
      units: s.context.unit ? [{ departmentId: s.context.unit.departmentId, role: "lead" as const }] : [],
    };
    expect(checkPermission(enterprisePermissions.SIGN, newHandler, now)).toBe("ok");
    expect(checkPermission(enterprisePermissions.SIGN, unitHandler, now)).toBe("relation");
    expect(checkPermission(enterprisePermissions.RETURN, newHead, now)).toBe("ok");
  });
});
