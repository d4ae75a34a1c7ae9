import { describe, expect, it } from "vitest";
import { initialTransition, type SnapshotFrom, transition } from "xstate";
import { getShortestPaths } from "xstate/graph";
import { checkPermission, type PermissionVerdict } from "../../workflows/permissions";
import { type ProposalEventType, proposalEventTypes } from "../../workflows/proposal/events";
import {
  type ProposalContext,
  type ProposalEvent,
  type ProposalInput,
  proposalMachine,
} from "../../workflows/proposal/machine";
import { proposalPermissions } from "../../workflows/proposal/permissions";
import type { Actor, EngineFields, NotifyParams } from "../../workflows/types";

/*
 * The proposal machine, driven only through xstate's pure functions (initialTransition,
 * transition, snapshot.can). No database, no engine: events carry what the engine would add
 * (actor, today, at, and number/sessionLabel for ACCEPT, objectionUntil for ASSIGN/REASSIGN).
 */

type Snap = SnapshotFrom<typeof proposalMachine>;
type Payload<K extends ProposalEventType> = Omit<
  Extract<ProposalEvent, { type: K }>,
  "type" | keyof EngineFields
>;

const AUTHOR = 1;
const COSIGNER = 2;
const LEAD = 10;
const CO = 20;
const NEW_UNIT = 30;
const OUTSIDER = 40;

const TODAY = "2025-03-03";
/** the objection window the engine would compute for an ASSIGN on TODAY */
const UNTIL = "2025-03-10";
const DAY_AFTER_UNTIL = "2025-03-11";

const person = (userId: number | null, role: Actor["role"], departmentId: number | null = null): Actor => ({
  userId,
  role,
  departmentId,
  enterpriseId: null,
});

const author = person(AUTHOR, "delegate");
const cosigner = person(COSIGNER, "delegate");
const supervisor = person(5, "supervisor");
const admin = person(6, "admin");
const enterpriseUser = { ...person(7, "enterprise"), enterpriseId: 3 };
const system = person(null, "system");
const leadHandler = person(11, "handler", LEAD);
const leadHead = person(12, "dept_head", LEAD);
const coHandler = person(21, "handler", CO);
const coHead = person(22, "dept_head", CO);
const newHandler = person(31, "handler", NEW_UNIT);
const newHead = person(32, "dept_head", NEW_UNIT);
const outsiderHandler = person(41, "handler", OUTSIDER);
const outsiderHead = person(42, "dept_head", OUTSIDER);

function ev<K extends ProposalEventType>(
  type: K,
  actor: Actor,
  payload: Payload<K>,
  today = TODAY,
): ProposalEvent {
  return { type, ...payload, actor, today, at: `${today}T02:00:00.000Z` } as unknown as ProposalEvent;
}

// ---- the events people send, with realistic payloads -------------------------------------------

const E = {
  updateDraft: () =>
    ev("UPDATE_DRAFT", author, {
      title: "关于加快老旧小区加装电梯的建议",
      measures: undefined,
      cosignerIds: [COSIGNER],
    }),
  submit: () => ev("SUBMIT", author, {}),
  withdraw: () => ev("WITHDRAW", author, { reason: "另行提出" }),
  accept: () => ev("ACCEPT", supervisor, { number: 7, sessionLabel: "十四届三次" }),
  reject: () => ev("REJECT", supervisor, { reason: "不属于提案范围" }),
  returnForRevision: () => ev("RETURN_FOR_REVISION", supervisor, { reason: "请补充具体建议" }),
  merge: () => ev("MERGE", supervisor, { intoCaseId: 99 }),
  assign: (coDepartmentIds: number[] = [CO], objectionUntil = UNTIL) =>
    ev("ASSIGN", supervisor, { leadDepartmentId: LEAD, coDepartmentIds, objectionUntil }),
  sign: (a: Actor, today = TODAY) => ev("SIGN", a, {}, today),
  object: (a: Actor, today = TODAY) => ev("OBJECT", a, { reason: "不属于本单位职责" }, today),
  reassign: (leadDepartmentId: number, coDepartmentIds: number[], objectionUntil = "2025-03-20") =>
    ev("REASSIGN", supervisor, { leadDepartmentId, coDepartmentIds, objectionUntil, note: undefined }),
  dismiss: (departmentId?: number) =>
    ev("DISMISS_OBJECTION", supervisor, { reason: "职责明确，维持交办", departmentId }),
  contact: (a: Actor = leadHandler) =>
    ev("RECORD_CONTACT", a, { date: TODAY, method: "phone", summary: "电话沟通办理思路" }),
  opinion: (a: Actor = coHandler) => ev("SUBMIT_OPINION", a, { body: "会办意见：同意牵头单位方案" }),
  waive: (departmentId: number = CO) =>
    ev("WAIVE_OPINION", supervisor, { departmentId, reason: "会办单位已撤销" }),
  requestExtension: (a: Actor = leadHandler) =>
    ev("REQUEST_EXTENSION", a, { until: "2025-09-01", reason: "需跨年度预算" }),
  approveExtension: () => ev("APPROVE_EXTENSION", supervisor, { note: undefined }),
  denyExtension: () => ev("DENY_EXTENSION", supervisor, { reason: "理由不充分" }),
  reply: (a: Actor = leadHandler) =>
    ev("SUBMIT_REPLY", a, {
      classification: "B",
      body: "已列入明年计划",
      contactName: "张三",
      contactPhone: "0571-8888 8888",
      commitments: [{ text: "年底前完成试点", dueDate: "2025-12-31" }],
    }),
  approveReply: (a: Actor = leadHead) => ev("APPROVE_REPLY", a, { note: undefined }),
  returnReply: (a: Actor = leadHead) => ev("RETURN_REPLY", a, { reason: "答复过于笼统" }),
  evaluate: (result: "satisfied" | "basically_satisfied" | "unsatisfied", a: Actor = author) =>
    ev("EVALUATE", a, { attitude: "satisfied", result, comment: undefined }),
  flagKey: () => ev("FLAG_KEY", supervisor, { isKey: true }),
  remind: () => ev("REMIND", supervisor, { message: "请抓紧办理" }),
  supervise: () => ev("SUPERVISE", supervisor, { message: "督办通知", respondBy: "2025-04-01" }),
  expire: () => ev("EXPIRE_EVALUATION", system, {}),
};

