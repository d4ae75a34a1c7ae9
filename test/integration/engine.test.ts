import { sql } from "kysely";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  departmentInbox,
  departmentInboxCounts,
  getCaseById,
  getVisibleCase,
  listVisibleCases,
  type Viewer,
} from "../../db/cases";
import { eventHash, GENESIS_HASH, verifyChains } from "../../db/events";
import type { Case } from "../../db/schema";
import { enqueue } from "../../emails/outbox";
import type { DueExplanation } from "../../workflows/calendar";
import { allowedEvents, createCase, type DispatchInput, dispatch, kindOf } from "../../workflows/engine";
import { CaseError } from "../../workflows/errors";
import type { Actor } from "../../workflows/types";
import {
  assignmentFactsDrift,
  backendTitle,
  type FixedClock,
  fixedClock,
  freshDb,
  type Org,
  releaseTestDatabases,
  seedOrg,
  type TestDb,
  testDatabases,
  type UserKey,
} from "../helpers/db";

type Event = DispatchInput["event"];

/** The standard path of a proposal, one event per step, with the day each step happens. */
interface Step {
  name: string;
  day: string;
  who: UserKey;
  event: (org: Org) => Event;
  state: string;
}

const ASSIGN_DAY = "2026-09-28";
const COMMITMENT_DUE = "2026-12-15";

const STEPS: Step[] = [
  { name: "SUBMIT", day: "2026-09-22", who: "author", event: () => ({ type: "SUBMIT" }), state: "submitted" },
  {
    name: "ACCEPT",
    day: "2026-09-24",
    who: "supervisor",
    event: () => ({ type: "ACCEPT" }),
    state: "accepted",
  },
  {
    name: "ASSIGN",
    day: ASSIGN_DAY,
    who: "supervisor",
    event: (o) => ({
      type: "ASSIGN",
      leadDepartmentId: o.departments.lead,
      coDepartmentIds: [o.departments.co1, o.departments.co2],
    }),
    state: "assigned",
  },
  {
    name: "SIGN lead",
    day: "2026-09-29",
    who: "leadHandler",
    event: () => ({ type: "SIGN" }),
    state: "handling",
  },
  {
    name: "SIGN co1",
    day: "2026-09-29",
    who: "co1Handler",
    event: () => ({ type: "SIGN" }),
    state: "handling",
  },
  { name: "SIGN co2", day: "2026-09-29", who: "co2Head", event: () => ({ type: "SIGN" }), state: "handling" },
  {
    name: "OPINION co1",
    day: "2026-10-09",
    who: "co1Handler",
    event: () => ({ type: "SUBMIT_OPINION", body: "规划条件支持在该地块增设停车设施。" }),
    state: "handling",
  },
  {
    name: "OPINION co2",
    day: "2026-10-09",
    who: "co2Handler",
    event: () => ({ type: "SUBMIT_OPINION", body: "同意牵头单位意见，配合做好企业用地保障。" }),
    state: "handling",
  },
  {
    name: "CONTACT",
    day: "2026-10-09",
    who: "leadHandler",
    event: () => ({
      type: "RECORD_CONTACT",
      date: "2026-10-09",
      method: "phone",
      summary: "电话联系提案人，介绍办理思路，提案人表示理解。",
    }),
    state: "handling",
  },
  {
    name: "REPLY",
    day: "2026-10-12",
    who: "leadHandler",
    event: () => ({
      type: "SUBMIT_REPLY",
      classification: "B",
      body: "关于增设公共停车设施的提案答复：已列入明年计划，正在推进。",
      contactName: "张伟",
      contactPhone: "0571-88886666",
      commitments: [{ text: "完成停车场选址论证", dueDate: COMMITMENT_DUE }],
    }),
    state: "reply_review",
  },
  {
    name: "APPROVE",
    day: "2026-10-12",
    who: "leadHead",
    event: () => ({ type: "APPROVE_REPLY" }),
    state: "replied",
  },
];

const stepIndex = (name: string) => {
  const i = STEPS.findIndex((s) => s.name === name);
  if (i < 0) throw new Error(`no step ${name}`);
  return i;
};

const viewerOf = (a: Actor): Viewer => ({
  userId: a.userId!,
  role: a.role as Viewer["role"],
  departmentId: a.departmentId,
  enterpriseId: a.enterpriseId,
});

/** Runs `p` and returns the CaseError it must fail with. */
async function refusal(p: Promise<unknown>): Promise<CaseError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CaseError) return e;
    throw e;
  }
  return expect.fail("expected the engine to refuse the event");
}

afterAll(releaseTestDatabases);

