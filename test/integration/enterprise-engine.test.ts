import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { getCaseById, getVisibleCase, listVisibleCases, type Viewer } from "../../db/cases";
import {
  enterpriseCaseCounts,
  enterpriseCases,
  enterpriseUsers,
  findByUscc,
  insertEnterprise,
  listEnterprises,
} from "../../db/enterprises";
import type { Case } from "../../db/schema";
import { insertUser } from "../../db/users";
import type { DueExplanation } from "../../workflows/calendar";
import { allowedEvents, createCase, type DispatchInput, dispatch, kindOf } from "../../workflows/engine";
import { CaseError } from "../../workflows/errors";
import type { Actor } from "../../workflows/types";
import { usccCheckChar } from "../../workflows/uscc";
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

/*
 * Enterprise requests (企业诉求) through the engine on SQLite and PostgreSQL: deadlines by category
 * with their explanations, the clock stopped while the enterprise is asked (across National Day
 * 2026), the return window (退单), visibility between enterprises, and who may file for whom.
 *
 * The 2026 calendar around National Day (State Council notice): 10-01 … 10-07 off, Sunday 09-20
 * and Saturday 10-10 are make-up working days.
 */

type Event = DispatchInput["event"];

const code = (body17: string) => body17 + usccCheckChar(body17);
const JINGGONG = code("91320411MA1XK2P3L");
const HUAKE = code("91320412MA27Q8R5N");

interface Ents {
  a: number;
  b: number;
  /** enterprise users: two of A, one of B */
  actors: Record<"entA" | "entA2" | "entB", Actor>;
}

const viewerOf = (a: Actor): Viewer => ({
  userId: a.userId!,
  role: a.role as Viewer["role"],
  departmentId: a.departmentId,
  enterpriseId: a.enterpriseId,
});

async function refusal(p: Promise<unknown>): Promise<CaseError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CaseError) return e;
    throw e;
  }
  return expect.fail("expected the engine to refuse");
}

afterAll(releaseTestDatabases);