/**
 * Every plausible sender of each event type, for the units of the standard assignment (LEAD, CO).
 * A cell of the table below says whether the machine accepts SOME event of that type.
 */
function candidates(type: ProposalEventType): ProposalEvent[] {
  switch (type) {
    case "UPDATE_DRAFT":
      return [E.updateDraft()];
    case "SUBMIT":
      return [E.submit()];
    case "WITHDRAW":
      return [E.withdraw()];
    case "ACCEPT":
      return [E.accept()];
    case "REJECT":
      return [E.reject()];
    case "RETURN_FOR_REVISION":
      return [E.returnForRevision()];
    case "MERGE":
      return [E.merge()];
    case "ASSIGN":
      return [E.assign()];
    case "SIGN":
      return [E.sign(leadHandler), E.sign(coHandler)];
    case "OBJECT":
      return [E.object(leadHead), E.object(coHead)];
    case "REASSIGN":
      return [E.reassign(CO, [LEAD])];
    case "DISMISS_OBJECTION":
      return [E.dismiss()];
    case "RECORD_CONTACT":
      return [E.contact(leadHandler), E.contact(coHandler)];
    case "SUBMIT_OPINION":
      return [E.opinion(leadHandler), E.opinion(coHandler)];
    case "WAIVE_OPINION":
      return [E.waive(LEAD), E.waive(CO)];
    case "REQUEST_EXTENSION":
      return [E.requestExtension(leadHandler), E.requestExtension(coHandler)];
    case "APPROVE_EXTENSION":
      return [E.approveExtension()];
    case "DENY_EXTENSION":
      return [E.denyExtension()];
    case "SUBMIT_REPLY":
      return [E.reply(leadHandler), E.reply(coHandler)];
    case "APPROVE_REPLY":
      return [E.approveReply(leadHead), E.approveReply(coHead)];
    case "RETURN_REPLY":
      return [E.returnReply(leadHead), E.returnReply(coHead)];
    case "EVALUATE":
      return [E.evaluate("satisfied"), E.evaluate("basically_satisfied"), E.evaluate("unsatisfied")];
    case "FLAG_KEY":
      return [E.flagKey()];
    case "REMIND":
      return [E.remind()];
    case "SUPERVISE":
      return [E.supervise()];
    case "EXPIRE_EVALUATION":
      return [E.expire()];
  }
}

const accepts = (s: Snap, type: ProposalEventType) => candidates(type).some((e) => s.can(e as never));
const acceptedTypes = (s: Snap) => proposalEventTypes.filter((t) => accepts(s, t));

// ---- walking -----------------------------------------------------------------------------------

const INPUT: ProposalInput = { authorId: AUTHOR, maxRounds: 2, requireContact: true };

const start = (input: ProposalInput = INPUT): Snap => initialTransition(proposalMachine, input)[0];

/** Sends one event that must be accepted; returns the next snapshot and the notifications. */
function step(s: Snap, e: ProposalEvent): [Snap, NotifyParams[]] {
  expect(s.can(e as never), `${String(s.value)} should accept ${e.type} from ${e.actor.role}`).toBe(true);
  const [next, actions] = transition(proposalMachine, s, e as never);
  const notes = (actions as Array<{ type: string; params?: unknown }>)
    .filter((a) => a.type === "notify")
    .map((a) => a.params as NotifyParams);
  return [next, notes];
}

function walk(s: Snap, ...events: ProposalEvent[]): Snap {
  return events.reduce((acc, e) => step(acc, e)[0], s);
}

/** Sends one event that must be refused: `can` says no and `transition` changes nothing. */
function refused(s: Snap, e: ProposalEvent) {
  expect(s.can(e as never), `${String(s.value)} should refuse ${e.type} from ${e.actor.role}`).toBe(false);
  const [next, actions] = transition(proposalMachine, s, e as never);
  expect(next.value).toEqual(s.value);
  expect(next.context).toEqual(s.context);
  expect(actions.filter((a) => a.type === "notify")).toEqual([]);
}

const unitOf = (s: Snap, departmentId: number) =>
  s.context.assignments.find((a) => a.departmentId === departmentId);

const submitted = (input?: ProposalInput) => walk(start(input), E.submit());
const accepted = (input?: ProposalInput) => walk(submitted(input), E.accept());
const assigned = (input?: ProposalInput) => walk(accepted(input), E.assign());
const handling = (input?: ProposalInput) => walk(assigned(input), E.sign(leadHandler));
/** co unit signed and gave its opinion, lead recorded a contact: SUBMIT_REPLY is possible */
const readyToReply = (input?: ProposalInput) =>
  walk(handling(input), E.sign(coHandler), E.opinion(), E.contact());
const replyReview = (input?: ProposalInput) => walk(readyToReply(input), E.reply());
const replied = (input?: ProposalInput) => walk(replyReview(input), E.approveReply());
const rehandling = (input?: ProposalInput) => walk(replied(input), E.evaluate("unsatisfied"));
const replyReview2 = () => walk(rehandling(), E.contact(), E.reply());
const replied2 = () => walk(replyReview2(), E.approveReply());

const ALL_STATES = [
  "draft",
  "submitted",
  "accepted",
  "rejected",
  "merged",
  "withdrawn",
  "assigned",
  "handling",
  "reply_review",
  "replied",
  "rehandling",
  "closed",
] as const;
type StateName = (typeof ALL_STATES)[number];
const FINAL_STATES: StateName[] = ["rejected", "merged", "withdrawn", "closed"];

// ---- 1. model-based exhaustive table -----------------------------------------------------------

/** Abstraction of a snapshot for graph traversal: everything the guards read, nothing unbounded. */
function abstractState(s: Snap): string {
  const c: ProposalContext = s.context;
  return JSON.stringify({
    v: s.value,
    units: c.assignments.map((a) => [a.departmentId, a.role, a.signed, a.objection !== null, a.opinion]),
    round: c.round,
    contacted: c.contactsThisRound > 0,
    ext: c.pendingExtension !== null,
    outcome: c.outcome,
  });
}