describe.each(testDatabases())("proposal engine on $name", (backend) => {
  describe.skipIf(backend.skip)(backendTitle(backend), () => {
    let t: TestDb;
    let org: Org;
    let clock: FixedClock;
    /** how many STEPS each case has gone through */
    const progress = new Map<number, number>();

    beforeEach(async () => {
      t = await freshDb(backend, "2026-09-01T00:00:00.000Z");
      org = await seedOrg(t.db, "2026-09-01T00:00:00.000Z");
      clock = fixedClock("2026-09-21T02:00:00.000Z");
      progress.clear();
    });
    afterEach(async () => {
      // Whatever the test did to its cases, each assignment's copy of what the inbox counts it by
      // (kind, category, finished) matches its case.
      try {
        if (t) expect(await assignmentFactsDrift(t.db)).toEqual([]);
      } finally {
        await t?.close();
      }
    });

    /** 10:00 in Beijing on that day: comfortably inside the same calendar date. */
    const on = (day: string) => clock.set(`${day}T02:00:00.000Z`);

    const send = (caseId: number, who: UserKey, event: Event) =>
      dispatch(t.db, clock, { caseId, actor: org.actors[who], event });

    async function newProposal(
      title = "关于在老城区增设公共停车设施的提案",
      cosigners: UserKey[] = ["cosigner"],
    ) {
      on("2026-09-21");
      const c = await createCase(t.db, clock, {
        actor: org.actors.author,
        input: {
          kind: "proposal",
          title,
          body: "老城区停车难问题突出，建议利用闲置地块增设公共停车设施。",
          cosignerIds: cosigners.map((k) => org.users[k]),
        },
      });
      progress.set(c.id, 0);
      return c;
    }

    /** Moves a case along the standard path up to and including the named step. */
    async function advance(caseId: number, through: string): Promise<Case> {
      const last = stepIndex(through);
      let row = (await getCaseById(t.db, caseId))!;
      for (let i = progress.get(caseId) ?? 0; i <= last; i++) {
        const s = STEPS[i];
        on(s.day);
        row = (await send(caseId, s.who, s.event(org))).case;
        expect(row.state, `after ${s.name}`).toBe(s.state);
        progress.set(caseId, i + 1);
      }
      return row;
    }

    async function deadlines(caseId: number) {
      return t.db
        .selectFrom("case_deadlines")
        .selectAll()
        .where("case_id", "=", caseId)
        .orderBy("id")
        .execute();
    }

    /** Everything a refused event could have touched: compared before and after to prove nothing was written. */
    async function footprint(caseId: number) {
      const db = t.db;
      const [row, events, dls, outbox, assignments, replies, evaluations, numbers, cosigners] =
        await Promise.all([
          getCaseById(db, caseId),
          db.selectFrom("case_events").selectAll().where("case_id", "=", caseId).orderBy("seq").execute(),
          deadlines(caseId),
          db.selectFrom("outbox").selectAll().orderBy("id").execute(),
          db.selectFrom("case_assignments").selectAll().where("case_id", "=", caseId).orderBy("id").execute(),
          db.selectFrom("replies").selectAll().where("case_id", "=", caseId).orderBy("id").execute(),
          db.selectFrom("evaluations").selectAll().where("case_id", "=", caseId).orderBy("id").execute(),
          db.selectFrom("case_numbers").selectAll().orderBy("session_label").execute(),
          db
            .selectFrom("case_cosigners")
            .selectAll()
            .where("case_id", "=", caseId)
            .orderBy("user_id")
            .execute(),
        ]);
      return { row, events, dls, outbox, assignments, replies, evaluations, numbers, cosigners };
    }

    async function outboxOf(caseId: number) {
      return t.db
        .selectFrom("outbox")
        .innerJoin("case_events", "case_events.id", "outbox.event_id")
        .select([
          "outbox.template",
          "outbox.recipient_user_id",
          "outbox.recipient_email",
          "outbox.dedupe_key",
          "outbox.status",
          "outbox.event_id",
          "case_events.type as event_type",
          "case_events.actor_id",
        ])
        .where("outbox.case_id", "=", caseId)
        .orderBy("outbox.id")
        .execute();
    }

    const ids = (...keys: UserKey[]) => keys.map((k) => org.users[k]).sort((a, b) => a - b);
    const recipients = (rows: Array<{ recipient_user_id: number | null }>) =>
      rows.map((r) => r.recipient_user_id!).sort((a, b) => a - b);

    it("runs a proposal from draft to closed: versions, history chain, deadlines, outbox", async () => {
      const created = await newProposal();
      expect(created).toMatchObject({ state: "draft", version: 1, number: null, round: 1 });

      // Every step moves the version by exactly one and lands in the documented state.
      let version = created.version;
      for (let i = 0; i <= stepIndex("ACCEPT"); i++) {
        const row = await advance(created.id, STEPS[i].name);
        expect(row.version).toBe(++version);
      }
      let row = (await getCaseById(t.db, created.id))!;
      expect(row).toMatchObject({ state: "accepted", number: 1, session_label: "十六届五次会议" });
      expect(row.submitted_at).toBe("2026-09-22T02:00:00.000Z");
      expect(row.accepted_at).toBe("2026-09-24T02:00:00.000Z");

      // 交办 on Monday 2026-09-28, just before the National Day holiday.
      row = await advance(created.id, "ASSIGN");
      expect(row.version).toBe(++version);
      expect(row).toMatchObject({
        state: "assigned",
        lead_department_id: org.departments.lead,
        assigned_at: "2026-09-28T02:00:00.000Z",
        next_due_date: "2026-09-30",
        next_due_type: "sign",
      });
      const d = org.departments;
      const opened = (await deadlines(created.id)).map((x) => ({
        type: x.type,
        dept: x.department_id,
        start: x.start_date,
        due: x.due_date,
        status: x.status,
        round: x.round,
      }));
      const want = (type: string, dept: number, due: string) => ({
        type,
        dept,
        start: ASSIGN_DAY,
        due,
        status: "open",
        round: 1,
      });
      expect(opened).toHaveLength(10);
      expect(opened).toEqual(
        expect.arrayContaining([
          // sign-for: 2 working days
          want("sign", d.lead, "2026-09-30"),
          want("sign", d.co1, "2026-09-30"),
          want("sign", d.co2, "2026-09-30"),
          // objection window: 5 working days = 09-29, 09-30, (10-01..10-07 off), 10-08, 10-09 and the
          // make-up Saturday 10-10
          want("objection_window", d.lead, "2026-10-10"),
          want("objection_window", d.co1, "2026-10-10"),
          want("objection_window", d.co2, "2026-10-10"),
          // contact: 15 working days
          want("contact", d.lead, "2026-10-23"),
          // reply: 3 months
          want("reply", d.lead, "2026-12-28"),
          // co-handling opinion: 1 month
          want("opinion", d.co1, "2026-10-28"),
          want("opinion", d.co2, "2026-10-28"),
        ]),
      );
      const stored = await deadlines(created.id);
      const explanation = (type: string, dept: number) =>
        JSON.parse(
          stored.find((x) => x.type === type && x.department_id === dept)!.explanation,
        ) as DueExplanation;
      const objection = explanation("objection_window", d.lead);
      expect(objection).toMatchObject({
        rule: "working_days",
        start: ASSIGN_DAY,
        amount: 5,
        due: "2026-10-10",
        makeUpDays: ["2026-10-10"],
        beyondCoverage: false,
      });
      expect(objection.skipped.map((s) => s.date)).toEqual([
        "2026-10-01",
        "2026-10-02",
        "2026-10-03",
        "2026-10-04",
        "2026-10-05",
        "2026-10-06",
        "2026-10-07",
      ]);
      expect(objection.skipped.every((s) => s.reason === "holiday" && /国庆/.test(s.name ?? ""))).toBe(true);
      expect(explanation("reply", d.lead)).toMatchObject({
        rule: "months",
        start: ASSIGN_DAY,
        amount: 3,
        nominal: "2026-12-28",
        due: "2026-12-28",
        rolledForward: false,
      });
      expect(explanation("sign", d.co1)).toMatchObject({ rule: "working_days", amount: 2, skipped: [] });

      const assignments = await t.db
        .selectFrom("case_assignments")
        .selectAll()
        .where("case_id", "=", created.id)
        .orderBy("id")
        .execute();
      expect(assignments.map((a) => [a.department_id, a.role, a.status, a.active])).toEqual([
        [d.lead, "lead", "pending", 1],
        [d.co1, "co", "pending", 1],
        [d.co2, "co", "pending", 1],
      ]);

      // ASSIGN notifies every handler and head of the three units, and the proposers; not the supervisor.
      const afterAssign = await outboxOf(created.id);
      const assignedMail = afterAssign.filter((o) => o.template === "case_assigned");
      expect(recipients(assignedMail)).toEqual(
        ids("leadHandler", "leadHead", "co1Handler", "co1Head", "co2Handler", "co2Head"),
      );
      expect(assignedMail.every((o) => o.event_type === "ASSIGN" && o.status === "pending")).toBe(true);
      expect(recipients(afterAssign.filter((o) => o.template === "proposal_assigned_to_author"))).toEqual(
        ids("author", "cosigner"),
      );
      expect(recipients(afterAssign.filter((o) => o.template === "proposal_submitted"))).toEqual(
        ids("supervisor"),
      );
      expect(recipients(afterAssign.filter((o) => o.template === "proposal_accepted"))).toEqual(
        ids("author", "cosigner"),
      );
      expect(afterAssign.find((o) => o.recipient_user_id === org.users.leadHead)?.recipient_email).toBe(
        "leadhead@example.test",
      );

      // 签收: the lead's signature moves the case to handling; the co units sign as well.
      for (const name of ["SIGN lead", "SIGN co1", "SIGN co2"]) {
        row = await advance(created.id, name);
        expect(row.version).toBe(++version);
      }
      const signs = (await deadlines(created.id)).filter((x) => x.type === "sign");
      expect(signs.map((x) => [x.status, x.met_at])).toEqual([
        ["met", "2026-09-29"],
        ["met", "2026-09-29"],
        ["met", "2026-09-29"],
      ]);
      expect(row.next_due_date).toBe("2026-10-23");
      expect(row.next_due_type).toBe("contact");

      for (const name of ["OPINION co1", "OPINION co2", "CONTACT"]) {
        row = await advance(created.id, name);
        expect(row.version).toBe(++version);
      }
      const mid = await deadlines(created.id);
      expect(mid.filter((x) => x.type === "opinion").map((x) => [x.status, x.met_at])).toEqual([
        ["met", "2026-10-09"],
        ["met", "2026-10-09"],
      ]);
      expect(mid.find((x) => x.type === "contact")).toMatchObject({ status: "met", met_at: "2026-10-09" });
      // Objection windows are still open (until 10-10) but are never the "next due" obligation.
      expect(mid.filter((x) => x.type === "objection_window").every((x) => x.status === "open")).toBe(true);
      expect(row).toMatchObject({ next_due_date: "2026-12-28", next_due_type: "reply" });
      const opinionMail = (await outboxOf(created.id)).filter((o) => o.template === "opinion_received");
      expect(recipients(opinionMail)).toEqual(ids("leadHandler", "leadHandler", "leadHead", "leadHead"));
      const units = await t.db
        .selectFrom("case_assignments")
        .select(["department_id", "status", "signed_at", "opinion_status", "opinion"])
        .where("case_id", "=", created.id)
        .orderBy("id")
        .execute();
      expect(units.map((u) => [u.status, u.signed_at, u.opinion_status])).toEqual([
        ["signed", "2026-09-29T02:00:00.000Z", "submitted"],
        ["signed", "2026-09-29T02:00:00.000Z", "submitted"],
        ["signed", "2026-09-29T02:00:00.000Z", "submitted"],
      ]);
      expect(units[1].opinion).toContain("规划条件");

      // The reply: class B with a dated commitment, released by the lead unit's head.
      row = await advance(created.id, "REPLY");
      expect(row).toMatchObject({ version: ++version, classification: "B" });
      expect(
        recipients((await outboxOf(created.id)).filter((o) => o.template === "reply_awaiting_approval")),
      ).toEqual(ids("leadHead"));
      row = await advance(created.id, "APPROVE");
      expect(row).toMatchObject({
        version: ++version,
        state: "replied",
        replied_at: "2026-10-12T02:00:00.000Z",
      });
      const released = await deadlines(created.id);
      expect(released.find((x) => x.type === "reply")).toMatchObject({ status: "met", met_at: "2026-10-12" });
      expect(released.filter((x) => x.type === "objection_window").every((x) => x.status === "waived")).toBe(
        true,
      );
      // evaluation window: 15 working days from 10-12
      expect(released.find((x) => x.type === "evaluation")).toMatchObject({
        department_id: null,
        start_date: "2026-10-12",
        due_date: "2026-11-02",
        status: "open",
      });
      const commitment = released.find((x) => x.type === "commitment")!;
      expect(commitment).toMatchObject({ department_id: d.lead, due_date: COMMITMENT_DUE, status: "open" });
      expect(JSON.parse(commitment.explanation)).toMatchObject({ rule: "fixed", note: "完成停车场选址论证" });
      expect(row).toMatchObject({ next_due_date: "2026-11-02", next_due_type: "evaluation" });
      const reply = await t.db.selectFrom("replies").selectAll().where("case_id", "=", created.id).execute();
      expect(reply).toHaveLength(1);
      expect(reply[0]).toMatchObject({
        status: "approved",
        classification: "B",
        department_id: d.lead,
        reviewed_by: org.users.leadHead,
        submitted_by: org.users.leadHandler,
      });
      expect(JSON.parse(reply[0].commitments)).toEqual([
        { text: "完成停车场选址论证", dueDate: COMMITMENT_DUE },
      ]);
      expect(recipients((await outboxOf(created.id)).filter((o) => o.template === "reply_released"))).toEqual(
        ids("author", "cosigner"),
      );

      // 满意度测评 by the author closes the case; the B-class commitment stays supervised.
      on("2026-10-20");
      const evaluated = await send(created.id, "author", {
        type: "EVALUATE",
        attitude: "satisfied",
        result: "basically_satisfied",
        comment: "答复及时，期待落实。",
      });
      row = evaluated.case;
      expect(row).toMatchObject({
        state: "closed",
        version: ++version,
        satisfaction: "basically_satisfied",
        outcome: "basically_satisfied",
        closed_at: "2026-10-20T02:00:00.000Z",
        round: 1,
        next_due_date: COMMITMENT_DUE,
        next_due_type: "commitment",
      });
      const final = await deadlines(created.id);
      expect(final.find((x) => x.type === "evaluation")).toMatchObject({
        status: "met",
        met_at: "2026-10-20",
      });
      expect(final.filter((x) => x.status === "open").map((x) => x.type)).toEqual(["commitment"]);
      expect(final.every((x) => JSON.parse(x.explanation).due === x.due_date)).toBe(true);
      const evaluations = await t.db
        .selectFrom("evaluations")
        .selectAll()
        .where("case_id", "=", created.id)
        .execute();
      expect(evaluations).toEqual([
        expect.objectContaining({ round: 1, user_id: org.users.author, result: "basically_satisfied" }),
      ]);
      expect(allowedEvents(kindOf("proposal"), row, org.actors.author, "2026-10-20")).toEqual([]);

      // History: one row per event, in order, chained by hash.
      const history = await t.db
        .selectFrom("case_events")
        .selectAll()
        .where("case_id", "=", created.id)
        .orderBy("seq")
        .execute();
      expect(history.map((h) => h.type)).toEqual([
        "CREATE",
        "SUBMIT",
        "ACCEPT",
        "ASSIGN",
        "SIGN",
        "SIGN",
        "SIGN",
        "SUBMIT_OPINION",
        "SUBMIT_OPINION",
        "RECORD_CONTACT",
        "SUBMIT_REPLY",
        "APPROVE_REPLY",
        "EVALUATE",
      ]);
      expect(history.map((h) => h.seq)).toEqual(history.map((_, i) => i + 1));
      expect(row.version).toBe(history.length);
      expect(history[0]).toMatchObject({ prev_hash: GENESIS_HASH, state_before: null, state_after: "draft" });
      for (let i = 1; i < history.length; i++) {
        expect(history[i].prev_hash).toBe(history[i - 1].hash);
        expect(history[i].state_before).toBe(history[i - 1].state_after);
      }
      for (const h of history) expect(eventHash(h)).toBe(h.hash);
      expect(JSON.parse(history[2].payload)).toMatchObject({ number: 1, sessionLabel: "十六届五次会议" });
      expect(JSON.parse(history[3].payload)).toMatchObject({ objectionUntil: "2026-10-10" });
      expect(history[4]).toMatchObject({
        actor_id: org.users.leadHandler,
        actor_role: "handler",
        actor_department_id: d.lead,
      });
      const chains = await verifyChains(t.db);
      expect(chains).toEqual({ cases: 1, events: history.length, broken: [] });

      // Outbox: no one is told about their own action, and each notification exists once.
      const outbox = await outboxOf(created.id);
      expect(outbox.length).toBeGreaterThan(0);
      for (const o of outbox) expect(o.recipient_user_id).not.toBe(o.actor_id);
      const keys = outbox.map((o) => o.dedupe_key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const o of outbox)
        expect(o.dedupe_key).toBe(`event:${o.event_id}:${o.template}:${o.recipient_user_id}`);
      expect(recipients(outbox.filter((o) => o.template === "evaluation_received"))).toEqual(
        ids("leadHandler", "leadHead", "supervisor"),
      );
      // Writing the same notifications again (a retried commit, a second worker) is a no-op.
      expect(evaluated.emitted.length).toBe(3);
      expect(await enqueue(t.db, evaluated.emitted, clock.iso())).toBe(0);
      expect(await outboxOf(created.id)).toHaveLength(outbox.length);
    });

    it("a unit given the case while it stays assigned (改派 of a co-handling unit) counts it in its inbox", async () => {
      const c = await newProposal();
      await advance(c.id, "ASSIGN");
      await send(c.id, "co2Head", { type: "OBJECT", reason: "不属于我局职责" });
      const r = await send(c.id, "supervisor", {
        type: "REASSIGN",
        leadDepartmentId: org.departments.lead,
        coDepartmentIds: [org.departments.co1, org.departments.other],
        note: "改由区教育局会办",
      });
      expect(r.case.state).toBe("assigned");
      const counts = await departmentInboxCounts(t.db, {
        departmentId: org.departments.other,
        today: "2026-09-24",
        caseIds: null,
      });
      expect(counts).toEqual([
        { section: "pending", kind: "proposal", category: null, overdue: false, n: 1 },
      ]);
      const page = await departmentInbox(t.db, {
        departmentId: org.departments.other,
        today: "2026-09-24",
        tab: "pending",
        page: 1,
        pageSize: 50,
      });
      expect(page.map((p) => p.id)).toEqual([c.id]);
    });

    it("numbers accepted proposals per session, and a refused ACCEPT takes no number", async () => {
      const a = await newProposal("提案甲");
      const b = await newProposal("提案乙");
      const c = await newProposal("提案丙");
      for (const x of [a, b, c]) await advance(x.id, "SUBMIT");
      const refused = await refusal(send(b.id, "supervisor", { type: "ACCEPT", number: 99 }));
      expect(refused.code).toBe("validation_failed");
      expect((await advance(a.id, "ACCEPT")).number).toBe(1);
      expect((await advance(b.id, "ACCEPT")).number).toBe(2);
      on("2026-09-24");
      const other = await send(c.id, "supervisor", { type: "ACCEPT", sessionLabel: "十六届六次会议" });
      expect(other.case).toMatchObject({ number: 1, session_label: "十六届六次会议" });
    });

    describe("409 on a lost race", () => {
      it("refuses a stale expectedVersion with the current state and allowed events", async () => {
        const c = await newProposal();
        const submitted = await advance(c.id, "SUBMIT");
        on("2026-09-24");
        const first = await send(c.id, "supervisor", { type: "ACCEPT", expectedVersion: submitted.version });
        expect(first.case).toMatchObject({ state: "accepted", version: submitted.version + 1 });
        const before = await footprint(c.id);

        const err = await refusal(
          send(c.id, "supervisor", {
            type: "REJECT",
            reason: "重复提交",
            expectedVersion: submitted.version,
          }),
        );
        expect(err.code).toBe("version_conflict");
        expect(err.status).toBe(409);
        expect(err.details.state).toBe("accepted");
        expect(err.details.version).toBe(first.case.version);
        expect(err.details.allowedEvents).toEqual(
          allowedEvents(kindOf("proposal"), first.case, org.actors.supervisor, "2026-09-24"),
        );
        expect(err.details.allowedEvents).toContain("ASSIGN");
        expect(err.details.allowedEvents).not.toContain("REJECT");
        expect(await footprint(c.id)).toEqual(before);
      });

      it("lets exactly one of two concurrent dispatches with the same expectedVersion win", async () => {
        const c = await newProposal();
        const submitted = await advance(c.id, "SUBMIT");
        on("2026-09-24");
        const results = await Promise.allSettled([
          send(c.id, "supervisor", { type: "ACCEPT", expectedVersion: submitted.version }),
          send(c.id, "supervisor", {
            type: "REJECT",
            reason: "不符合立案条件",
            expectedVersion: submitted.version,
          }),
        ]);
        const won = results.filter((r) => r.status === "fulfilled");
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        const err = lost[0].reason;
        expect(err).toBeInstanceOf(CaseError);
        expect(err).toMatchObject({ code: "version_conflict", status: 409 });
        expect(typeof err.details.state).toBe("string");
        expect(Array.isArray(err.details.allowedEvents)).toBe(true);

        const row = (await getCaseById(t.db, c.id))!;
        expect(row.version).toBe(submitted.version + 1);
        expect(["accepted", "rejected"]).toContain(row.state);
        const history = await t.db
          .selectFrom("case_events")
          .select("type")
          .where("case_id", "=", c.id)
          .execute();
        expect(history).toHaveLength(row.version);
        // A REJECT that lost must not have consumed a number; an ACCEPT that lost must not have kept one.
        const numbers = await t.db.selectFrom("case_numbers").selectAll().execute();
        expect(numbers).toEqual(
          row.state === "accepted"
            ? [{ kind: "proposal", session_label: "十六届五次会议", last_number: 1 }]
            : [],
        );
        expect((await verifyChains(t.db)).broken).toEqual([]);
      });

      it("loses no update when dispatches without expectedVersion run concurrently", async () => {
        const c = await newProposal();
        await advance(c.id, "ASSIGN");
        on("2026-09-29");
        const signers: UserKey[] = ["leadHandler", "co1Handler", "co2Handler"];
        const reminders = Array.from({ length: 4 }, (_, i) =>
          send(c.id, "supervisor", { type: "REMIND", message: `请抓紧办理（${i + 1}）` }),
        );
        const signs = signers.map((who) => send(c.id, who, { type: "SIGN" }));
        const results = await Promise.allSettled([...signs, ...reminders]);

        const ok = results.filter((r) => r.status === "fulfilled").length;
        for (const r of results)
          if (r.status === "rejected") {
            expect(r.reason).toBeInstanceOf(CaseError);
            expect(r.reason).toMatchObject({ code: "version_conflict", status: 409 });
          }
        expect(ok).toBeGreaterThanOrEqual(1);
        if (t.dialect === "sqlite") expect(ok).toBe(results.length); // one writer: they queue, all apply

        const row = (await getCaseById(t.db, c.id))!;
        const history = await t.db
          .selectFrom("case_events")
          .select(["seq", "type", "actor_department_id"])
          .where("case_id", "=", c.id)
          .orderBy("seq")
          .execute();
        // CREATE, SUBMIT, ACCEPT, ASSIGN, then one row per successful dispatch.
        expect(history).toHaveLength(4 + ok);
        expect(row.version).toBe(history.length);
        expect(history.map((h) => h.seq)).toEqual(history.map((_, i) => i + 1));
        expect((await verifyChains(t.db)).broken).toEqual([]);

        // Whatever signed in the history is signed in the snapshot, the projection and the deadlines.
        const signedInHistory = history
          .filter((h) => h.type === "SIGN")
          .map((h) => h.actor_department_id!)
          .sort();
        const snapshot = JSON.parse(row.snapshot) as {
          context: { assignments: Array<{ departmentId: number; signed: boolean }> };
        };
        expect(
          snapshot.context.assignments
            .filter((a) => a.signed)
            .map((a) => a.departmentId)
            .sort(),
        ).toEqual(signedInHistory);
        const projected = await t.db
          .selectFrom("case_assignments")
          .select("department_id")
          .where("case_id", "=", c.id)
          .where("status", "=", "signed")
          .execute();
        expect(projected.map((p) => p.department_id).sort()).toEqual(signedInHistory);
        const met = (await deadlines(c.id)).filter((x) => x.type === "sign" && x.status === "met");
        expect(met.map((x) => x.department_id!).sort()).toEqual(signedInHistory);
        expect(row.state).toBe(signedInHistory.includes(org.departments.lead) ? "handling" : "assigned");
        // Outbox rows only for events that happened.
        const eventIds = new Set(
          (await t.db.selectFrom("case_events").select("id").where("case_id", "=", c.id).execute()).map(
            (e) => e.id,
          ),
        );
        const outbox = await t.db
          .selectFrom("outbox")
          .select("event_id")
          .where("case_id", "=", c.id)
          .execute();
        for (const o of outbox) expect(eventIds.has(o.event_id!)).toBe(true);
      });

      it("hands out distinct numbers to proposals accepted concurrently", async () => {
        const cases = [await newProposal("甲"), await newProposal("乙"), await newProposal("丙")];
        for (const c of cases) await advance(c.id, "SUBMIT");
        on("2026-09-24");
        const accepted = await Promise.all(cases.map((c) => send(c.id, "supervisor", { type: "ACCEPT" })));
        expect(accepted.map((a) => a.case.number).sort()).toEqual([1, 2, 3]);
      });

      it.skipIf(backend.name !== "postgres")(
        "reports the state as it is now when the row changed under a running dispatch",
        async () => {
          const c = await newProposal();
          await advance(c.id, "SUBMIT");
          on("2026-09-24");
          // Hold the case row so both dispatches read version 2 and then queue on the versioned update.
          let release!: () => void;
          const gate = new Promise<void>((r) => {
            release = r;
          });
          let locked!: () => void;
          const isLocked = new Promise<void>((r) => {
            locked = r;
          });
          const holder = t.db.transaction().execute(async (trx) => {
            await sql`select id from cases where id = ${c.id} for update`.execute(trx);
            locked();
            await gate;
          });
          await isLocked;
          const waiting = async (n: number) => {
            for (let i = 0; i < 200; i++) {
              const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'`.execute(t.db);
              if (r.rows[0].n >= n) return;
              await new Promise((r) => setTimeout(r, 10));
            }
            throw new Error(`expected ${n} blocked sessions`);
          };
          const accept = send(c.id, "supervisor", { type: "ACCEPT" });
          await waiting(1);
          const reject = send(c.id, "supervisor", { type: "REJECT", reason: "不予立案" });
          await waiting(2);
          release();
          await holder;
          const won = await accept;
          expect(won.case.state).toBe("accepted");
          const err = await refusal(reject);
          expect(err).toMatchObject({ code: "version_conflict", status: 409 });
          // DESIGN.md: a 409 carries the *current* state and allowed events, so the client can decide.
          expect(err.details.state).toBe("accepted");
          expect(err.details.version).toBe(won.case.version);
          expect(err.details.allowedEvents).toContain("ASSIGN");
          expect(err.details.allowedEvents).not.toContain("ACCEPT");
        },
      );
    });

    describe("409 for an event the state does not allow", () => {
      it("refuses without writing anything", async () => {
        const c = await newProposal();
        const submitted = await advance(c.id, "SUBMIT");
        on("2026-09-24");

        const early = await footprint(c.id);
        const assign = await refusal(
          send(c.id, "supervisor", {
            type: "ASSIGN",
            leadDepartmentId: org.departments.lead,
            coDepartmentIds: [],
          }),
        );
        expect(assign).toMatchObject({ code: "invalid_transition", status: 409, reason: "not_allowed_now" });
        expect(assign.details.state).toBe("submitted");
        expect(assign.details.version).toBe(submitted.version);
        expect(assign.details.allowedEvents).toEqual(
          expect.arrayContaining(["ACCEPT", "REJECT", "RETURN_FOR_REVISION", "MERGE", "FLAG_KEY"]),
        );
        expect(assign.details.allowedEvents).not.toContain("ASSIGN");
        const again = await refusal(send(c.id, "author", { type: "SUBMIT" }));
        expect(again).toMatchObject({ code: "invalid_transition", status: 409 });
        expect(again.details.allowedEvents).toEqual(["WITHDRAW"]);
        expect(await footprint(c.id)).toEqual(early);

        // A unit may SIGN only once: the lead's second SIGN (now in handling) is refused.
        await advance(c.id, "SIGN lead");
        const signedOnce = await footprint(c.id);
        const twice = await refusal(send(c.id, "leadHandler", { type: "SIGN" }));
        expect(twice).toMatchObject({ code: "invalid_transition", status: 409 });
        expect(twice.details.state).toBe("handling");
        expect([...twice.details.allowedEvents!].sort()).toEqual(["RECORD_CONTACT", "REQUEST_EXTENSION"]);
        // SUBMIT_REPLY before the co units' opinions and the contact are in
        const tooSoon = await refusal(
          send(c.id, "leadHandler", {
            type: "SUBMIT_REPLY",
            classification: "A",
            body: "已解决",
            contactName: "张伟",
            contactPhone: "0571-88886666",
          }),
        );
        expect(tooSoon).toMatchObject({ code: "invalid_transition", status: 409 });
        expect(await footprint(c.id)).toEqual(signedOnce);

        // A co unit's SIGN once the reply is under review
        await advance(c.id, "REPLY");
        const inReview = await footprint(c.id);
        const late = await refusal(send(c.id, "co1Handler", { type: "SIGN" }));
        expect(late).toMatchObject({ code: "invalid_transition", status: 409 });
        expect(late.details.state).toBe("reply_review");
        expect(late.details.allowedEvents).toEqual([]);
        expect(await footprint(c.id)).toEqual(inReview);
      });

      it("answers 404 for a case that does not exist", async () => {
        const err = await refusal(send(987654, "supervisor", { type: "ACCEPT" }));
        expect(err).toMatchObject({ code: "not_found", status: 404 });
      });
    });

    describe("403 for the wrong role or the wrong department", () => {
      it("refuses without writing anything", async () => {
        const c = await newProposal();
        await advance(c.id, "SUBMIT");
        on("2026-09-24");
        let before = await footprint(c.id);

        const role = await refusal(send(c.id, "leadHandler", { type: "ACCEPT" }));
        expect(role).toMatchObject({ code: "forbidden", status: 403, reason: "role_may_not" });
        const notAuthor = await refusal(send(c.id, "cosigner", { type: "WITHDRAW" }));
        expect(notAuthor).toMatchObject({ code: "forbidden", status: 403, reason: "not_your_case" });
        // A unit's SIGN on a case not (yet) assigned to it is refused as not its case, before the state is asked.
        const unassigned = await refusal(send(c.id, "leadHandler", { type: "SIGN" }));
        expect(unassigned).toMatchObject({ code: "forbidden", status: 403, reason: "not_your_case" });
        const system = await refusal(send(c.id, "supervisor", { type: "EXPIRE_EVALUATION" }));
        expect(system).toMatchObject({ code: "forbidden", status: 403 });
        expect(await footprint(c.id)).toEqual(before);

        await advance(c.id, "ASSIGN");
        on("2026-09-29");
        before = await footprint(c.id);
        const otherUnit = await refusal(send(c.id, "otherHandler", { type: "SIGN" }));
        expect(otherUnit).toMatchObject({ code: "forbidden", status: 403, reason: "not_your_case" });
        const otherHead = await refusal(
          send(c.id, "otherHead", { type: "OBJECT", reason: "不属于我局职责" }),
        );
        expect(otherHead).toMatchObject({ code: "forbidden", status: 403, reason: "not_your_case" });
        const handlerObjects = await refusal(
          send(c.id, "leadHandler", { type: "OBJECT", reason: "职责不符" }),
        );
        expect(handlerObjects).toMatchObject({ code: "forbidden", status: 403, reason: "role_may_not" });
        const coContacts = await refusal(
          send(c.id, "co1Handler", {
            type: "RECORD_CONTACT",
            date: "2026-09-29",
            method: "phone",
            summary: "电话",
          }),
        );
        expect(coContacts).toMatchObject({ code: "forbidden", status: 403, reason: "not_your_case" });
        const leadOpinion = await refusal(
          send(c.id, "leadHandler", { type: "SUBMIT_OPINION", body: "意见" }),
        );
        expect(leadOpinion).toMatchObject({ code: "forbidden", status: 403, reason: "not_your_case" });
        const admin = await refusal(send(c.id, "admin", { type: "REMIND", message: "请办理" }));
        expect(admin).toMatchObject({ code: "forbidden", status: 403, reason: "role_may_not" });
        expect(await footprint(c.id)).toEqual(before);

        await advance(c.id, "REPLY");
        before = await footprint(c.id);
        const handlerApproves = await refusal(send(c.id, "leadHandler", { type: "APPROVE_REPLY" }));
        expect(handlerApproves).toMatchObject({ code: "forbidden", status: 403, reason: "role_may_not" });
        const coHeadApproves = await refusal(send(c.id, "co1Head", { type: "APPROVE_REPLY" }));
        expect(coHeadApproves).toMatchObject({ code: "forbidden", status: 403, reason: "not_your_case" });
        await advance(c.id, "APPROVE");
        const cosignerEvaluates = await refusal(
          send(c.id, "cosigner", { type: "EVALUATE", attitude: "satisfied", result: "satisfied" }),
        );
        expect(cosignerEvaluates).toMatchObject({ code: "forbidden", status: 403, reason: "not_your_case" });
      });

      it("only delegates create proposals", async () => {
        const err = await refusal(
          createCase(t.db, clock, {
            actor: org.actors.supervisor,
            input: { kind: "proposal", title: "代拟提案", body: "内容" },
          }),
        );
        expect(err).toMatchObject({ code: "forbidden", status: 403 });
        expect(await t.db.selectFrom("cases").select("id").execute()).toEqual([]);
      });
    });

    describe("422 for bad payloads", () => {
      async function expectInvalid(caseId: number, who: UserKey, event: Event, field: string, code: string) {
        const before = await footprint(caseId);
        const err = await refusal(send(caseId, who, event));
        expect(err.code, `${event.type} ${field}`).toBe("validation_failed");
        expect(err.status).toBe(422);
        expect(
          err.details.fields?.[field],
          `${event.type}: ${JSON.stringify(err.details.fields)}`,
        ).toMatchObject({
          code,
        });
        expect(await footprint(caseId)).toEqual(before);
        return err;
      }

      it("names the field and writes nothing", async () => {
        const c = await newProposal();
        await advance(c.id, "SUBMIT");
        on("2026-09-24");
        await expectInvalid(c.id, "supervisor", { type: "REJECT" }, "reason", "required");
        await expectInvalid(c.id, "supervisor", { type: "REJECT", reason: "   " }, "reason", "required");
        await expectInvalid(
          c.id,
          "supervisor",
          { type: "REJECT", reason: "不符合条件", severity: "high" },
          "severity",
          "unknown_field",
        );
        await expectInvalid(c.id, "author", { type: "SUBMIT", title: "改标题" }, "title", "unknown_field");
        await expectInvalid(c.id, "supervisor", { type: "FROBNICATE" }, "type", "invalid_option");
        await expectInvalid(
          c.id,
          "supervisor",
          { type: "MERGE", intoCaseId: c.id },
          "intoCaseId",
          "invalid_reference",
        );

        await advance(c.id, "ACCEPT");
        on(ASSIGN_DAY);
        const d = org.departments;
        await expectInvalid(
          c.id,
          "supervisor",
          { type: "ASSIGN", leadDepartmentId: 424242, coDepartmentIds: [d.co1] },
          "leadDepartmentId",
          "invalid_reference",
        );
        await expectInvalid(
          c.id,
          "supervisor",
          { type: "ASSIGN", leadDepartmentId: d.lead, coDepartmentIds: [d.co1, 424242] },
          "coDepartmentIds",
          "invalid_reference",
        );
        await expectInvalid(
          c.id,
          "supervisor",
          { type: "ASSIGN", leadDepartmentId: d.lead, coDepartmentIds: [d.co1, d.lead] },
          "coDepartmentIds",
          "lead_in_co",
        );
        await expectInvalid(
          c.id,
          "supervisor",
          { type: "ASSIGN", leadDepartmentId: d.lead, coDepartmentIds: [d.co1, d.co1] },
          "coDepartmentIds",
          "duplicate",
        );
        await expectInvalid(
          c.id,
          "supervisor",
          { type: "ASSIGN", leadDepartmentId: "区发展和改革局", coDepartmentIds: [] },
          "leadDepartmentId",
          "invalid_type",
        );
        await expectInvalid(
          c.id,
          "supervisor",
          { type: "ASSIGN", coDepartmentIds: [] },
          "leadDepartmentId",
          "required",
        );

        await advance(c.id, "OPINION co2");
        on("2026-10-09");
        await expectInvalid(
          c.id,
          "leadHandler",
          { type: "RECORD_CONTACT", date: "2026-10-10", method: "phone", summary: "约定明天电话" },
          "date",
          "date_in_future",
        );
        await expectInvalid(
          c.id,
          "leadHandler",
          { type: "RECORD_CONTACT", date: "2026-02-30", method: "phone", summary: "电话" },
          "date",
          "date",
        );
        await expectInvalid(
          c.id,
          "leadHandler",
          { type: "RECORD_CONTACT", date: "2026-10-09", method: "pigeon", summary: "飞鸽传书" },
          "method",
          "invalid_option",
        );
        await advance(c.id, "CONTACT");
        on("2026-10-12");
        const reply = {
          type: "SUBMIT_REPLY",
          classification: "B",
          body: "答复正文",
          contactName: "张伟",
          contactPhone: "0571-88886666",
          commitments: [{ text: "年内完成", dueDate: "2026-12-31" }],
        };
        await expectInvalid(
          c.id,
          "leadHandler",
          { ...reply, classification: "E" },
          "classification",
          "invalid_option",
        );
        await expectInvalid(
          c.id,
          "leadHandler",
          { ...reply, contactPhone: "call me" },
          "contactPhone",
          "invalid_format",
        );
        await expectInvalid(
          c.id,
          "leadHandler",
          { ...reply, commitments: [{ text: "去年就办完了", dueDate: "2026-10-01" }] },
          "commitments.0.dueDate",
          "date_in_past",
        );
        await expectInvalid(
          c.id,
          "leadHandler",
          { ...reply, commitments: [{ text: "年内完成", due: "2026-12-31" }] },
          "commitments.0.due",
          "unknown_field",
        );
        // The same reply, well formed, goes through: the refusals above were about the payload alone.
        const ok = await send(c.id, "leadHandler", reply);
        expect(ok.case.state).toBe("reply_review");
      });

      it("refuses a proposal with bad fields or co-signers at creation", async () => {
        const bad = await refusal(
          createCase(t.db, clock, {
            actor: org.actors.author,
            input: { kind: "proposal", title: "", body: "内容", cosignerIds: [org.users.supervisor] },
          }),
        );
        expect(bad).toMatchObject({ code: "validation_failed", status: 422 });
        expect(bad.details.fields?.title).toMatchObject({ code: "required" });
        const cosigner = await refusal(
          createCase(t.db, clock, {
            actor: org.actors.author,
            input: { kind: "proposal", title: "标题", body: "内容", cosignerIds: [org.users.supervisor] },
          }),
        );
        expect(cosigner.details.fields?.cosignerIds).toMatchObject({ code: "invalid_reference" });
        expect(await t.db.selectFrom("cases").select("id").execute()).toEqual([]);
        expect(await t.db.selectFrom("case_events").select("id").execute()).toEqual([]);
      });
    });

    describe("visibility", () => {
      it("shows a proposal to its author and co-signers, to supervisors once submitted, to units once assigned", async () => {
        const c = await newProposal();
        const mine = await createCase(t.db, clock, {
          actor: org.actors.otherDelegate,
          input: { kind: "proposal", title: "关于校园周边交通安全的提案", body: "建议增设护学岗。" },
        });
        const sees = async (who: UserKey) =>
          (await getVisibleCase(t.db, viewerOf(org.actors[who]), c.id))?.id ?? null;
        const list = async (who: UserKey) => {
          const r = await listVisibleCases(t.db, viewerOf(org.actors[who]), { page: 1, pageSize: 50 });
          expect(r.total).toBe(r.items.length);
          return r.items.map((i) => i.id).sort((a, b) => a - b);
        };

        expect(await sees("author")).toBe(c.id);
        expect(await sees("cosigner")).toBe(c.id);
        expect(await sees("otherDelegate")).toBeNull();
        expect(await sees("supervisor")).toBeNull();
        expect(await sees("leadHandler")).toBeNull();
        expect(await sees("admin")).toBeNull();
        expect(await list("author")).toEqual([c.id]);
        expect(await list("cosigner")).toEqual([c.id]);
        expect(await list("otherDelegate")).toEqual([mine.id]);
        expect(await list("supervisor")).toEqual([]);

        await advance(c.id, "SUBMIT");
        expect(await sees("supervisor")).toBe(c.id);
        expect(await list("supervisor")).toEqual([c.id]); // the other proposal is still a draft
        expect(await sees("otherDelegate")).toBeNull();

        await advance(c.id, "ACCEPT");
        for (const who of ["leadHandler", "leadHead", "co1Handler", "co2Head", "otherHandler"] as const)
          expect(await sees(who), who).toBeNull();

        await advance(c.id, "ASSIGN");
        for (const who of [
          "leadHandler",
          "leadHead",
          "co1Handler",
          "co1Head",
          "co2Handler",
          "co2Head",
        ] as const) {
          expect(await sees(who), who).toBe(c.id);
          expect(await list(who), who).toEqual([c.id]);
        }
        expect(await sees("otherHandler")).toBeNull();
        expect(await sees("otherHead")).toBeNull();
        expect(await list("otherHandler")).toEqual([]);
        expect(await sees("otherDelegate")).toBeNull();
        expect(await sees("admin")).toBeNull();
        expect(await list("admin")).toEqual([]);

        // Filters combine with visibility, never widen it.
        const byDept = await listVisibleCases(t.db, viewerOf(org.actors.otherDelegate), {
          page: 1,
          pageSize: 50,
          departmentId: org.departments.lead,
        });
        expect(byDept).toEqual({ items: [], total: 0 });
        const search = await listVisibleCases(t.db, viewerOf(org.actors.supervisor), {
          page: 1,
          pageSize: 50,
          q: "停车",
        });
        expect(search.items.map((i) => i.id)).toEqual([c.id]);
        const percent = await listVisibleCases(t.db, viewerOf(org.actors.supervisor), {
          page: 1,
          pageSize: 50,
          q: "%",
        });
        expect(percent.total).toBe(0);
      });
    });

    describe("history", () => {
      it("is append-only: UPDATE and DELETE on case_events fail in the database", async () => {
        const c = await newProposal();
        await advance(c.id, "ACCEPT");
        const before = await t.db.selectFrom("case_events").selectAll().orderBy("id").execute();
        await expect(
          t.db.updateTable("case_events").set({ type: "REJECT" }).where("case_id", "=", c.id).execute(),
        ).rejects.toThrow(/append-only/);
        await expect(
          t.db.updateTable("case_events").set({ payload: "{}" }).where("seq", "=", 2).execute(),
        ).rejects.toThrow(/append-only/);
        await expect(t.db.deleteFrom("case_events").where("case_id", "=", c.id).execute()).rejects.toThrow(
          /append-only/,
        );
        await expect(t.db.deleteFrom("case_events").execute()).rejects.toThrow(/append-only/);
        expect(await t.db.selectFrom("case_events").selectAll().orderBy("id").execute()).toEqual(before);
        expect((await verifyChains(t.db)).broken).toEqual([]);
      });

      it("refuses a fork and detects forged rows inserted around the engine", async () => {
        const a = await newProposal("甲");
        const b = await newProposal("乙");
        const cc = await newProposal("丙");
        await advance(a.id, "ACCEPT");
        await advance(b.id, "SUBMIT");
        await advance(cc.id, "SUBMIT");
        expect((await verifyChains(t.db)).broken).toEqual([]);

        const last = async (caseId: number) =>
          (await t.db
            .selectFrom("case_events")
            .selectAll()
            .where("case_id", "=", caseId)
            .orderBy("seq", "desc")
            .limit(1)
            .executeTakeFirst())!;
        const forged = (caseId: number, seq: number, prevHash: string) => ({
          case_id: caseId,
          seq,
          type: "REJECT",
          actor_id: org.users.supervisor,
          actor_role: "supervisor",
          actor_department_id: null,
          payload: JSON.stringify({ reason: "伪造" }),
          state_before: "accepted",
          state_after: "rejected",
          created_at: "2026-09-25T02:00:00.000Z",
          prev_hash: prevHash,
        });

        // A second row with an existing seq (a fork) is refused by the unique (case, seq) constraint.
        const aLast = await last(a.id);
        await expect(
          t.db
            .insertInto("case_events")
            .values({ ...forged(a.id, aLast.seq, aLast.hash), hash: "0".repeat(64) })
            .execute(),
        ).rejects.toThrow();

        // Case a: a row that links correctly but whose hash does not match its content.
        await t.db
          .insertInto("case_events")
          .values({ ...forged(a.id, aLast.seq + 1, aLast.hash), hash: "f".repeat(64) })
          .execute();
        // Case b: a row hashed correctly over itself but linked to the wrong predecessor.
        const bLast = await last(b.id);
        const bRow = forged(b.id, bLast.seq + 1, "e".repeat(64));
        await t.db
          .insertInto("case_events")
          .values({ ...bRow, hash: eventHash(bRow) })
          .execute();
        // Case cc: a gap in the sequence.
        const cLast = await last(cc.id);
        const cRow = forged(cc.id, cLast.seq + 2, cLast.hash);
        await t.db
          .insertInto("case_events")
          .values({ ...cRow, hash: eventHash(cRow) })
          .execute();

        const report = await verifyChains(t.db, 2); // small batches: the walk must carry across pages
        expect(report.cases).toBe(3);
        expect(report.events).toBe(4 + 3 + 3);
        expect(report.broken).toEqual([
          { caseId: a.id, seq: aLast.seq + 1, problem: "row altered" },
          { caseId: b.id, seq: bLast.seq + 1, problem: "link to previous row broken" },
          { caseId: cc.id, seq: cLast.seq + 2, problem: "gap in sequence" },
        ]);
      });
    });

    describe("re-handling", () => {
      it("opens round 2 with a one-month reply deadline after an unsatisfied evaluation", async () => {
        const c = await newProposal();
        await advance(c.id, "APPROVE");
        on("2026-10-20");
        const res = await send(c.id, "author", {
          type: "EVALUATE",
          attitude: "basically_satisfied",
          result: "unsatisfied",
          comment: "措施不具体。",
        });
        let row = res.case;
        expect(row).toMatchObject({
          state: "rehandling",
          round: 2,
          satisfaction: "unsatisfied",
          outcome: null,
          closed_at: null,
          // contact: 15 working days from 10-20; reply: one month
          next_due_date: "2026-11-10",
          next_due_type: "contact",
        });
        const dls = await deadlines(c.id);
        expect(dls.find((x) => x.type === "evaluation")).toMatchObject({
          status: "met",
          met_at: "2026-10-20",
        });
        const round2 = dls.filter((x) => x.round === 2);
        expect(round2.map((x) => [x.type, x.department_id, x.start_date, x.due_date, x.status])).toEqual([
          ["contact", org.departments.lead, "2026-10-20", "2026-11-10", "open"],
          ["reply", org.departments.lead, "2026-10-20", "2026-11-20", "open"],
        ]);
        expect(JSON.parse(round2[1].explanation)).toMatchObject({
          rule: "months",
          amount: 1,
          nominal: "2026-11-20",
        });
        expect(dls.find((x) => x.type === "reply" && x.round === 1)).toMatchObject({ status: "met" });
        expect(recipients(res.emitted.map((m) => ({ recipient_user_id: m.recipientUserId })))).toEqual(
          ids("leadHandler", "leadHead", "supervisor"),
        );
        expect(res.emitted.every((m) => m.template === "rehandling_required")).toBe(true);
        expect(await t.db.selectFrom("evaluations").select(["round", "result"]).execute()).toEqual([
          { round: 1, result: "unsatisfied" },
        ]);

        // A new round needs a new contact before the reply.
        on("2026-10-22");
        const reply = {
          type: "SUBMIT_REPLY",
          classification: "A",
          body: "经重新办理，停车场已开工建设。",
          contactName: "张伟",
          contactPhone: "0571-88886666",
        };
        const noContact = await refusal(send(c.id, "leadHandler", reply));
        expect(noContact).toMatchObject({ code: "invalid_transition", status: 409 });
        expect([...noContact.details.allowedEvents!].sort()).toEqual(["RECORD_CONTACT", "REQUEST_EXTENSION"]);
        await send(c.id, "leadHead", {
          type: "RECORD_CONTACT",
          date: "2026-10-21",
          method: "visit",
          summary: "上门走访",
        });
        expect((await send(c.id, "leadHandler", reply)).case.state).toBe("reply_review");

        // Returned by the head: back to re-handling, and the head is not told about their own return.
        const returned = await send(c.id, "leadHead", { type: "RETURN_REPLY", reason: "请补充开工时间" });
        expect(returned.case.state).toBe("rehandling");
        expect(returned.emitted.map((m) => [m.template, m.recipientUserId])).toEqual([
          ["reply_returned", org.users.leadHandler],
        ]);
        await send(c.id, "leadHandler", { ...reply, body: "经重新办理，停车场已于10月15日开工建设。" });
        on("2026-10-23");
        row = (await send(c.id, "leadHead", { type: "APPROVE_REPLY", note: "同意" })).case;
        expect(row).toMatchObject({ state: "replied", round: 2, classification: "A" });
        const after = await deadlines(c.id);
        expect(after.find((x) => x.type === "reply" && x.round === 2)).toMatchObject({
          status: "met",
          met_at: "2026-10-23",
        });
        expect(after.filter((x) => x.type === "evaluation").map((x) => [x.round, x.status])).toEqual([
          [1, "met"],
          [2, "open"],
        ]);
        const replies = await t.db
          .selectFrom("replies")
          .select(["round", "status"])
          .where("case_id", "=", c.id)
          .orderBy("id")
          .execute();
        expect(replies).toEqual([
          { round: 1, status: "approved" },
          { round: 2, status: "returned" },
          { round: 2, status: "approved" },
        ]);

        // No rounds left: an unsatisfied evaluation now closes the case as unsatisfied.
        on("2026-10-26");
        row = (await send(c.id, "author", { type: "EVALUATE", attitude: "satisfied", result: "unsatisfied" }))
          .case;
        expect(row).toMatchObject({
          state: "closed",
          round: 2,
          outcome: "unsatisfied",
          satisfaction: "unsatisfied",
        });
        expect((await deadlines(c.id)).filter((x) => x.status === "open").map((x) => x.type)).toEqual([
          "commitment",
        ]);
        expect(await verifyChains(t.db)).toMatchObject({ broken: [], events: row.version });
      });
    });
  });
});