describe.each(testDatabases())("enterprise engine on $name", (backend) => {
  describe.skipIf(backend.skip)(backendTitle(backend), () => {
    let t: TestDb;
    let org: Org;
    let ents: Ents;
    let clock: FixedClock;

    beforeEach(async () => {
      const setup = "2026-09-01T00:00:00.000Z";
      t = await freshDb(backend, setup);
      org = await seedOrg(t.db, setup);
      const a = await insertEnterprise(t.db, {
        name: "常州精工机械制造有限公司",
        uscc: JINGGONG,
        region: "武进区",
        industry: "通用设备制造",
        size: "medium",
        contactName: "周建平",
        contactPhone: "0519-8888 1234",
        now: setup,
      });
      const b = await insertEnterprise(t.db, { name: "常州华科新材料有限公司", uscc: HUAKE, now: setup });
      const person = async (username: string, enterpriseId: number): Promise<Actor> => {
        const id = await insertUser(t.db, {
          username,
          passwordHash: "test-only-not-a-hash",
          displayName: username,
          role: "enterprise",
          enterpriseId,
          email: `${username}@example.test`,
          now: setup,
        });
        return { userId: id, role: "enterprise", departmentId: null, enterpriseId };
      };
      ents = {
        a,
        b,
        actors: {
          entA: await person("qiye_jinggong", a),
          entA2: await person("qiye_jinggong2", a),
          entB: await person("qiye_huake", b),
        },
      };
      clock = fixedClock("2026-09-21T02:00:00.000Z");
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

    /** 10:00 in Beijing on that day. */
    const on = (day: string) => clock.set(`${day}T02:00:00.000Z`);
    type Who = UserKey | keyof Ents["actors"] | "system";
    const actor = (who: Who): Actor =>
      who === "system"
        ? { userId: null, role: "system", departmentId: null, enterpriseId: null }
        : who in ents.actors
          ? ents.actors[who as keyof Ents["actors"]]
          : org.actors[who as UserKey];
    const send = async (caseId: number, who: Who, event: Event): Promise<Case> =>
      (await dispatch(t.db, clock, { caseId, actor: actor(who), event })).case;

    async function fileRequest(
      input: Record<string, unknown> = {},
      who: Who = "entA",
      day = "2026-09-24",
    ): Promise<Case> {
      on(day);
      return createCase(t.db, clock, {
        actor: actor(who),
        input: {
          kind: "enterprise_request",
          title: "关于协调技改项目贷款续贷的诉求",
          body: "我公司智能化改造项目贷款将于下月到期，原合作银行收紧授信，请协调续贷。",
          category: "help",
          ...input,
        },
      });
    }

    async function deadlines(caseId: number) {
      return t.db
        .selectFrom("case_deadlines")
        .selectAll()
        .where("case_id", "=", caseId)
        .orderBy("id")
        .execute();
    }
    const openDeadline = async (caseId: number, type: string) => {
      const d = (await deadlines(caseId)).filter((x) => x.type === type && x.status === "open");
      expect(d, `one open ${type}`).toHaveLength(1);
      return { ...d[0], explanation: JSON.parse(d[0].explanation) as DueExplanation };
    };

    /** Filed, accepted as `category`, assigned to the lead unit on `assignDay`. */
    async function assigned(category: string, assignDay: string, priority = "normal") {
      const c = await fileRequest({ category }, "entA", assignDay);
      await send(c.id, "supervisor", { type: "ACCEPT", category, priority });
      await send(c.id, "supervisor", { type: "ASSIGN", leadDepartmentId: org.departments.lead });
      return c.id;
    }

    describe("the clock stops while the enterprise is asked (REQUEST_INFO → PROVIDE_INFO)", () => {
      it("moves the reply deadline by the paused working days across National Day", async () => {
        const c = await fileRequest();
        expect(c).toMatchObject({ state: "submitted", enterprise_id: ents.a, channel: "online" });
        on("2026-09-24");
        await send(c.id, "supervisor", { type: "ACCEPT", category: "help", theme: "产融对接" });

        // 交办 on Friday 2026-09-25: help = 5 working days = 09-28, 09-29, 09-30, (10-01 … 10-07
        // off), 10-08, 10-09.
        on("2026-09-25");
        let row = await send(c.id, "supervisor", { type: "ASSIGN", leadDepartmentId: org.departments.lead });
        expect(row).toMatchObject({
          state: "assigned",
          theme: "finance",
          lead_department_id: org.departments.lead,
        });
        const reply = await openDeadline(c.id, "reply");
        expect(reply).toMatchObject({ due_date: "2026-10-09", start_date: "2026-09-25", round: 1 });
        expect(reply.explanation).toMatchObject({ rule: "working_days", start: "2026-09-25", amount: 5 });
        expect(reply.explanation.skipped.map((s) => s.date)).toEqual([
          "2026-09-26",
          "2026-09-27",
          "2026-10-01",
          "2026-10-02",
          "2026-10-03",
          "2026-10-04",
          "2026-10-05",
          "2026-10-06",
          "2026-10-07",
        ]);
        expect((await openDeadline(c.id, "sign")).due_date).toBe("2026-09-28");
        expect((await openDeadline(c.id, "return_window")).due_date).toBe("2026-09-28");

        on("2026-09-28");
        await send(c.id, "leadHandler", { type: "SIGN" });

        // Wednesday 09-30: the unit asks for the loan contract; the clock stops.
        on("2026-09-30");
        row = await send(c.id, "leadHandler", {
          type: "REQUEST_INFO",
          question: "请补充贷款合同和近三年纳税证明。",
        });
        expect(row.state).toBe("awaiting_submitter");
        expect(JSON.parse(row.snapshot).context.pausedOn).toBe("2026-09-30");
        // The clock is stopped: nothing is due, so the paused request is never listed as overdue.
        expect(row.next_due_date).toBeNull();
        // Only the enterprise can move it now; the unit cannot reply.
        expect(allowedEvents(kindOf("enterprise_request"), row, actor("leadHandler"), "2026-09-30")).toEqual(
          [],
        );
        expect(allowedEvents(kindOf("enterprise_request"), row, actor("entA2"), "2026-09-30")).toEqual([
          "PROVIDE_INFO",
        ]);

        // Friday 10-09 (after the holiday) another user of the enterprise answers: paused 10-08 and
        // 10-09 = 2 working days. 10-09 + 2 = Saturday 10-10 (make-up working day), Monday 10-12.
        on("2026-10-09");
        row = await send(c.id, "entA2", { type: "PROVIDE_INFO", answer: "已上传贷款合同和纳税证明。" });
        expect(row).toMatchObject({ state: "handling", next_due_date: "2026-10-12", next_due_type: "reply" });
        expect(JSON.parse(row.snapshot).context.pausedOn).toBeNull();
        const replies = (await deadlines(c.id)).filter((d) => d.type === "reply");
        expect(replies.map((d) => [d.status, d.due_date])).toEqual([
          ["superseded", "2026-10-09"],
          ["open", "2026-10-12"],
        ]);
        const moved = await openDeadline(c.id, "reply");
        expect(moved.start_date).toBe("2026-10-09");
        expect(moved.explanation).toMatchObject({
          rule: "working_days",
          start: "2026-10-09",
          amount: 2,
          due: "2026-10-12",
          makeUpDays: ["2026-10-10"],
          note: "paused 2026-09-30–2026-10-09: +2",
        });
        expect(moved.explanation.skipped).toEqual([{ date: "2026-10-11", reason: "weekend", name: null }]);
      });

      it("an answer on the day of the question moves nothing", async () => {
        const id = await assigned("consult", "2026-11-02");
        on("2026-11-03");
        await send(id, "leadHandler", { type: "SIGN" });
        await send(id, "leadHandler", { type: "REQUEST_INFO", question: "请提供营业执照编号。" });
        await send(id, "entA", { type: "PROVIDE_INFO", answer: "见附件。" });
        const replies = (await deadlines(id)).filter((d) => d.type === "reply");
        expect(replies.map((d) => [d.status, d.due_date])).toEqual([["open", "2026-11-05"]]);
      });

      it("in round 2 the answer returns the request to rehandling and moves the new reply deadline", async () => {
        const id = await assigned("consult", "2026-11-02");
        on("2026-11-03");
        await send(id, "leadHandler", { type: "SIGN" });
        await send(id, "leadHandler", {
          type: "SUBMIT_REPLY",
          resolution: "explained",
          body: "已解释政策口径。",
        });
        await send(id, "leadHead", { type: "APPROVE_REPLY" });
        on("2026-11-04");
        let row = await send(id, "entA", {
          type: "FEEDBACK",
          rating: "unsatisfied",
          comment: "未解决实际问题",
        });
        expect(row).toMatchObject({ state: "rehandling", round: 2 });
        // rehandling: again the category's 3 working days, from 11-04
        expect(await openDeadline(id, "reply")).toMatchObject({ due_date: "2026-11-09", round: 2 });
        on("2026-11-05");
        await send(id, "leadHandler", { type: "REQUEST_INFO", question: "请说明具体用地需求。" });
        on("2026-11-10");
        row = await send(id, "entA", { type: "PROVIDE_INFO", answer: "需用地 20 亩。" });
        // paused 11-06, 11-09, 11-10 = 3 working days: 11-09 + 3 = 11-12
        expect(row).toMatchObject({ state: "rehandling", round: 2, next_due_date: "2026-11-12" });
      });
    });

    describe("reply deadlines by category (DESIGN.md policy table)", () => {
      it.each([
        ["consult", "normal", 3, "2026-11-05"],
        ["help", "normal", 5, "2026-11-09"],
        ["suggestion", "normal", 10, "2026-11-16"],
        ["complaint", "normal", 13, "2026-11-19"],
        ["complaint", "urgent", 1, "2026-11-03"],
      ])(
        "%s (%s): %i working days from Monday 2026-11-02 → %s, with its explanation",
        async (category, priority, n, due) => {
          const id = await assigned(category, "2026-11-02", priority);
          const reply = await openDeadline(id, "reply");
          expect(reply).toMatchObject({
            due_date: due,
            start_date: "2026-11-02",
            department_id: org.departments.lead,
          });
          expect(reply.explanation).toMatchObject({
            rule: "working_days",
            start: "2026-11-02",
            amount: n,
            due,
            beyondCoverage: false,
          });
          // sign-for and the return window: 1 working day each
          expect((await openDeadline(id, "sign")).due_date).toBe("2026-11-03");
          expect((await openDeadline(id, "return_window")).due_date).toBe("2026-11-03");
          const row = (await getCaseById(t.db, id))!;
          expect(row).toMatchObject({
            category,
            priority,
            next_due_type: "sign",
            next_due_date: "2026-11-03",
          });
        },
      );

      it("the feedback window is 5 working days from the released reply; EXPIRE_FEEDBACK closes it 'unrated'", async () => {
        const id = await assigned("consult", "2026-11-02");
        on("2026-11-03");
        await send(id, "leadHandler", { type: "SIGN" });
        await send(id, "leadHandler", { type: "SUBMIT_REPLY", resolution: "resolved", body: "已办理。" });
        const released = await send(id, "leadHead", { type: "APPROVE_REPLY" });
        expect(released).toMatchObject({
          state: "replied",
          next_due_type: "feedback",
          next_due_date: "2026-11-10",
        });
        expect((await deadlines(id)).find((d) => d.type === "reply")).toMatchObject({
          status: "met",
          met_at: "2026-11-03",
        });
        on("2026-11-11");
        const closed = await send(id, "system", { type: "EXPIRE_FEEDBACK" });
        expect(closed).toMatchObject({
          state: "closed",
          outcome: "unrated",
          satisfaction: null,
          next_due_date: null,
        });
        expect(closed.closed_at).toBe("2026-11-11T02:00:00.000Z");
        expect((await deadlines(id)).find((d) => d.type === "feedback")).toMatchObject({ status: "missed" });
        // people cannot send it
        const other = await assigned("consult", "2026-11-02");
        const e = await refusal(send(other, "supervisor", { type: "EXPIRE_FEEDBACK" }));
        expect(e).toMatchObject({ code: "forbidden", status: 403 });
      });
    });

    describe("RETURN (退单) only inside the return window", () => {
      it("inside: back to dispatch with the reason on the unit's row; re-dispatch opens fresh deadlines", async () => {
        const c = await fileRequest();
        await send(c.id, "supervisor", { type: "ACCEPT", category: "help" });
        on("2026-09-25");
        await send(c.id, "supervisor", { type: "ASSIGN", leadDepartmentId: org.departments.lead });
        const payload = JSON.parse(
          (
            await t.db
              .selectFrom("case_events")
              .select("payload")
              .where("case_id", "=", c.id)
              .where("type", "=", "ASSIGN")
              .executeTakeFirstOrThrow()
          ).payload,
        );
        expect(payload.returnUntil).toBe("2026-09-28");

        // the handler may not: 退单 is the head's
        on("2026-09-28");
        const byHandler = await refusal(
          send(c.id, "leadHandler", { type: "RETURN", reasonCode: "not_our_remit", note: "不属本单位职责" }),
        );
        expect(byHandler).toMatchObject({ code: "forbidden", reason: "role_may_not" });
        // a suggested unit must exist
        const badSuggestion = await refusal(
          send(c.id, "leadHead", {
            type: "RETURN",
            reasonCode: "not_our_remit",
            suggestedDepartmentId: 99999,
            note: "不属本单位职责",
          }),
        );
        expect(badSuggestion.details.fields).toEqual({
          suggestedDepartmentId: { code: "invalid_reference" },
        });

        const row = await send(c.id, "leadHead", {
          type: "RETURN",
          reasonCode: "not_our_remit",
          suggestedDepartmentId: org.departments.co2,
          note: "企业融资协调属科工商信局职责",
        });
        expect(row).toMatchObject({ state: "accepted", lead_department_id: null, next_due_date: null });
        const assignment = await t.db
          .selectFrom("case_assignments")
          .selectAll()
          .where("case_id", "=", c.id)
          .executeTakeFirstOrThrow();
        expect(assignment).toMatchObject({
          department_id: org.departments.lead,
          status: "returned",
          active: 0,
          objection_reason: "not_our_remit: 企业融资协调属科工商信局职责",
        });
        expect((await deadlines(c.id)).map((d) => [d.type, d.status])).toEqual([
          ["sign", "waived"],
          ["return_window", "met"],
          ["reply", "waived"],
        ]);
        expect(JSON.parse(row.snapshot).context.returns).toEqual([
          {
            departmentId: org.departments.lead,
            reasonCode: "not_our_remit",
            suggestedDepartmentId: org.departments.co2,
            on: "2026-09-28",
          },
        ]);

        // The returning unit keeps its history but can no longer act.
        expect(await getVisibleCase(t.db, viewerOf(actor("leadHandler")), c.id)).toBeDefined();
        const gone = await refusal(send(c.id, "leadHandler", { type: "SIGN" }));
        expect(gone).toMatchObject({ code: "forbidden", reason: "not_your_case" });

        on("2026-09-29");
        const again = await send(c.id, "supervisor", {
          type: "ASSIGN",
          leadDepartmentId: org.departments.co2,
        });
        expect(again).toMatchObject({ state: "assigned", lead_department_id: org.departments.co2 });
        expect((await openDeadline(c.id, "reply")).due_date).toBe("2026-10-12");
        expect((await openDeadline(c.id, "sign")).due_date).toBe("2026-09-30");
        await send(c.id, "co2Handler", { type: "SIGN" });
      });

      it("outside: 409 with the state and the events still allowed, and nothing written", async () => {
        const c = await fileRequest();
        await send(c.id, "supervisor", { type: "ACCEPT", category: "help" });
        on("2026-09-25");
        await send(c.id, "supervisor", { type: "ASSIGN", leadDepartmentId: org.departments.lead });
        on("2026-09-29");
        const before = await getCaseById(t.db, c.id);
        const late = await refusal(
          send(c.id, "leadHead", { type: "RETURN", reasonCode: "not_our_remit", note: "不属本单位职责" }),
        );
        expect(late).toMatchObject({ code: "invalid_transition", status: 409 });
        expect(late.details.state).toBe("assigned");
        expect(late.details.allowedEvents).toEqual(["SIGN"]);
        expect(await getCaseById(t.db, c.id)).toEqual(before);
        // once signed, the window is no better
        await send(c.id, "leadHead", { type: "SIGN" });
        const signedLate = await refusal(
          send(c.id, "leadHead", { type: "RETURN", reasonCode: "duplicate", note: "与另一诉求重复" }),
        );
        expect(signedLate).toMatchObject({ code: "invalid_transition", status: 409 });
        expect(signedLate.details.allowedEvents).not.toContain("RETURN");
      });
    });

    describe("visibility", () => {
      it("an enterprise user sees only its enterprise's requests", async () => {
        const mine = await fileRequest();
        const theirs = await fileRequest({ title: "关于新材料中试基地用电增容的诉求" }, "entB");
        const byStaff = await fileRequest({ enterpriseId: ents.a, channel: "visit" }, "supervisor");
        const sees = async (who: Who, id: number) =>
          (await getVisibleCase(t.db, viewerOf(actor(who)), id))?.id ?? null;
        const list = async (who: Who) => {
          const r = await listVisibleCases(t.db, viewerOf(actor(who)), {
            page: 1,
            pageSize: 50,
            kind: "enterprise_request",
          });
          expect(r.total).toBe(r.items.length);
          return r.items.map((i) => i.id).sort((x, y) => x - y);
        };

        expect(await sees("entA", mine.id)).toBe(mine.id);
        expect(await sees("entA2", mine.id)).toBe(mine.id); // a colleague of the same enterprise
        expect(await sees("entA", byStaff.id)).toBe(byStaff.id); // filed on its behalf
        expect(await sees("entA", theirs.id)).toBeNull();
        expect(await sees("entB", mine.id)).toBeNull();
        expect(await sees("entB", byStaff.id)).toBeNull();
        expect(await list("entA")).toEqual([mine.id, byStaff.id].sort((x, y) => x - y));
        expect(await list("entA2")).toEqual([mine.id, byStaff.id].sort((x, y) => x - y));
        expect(await list("entB")).toEqual([theirs.id]);
        // A search for the other enterprise's words finds nothing either.
        const searched = await listVisibleCases(t.db, viewerOf(actor("entA")), {
          page: 1,
          pageSize: 50,
          q: "用电增容",
        });
        expect(searched).toEqual({ items: [], total: 0 });
        // Units see nothing before dispatch; delegates and admins never.
        for (const who of ["leadHandler", "leadHead", "author", "admin"] as const)
          expect(await sees(who, mine.id), who).toBeNull();
        expect(await list("supervisor")).toEqual([mine.id, theirs.id, byStaff.id].sort((x, y) => x - y));

        // Another enterprise's user cannot act on it: the permission says "relation".
        await send(mine.id, "supervisor", { type: "ACCEPT", category: "help" });
        await send(mine.id, "supervisor", { type: "ASSIGN", leadDepartmentId: org.departments.lead });
        expect(await sees("leadHandler", mine.id)).toBe(mine.id);
        expect(await sees("otherHandler", mine.id)).toBeNull();
        await send(mine.id, "leadHandler", { type: "SIGN" });
        await send(mine.id, "leadHandler", { type: "REQUEST_INFO", question: "请补充材料。" });
        const stranger = await refusal(send(mine.id, "entB", { type: "PROVIDE_INFO", answer: "冒充回答" }));
        expect(stranger).toMatchObject({ code: "forbidden", reason: "not_your_case" });

        // The registry's queries honour the same rule.
        expect((await enterpriseCases(t.db, ents.a, viewerOf(actor("entB")))).length).toBe(0);
        expect(
          (await enterpriseCases(t.db, ents.a, viewerOf(actor("entA")))).map((c) => c.id).sort(),
        ).toEqual([mine.id, byStaff.id].sort());
        expect((await enterpriseCases(t.db, ents.a)).length).toBe(2);
      });
    });

    describe("who files for whom", () => {
      it("staff filing on an enterprise's behalf must name it and the channel (422 per field)", async () => {
        const none = await refusal(fileRequest({}, "supervisor"));
        expect(none).toMatchObject({ code: "validation_failed", status: 422 });
        expect(none.details.fields).toEqual({
          enterpriseId: { code: "required" },
          channel: { code: "required" },
        });
        const missing = await refusal(fileRequest({ enterpriseId: 99999, channel: "hotline" }, "supervisor"));
        expect(missing.details.fields).toEqual({ enterpriseId: { code: "invalid_reference" } });
        const badChannel = await refusal(
          fileRequest({ enterpriseId: ents.a, channel: "wechat" }, "supervisor"),
        );
        expect(Object.keys(badChannel.details.fields!)).toEqual(["channel"]);
        expect(await t.db.selectFrom("cases").select("id").execute()).toEqual([]);

        const c = await fileRequest(
          {
            enterpriseId: ents.a,
            channel: "forum",
            category: "suggestion",
            theme: "智改数转",
            priority: "urgent",
          },
          "supervisor",
        );
        expect(c).toMatchObject({
          state: "submitted",
          author_id: org.users.supervisor,
          enterprise_id: ents.a,
          channel: "forum",
          category: "suggestion",
          // the theme, given by its label, is stored as its code from the start
          theme: "digital",
          priority: "urgent",
        });
        const history = await t.db
          .selectFrom("case_events")
          .selectAll()
          .where("case_id", "=", c.id)
          .execute();
        expect(history.map((h) => [h.type, h.actor_role, h.state_after])).toEqual([
          ["CREATE", "supervisor", "submitted"],
        ]);
      });

      it("an enterprise user files for its own enterprise only, online", async () => {
        const other = await refusal(fileRequest({ enterpriseId: ents.b }));
        expect(other).toMatchObject({ code: "validation_failed", status: 422 });
        expect(other.details.fields).toEqual({ enterpriseId: { code: "invalid_reference" } });
        const visit = await refusal(fileRequest({ channel: "visit" }));
        expect(visit.details.fields).toEqual({ channel: { code: "invalid_option" } });
        const theme = await refusal(fileRequest({ theme: "不存在的主题" }));
        expect(theme.details.fields).toEqual({ theme: { code: "invalid_option" } });
        const own = await fileRequest({ enterpriseId: ents.a, channel: "online", theme: "finance" });
        expect(own).toMatchObject({
          enterprise_id: ents.a,
          channel: "online",
          theme: "finance",
          author_id: ents.actors.entA.userId,
        });
      });

      it("other roles may not file enterprise requests (403)", async () => {
        for (const who of ["leadHandler", "leadHead", "author", "admin"] as const) {
          const e = await refusal(fileRequest({ enterpriseId: ents.a, channel: "hotline" }, who));
          expect(e, who).toMatchObject({ code: "forbidden", status: 403 });
        }
      });
    });

    describe("the rest of the journey", () => {
      it("ACCEPT normalises a theme label to its code and refuses an unknown one; MERGE only into another request", async () => {
        const c = await fileRequest({ theme: "人力资源" });
        const bad = await refusal(
          send(c.id, "supervisor", { type: "ACCEPT", category: "help", theme: "招商引资" }),
        );
        expect(bad.details.fields).toEqual({ theme: { code: "invalid_option" } });
        const ok = await send(c.id, "supervisor", { type: "ACCEPT", category: "consult" });
        // no theme at acceptance keeps the enterprise's
        expect(ok).toMatchObject({ state: "accepted", category: "consult", theme: "talent" });

        const dup = await fileRequest({ title: "关于协调技改项目贷款续贷的诉求（重复）" });
        const self = await refusal(send(dup.id, "supervisor", { type: "MERGE", intoCaseId: dup.id }));
        expect(self.details.fields).toEqual({ intoCaseId: { code: "invalid_reference" } });
        const merged = await send(dup.id, "supervisor", { type: "MERGE", intoCaseId: c.id });
        expect(merged).toMatchObject({ state: "merged", merged_into_id: c.id, outcome: "merged" });
        expect(merged.closed_at).not.toBeNull();
      });

      it("unsatisfied in the last round waits for a supervisor's CLOSE; a visit (回访) can stand for the rating", async () => {
        const id = await assigned("consult", "2026-11-02");
        on("2026-11-03");
        await send(id, "leadHandler", { type: "SIGN" });
        for (let round = 1; round <= 2; round++) {
          await send(id, "leadHandler", {
            type: "SUBMIT_REPLY",
            resolution: "partially_resolved",
            body: `第${round}次答复。`,
          });
          await send(id, "leadHead", { type: "APPROVE_REPLY" });
          await send(id, "entA", { type: "FEEDBACK", rating: "unsatisfied" });
        }
        let row = (await getCaseById(t.db, id))!;
        expect(row).toMatchObject({
          state: "replied",
          round: 2,
          satisfaction: "unsatisfied",
          next_due_date: null,
        });
        expect(allowedEvents(kindOf("enterprise_request"), row, actor("supervisor"), "2026-11-03")).toEqual(
          expect.arrayContaining(["CLOSE"]),
        );
        const twice = await refusal(send(id, "entA", { type: "FEEDBACK", rating: "satisfied" }));
        expect(twice).toMatchObject({ code: "invalid_transition", status: 409 });
        row = await send(id, "supervisor", { type: "CLOSE", reason: "已两轮办理，诉求超出现行政策范围。" });
        expect(row).toMatchObject({ state: "closed", outcome: "unsatisfied" });
        const evaluations = await t.db
          .selectFrom("evaluations")
          .selectAll()
          .where("case_id", "=", id)
          .orderBy("id")
          .execute();
        expect(evaluations.map((e) => [e.round, e.result])).toEqual([
          [1, "unsatisfied"],
          [2, "unsatisfied"],
        ]);

        const visited = await assigned("help", "2026-11-02");
        on("2026-11-03");
        await send(visited, "leadHandler", { type: "SIGN" });
        await send(visited, "leadHandler", {
          type: "SUBMIT_REPLY",
          resolution: "resolved",
          body: "已协调解决。",
        });
        await send(visited, "leadHead", { type: "APPROVE_REPLY" });
        const future = await refusal(
          send(visited, "supervisor", {
            type: "RECORD_VISIT",
            date: "2026-11-04",
            method: "phone",
            rating: "satisfied",
            note: "回访",
          }),
        );
        expect(future.details.fields).toEqual({ date: { code: "date_in_future" } });
        row = await send(visited, "supervisor", {
          type: "RECORD_VISIT",
          date: "2026-11-03",
          method: "visit",
          rating: "satisfied",
          note: "上门回访，企业对办理结果满意。",
        });
        expect(row).toMatchObject({ state: "closed", outcome: "satisfied", satisfaction: "satisfied" });
      });
    });

    describe("the registry's queries", () => {
      it("finds enterprises by name or code, counts their users and requests by state and category", async () => {
        expect((await findByUscc(t.db, JINGGONG))?.id).toBe(ents.a);
        expect(await findByUscc(t.db, JINGGONG.toLowerCase())).toBeUndefined();
        const byName = await listEnterprises(t.db, { q: "精工", page: 1, pageSize: 20 });
        expect(byName.items.map((e) => e.id)).toEqual([ents.a]);
        expect(byName.items[0]).toMatchObject({ user_count: 2, case_count: 0 });
        // any part of the code, in either case
        const byCode = await listEnterprises(t.db, {
          q: HUAKE.slice(4, 12).toLowerCase(),
          page: 1,
          pageSize: 20,
        });
        expect(byCode.items.map((e) => e.id)).toEqual([ents.b]);
        expect(await listEnterprises(t.db, { q: "%", page: 1, pageSize: 20 })).toEqual({
          items: [],
          total: 0,
        });
        const all = await listEnterprises(t.db, { page: 1, pageSize: 1 });
        expect(all.total).toBe(2);
        expect(all.items).toHaveLength(1);

        await fileRequest({ category: "consult" });
        const c2 = await fileRequest({ category: "complaint" });
        await send(c2.id, "supervisor", { type: "REJECT", reason: "不属于受理范围" });
        await fileRequest({ enterpriseId: ents.a, channel: "hotline", category: "consult" }, "supervisor");
        expect(await enterpriseCaseCounts(t.db, ents.a)).toEqual({
          byState: { submitted: 2, rejected: 1 },
          byCategory: { consult: 2, complaint: 1 },
          total: 3,
        });
        expect(await enterpriseCaseCounts(t.db, ents.b)).toEqual({ byState: {}, byCategory: {}, total: 0 });
        expect((await enterpriseUsers(t.db, ents.a)).map((u) => u.username)).toEqual([
          "qiye_jinggong",
          "qiye_jinggong2",
        ]);
        expect((await listEnterprises(t.db, { q: "精工", page: 1, pageSize: 20 })).items[0].case_count).toBe(
          3,
        );
      });
    });
  });
});