/** Short label of an event for path assertions: type, plus the sending unit or the result. */
function label(e: ProposalEvent): string {
  if (!(e as { actor?: Actor }).actor) return e.type; // xstate.init
  if (e.type === "EVALUATE") return `EVALUATE:${e.result}`;
  if (e.type === "REASSIGN") return `REASSIGN:${e.leadDepartmentId}`;
  if (e.type === "WAIVE_OPINION") return `WAIVE_OPINION:${e.departmentId}`;
  return e.actor.departmentId ? `${e.type}@${e.actor.departmentId}` : e.type;
}

function shortestPathsByState() {
  const paths = getShortestPaths(proposalMachine, {
    input: INPUT,
    events: () => proposalEventTypes.flatMap(candidates),
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

/**
 * The shortest way to each state through the graph (hand-checked against DESIGN.md): this pins
 * the context of each graph-derived representative that the table below is written for.
 */
const EXPECTED_SHORTEST: Record<StateName, string[]> = {
  draft: [],
  withdrawn: ["WITHDRAW"],
  submitted: ["SUBMIT"],
  rejected: ["SUBMIT", "REJECT"],
  merged: ["SUBMIT", "MERGE"],
  accepted: ["SUBMIT", "ACCEPT"],
  assigned: ["SUBMIT", "ACCEPT", "ASSIGN"],
  handling: ["SUBMIT", "ACCEPT", "ASSIGN", "SIGN@10"],
  reply_review: [
    "SUBMIT",
    "ACCEPT",
    "ASSIGN",
    "SIGN@10",
    "RECORD_CONTACT@10",
    "WAIVE_OPINION:20",
    "SUBMIT_REPLY@10",
  ],
  replied: [
    "SUBMIT",
    "ACCEPT",
    "ASSIGN",
    "SIGN@10",
    "RECORD_CONTACT@10",
    "WAIVE_OPINION:20",
    "SUBMIT_REPLY@10",
    "APPROVE_REPLY@10",
  ],
  closed: [
    "SUBMIT",
    "ACCEPT",
    "ASSIGN",
    "SIGN@10",
    "RECORD_CONTACT@10",
    "WAIVE_OPINION:20",
    "SUBMIT_REPLY@10",
    "APPROVE_REPLY@10",
    "EVALUATE:satisfied",
  ],
  rehandling: [
    "SUBMIT",
    "ACCEPT",
    "ASSIGN",
    "SIGN@10",
    "RECORD_CONTACT@10",
    "WAIVE_OPINION:20",
    "SUBMIT_REPLY@10",
    "APPROVE_REPLY@10",
    "EVALUATE:unsatisfied",
  ],
};

const SUPERVISION: ProposalEventType[] = ["FLAG_KEY", "REMIND", "SUPERVISE"];

interface Row {
  name: string;
  state: StateName;
  /** every event type NOT listed must be refused */
  accepts: ProposalEventType[];
}

/** Expected table for the graph's shortest-path representative of each state. */
const SHORTEST_ROWS: Row[] = [
  { name: "draft (initial)", state: "draft", accepts: ["UPDATE_DRAFT", "SUBMIT", "WITHDRAW"] },
  {
    name: "submitted",
    state: "submitted",
    accepts: ["ACCEPT", "REJECT", "RETURN_FOR_REVISION", "MERGE", "WITHDRAW", "FLAG_KEY"],
  },
  { name: "accepted", state: "accepted", accepts: ["ASSIGN", "MERGE", ...SUPERVISION] },
  { name: "rejected", state: "rejected", accepts: [] },
  { name: "merged", state: "merged", accepts: [] },
  { name: "withdrawn", state: "withdrawn", accepts: [] },
  {
    name: "assigned (nobody signed, window open)",
    state: "assigned",
    accepts: ["SIGN", "OBJECT", "REASSIGN", ...SUPERVISION],
  },
  {
    name: "handling (lead signed, co unsigned, no contact)",
    state: "handling",
    accepts: [
      "SIGN",
      "OBJECT",
      "REASSIGN",
      "RECORD_CONTACT",
      "WAIVE_OPINION",
      "REQUEST_EXTENSION",
      ...SUPERVISION,
    ],
  },
  {
    name: "reply_review (round 1)",
    state: "reply_review",
    accepts: ["APPROVE_REPLY", "RETURN_REPLY", ...SUPERVISION],
  },
  { name: "replied (round 1)", state: "replied", accepts: ["EVALUATE", "EXPIRE_EVALUATION", ...SUPERVISION] },
  {
    name: "rehandling (round 2, no contact yet)",
    state: "rehandling",
    accepts: ["RECORD_CONTACT", "REQUEST_EXTENSION", ...SUPERVISION],
  },
  { name: "closed (satisfied)", state: "closed", accepts: [] },
];

/** Further representatives with other contexts, reached by explicit paths. */
const VARIANTS: Array<Row & { reach: () => Snap }> = [
  {
    name: "draft after RETURN_FOR_REVISION",
    state: "draft",
    reach: () => walk(submitted(), E.returnForRevision()),
    accepts: ["UPDATE_DRAFT", "SUBMIT", "WITHDRAW"],
  },
  {
    name: "submitted, flagged key",
    state: "submitted",
    reach: () => walk(submitted(), E.flagKey()),
    accepts: ["ACCEPT", "REJECT", "RETURN_FOR_REVISION", "MERGE", "WITHDRAW", "FLAG_KEY"],
  },
  {
    name: "merged after acceptance",
    state: "merged",
    reach: () => walk(accepted(), E.merge()),
    accepts: [],
  },
  {
    name: "withdrawn from submitted",
    state: "withdrawn",
    reach: () => walk(submitted(), E.withdraw()),
    accepts: [],
  },
  {
    name: "assigned, co signed and objected",
    state: "assigned",
    reach: () => walk(assigned(), E.sign(coHandler), E.object(coHead)),
    accepts: ["SIGN", "OBJECT", "REASSIGN", "DISMISS_OBJECTION", ...SUPERVISION],
  },
  {
    name: "assigned, both units objected",
    state: "assigned",
    reach: () => walk(assigned(), E.object(leadHead), E.object(coHead)),
    accepts: ["SIGN", "REASSIGN", "DISMISS_OBJECTION", ...SUPERVISION],
  },
  {
    name: "assigned, lead only, objected",
    state: "assigned",
    reach: () => walk(accepted(), E.assign([]), E.object(leadHead)),
    accepts: ["SIGN", "REASSIGN", "DISMISS_OBJECTION", ...SUPERVISION],
  },
  {
    name: "handling, ready to reply",
    state: "handling",
    reach: readyToReply,
    accepts: ["OBJECT", "REASSIGN", "RECORD_CONTACT", "REQUEST_EXTENSION", "SUBMIT_REPLY", ...SUPERVISION],
  },
  {
    name: "handling, lead objected, extension pending, co signed",
    state: "handling",
    reach: () => walk(handling(), E.object(leadHead), E.requestExtension(), E.sign(coHandler)),
    accepts: [
      "OBJECT",
      "REASSIGN",
      "DISMISS_OBJECTION",
      "RECORD_CONTACT",
      "SUBMIT_OPINION",
      "WAIVE_OPINION",
      "APPROVE_EXTENSION",
      "DENY_EXTENSION",
      ...SUPERVISION,
    ],
  },
  {
    name: "handling after RETURN_REPLY (round 1)",
    state: "handling",
    reach: () => walk(replyReview(), E.returnReply()),
    accepts: ["OBJECT", "REASSIGN", "RECORD_CONTACT", "REQUEST_EXTENSION", "SUBMIT_REPLY", ...SUPERVISION],
  },
  {
    name: "rehandling, contacted, extension pending",
    state: "rehandling",
    reach: () => walk(rehandling(), E.contact(), E.requestExtension()),
    accepts: ["RECORD_CONTACT", "SUBMIT_REPLY", "APPROVE_EXTENSION", "DENY_EXTENSION", ...SUPERVISION],
  },
  {
    name: "reply_review (round 2)",
    state: "reply_review",
    reach: replyReview2,
    accepts: ["APPROVE_REPLY", "RETURN_REPLY", ...SUPERVISION],
  },
  {
    name: "replied (round 2)",
    state: "replied",
    reach: replied2,
    accepts: ["EVALUATE", "EXPIRE_EVALUATION", ...SUPERVISION],
  },
  {
    name: "closed (unsatisfied, no rounds left)",
    state: "closed",
    reach: () => walk(replied2(), E.evaluate("unsatisfied")),
    accepts: [],
  },
  {
    name: "closed (unevaluated)",
    state: "closed",
    reach: () => walk(replied(), E.expire()),
    accepts: [],
  },
];

describe("proposal machine: model-based state × event table", () => {
  const { count, best } = shortestPathsByState();

  it("the machine's top-level states are exactly the 12 of DESIGN.md", () => {
    expect(Object.keys(proposalMachine.root.states).sort()).toEqual([...ALL_STATES].sort());
  });

  it("the graph traversal (getShortestPaths) reaches all 12 states", () => {
    expect([...best.keys()].sort()).toEqual([...ALL_STATES].sort());
    expect(count).toBeGreaterThan(ALL_STATES.length);
  });

  it.each(ALL_STATES)("shortest path to %s", (state) => {
    const p = best.get(state)!;
    expect(p.steps.map((s) => label(s.event as ProposalEvent)).filter((l) => l !== "xstate.init")).toEqual(
      EXPECTED_SHORTEST[state],
    );
  });

  it("the table has one row per state for the graph representatives and names only known event types", () => {
    expect(SHORTEST_ROWS.map((r) => r.state).sort()).toEqual([...ALL_STATES].sort());
    for (const r of [...SHORTEST_ROWS, ...VARIANTS]) {
      for (const t of r.accepts) expect(proposalEventTypes).toContain(t);
    }
    expect(proposalEventTypes).toHaveLength(26);
  });

  describe.each(SHORTEST_ROWS)("graph representative: $name", (row) => {
    const snap = best.get(row.state)!.state as Snap;
    it.each(proposalEventTypes)(`${row.state} × %s`, (type) => {
      expect(snap.value).toBe(row.state);
      expect(accepts(snap, type)).toBe(row.accepts.includes(type));
    });
  });

  describe.each(VARIANTS)("path representative: $name", (row) => {
    it.each(proposalEventTypes)(`${row.state} × %s`, (type) => {
      const snap = row.reach();
      expect(snap.value).toBe(row.state);
      expect(accepts(snap, type)).toBe(row.accepts.includes(type));
    });
  });

  it("the representatives together reach every state, and the whole table matches at once", () => {
    const reached = new Set<string>();
    const mismatches: string[] = [];
    for (const row of SHORTEST_ROWS) {
      const snap = best.get(row.state)!.state as Snap;
      reached.add(String(snap.value));
      const got = acceptedTypes(snap);
      if (JSON.stringify(got.sort()) !== JSON.stringify([...row.accepts].sort()))
        mismatches.push(`${row.name}: ${got.join(",")}`);
    }
    for (const row of VARIANTS) {
      const snap = row.reach();
      reached.add(String(snap.value));
      const got = acceptedTypes(snap);
      if (JSON.stringify(got.sort()) !== JSON.stringify([...row.accepts].sort()))
        mismatches.push(`${row.name}: ${got.join(",")}`);
    }
    expect(mismatches).toEqual([]);
    expect([...reached].sort()).toEqual([...ALL_STATES].sort());
    expect((SHORTEST_ROWS.length + VARIANTS.length) * proposalEventTypes.length).toBe(702);
  });
});

// ---- 2. guards ---------------------------------------------------------------------------------

describe("proposal machine: guards", () => {
  describe("intake", () => {
    it("a draft can be edited, submitted or withdrawn; nothing else", () => {
      const d = start();
      expect(d.value).toBe("draft");
      const [edited, notes] = step(d, E.updateDraft());
      expect(edited.value).toBe("draft");
      expect(edited.context).toEqual(d.context);
      expect(notes).toEqual([]);
      expect(walk(d, E.submit()).value).toBe("submitted");
      const w = walk(d, E.withdraw());
      expect(w.value).toBe("withdrawn");
      expect(w.context.outcome).toBe("withdrawn");
      refused(d, E.accept());
    });

    it("ACCEPT stores the number and session; REJECT and MERGE record the outcome", () => {
      const a = walk(submitted(), E.accept());
      expect(a.context).toMatchObject({ number: 7, sessionLabel: "十四届三次" });
      expect(walk(submitted(), E.reject()).context.outcome).toBe("rejected");
      const m = walk(submitted(), E.merge());
      expect(m.context).toMatchObject({ outcome: "merged", mergedInto: 99 });
    });

    it("WITHDRAW only before acceptance", () => {
      expect(walk(submitted(), E.withdraw()).value).toBe("withdrawn");
      refused(accepted(), E.withdraw());
    });
  });

  describe("SIGN", () => {
    it("the lead's sign moves assigned → handling", () => {
      const s = walk(assigned(), E.sign(leadHandler));
      expect(s.value).toBe("handling");
      expect(unitOf(s, LEAD)?.signed).toBe(true);
      expect(unitOf(s, CO)?.signed).toBe(false);
    });

    it("a co-unit's sign stays in assigned", () => {
      const s = walk(assigned(), E.sign(coHandler));
      expect(s.value).toBe("assigned");
      expect(unitOf(s, CO)?.signed).toBe(true);
      expect(unitOf(s, LEAD)?.signed).toBe(false);
      refused(s, E.sign(coHead)); // already signed
      expect(walk(s, E.sign(leadHead)).value).toBe("handling");
    });

    it("a co unit may still sign in handling, the lead may not sign twice", () => {
      const h = handling();
      refused(h, E.sign(leadHandler));
      const s = walk(h, E.sign(coHandler));
      expect(s.value).toBe("handling");
      expect(unitOf(s, CO)?.signed).toBe(true);
    });

    it("a unit that is not assigned cannot sign", () => {
      refused(assigned(), E.sign(outsiderHandler));
      refused(assigned(), E.sign(supervisor));
      refused(handling(), E.sign(outsiderHead));
    });
  });

  describe("OBJECT (申请调整)", () => {
    it("is accepted on the last day of the window and refused the day after", () => {
      const s = walk(assigned(), E.object(coHead, UNTIL));
      expect(unitOf(s, CO)?.objection).toEqual({ reason: "不属于本单位职责", on: UNTIL });
      refused(assigned(), E.object(coHead, DAY_AFTER_UNTIL));
      refused(assigned(), E.object(leadHead, DAY_AFTER_UNTIL));
    });

    it("is refused for a unit that is not assigned", () => {
      refused(assigned(), E.object(outsiderHead));
    });

    it("only once until dismissed", () => {
      const s = walk(assigned(), E.object(coHead));
      refused(s, E.object(coHead));
      const d = walk(s, E.dismiss());
      expect(unitOf(d, CO)?.objection).toBeNull();
      expect(
        walk(d, E.object(coHead)).context.assignments.find((a) => a.departmentId === CO)?.objection,
      ).not.toBeNull();
    });

    it("only once until reassigned; a new unit's window comes from the REASSIGN", () => {
      const s = walk(assigned(), E.object(coHead));
      refused(s, E.object(coHead));
      const r = walk(s, E.reassign(LEAD, [CO, NEW_UNIT], "2025-03-20"));
      expect(unitOf(r, CO)?.objection).toBeNull();
      expect(walk(r, E.object(coHead)).value).toBe("assigned");
      expect(unitOf(r, NEW_UNIT)?.objectionUntil).toBe("2025-03-20");
      expect(walk(r, E.object(newHead, "2025-03-20")).value).toBe("assigned");
      refused(r, E.object(newHead, "2025-03-21"));
    });

    it("a unit keeps working while its objection is pending, and may object in handling", () => {
      const s = walk(assigned(), E.object(leadHead));
      expect(walk(s, E.sign(leadHandler)).value).toBe("handling");
      expect(unitOf(walk(handling(), E.object(coHead)), CO)?.objection).not.toBeNull();
    });

    it("is not possible once the reply is submitted", () => {
      refused(replyReview(), E.object(coHead));
      refused(rehandling(), E.object(coHead));
    });
  });

  describe("DISMISS_OBJECTION", () => {
    it("is refused without a pending objection", () => {
      refused(assigned(), E.dismiss());
      refused(handling(), E.dismiss());
    });

    it("clears the objection when one is pending; with a departmentId only that unit's", () => {
      const both = walk(assigned(), E.object(leadHead), E.object(coHead));
      const [one, notes] = step(both, E.dismiss(CO));
      expect(notes).toEqual([{ template: "objection_ruled", to: ["objecting_units"] }]);
      expect(unitOf(one, CO)?.objection).toBeNull();
      expect(unitOf(one, LEAD)?.objection).not.toBeNull();
      const none = walk(one, E.dismiss());
      expect(none.context.assignments.every((a) => a.objection === null)).toBe(true);
      refused(none, E.dismiss());
      expect(none.value).toBe("assigned");
    });
  });

  describe("REASSIGN", () => {
    it("to an unsigned new lead goes back to assigned", () => {
      const s = walk(handling(), E.object(leadHead), E.reassign(NEW_UNIT, [LEAD]));
      expect(s.value).toBe("assigned");
      expect(unitOf(s, NEW_UNIT)).toMatchObject({ role: "lead", signed: false, opinion: "submitted" });
      // the former lead stays as a co unit, keeps its sign-for, owes an opinion, objection settled
      expect(unitOf(s, LEAD)).toMatchObject({ role: "co", signed: true, opinion: "none", objection: null });
      expect(unitOf(s, CO)).toBeUndefined();
      expect(walk(s, E.sign(newHandler)).value).toBe("handling");
    });

    it("keeping the signed lead stays in handling", () => {
      const s = walk(handling(), E.object(coHead), E.reassign(LEAD, [NEW_UNIT]));
      expect(s.value).toBe("handling");
      expect(unitOf(s, LEAD)).toMatchObject({ role: "lead", signed: true });
      expect(unitOf(s, NEW_UNIT)).toMatchObject({ role: "co", signed: false, opinion: "none" });
      expect(unitOf(s, CO)).toBeUndefined();
    });

    it("in assigned, to a co unit that already signed, moves to handling", () => {
      const s = walk(assigned(), E.sign(coHandler), E.reassign(CO, [LEAD]));
      expect(s.value).toBe("handling");
      expect(unitOf(s, CO)).toMatchObject({ role: "lead", signed: true, opinion: "submitted" });
    });

    it("in assigned, keeping the unsigned lead stays in assigned", () => {
      expect(walk(assigned(), E.reassign(LEAD, [NEW_UNIT])).value).toBe("assigned");
    });
  });

  describe("SUBMIT_OPINION (会办意见)", () => {
    it("only by a signed co unit, once", () => {
      const h = handling();
      refused(h, E.opinion(coHandler)); // not signed yet
      refused(h, E.opinion(leadHandler)); // the lead gives no opinion
      refused(h, E.opinion(outsiderHandler));
      const signed = walk(h, E.sign(coHandler));
      const s = walk(signed, E.opinion(coHandler));
      expect(unitOf(s, CO)?.opinion).toBe("submitted");
      refused(s, E.opinion(coHead));
    });

    it("not while still in assigned", () => {
      refused(walk(assigned(), E.sign(coHandler)), E.opinion(coHandler));
    });
  });

  describe("WAIVE_OPINION", () => {
    it("only while an opinion is pending", () => {
      const s = walk(handling(), E.waive(CO));
      expect(unitOf(s, CO)?.opinion).toBe("waived");
      refused(s, E.waive(CO));
      refused(readyToReply(), E.waive(CO));
    });
  });

  describe("SUBMIT_REPLY", () => {
    it("is refused until every co-unit opinion is in and a contact was recorded", () => {
      const h = walk(handling(), E.sign(coHandler));
      refused(h, E.reply()); // neither
      refused(walk(h, E.contact()), E.reply()); // contact but no opinion
      const opinionOnly = walk(h, E.opinion());
      refused(opinionOnly, E.reply()); // opinion but no contact
      const [s, notes] = step(walk(opinionOnly, E.contact()), E.reply());
      expect(s.value).toBe("reply_review");
      expect(s.context.classification).toBe("B");
      expect(notes).toEqual([{ template: "reply_awaiting_approval", to: ["lead_head"] }]);
    });

    it("a waived opinion counts as in", () => {
      const s = walk(handling(), E.waive(CO), E.contact(), E.reply());
      expect(s.value).toBe("reply_review");
    });

    it("every co unit must be settled, not just one", () => {
      const two = walk(accepted(), E.assign([CO, NEW_UNIT]), E.sign(leadHandler), E.contact(), E.waive(CO));
      refused(two, E.reply());
      expect(walk(two, E.sign(newHandler), E.opinion(newHandler), E.reply()).value).toBe("reply_review");
    });

    it("is refused for a co unit and for an outsider even when everything is in", () => {
      refused(readyToReply(), E.reply(coHandler));
      refused(readyToReply(), E.reply(outsiderHandler));
    });

    it("is refused while the lead's own objection is pending", () => {
      refused(walk(readyToReply(), E.object(leadHead)), E.reply());
    });

    it("with requireContact=false it is allowed without a contact", () => {
      const input = { ...INPUT, requireContact: false };
      const s = walk(handling(input), E.waive(CO));
      expect(s.context.contactsThisRound).toBe(0);
      expect(walk(s, E.reply()).value).toBe("reply_review");
      // but the opinions are still required
      refused(handling(input), E.reply());
    });

    it("RECORD_CONTACT is for the lead unit only and counts per round", () => {
      refused(handling(), E.contact(coHandler));
      const s = walk(handling(), E.contact(), E.contact(leadHead));
      expect(s.context.contactsThisRound).toBe(2);
    });
  });

  describe("extensions (延期)", () => {
    it("REQUEST_EXTENSION only by the lead and only one pending", () => {
      refused(handling(), E.requestExtension(coHandler));
      refused(handling(), E.requestExtension(outsiderHandler));
      const [s, notes] = step(handling(), E.requestExtension());
      expect(s.context.pendingExtension).toEqual({ until: "2025-09-01", reason: "需跨年度预算" });
      expect(notes).toEqual([{ template: "extension_requested", to: ["supervisors"] }]);
      refused(s, E.requestExtension());
      refused(s, E.requestExtension(leadHead));
    });

    it("APPROVE/DENY only with one pending", () => {
      refused(handling(), E.approveExtension());
      refused(handling(), E.denyExtension());
      refused(rehandling(), E.approveExtension());
      refused(rehandling(), E.denyExtension());
    });

    it("APPROVE counts the extension and frees the way for another request", () => {
      const s = walk(handling(), E.requestExtension(), E.approveExtension());
      expect(s.context).toMatchObject({ pendingExtension: null, extensionsGranted: 1 });
      refused(s, E.approveExtension());
      expect(walk(s, E.requestExtension()).context.pendingExtension).not.toBeNull();
    });

    it("DENY clears the request without counting it", () => {
      const s = walk(handling(), E.requestExtension(), E.denyExtension());
      expect(s.context).toMatchObject({ pendingExtension: null, extensionsGranted: 0 });
      refused(s, E.denyExtension());
    });

    it("extensions also work in rehandling", () => {
      const s = walk(rehandling(), E.requestExtension(), E.approveExtension());
      expect(s.value).toBe("rehandling");
      expect(s.context.extensionsGranted).toBe(1);
    });
  });

  describe("reply review (签发)", () => {
    it("APPROVE_REPLY by the lead unit → replied; not by a co unit", () => {
      refused(replyReview(), E.approveReply(coHead));
      refused(replyReview(), E.approveReply(outsiderHead));
      expect(walk(replyReview(), E.approveReply()).value).toBe("replied");
    });

    it("RETURN_REPLY goes back to handling in round 1", () => {
      const s = walk(replyReview(), E.returnReply());
      expect(s.value).toBe("handling");
      expect(s.context.round).toBe(1);
    });

    it("RETURN_REPLY goes back to rehandling in round 2", () => {
      const s = walk(replyReview2(), E.returnReply());
      expect(s.value).toBe("rehandling");
      expect(s.context.round).toBe(2);
      expect(walk(s, E.reply()).value).toBe("reply_review");
    });
  });

  describe("evaluation (满意度测评)", () => {
    it("unsatisfied with rounds left → rehandling, round 2, contacts reset", () => {
      const r = replied();
      expect(r.context.contactsThisRound).toBe(1);
      const [s, notes] = step(r, E.evaluate("unsatisfied"));
      expect(s.value).toBe("rehandling");
      expect(s.context).toMatchObject({
        round: 2,
        contactsThisRound: 0,
        result: "unsatisfied",
        outcome: null,
      });
      expect(notes).toEqual([{ template: "rehandling_required", to: ["lead_unit", "supervisors"] }]);
      // a new contact is needed before the second reply
      refused(s, E.reply());
      expect(walk(s, E.contact(), E.reply()).value).toBe("reply_review");
    });

    it("unsatisfied with no rounds left (maxRounds 2, second round) → closed unsatisfied", () => {
      const r2 = replied2();
      expect(r2.context.round).toBe(2);
      const s = walk(r2, E.evaluate("unsatisfied"));
      expect(s.value).toBe("closed");
      expect(s.status).toBe("done");
      expect(s.context).toMatchObject({ outcome: "unsatisfied", result: "unsatisfied", round: 2 });
    });

    it("unsatisfied with maxRounds 1 closes at once", () => {
      const s = walk(replied({ ...INPUT, maxRounds: 1 }), E.evaluate("unsatisfied"));
      expect(s.value).toBe("closed");
      expect(s.context.outcome).toBe("unsatisfied");
    });

    it("satisfied → closed satisfied; basically satisfied → closed basically_satisfied", () => {
      const [s, notes] = step(replied(), E.evaluate("satisfied"));
      expect(s.value).toBe("closed");
      expect(s.context).toMatchObject({ outcome: "satisfied", result: "satisfied", round: 1 });
      expect(notes).toEqual([{ template: "evaluation_received", to: ["lead_unit", "supervisors"] }]);
      const b = walk(replied(), E.evaluate("basically_satisfied"));
      expect(b.context).toMatchObject({ outcome: "basically_satisfied", result: "basically_satisfied" });
      expect(walk(replied2(), E.evaluate("satisfied")).context.outcome).toBe("satisfied");
    });

    it("EXPIRE_EVALUATION → closed unevaluated (never counted as satisfied)", () => {
      const s = walk(replied(), E.expire());
      expect(s.value).toBe("closed");
      expect(s.context).toMatchObject({ outcome: "unevaluated", result: null });
    });

    it("EVALUATE and EXPIRE_EVALUATION are refused before the reply is released", () => {
      refused(replyReview(), E.evaluate("satisfied"));
      refused(replyReview(), E.expire());
      refused(handling(), E.expire());
    });
  });

  describe("final states accept nothing", () => {
    const finals: Array<[string, () => Snap]> = [
      ["rejected", () => walk(submitted(), E.reject())],
      ["merged", () => walk(submitted(), E.merge())],
      ["withdrawn", () => walk(start(), E.withdraw())],
      ["closed (satisfied)", () => walk(replied(), E.evaluate("satisfied"))],
      ["closed (unsatisfied)", () => walk(replied2(), E.evaluate("unsatisfied"))],
      ["closed (unevaluated)", () => walk(replied(), E.expire())],
    ];
    it.each(finals)("%s", (_name, reach) => {
      const s = reach();
      expect(FINAL_STATES).toContain(s.value);
      expect(s.status).toBe("done");
      expect(s.hasTag("done")).toBe(true);
      for (const type of proposalEventTypes) for (const e of candidates(type)) refused(s, e);
    });
  });

  it("supervision (FLAG_KEY, REMIND, SUPERVISE) never changes the state", () => {
    for (const make of [accepted, assigned, handling, replyReview, replied, rehandling]) {
      const s = make();
      const flagged = walk(s, E.flagKey(), E.remind(), E.supervise());
      expect(flagged.value).toBe(s.value);
      expect(flagged.context).toEqual({ ...s.context, isKey: true });
    }
    refused(start(), E.flagKey());
    refused(submitted(), E.remind());
  });
});

// ---- 3. notifications --------------------------------------------------------------------------

describe("proposal machine: notifications returned by transition", () => {
  it("SUBMIT → proposal_submitted to supervisors", () => {
    expect(step(start(), E.submit())[1]).toEqual([{ template: "proposal_submitted", to: ["supervisors"] }]);
  });

  it("ASSIGN → case_assigned to assigned_units (and the author is told)", () => {
    const [, notes] = step(accepted(), E.assign());
    expect(notes).toEqual([
      { template: "case_assigned", to: ["assigned_units"] },
      { template: "proposal_assigned_to_author", to: ["author", "cosigners"] },
    ]);
  });

  it("APPROVE_REPLY → reply_released to the author (and co-signers, merged authors)", () => {
    const [, notes] = step(replyReview(), E.approveReply());
    expect(notes).toEqual([{ template: "reply_released", to: ["author", "cosigners", "merged_authors"] }]);
  });

  it("SUPERVISE → supervision_notice to lead_unit and lead_head", () => {
    for (const make of [handling, rehandling, replied]) {
      const [, notes] = step(make(), E.supervise());
      expect(notes).toEqual([{ template: "supervision_notice", to: ["lead_unit", "lead_head"] }]);
    }
  });

  it("OBJECT → objection_filed to supervisors; REASSIGN tells new and objecting units", () => {
    const [s, filed] = step(assigned(), E.object(coHead));
    expect(filed).toEqual([{ template: "objection_filed", to: ["supervisors"] }]);
    const [, ruled] = step(s, E.reassign(LEAD, [NEW_UNIT]));
    expect(ruled).toEqual([
      { template: "case_assigned", to: ["new_units"] },
      { template: "objection_ruled", to: ["objecting_units"] },
    ]);
  });

  it("events without notifications return none", () => {
    expect(step(assigned(), E.sign(leadHandler))[1]).toEqual([]);
    expect(step(handling(), E.contact())[1]).toEqual([]);
    expect(step(replied(), E.expire())[1]).toEqual([]);
  });
});

// ---- 4. persistence ----------------------------------------------------------------------------

describe("proposal machine: persisted snapshot round-trip", () => {
  const restore = (s: Snap): Snap => {
    const json = JSON.stringify(proposalMachine.getPersistedSnapshot(s));
    const p = JSON.parse(json) as { value: Snap["value"]; context: ProposalContext };
    return proposalMachine.resolveState({ value: p.value, context: p.context });
  };

  const reps: Array<[string, () => Snap]> = [
    ["draft", start],
    ["submitted", submitted],
    ["accepted", accepted],
    ["assigned", assigned],
    ["assigned, co objected", () => walk(assigned(), E.sign(coHandler), E.object(coHead))],
    ["handling", handling],
    ["handling, extension pending", () => walk(handling(), E.requestExtension())],
    ["handling, ready", readyToReply],
    ["reply_review", replyReview],
    ["replied", replied],
    ["rehandling", rehandling],
    ["reply_review round 2", replyReview2],
    ["closed", () => walk(replied(), E.expire())],
    ["withdrawn", () => walk(start(), E.withdraw())],
  ];

  it.each(reps)("%s: restored snapshot has the same value, context and accepted events", (_n, reach) => {
    const s = reach();
    const r = restore(s);
    expect(r.value).toEqual(s.value);
    expect(r.context).toEqual(s.context);
    expect(r.status).toBe(s.status);
    for (const type of proposalEventTypes)
      for (const e of candidates(type))
        expect(r.can(e as never), `${type} from ${e.actor.role}`).toBe(s.can(e as never));
  });

  it("a restored snapshot keeps moving: ready-to-reply → reply_review → replied → rehandling (round 2)", () => {
    const r1 = restore(readyToReply());
    const r2 = restore(walk(r1, E.reply()));
    expect(r2.value).toBe("reply_review");
    const r3 = restore(walk(r2, E.approveReply()));
    const r4 = restore(walk(r3, E.evaluate("unsatisfied")));
    expect(r4.value).toBe("rehandling");
    expect(r4.context.round).toBe(2);
    refused(r4, E.reply());
  });
});

// ---- 5. permission table -----------------------------------------------------------------------

describe("proposal permissions", () => {
  const relations = {
    authorId: AUTHOR,
    units: [
      { departmentId: LEAD, role: "lead" as const },
      { departmentId: CO, role: "co" as const },
    ],
  };

  const COLUMNS: Array<[string, Actor]> = [
    ["author", author],
    ["cosigner", cosigner],
    ["leadHandler", leadHandler],
    ["leadHead", leadHead],
    ["coHandler", coHandler],
    ["coHead", coHead],
    ["outsiderHead", outsiderHead],
    ["supervisor", supervisor],
    ["admin", admin],
    ["enterprise", enterpriseUser],
    ["system", system],
  ];

  const V: Record<string, PermissionVerdict> = { o: "ok", r: "role", x: "relation" };
  //                        author cosigner leadH leadHead coH coHead outsider sup admin ent system
  const AUTHOR_ROW = "o x r r r r r r r r r";
  const SUPERVISOR_ROW = "r r r r r r r o r r r";
  const TABLE: Record<ProposalEventType, string> = {
    UPDATE_DRAFT: AUTHOR_ROW,
    SUBMIT: AUTHOR_ROW,
    WITHDRAW: AUTHOR_ROW,
    EVALUATE: AUTHOR_ROW,
    ACCEPT: SUPERVISOR_ROW,
    REJECT: SUPERVISOR_ROW,
    RETURN_FOR_REVISION: SUPERVISOR_ROW,
    MERGE: SUPERVISOR_ROW,
    ASSIGN: SUPERVISOR_ROW,
    REASSIGN: SUPERVISOR_ROW,
    DISMISS_OBJECTION: SUPERVISOR_ROW,
    WAIVE_OPINION: SUPERVISOR_ROW,
    APPROVE_EXTENSION: SUPERVISOR_ROW,
    DENY_EXTENSION: SUPERVISOR_ROW,
    FLAG_KEY: SUPERVISOR_ROW,
    REMIND: SUPERVISOR_ROW,
    SUPERVISE: SUPERVISOR_ROW,
    SIGN: "r r o o o o x r r r r",
    OBJECT: "r r r o r o x r r r r",
    RECORD_CONTACT: "r r o o x x x r r r r",
    REQUEST_EXTENSION: "r r o o x x x r r r r",
    SUBMIT_REPLY: "r r o o x x x r r r r",
    SUBMIT_OPINION: "r r x x o o x r r r r",
    APPROVE_REPLY: "r r r o r x x r r r r",
    RETURN_REPLY: "r r r o r x x r r r r",
    EXPIRE_EVALUATION: "r r r r r r r r r r o",
  };

  it("every event type has exactly one row, in the table and in proposalPermissions", () => {
    expect(Object.keys(proposalPermissions).sort()).toEqual([...proposalEventTypes].sort());
    expect(Object.keys(TABLE).sort()).toEqual([...proposalEventTypes].sort());
  });

  describe.each(proposalEventTypes)("%s", (type) => {
    const cells = TABLE[type].split(" ");
    it.each(COLUMNS.map(([name, actor], i) => [name, actor, V[cells[i]]] as const))(
      "%s → %s",
      (_name, actor, expected) => {
        expect(cells).toHaveLength(COLUMNS.length);
        expect(checkPermission(proposalPermissions[type], actor, relations)).toBe(expected);
      },
    );
  });

  it("named cases: APPROVE_REPLY, EVALUATE, EXPIRE_EVALUATION", () => {
    expect(checkPermission(proposalPermissions.APPROVE_REPLY, leadHandler, relations)).toBe("role");
    expect(checkPermission(proposalPermissions.APPROVE_REPLY, coHead, relations)).toBe("relation");
    expect(checkPermission(proposalPermissions.APPROVE_REPLY, leadHead, relations)).toBe("ok");
    expect(checkPermission(proposalPermissions.EVALUATE, cosigner, relations)).toBe("relation");
    expect(checkPermission(proposalPermissions.EVALUATE, author, relations)).toBe("ok");
    expect(checkPermission(proposalPermissions.EXPIRE_EVALUATION, system, relations)).toBe("ok");
    expect(checkPermission(proposalPermissions.EXPIRE_EVALUATION, supervisor, relations)).toBe("role");
    expect(checkPermission(proposalPermissions.EXPIRE_EVALUATION, admin, relations)).toBe("role");
  });

  it("an unknown event type is refused by role", () => {
    expect(checkPermission(undefined, supervisor, relations)).toBe("role");
  });

  it("relations follow the machine's current assignments after REASSIGN", () => {
    const s = walk(handling(), E.reassign(CO, [LEAD]));
    const now = {
      authorId: s.context.authorId,
      units: s.context.assignments.map((a) => ({ departmentId: a.departmentId, role: a.role })),
    };
    expect(checkPermission(proposalPermissions.SUBMIT_REPLY, coHandler, now)).toBe("ok");
    expect(checkPermission(proposalPermissions.SUBMIT_REPLY, leadHandler, now)).toBe("relation");
    expect(checkPermission(proposalPermissions.SUBMIT_OPINION, leadHandler, now)).toBe("ok");
  });
});
