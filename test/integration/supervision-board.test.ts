import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  apiItem,
  boardPage,
  parseBoardFilters,
  parseOverdueApiQuery,
  parseRemindForm,
  remindCases,
} from "../../app/models/supervision.server";
import { loadCalendar } from "../../db/calendar";
import { insertEnterprise } from "../../db/enterprises";
import type { Case } from "../../db/schema";
import { boardCounts, deadlineBoard, supervisedCases } from "../../db/supervision";
import { insertUser } from "../../db/users";
import { createCase, type DispatchInput, dispatch } from "../../workflows/engine";
import { CaseError } from "../../workflows/errors";
import { stepRank } from "../../workflows/escalation";
import { rulingDue } from "../../workflows/rulings";
import type { Actor } from "../../workflows/types";
import { usccCheckChar } from "../../workflows/uscc";
import {
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

/*
 * The supervisor's deadline board (督办台) on SQLite and PostgreSQL, with cases driven through the
 * engine around National Day 2026. The 2026 calendar (State Council notice): 10-01 … 10-07 off;
 * Sunday 09-20 and Saturday 10-10 are make-up working days. So the working days after Tuesday
 * 09-29 are 09-30, 10-08, 10-09, 10-10 (Sat), 10-12, 10-13, …
 */

type Event = DispatchInput["event"];

afterAll(releaseTestDatabases);

describe.each(testDatabases())("supervision board on $name", (backend) => {
  describe.skipIf(backend.skip)(backendTitle(backend), () => {
    let t: TestDb;
    let org: Org;
    let clock: FixedClock;
    let ent: Actor;
    /** the cases of the scenario, by name */
    const ids: Record<"p1" | "p2" | "r1" | "r2", number> = { p1: 0, p2: 0, r1: 0, r2: 0 };

    const on = (day: string) => clock.set(`${day}T02:00:00.000Z`);
    const actor = (who: UserKey | "ent"): Actor => (who === "ent" ? ent : org.actors[who]);
    const send = async (caseId: number, who: UserKey | "ent", event: Event): Promise<Case> =>
      (await dispatch(t.db, clock, { caseId, actor: actor(who), event })).case;

    async function proposal(title: string, day: string): Promise<number> {
      on(day);
      const c = await createCase(t.db, clock, {
        actor: actor("author"),
        input: { kind: "proposal", title, body: `${title}：问题与建议。` },
      });
      await send(c.id, "author", { type: "SUBMIT" });
      await send(c.id, "supervisor", { type: "ACCEPT" });
      return c.id;
    }

    async function request(title: string, category: string, day: string): Promise<number> {
      on(day);
      const c = await createCase(t.db, clock, {
        actor: ent,
        input: { kind: "enterprise_request", title, body: `${title}，请协调。`, category },
      });
      await send(c.id, "supervisor", { type: "ACCEPT", category });
      return c.id;
    }

    async function openDeadline(caseId: number, type: string, departmentId: number) {
      const d = await t.db
        .selectFrom("case_deadlines")
        .selectAll()
        .where("case_id", "=", caseId)
        .where("type", "=", type)
        .where("department_id", "=", departmentId)
        .where("status", "=", "open")
        .executeTakeFirstOrThrow();
      return d;
    }

    async function recordStep(
      d: { id: number; case_id: number; department_id: number | null },
      step: string,
      asOf: string,
      workingDays: number,
    ) {
      // The sweeper's table: written directly here as a fixture.
      await t.db
        .insertInto("deadline_alerts")
        .values({
          deadline_id: d.id,
          case_id: d.case_id,
          department_id: d.department_id,
          step,
          rank: stepRank(step),
          as_of: asOf,
          working_days: workingDays,
          event_id: null,
          created_at: `${asOf}T01:00:00.000Z`,
        })
        .execute();
    }

    beforeEach(async () => {
      const setup = "2026-09-01T00:00:00.000Z";
      t = await freshDb(backend, setup);
      org = await seedOrg(t.db, setup);
      const body17 = "91320411MA1XK2P3L";
      const e = await insertEnterprise(t.db, {
        name: "常州精工机械制造有限公司",
        uscc: body17 + usccCheckChar(body17),
        now: setup,
      });
      const userId = await insertUser(t.db, {
        username: "qiye_jinggong",
        passwordHash: "test-only-not-a-hash",
        displayName: "精工 周建平",
        role: "enterprise",
        enterpriseId: e,
        email: "qiye@example.test",
        now: setup,
      });
      ent = { userId, role: "enterprise", departmentId: null, enterpriseId: e };
      clock = fixedClock("2026-09-21T02:00:00.000Z");

      // P1, key: assigned Friday 09-25 to 发改局 (lead) with 规资分局; sign-for 2 working days →
      // Tuesday 09-29. 规资分局 signs, 发改局 does not.
      ids.p1 = await proposal("关于增设公共停车设施的提案", "2026-09-24");
      await send(ids.p1, "supervisor", { type: "FLAG_KEY", isKey: true });
      on("2026-09-25");
      await send(ids.p1, "supervisor", {
        type: "ASSIGN",
        leadDepartmentId: org.departments.lead,
        coDepartmentIds: [org.departments.co1],
      });
      on("2026-09-28");
      await send(ids.p1, "co1Handler", { type: "SIGN" });

      // R1, help: assigned 09-25 to 科工商信局, reply 5 working days → 10-09; signed 09-28.
      ids.r1 = await request("关于协调技改项目贷款续贷的诉求", "help", "2026-09-24");
      on("2026-09-25");
      await send(ids.r1, "supervisor", { type: "ASSIGN", leadDepartmentId: org.departments.co2 });
      on("2026-09-28");
      await send(ids.r1, "co2Handler", { type: "SIGN" });

      // R2, consult: assigned 09-25 to 科工商信局, reply 3 working days → 09-30; paused on 09-29.
      ids.r2 = await request("关于高新技术企业认定材料的咨询", "consult", "2026-09-24");
      on("2026-09-25");
      await send(ids.r2, "supervisor", { type: "ASSIGN", leadDepartmentId: org.departments.co2 });
      on("2026-09-28");
      await send(ids.r2, "co2Handler", { type: "SIGN" });
      on("2026-09-29");
      await send(ids.r2, "co2Handler", { type: "REQUEST_INFO", question: "请补充近三年研发费用明细。" });

      // P2: assigned Friday 10-09 to 规资分局 alone; sign-for → Saturday 10-10 (make-up), Monday 10-12.
      ids.p2 = await proposal("关于完善社区养老服务设施的提案", "2026-10-08");
      on("2026-10-09");
      await send(ids.p2, "supervisor", {
        type: "ASSIGN",
        leadDepartmentId: org.departments.co1,
        coDepartmentIds: [],
      });
    });
    afterEach(async () => {
      await t?.close();
    });

    const page = { page: 1, pageSize: 50 };

    it("the scenario's due dates are those of the 2026 calendar", async () => {
      expect((await openDeadline(ids.p1, "sign", org.departments.lead)).due_date).toBe("2026-09-29");
      expect((await openDeadline(ids.r1, "reply", org.departments.co2)).due_date).toBe("2026-10-09");
      expect((await openDeadline(ids.r2, "reply", org.departments.co2)).due_date).toBe("2026-09-30");
      expect((await openDeadline(ids.p2, "sign", org.departments.co1)).due_date).toBe("2026-10-12");
    });

    it("overdue on Friday 10-09: working days counted across National Day; the paused request is not listed", async () => {
      const cal = await loadCalendar(t.db);
      const b = await boardPage(t.db, cal, { asOf: "2026-10-09", window: "overdue", ...page });
      // P1's sign-for, due 09-29: 09-30, 10-08, 10-09 = 3 working days overdue (10-01 … 10-07 off).
      // R2's reply (due 09-30) is overdue on paper, but its clock is stopped.
      expect(b.total).toBe(1);
      expect(b.items.map((i) => [i.caseId, i.deadlineType, i.dueDate, i.workingDaysOverdue])).toEqual([
        [ids.p1, "sign", "2026-09-29", 3],
      ]);
      expect(b.items[0]).toMatchObject({
        kind: "proposal",
        isKey: true,
        departmentId: org.departments.lead,
        departmentName: "区发展和改革局",
        state: "assigned",
        step: null,
        stepRank: null,
      });
      expect(b.items[0].number).toBeGreaterThan(0);
    });

    it("overdue on Monday 10-12: the make-up Saturday counts; most overdue first", async () => {
      const cal = await loadCalendar(t.db);
      const b = await boardPage(t.db, cal, { asOf: "2026-10-12", window: "overdue", ...page });
      // P1: 09-30, 10-08, 10-09, 10-10 (Sat, make-up), 10-12 = 5. R1 (due 10-09): 10-10, 10-12 = 2.
      expect(b.items.map((i) => [i.caseId, i.deadlineType, i.workingDaysOverdue])).toEqual([
        [ids.p1, "sign", 5],
        [ids.r1, "reply", 2],
      ]);
      expect(b.total).toBe(2);
      expect(b.items.every((i) => i.caseId !== ids.r2)).toBe(true);
      expect(b.items[1]).toMatchObject({
        kind: "enterprise_request",
        category: "help",
        departmentName: "区科工商信局",
        state: "handling",
      });
      // One page at a time, with the same total.
      const second = await boardPage(t.db, cal, {
        asOf: "2026-10-12",
        window: "overdue",
        page: 2,
        pageSize: 1,
      });
      expect(second.total).toBe(2);
      expect(second.items.map((i) => i.caseId)).toEqual([ids.r1]);
      // The tab's figures: every overdue deadline, and those due by 10-19 (P2's sign-for, due today).
      expect(await boardCounts(t.db, "2026-10-12", "2026-10-19")).toEqual({ overdue: 2, due_soon: 1 });
    });

    it("due soon on 10-09: due today, and working days left across the make-up Saturday", async () => {
      const cal = await loadCalendar(t.db);
      const b = await boardPage(t.db, cal, { asOf: "2026-10-09", window: "due_soon", ...page });
      // 5 working days ahead of 10-09: 10-10, 10-12, 10-13, 10-14, 10-15.
      expect(b.soonUntil).toBe("2026-10-15");
      expect(b.items.map((i) => [i.caseId, i.deadlineType, i.dueDate, i.workingDaysLeft])).toEqual([
        [ids.r1, "reply", "2026-10-09", 0],
        [ids.p2, "sign", "2026-10-12", 2],
      ]);
      expect(b.items.every((i) => !i.overdue && i.workingDaysOverdue === 0)).toBe(true);
    });

    it("filters by the owing unit, kind, category and key", async () => {
      const cal = await loadCalendar(t.db);
      const asOf = "2026-10-12";
      const ids_ = async (f: Record<string, unknown>) =>
        (await boardPage(t.db, cal, { asOf, window: "overdue", ...page, ...f })).items.map((i) => i.caseId);
      expect(await ids_({ departmentId: org.departments.lead })).toEqual([ids.p1]);
      expect(await ids_({ departmentId: org.departments.co2 })).toEqual([ids.r1]);
      expect(await ids_({ departmentId: org.departments.other })).toEqual([]);
      expect(await ids_({ kind: "enterprise_request" })).toEqual([ids.r1]);
      expect(await ids_({ kind: "proposal" })).toEqual([ids.p1]);
      expect(await ids_({ category: "help" })).toEqual([ids.r1]);
      expect(await ids_({ category: "consult" })).toEqual([]);
      expect(await ids_({ keyOnly: true })).toEqual([ids.p1]);
      const counted = await deadlineBoard(t.db, {
        asOf,
        window: "overdue",
        keyOnly: true,
        kind: "enterprise_request",
        ...page,
      });
      expect(counted).toEqual({ items: [], total: 0 });
    });

    it("each deadline shows the highest step recorded in deadline_alerts", async () => {
      const p1Sign = await openDeadline(ids.p1, "sign", org.departments.lead);
      const r1Reply = await openDeadline(ids.r1, "reply", org.departments.co2);
      await recordStep(p1Sign, "prewarn:1", "2026-09-28", -1);
      await recordStep(p1Sign, "overdue", "2026-09-30", 1);
      await recordStep(p1Sign, "supervise", "2026-10-09", 3);
      await recordStep(r1Reply, "prewarn:5", "2026-09-25", -5);
      await recordStep(r1Reply, "prewarn:1", "2026-10-08", -1);
      const cal = await loadCalendar(t.db);
      const b = await boardPage(t.db, cal, { asOf: "2026-10-12", window: "overdue", ...page });
      expect(b.items.map((i) => [i.caseId, i.step, i.stepRank, i.stepAsOf])).toEqual([
        [ids.p1, "supervise", 300, "2026-10-09"],
        [ids.r1, "prewarn:1", 99, "2026-10-08"],
      ]);
      // Steps recorded on the co-handling unit's met sign-for do not leak into other rows.
      const soon = await boardPage(t.db, cal, { asOf: "2026-10-12", window: "due_soon", ...page });
      expect(soon.items.find((i) => i.caseId === ids.p2)?.step).toBeNull();
      expect(apiItem(b.items[0])).toEqual({
        caseId: ids.p1,
        kind: "proposal",
        number: b.items[0].number,
        title: "关于增设公共停车设施的提案",
        state: "assigned",
        departmentId: org.departments.lead,
        departmentName: "区发展和改革局",
        deadlineType: "sign",
        dueDate: "2026-09-29",
        workingDaysOverdue: 5,
        step: "supervise",
      });
    });

    it("a supervision notice opens a supervised response for the unit; the inbox marker finds it and the sweeper's step", async () => {
      on("2026-10-12");
      await send(ids.r1, "supervisor", {
        type: "SUPERVISE",
        message: "请于 10 月 14 日前报送办理进展。",
        respondBy: "2026-10-14",
      });
      const cal = await loadCalendar(t.db);
      const soon = await boardPage(t.db, cal, { asOf: "2026-10-12", window: "due_soon", ...page });
      // The response is itself supervised: due Wednesday 10-14, 2 working days left (10-13, 10-14).
      expect(soon.items.find((i) => i.caseId === ids.r1)).toMatchObject({
        deadlineType: "supervision_response",
        dueDate: "2026-10-14",
        workingDaysLeft: 2,
        departmentId: org.departments.co2,
        nudge: { type: "SUPERVISE" },
      });
      await recordStep(
        await openDeadline(ids.p1, "sign", org.departments.lead),
        "supervise",
        "2026-10-09",
        3,
      );
      const forCo2 = await supervisedCases(t.db, org.departments.co2, [ids.r1, ids.r2]);
      expect([...forCo2.entries()]).toEqual([[ids.r1, { respondBy: "2026-10-14" }]]);
      const forLead = await supervisedCases(t.db, org.departments.lead, [ids.p1]);
      expect([...forLead.entries()]).toEqual([[ids.p1, { respondBy: null }]]);
      // Another unit of the same case sees no marker: 规资分局 signed P1 and was not supervised.
      expect((await supervisedCases(t.db, org.departments.co1, [ids.p1])).size).toBe(0);
    });

    it("bulk reminders: each selected case gets REMIND in its history and outbox; a closed one is refused", async () => {
      // R3 goes all the way to closed: replied, released, rated satisfied.
      const r3 = await request("关于厂区周边道路照明的诉求", "consult", "2026-10-08");
      await send(r3, "supervisor", { type: "ASSIGN", leadDepartmentId: org.departments.lead });
      await send(r3, "leadHandler", { type: "SIGN" });
      await send(r3, "leadHandler", { type: "SUBMIT_REPLY", resolution: "resolved", body: "路灯已修复。" });
      await send(r3, "leadHead", { type: "APPROVE_REPLY" });
      const closed = await send(r3, "ent", { type: "FEEDBACK", rating: "satisfied" });
      expect(closed.state).toBe("closed");

      on("2026-10-12");
      const supervisor = {
        userId: org.users.supervisor,
        role: "supervisor" as const,
        departmentId: null,
        enterpriseId: null,
      };
      const message = "已超过期限，请抓紧办理并于本周内报送进展。";
      const outcomes = await remindCases(
        t.db,
        clock,
        supervisor,
        [ids.p1, ids.r1, r3, 999999],
        message,
        "zh-CN",
      );
      expect(outcomes.map((o) => [o.caseId, o.ok, o.status])).toEqual([
        [ids.p1, true, 200],
        [ids.r1, true, 200],
        [r3, false, 409],
        [999999, false, 404],
      ]);
      expect(outcomes[2]).toMatchObject({ state: "closed", message: "当前状态不允许此操作" });
      expect(outcomes[3].message).toBe("事项不存在");

      for (const caseId of [ids.p1, ids.r1]) {
        const events = await t.db
          .selectFrom("case_events")
          .select(["id", "type", "payload", "actor_id"])
          .where("case_id", "=", caseId)
          .where("type", "=", "REMIND")
          .execute();
        expect(events).toHaveLength(1);
        expect(JSON.parse(events[0].payload)).toMatchObject({ message });
        expect(events[0].actor_id).toBe(org.users.supervisor);
        const mail = await t.db
          .selectFrom("outbox")
          .select(["template", "recipient_user_id"])
          .where("event_id", "=", events[0].id)
          .execute();
        expect(mail.length).toBeGreaterThan(0);
        expect(mail.every((m) => m.template === "reminder")).toBe(true);
      }
      const lead = await t.db
        .selectFrom("outbox")
        .innerJoin("case_events as e", "e.id", "outbox.event_id")
        .select("outbox.recipient_user_id")
        .where("e.case_id", "=", ids.p1)
        .where("e.type", "=", "REMIND")
        .execute();
      expect(lead.map((m) => m.recipient_user_id)).toEqual(
        expect.arrayContaining([org.users.leadHandler, org.users.leadHead]),
      );
      // The refused case has nothing new: no event, no mail.
      const r3Reminders = await t.db
        .selectFrom("case_events")
        .select("id")
        .where("case_id", "=", r3)
        .where("type", "=", "REMIND")
        .execute();
      expect(r3Reminders).toEqual([]);
      // The board now shows the supervisors' latest nudge.
      const cal = await loadCalendar(t.db);
      const b = await boardPage(t.db, cal, { asOf: "2026-10-12", window: "overdue", ...page });
      expect(b.items.map((i) => i.nudge?.type)).toEqual(["REMIND", "REMIND"]);
    });

    it("a unit's handler may not send reminders: each case answers 403, nothing is written", async () => {
      on("2026-10-12");
      const h = {
        userId: org.users.leadHandler,
        role: "handler" as const,
        departmentId: org.departments.lead,
        enterpriseId: null,
      };
      const outcomes = await remindCases(t.db, clock, h, [ids.p1], "请办理", "en");
      expect(outcomes).toMatchObject([{ caseId: ids.p1, ok: false, status: 403 }]);
      const reminders = await t.db
        .selectFrom("case_events")
        .select("id")
        .where("case_id", "=", ids.p1)
        .where("type", "=", "REMIND")
        .execute();
      expect(reminders).toEqual([]);
    });
  });
});

describe("the board's forms and queries", () => {
  it("an empty message is refused per field; the selection and the text come back", () => {
    const form = new FormData();
    form.set("intent", "remind");
    form.append("caseId", "3");
    form.append("caseId", "7");
    form.append("caseId", "3");
    form.set("message", "   ");
    const r = parseRemindForm(form);
    expect(r.ok).toBe(false);
    expect(r.submitted).toEqual({ caseIds: [3, 7], message: "   " });
    if (!r.ok) expect(r.problems).toEqual({ message: { code: "required" } });
  });

  it("no case selected is its own problem", () => {
    const form = new FormData();
    form.set("intent", "remind");
    form.set("message", "请抓紧办理");
    const r = parseRemindForm(form);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual({ caseIds: { code: "select_cases" } });
  });

  it("the API refuses a bad asOf and unknown parameters per field, and defaults asOf to today", () => {
    const now = new Date("2026-10-12T02:00:00Z");
    const refused = (qs: string) => {
      try {
        parseOverdueApiQuery(new URLSearchParams(qs), now);
      } catch (e) {
        if (e instanceof CaseError) return e;
        throw e;
      }
      return expect.fail("expected a refusal");
    };
    expect(refused("asOf=2026-02-30").details.fields).toEqual({ asOf: { code: "date" } });
    expect(refused("asOf=yesterday").status).toBe(422);
    expect(refused("state=open").details.fields).toEqual({ state: { code: "unknown_field" } });
    expect(parseOverdueApiQuery(new URLSearchParams(""), now)).toMatchObject({ asOf: "2026-10-12", page: 1 });
  });

  it("the page's filters drop what makes no sense instead of failing", () => {
    expect(
      parseBoardFilters(new URLSearchParams("window=due_soon&kind=x&departmentId=-1&key=1&page=0")),
    ).toEqual({
      window: "due_soon",
      departmentId: undefined,
      kind: undefined,
      category: undefined,
      keyOnly: true,
      page: 1,
    });
  });

  it("the ruling period is 2 working days from the request, across the holiday", async () => {
    const t = await freshDb("sqlite");
    try {
      const cal = await loadCalendar(t.db);
      // Requested Wednesday 09-30: 10-08, 10-09.
      expect(rulingDue(cal, "extension", "2026-09-30")).toBe("2026-10-09");
      // Requested Friday 10-09: Saturday 10-10 is a make-up working day.
      expect(rulingDue(cal, "objection", "2026-10-09")).toBe("2026-10-12");
    } finally {
      await t.close();
    }
  });
});
