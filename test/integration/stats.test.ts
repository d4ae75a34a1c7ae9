import ExcelJS from "exceljs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { csvField, writeCsv } from "../../app/models/export.server";
import { statsDownload } from "../../app/models/stats.server";
import { loadCalendar } from "../../db/calendar";
import { insertEnterprise } from "../../db/enterprises";
import type { Case } from "../../db/schema";
import { type Figures, monthsOf, type StatsResult, startOfDay, unitStatistics } from "../../db/stats";
import { METRIC_KEYS, METRICS } from "../../db/stats-definitions";
import { insertUser } from "../../db/users";
import { createCase, type DispatchInput, dispatch } from "../../workflows/engine";
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
 * Per-unit statistics against a fixture worked through the real engine, every figure computed by
 * hand below. Period: November 2026 (no public holidays; working days are Monday–Friday: 11-02 …
 * 11-06, 11-09 … 11-13, 11-16 … 11-20, 11-23 … 11-27, 11-30). Reference date (asOf): Wednesday
 * 2026-11-25; nothing happens after it.
 *
 * Units: L = 区发展和改革局 (org.departments.lead), P = 区规划和自然资源分局 (co1),
 * K = 区科工商信局 (co2), E = 区教育局 (other, never given anything).
 *
 * Enterprise requests (sign 1 working day, return window 1, reply consult 3 / help 5 /
 * suggestion 10 / complaint 13 working days, feedback 5, two rounds):
 *   R1 help → L on 11-02. sign due 11-03, signed 11-02 (on time). reply due 11-09 (03,04,05,06,09),
 *      released 11-06 (on time; 4 working days: 03,04,05,06). Feedback satisfied 11-10.
 *   R2 consult → L on 11-03. sign due 11-04, signed 11-05 (LATE). reply due 11-06 (04,05,06),
 *      released 11-11 (LATE; 6 days: 04,05,06,09,10,11). Feedback window 11-12 … 11-18 passes;
 *      the system closes it unrated on 11-19 (window `missed`).
 *   R3 help → L on 11-16. sign due 11-17, signed 11-16. reply due 11-23 (17,18,19,20,23): still
 *      not released on 11-25 → OPEN AND OVERDUE, and it counts against L's on-time rate.
 *   R4 complaint → K on 11-04; K returns it (退单) the same day: K's sign-for is lifted (waived).
 *      → L on 11-05: sign due 11-06, signed 11-05. reply due 11-24 (13 working days: 06,09,10,11,
 *      12,13,16,17,18,19,20,23,24); L asks on 11-20 to extend to 12-04, approved 11-23: the 11-24
 *      deadline is superseded, the new one (12-04) is not due yet → in neither count.
 *   R5 suggestion → L on 10-26 (before the period). reply due 11-09 (27,28,29,30,02,03,04,05,06,09),
 *      released 11-09 (on time; 10 days). Feedback unsatisfied 11-10 → round 2 (re-handling from
 *      11-10): reply due 11-24 (11,12,13,16,17,18,19,20,23,24), released 11-20 (on time; 8 days:
 *      11,12,13,16,17,18,19,20). Round 2's feedback window ends 11-27: not over yet.
 * Proposals (sign 2 working days, contact 15, opinion 1 month, reply 3 months, evaluation 15):
 *   P1 L lead, P co, assigned 11-02. sign due 11-04: L signs 11-03 (on time), P 11-06 (LATE).
 *      Reply class A released 11-12 (8 days: 03,04,05,06,09,10,11,12); its due date 2027-02-02 is
 *      outside the period. Evaluated satisfied 11-16.
 *   P2 L lead, K co, assigned 11-02. L signs 11-02. K objects (申请调整) 11-03, dismissed 11-04,
 *      K never signs: sign due 11-04 still open → counts against K. L records no contact: contact due
 *      11-23 (15th working day after 11-02) is overdue. L asks for an extension 11-10, denied 11-11.
 *   P3 K lead, assigned 11-02, signed 11-03, class C released 11-10 (6 days), basically satisfied 11-11.
 *   P4 K lead, assigned 11-02, signed 11-02, class D released 11-05 (3 days). Evaluation window
 *      ends 11-26 (06,09,10,11,12,13,16,17,18,19,20,23,24,25,26): not over on 11-25.
 *   P5 P lead, assigned 10-12, class B released 10-16 (both before the period). Evaluation window
 *      ends 11-06 (19 … 23, 26 … 30, 02 … 06); the system closes it unevaluated on 11-09.
 */

type Event = DispatchInput["event"];
const FROM = "2026-11-01";
const TO = "2026-11-30";
const AS_OF = "2026-11-25";

const code = (body17: string) => body17 + usccCheckChar(body17);

/** Every figure zero (rates and averages: nothing to divide, null), then the given ones. */
function figures(given: Partial<Figures>): Figures {
  const f = {} as Figures;
  for (const m of METRICS) f[m.key] = m.format === "count" ? 0 : null;
  return { ...f, ...given };
}

afterAll(releaseTestDatabases);

describe("statistics helpers", () => {
  it("finds where a Beijing calendar day begins, and splits a period into months", () => {
    expect(startOfDay("2026-11-01", "Asia/Shanghai")).toBe("2026-10-31T16:00:00.000Z");
    expect(startOfDay("2026-11-01", "UTC")).toBe("2026-11-01T00:00:00.000Z");
    // Berlin leaves summer time on 2026-10-25: midnight is at +02:00 that day, +01:00 the next.
    expect(startOfDay("2026-10-25", "Europe/Berlin")).toBe("2026-10-24T22:00:00.000Z");
    expect(startOfDay("2026-10-26", "Europe/Berlin")).toBe("2026-10-25T23:00:00.000Z");
    expect(monthsOf("2026-10-15", "2026-12-03", "Asia/Shanghai")).toEqual([
      { month: "2026-10", start: "2026-10-14T16:00:00.000Z", end: "2026-10-31T16:00:00.000Z" },
      { month: "2026-11", start: "2026-10-31T16:00:00.000Z", end: "2026-11-30T16:00:00.000Z" },
      { month: "2026-12", start: "2026-11-30T16:00:00.000Z", end: "2026-12-03T16:00:00.000Z" },
    ]);
  });

  it("quotes CSV fields that need it", () => {
    expect(csvField("区发展和改革局")).toBe("区发展和改革局");
    expect(csvField("A, B")).toBe('"A, B"');
    expect(csvField('say "yes"')).toBe('"say ""yes"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    const csv = writeCsv([
      {
        columns: [
          { header: "名称", type: "text", value: (r: { n: string; v: number | null }) => r.n },
          { header: "rate", type: "percent", value: (r: { n: string; v: number | null }) => r.v },
        ],
        rows: [
          { n: "a,b", v: 2 / 3 },
          { n: "c", v: null },
        ],
      },
    ]);
    expect(csv).toBe('\uFEFF名称,rate\r\n"a,b",66.7%\r\nc,\r\n');
  });

  it("has a definition in both languages for every figure", () => {
    expect(new Set(METRIC_KEYS).size).toBe(METRICS.length);
    for (const m of METRICS) {
      expect(m.label["zh-CN"].length, m.key).toBeGreaterThan(0);
      expect(m.label.en.length, m.key).toBeGreaterThan(0);
      expect(m.definition["zh-CN"].length, m.key).toBeGreaterThan(10);
      expect(m.definition.en.length, m.key).toBeGreaterThan(20);
    }
  });
});

describe.each(testDatabases())("statistics on $name", (backend) => {
  describe.skipIf(backend.skip)(backendTitle(backend), () => {
    let t: TestDb;
    let org: Org;
    let clock: FixedClock;
    let entUser: Actor;
    let enterpriseId: number;
    const c: Record<string, number> = {};

    const on = (day: string) => clock.set(`${day}T02:00:00.000Z`);
    type Who = UserKey | "ent" | "system";
    const actor = (who: Who): Actor =>
      who === "system"
        ? { userId: null, role: "system", departmentId: null, enterpriseId: null }
        : who === "ent"
          ? entUser
          : org.actors[who];
    const send = async (caseId: number, who: Who, event: Event, day: string): Promise<Case> => {
      on(day);
      return (await dispatch(t.db, clock, { caseId, actor: actor(who), event })).case;
    };
    const reply = { body: "已按诉求协调办理，具体情况如下。" };
    const proposalReply = (classification: string) => ({
      type: "SUBMIT_REPLY",
      classification,
      body: "关于该提案的答复。",
      contactName: "张伟",
      contactPhone: "0519-88886666",
    });

    async function request(category: string, filedOn: string, acceptedOn: string): Promise<number> {
      on(filedOn);
      const row = await createCase(t.db, clock, {
        actor: entUser,
        input: { kind: "enterprise_request", title: `${category} 诉求`, body: "请协调解决。", category },
      });
      await send(row.id, "supervisor", { type: "ACCEPT", category }, acceptedOn);
      return row.id;
    }

    async function proposal(title: string, submittedOn: string): Promise<number> {
      on(submittedOn);
      const row = await createCase(t.db, clock, {
        actor: org.actors.author,
        input: { kind: "proposal", title, body: "建议内容。" },
      });
      await send(row.id, "author", { type: "SUBMIT" }, submittedOn);
      return row.id;
    }

    beforeAll(async () => {
      const setup = "2026-09-01T00:00:00.000Z";
      t = await freshDb(backend, setup);
      org = await seedOrg(t.db, setup);
      clock = fixedClock(setup);
      enterpriseId = await insertEnterprise(t.db, {
        name: "常州精工机械制造有限公司",
        uscc: code("91320411MA1XK2P3L"),
        now: setup,
      });
      const uid = await insertUser(t.db, {
        username: "qiye",
        passwordHash: "test-only-not-a-hash",
        displayName: "精工 周建平",
        role: "enterprise",
        enterpriseId,
        email: "qiye@example.test",
        now: setup,
      });
      entUser = { userId: uid, role: "enterprise", departmentId: null, enterpriseId };
      const { lead: L, co1: P, co2: K } = org.departments;

      // P5: before the period, except for its evaluation window.
      c.P5 = await proposal("P5 关于加强河道保洁的提案", "2026-09-28");
      await send(c.P5, "supervisor", { type: "ACCEPT" }, "2026-09-29");
      await send(
        c.P5,
        "supervisor",
        { type: "ASSIGN", leadDepartmentId: P, coDepartmentIds: [] },
        "2026-10-12",
      );
      await send(c.P5, "co1Handler", { type: "SIGN" }, "2026-10-12");
      await send(
        c.P5,
        "co1Handler",
        { type: "RECORD_CONTACT", date: "2026-10-13", method: "phone", summary: "电话沟通" },
        "2026-10-13",
      );
      await send(c.P5, "co1Handler", proposalReply("B"), "2026-10-16");
      await send(c.P5, "co1Head", { type: "APPROVE_REPLY" }, "2026-10-16");

      // Proposals P1–P4, submitted in October and assigned on Monday 11-02.
      for (const k of ["P1", "P2", "P3", "P4"]) {
        c[k] = await proposal(`${k} 提案`, "2026-10-20");
        await send(c[k], "supervisor", { type: "ACCEPT" }, "2026-10-22");
      }
      const assign = (id: number, lead: number, co: number[]) =>
        send(id, "supervisor", { type: "ASSIGN", leadDepartmentId: lead, coDepartmentIds: co }, "2026-11-02");
      await assign(c.P1, L, [P]);
      await assign(c.P2, L, [K]);
      await assign(c.P3, K, []);
      await assign(c.P4, K, []);

      // Enterprise requests.
      c.R5 = await request("suggestion", "2026-10-21", "2026-10-22");
      await send(c.R5, "supervisor", { type: "ASSIGN", leadDepartmentId: L }, "2026-10-26");
      await send(c.R5, "leadHandler", { type: "SIGN" }, "2026-10-26");
      c.R1 = await request("help", "2026-10-29", "2026-10-30");
      c.R2 = await request("consult", "2026-10-29", "2026-10-30");
      await send(c.R1, "supervisor", { type: "ASSIGN", leadDepartmentId: L }, "2026-11-02");
      await send(c.R1, "leadHandler", { type: "SIGN" }, "2026-11-02");
      c.R4 = await request("complaint", "2026-11-02", "2026-11-03");

      // 11-02 … 11-06
      await send(c.P2, "leadHandler", { type: "SIGN" }, "2026-11-02");
      await send(c.P4, "co2Handler", { type: "SIGN" }, "2026-11-02");
      await send(c.R2, "supervisor", { type: "ASSIGN", leadDepartmentId: L }, "2026-11-03");
      await send(c.P1, "leadHandler", { type: "SIGN" }, "2026-11-03");
      await send(c.P3, "co2Handler", { type: "SIGN" }, "2026-11-03");
      await send(c.P2, "co2Head", { type: "OBJECT", reason: "不属于我局职责" }, "2026-11-03");
      await send(
        c.P2,
        "supervisor",
        { type: "DISMISS_OBJECTION", reason: "涉及企业用地，请配合" },
        "2026-11-04",
      );
      await send(c.R4, "supervisor", { type: "ASSIGN", leadDepartmentId: K }, "2026-11-04");
      await send(
        c.R4,
        "co2Head",
        { type: "RETURN", reasonCode: "not_our_remit", note: "不属本局职责" },
        "2026-11-04",
      );
      await send(
        c.P4,
        "co2Handler",
        { type: "RECORD_CONTACT", date: "2026-11-04", method: "phone", summary: "电话沟通" },
        "2026-11-04",
      );
      await send(c.R2, "leadHandler", { type: "SIGN" }, "2026-11-05");
      await send(c.R4, "supervisor", { type: "ASSIGN", leadDepartmentId: L }, "2026-11-05");
      await send(c.R4, "leadHandler", { type: "SIGN" }, "2026-11-05");
      await send(
        c.P3,
        "co2Handler",
        { type: "RECORD_CONTACT", date: "2026-11-05", method: "visit", summary: "上门走访" },
        "2026-11-05",
      );
      await send(c.P4, "co2Handler", proposalReply("D"), "2026-11-05");
      await send(c.P4, "co2Head", { type: "APPROVE_REPLY" }, "2026-11-05");
      await send(c.P1, "co1Handler", { type: "SIGN" }, "2026-11-06");
      await send(
        c.R1,
        "leadHandler",
        { type: "SUBMIT_REPLY", resolution: "resolved", ...reply },
        "2026-11-06",
      );
      await send(c.R1, "leadHead", { type: "APPROVE_REPLY" }, "2026-11-06");

      // 11-09 … 11-13
      await send(c.P5, "system", { type: "EXPIRE_EVALUATION" }, "2026-11-09");
      await send(c.P1, "co1Handler", { type: "SUBMIT_OPINION", body: "同意。" }, "2026-11-09");
      await send(
        c.P1,
        "leadHandler",
        { type: "RECORD_CONTACT", date: "2026-11-09", method: "phone", summary: "电话沟通" },
        "2026-11-09",
      );
      await send(
        c.R5,
        "leadHandler",
        { type: "SUBMIT_REPLY", resolution: "explained", ...reply },
        "2026-11-09",
      );
      await send(c.R5, "leadHead", { type: "APPROVE_REPLY" }, "2026-11-09");
      await send(c.R1, "ent", { type: "FEEDBACK", rating: "satisfied" }, "2026-11-10");
      await send(c.R5, "ent", { type: "FEEDBACK", rating: "unsatisfied" }, "2026-11-10");
      await send(c.P3, "co2Handler", proposalReply("C"), "2026-11-10");
      await send(c.P3, "co2Head", { type: "APPROVE_REPLY" }, "2026-11-10");
      await send(
        c.P2,
        "leadHandler",
        { type: "REQUEST_EXTENSION", until: "2027-03-02", reason: "需市级部门批复" },
        "2026-11-10",
      );
      await send(c.P2, "supervisor", { type: "DENY_EXTENSION", reason: "请按期答复" }, "2026-11-11");
      await send(
        c.P3,
        "author",
        { type: "EVALUATE", attitude: "satisfied", result: "basically_satisfied" },
        "2026-11-11",
      );
      await send(
        c.R2,
        "leadHandler",
        { type: "SUBMIT_REPLY", resolution: "resolved", ...reply },
        "2026-11-11",
      );
      await send(c.R2, "leadHead", { type: "APPROVE_REPLY" }, "2026-11-11");
      await send(c.P1, "leadHandler", proposalReply("A"), "2026-11-12");
      await send(c.P1, "leadHead", { type: "APPROVE_REPLY" }, "2026-11-12");
      c.R3 = await request("help", "2026-11-12", "2026-11-13");

      // 11-16 … 11-25
      await send(
        c.P1,
        "author",
        { type: "EVALUATE", attitude: "satisfied", result: "satisfied" },
        "2026-11-16",
      );
      await send(c.R3, "supervisor", { type: "ASSIGN", leadDepartmentId: L }, "2026-11-16");
      await send(c.R3, "leadHandler", { type: "SIGN" }, "2026-11-16");
      await send(c.R2, "system", { type: "EXPIRE_FEEDBACK" }, "2026-11-19");
      await send(
        c.R4,
        "leadHandler",
        { type: "REQUEST_EXTENSION", until: "2026-12-04", reason: "需现场核查" },
        "2026-11-20",
      );
      await send(
        c.R5,
        "leadHandler",
        { type: "SUBMIT_REPLY", resolution: "resolved", ...reply },
        "2026-11-20",
      );
      await send(c.R5, "leadHead", { type: "APPROVE_REPLY" }, "2026-11-20");
      await send(c.R4, "supervisor", { type: "APPROVE_EXTENSION" }, "2026-11-23");
      on(AS_OF);
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });
    afterEach(() => on(AS_OF));

    const stats = async (q: Partial<{ from: string; to: string; asOf: string; kind: Case["kind"] }> = {}) =>
      unitStatistics(t.db, await loadCalendar(t.db), { from: FROM, to: TO, asOf: AS_OF, ...q });
    const unit = (s: StatsResult, id: number) => s.units.find((u) => u.departmentId === id)!.figures;

    it("the fixture is where the story says it is", async () => {
      const rows = await t.db.selectFrom("cases").select(["id", "state", "round", "outcome"]).execute();
      const state = (k: string) => rows.find((r) => r.id === c[k]);
      expect(state("R1")).toMatchObject({ state: "closed", outcome: "satisfied" });
      expect(state("R2")).toMatchObject({ state: "closed", outcome: "unrated" });
      expect(state("R3")).toMatchObject({ state: "handling" });
      expect(state("R4")).toMatchObject({ state: "handling" });
      expect(state("R5")).toMatchObject({ state: "replied", round: 2 });
      expect(state("P1")).toMatchObject({ state: "closed", outcome: "satisfied" });
      expect(state("P2")).toMatchObject({ state: "handling" });
      expect(state("P3")).toMatchObject({ state: "closed", outcome: "basically_satisfied" });
      expect(state("P4")).toMatchObject({ state: "replied" });
      expect(state("P5")).toMatchObject({ state: "closed", outcome: "unevaluated" });
      const r4 = await t.db
        .selectFrom("case_deadlines")
        .select(["department_id", "type", "due_date", "status"])
        .where("case_id", "=", c.R4)
        .where("type", "in", ["sign", "reply"])
        .orderBy("id")
        .execute();
      const { lead: L, co2: K } = org.departments;
      expect(r4).toEqual([
        { department_id: K, type: "sign", due_date: "2026-11-05", status: "waived" },
        // K's own reply clock, from 11-04: 05,06,09,10,11,12,13,16,17,18,19,20,23
        { department_id: K, type: "reply", due_date: "2026-11-23", status: "waived" },
        { department_id: L, type: "sign", due_date: "2026-11-06", status: "met" },
        { department_id: L, type: "reply", due_date: "2026-11-24", status: "superseded" },
        { department_id: L, type: "reply", due_date: "2026-12-04", status: "open" },
      ]);
    });

    it("computes every figure of every unit as worked out by hand", async () => {
      const s = await stats();
      const { lead: L, co1: P, co2: K, other: E } = org.departments;
      expect(s).toMatchObject({ from: FROM, to: TO, asOf: AS_OF, kind: null });
      expect(s.units.map((u) => u.departmentId)).toEqual([L, P, K, E]);

      expect(unit(s, L)).toEqual(
        figures({
          // R1 11-02, R2 11-03, R4 11-05, R3 11-16, P1 11-02, P2 11-02 (R5 was assigned 10-26)
          assignedLead: 6,
          // sign-fors due in November: R1 ✓, R2 ✗ (11-05 > 11-04), R3 ✓, R4 ✓, P1 ✓, P2 ✓
          signDue: 6,
          signedOnTime: 5,
          signOnTimeRate: 5 / 6,
          // replies due in November: R1 11-09 ✓, R2 11-06 ✗ (11-11), R5 round 1 11-09 ✓, R5 round 2
          // 11-24 ✓, and R3 11-23 still open on 11-25 ✗. Without R3 it would read 3/4 = 75 %.
          replyDue: 5,
          repliedOnTime: 3,
          replyOnTimeRate: 3 / 5,
          // released: R1, R2, R5 ×2, P1; days 4 + 6 + 10 + 8 + 8 = 36
          replied: 5,
          avgReplyDays: 36 / 5,
          // R3 (reply 11-23 overdue), P2 (contact 11-23 overdue), R4 (reply 12-04 not yet due)
          open: 3,
          overdue: 2,
          returns: 0,
          // R4 approved, P2 denied
          extensionsRequested: 2,
          extensionsApproved: 1,
          // R5 round 2 from 11-10
          rehandled: 1,
          // R1 and P1 satisfied, R5 round 1 unsatisfied; R2's window ended 11-18 unrated
          satisfied: 2,
          unsatisfied: 1,
          unevaluated: 1,
          satisfactionRate: 2 / 3,
          // only P1 is a classed reply: A
          classA: 1,
          classAShare: 1,
          classBShare: 0,
          classCShare: 0,
          classDShare: 0,
        }),
      );

      expect(unit(s, P)).toEqual(
        figures({
          // co on P1 (P5 was assigned in October)
          assignedCo: 1,
          // P1 sign due 11-04, signed 11-06
          signDue: 1,
          signedOnTime: 0,
          signOnTimeRate: 0,
          // P5's evaluation window ended 11-06 without a rating
          unevaluated: 1,
        }),
      );

      expect(unit(s, K)).toEqual(
        figures({
          // R4 (returned the same day), P3, P4; co on P2
          assignedLead: 3,
          assignedCo: 1,
          // P2 ✗ (never signed, due 11-04: open and overdue), P3 ✓, P4 ✓; R4's was lifted by the return
          signDue: 3,
          signedOnTime: 2,
          signOnTimeRate: 2 / 3,
          // P3 (6 days) and P4 (3 days)
          replied: 2,
          avgReplyDays: 9 / 2,
          // P2: sign-for (11-04) and opinion (12-02) still owed
          open: 1,
          overdue: 1,
          // R4 退单 + P2 申请调整
          returns: 2,
          basicallySatisfied: 1,
          satisfactionRate: 1,
          // P4's window ends 11-26: not over on 11-25, so not counted
          unevaluated: 0,
          classC: 1,
          classD: 1,
          classAShare: 0,
          classBShare: 0,
          classCShare: 1 / 2,
          classDShare: 1 / 2,
        }),
      );

      expect(unit(s, E)).toEqual(figures({}));

      // Totals: sums of the units; rates from the summed parts.
      expect(s.totals).toEqual(
        figures({
          assignedLead: 9,
          assignedCo: 2,
          signDue: 10,
          signedOnTime: 7,
          signOnTimeRate: 7 / 10,
          replyDue: 5,
          repliedOnTime: 3,
          replyOnTimeRate: 3 / 5,
          replied: 7,
          // (36 + 9) / 7
          avgReplyDays: 45 / 7,
          open: 4,
          overdue: 3,
          returns: 2,
          extensionsRequested: 2,
          extensionsApproved: 1,
          rehandled: 1,
          satisfied: 2,
          basicallySatisfied: 1,
          unsatisfied: 1,
          unevaluated: 2,
          // (2 + 1) / (2 + 1 + 1); the two unrated are in neither
          satisfactionRate: 3 / 4,
          classA: 1,
          classC: 1,
          classD: 1,
          classAShare: 1 / 3,
          classBShare: 0,
          classCShare: 1 / 3,
          classDShare: 1 / 3,
        }),
      );
      // The one month of the period: intake R3, R4; replies R1, R2, R5 ×2, P1, P3, P4; closed R1,
      // R2, P1, P3, P5.
      expect(s.months).toEqual([{ month: "2026-11", values: { intake: 2, replied: 7, closed: 5 } }]);
    });

    it("judges open windows on the reference date: a rating window past its end counts as not rated", async () => {
      // On 11-27 P4's evaluation window (ended 11-26) is over with no rating; R5's round-2 window
      // ends on 11-27 itself, so it is not over yet. Nothing else changes.
      const s = await stats({ asOf: "2026-11-27" });
      const { lead: L, co2: K } = org.departments;
      expect(unit(s, K)).toMatchObject({ unevaluated: 1, satisfactionRate: 1, open: 1, overdue: 1 });
      expect(unit(s, L)).toMatchObject({ unevaluated: 1, replyDue: 5, repliedOnTime: 3, overdue: 2 });
      expect(s.totals.unevaluated).toBe(3);

      // On 11-23 R3's reply (due that day) is not late yet: it leaves the denominator.
      const early = await stats({ asOf: "2026-11-23" });
      expect(unit(early, L)).toMatchObject({ replyDue: 4, repliedOnTime: 3, replyOnTimeRate: 3 / 4 });
    });

    it("exports the figures as a workbook: typed cells, formats, frozen header, definitions on the second sheet", async () => {
      const s = await stats();
      const res = await statsDownload(s, "zh-CN", "xlsx");
      expect(res.headers.get("Content-Type")).toBe(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      );
      expect(res.headers.get("Content-Disposition")).toBe(
        `attachment; filename="__-2026-11-01_2026-11-30.xlsx"; filename*=UTF-8''%E7%BB%9F%E8%AE%A1-2026-11-01_2026-11-30.xlsx`,
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      expect(wb.worksheets.map((w) => w.name)).toEqual(["各单位统计", "指标定义", "月度"]);

      const ws = wb.worksheets[0];
      expect(ws.views[0]).toMatchObject({ state: "frozen", xSplit: 1, ySplit: 1 });
      // The unit and 29 figures: columns A … AD, filterable from the header row.
      expect(METRICS.length + 1).toBe(30);
      expect(ws.autoFilter).toBe("A1:AD1");
      // Header: the unit, then every figure's Chinese name in the order of the definitions.
      const header = (ws.getRow(1).values as unknown[]).slice(1);
      expect(header).toEqual(["承办单位", ...METRICS.map((m) => m.label["zh-CN"])]);
      expect(ws.getRow(1).font).toMatchObject({ bold: true });
      // One row per unit in id order, then the totals.
      expect(ws.rowCount).toBe(1 + 4 + 1);
      expect(ws.getColumn(1).values.slice(1)).toEqual([
        "承办单位",
        "区发展和改革局",
        "区规划和自然资源分局",
        "区科工商信局",
        "区教育局",
        "合计",
      ]);
      const col = (key: string) => METRICS.findIndex((m) => m.key === key) + 2;
      const cell = (row: number, key: string) => ws.getRow(row).getCell(col(key));
      // L (row 2): counts as numbers with a whole-number format, rates as fractions shown as %.
      expect(cell(2, "assignedLead").value).toBe(6);
      expect(cell(2, "assignedLead").numFmt).toBe("0");
      expect(cell(2, "replyOnTimeRate").value).toBe(3 / 5);
      expect(cell(2, "replyOnTimeRate").numFmt).toBe("0.0%");
      expect(cell(2, "signOnTimeRate").value).toBeCloseTo(5 / 6, 12);
      expect(cell(2, "avgReplyDays").value).toBe(7.2);
      expect(cell(2, "avgReplyDays").numFmt).toBe("0.0");
      expect(cell(2, "unevaluated").value).toBe(1);
      expect(cell(2, "satisfactionRate").value).toBeCloseTo(2 / 3, 12);
      // E (row 5): nothing to divide is an empty cell, not 0 %.
      expect(cell(5, "replyOnTimeRate").value).toBeNull();
      expect(cell(5, "assignedLead").value).toBe(0);
      // Totals (row 6), bold.
      expect(ws.getRow(6).font).toMatchObject({ bold: true });
      expect(cell(6, "replyDue").value).toBe(5);
      expect(cell(6, "avgReplyDays").value).toBeCloseTo(45 / 7, 12);
      expect(cell(6, "satisfactionRate").value).toBe(3 / 4);

      const defs = wb.worksheets[1];
      expect(defs.getRow(1).values).toEqual([undefined, "项目", "说明"]);
      expect(defs.getRow(2).values).toEqual([undefined, "统计期间", "2026-11-01 至 2026-11-30"]);
      expect(defs.getRow(3).values).toEqual([undefined, "统计日", "2026-11-25"]);
      expect(defs.getRow(4).values).toEqual([undefined, "事项类型", "全部"]);
      for (const [i, m] of METRICS.entries())
        expect(defs.getRow(5 + i).values).toEqual([undefined, m.label["zh-CN"], m.definition["zh-CN"]]);
      expect(defs.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });

      const months = wb.worksheets[2];
      expect(months.getRow(1).values).toEqual([undefined, "月份", "收件", "签发答复", "办结"]);
      // The month is a date (its first day), shown as yyyy-mm.
      expect(months.getCell("A2").value).toEqual(new Date("2026-11-01T00:00:00.000Z"));
      expect(months.getCell("A2").numFmt).toBe("yyyy-mm");
      expect(months.getRow(2).values).toEqual([undefined, new Date("2026-11-01T00:00:00.000Z"), 2, 7, 5]);
    });

    it("exports the figures as CSV: BOM, CRLF, the same columns, then the definitions; English headers in English", async () => {
      const s = await stats();
      const res = await statsDownload(s, "zh-CN", "csv");
      expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("Content-Disposition")).toMatch(
        /filename\*=UTF-8''%E7%BB%9F%E8%AE%A1-2026-11-01_2026-11-30\.csv$/,
      );
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes.slice(3));
      expect(text.endsWith("\r\n")).toBe(true);
      const lines = text.split("\r\n");
      expect(lines.every((l) => !l.includes("\n"))).toBe(true);
      expect(lines[0]).toBe(["承办单位", ...METRICS.map((m) => m.label["zh-CN"])].join(","));
      // L: counts, one-decimal percentages and days, exactly as in the table above.
      expect(lines[1]).toBe(
        "区发展和改革局,6,0,6,5,83.3%,5,3,60.0%,5,7.2,3,2,0,2,1,1,2,0,1,1,66.7%,1,0,0,0,100.0%,0.0%,0.0%,0.0%",
      );
      // E: nothing to divide stays empty.
      expect(lines[4]).toBe("区教育局,0,0,0,0,,0,0,,0,,0,0,0,0,0,0,0,0,0,0,,0,0,0,0,,,,");
      expect(lines[5]).toBe(
        "合计,9,2,10,7,70.0%,5,3,60.0%,7,6.4,4,3,2,2,1,1,2,1,1,2,75.0%,1,0,1,1,33.3%,0.0%,33.3%,33.3%",
      );
      // A blank line, then the definitions table.
      expect(lines[6]).toBe("");
      expect(lines[7]).toBe("项目,说明");
      expect(lines[8]).toBe("统计期间,2026-11-01 至 2026-11-30");
      expect(lines).toContain(
        `按时答复率,${METRICS.find((m) => m.key === "replyOnTimeRate")!.definition["zh-CN"]}`,
      );

      // (TextDecoder drops a leading BOM unless told to keep it.)
      const en = new TextDecoder("utf-8", { ignoreBOM: true }).decode(
        new Uint8Array(await (await statsDownload(s, "en", "csv")).arrayBuffer()),
      );
      expect(en.charCodeAt(0)).toBe(0xfeff);
      const enLines = en.slice(1).split("\r\n");
      expect(enLines[0].split(",").slice(0, 5)).toEqual([
        "Unit",
        "Assigned (lead)",
        "Assigned (co-handling)",
        "Sign-fors due",
        "Signed on time",
      ]);
      expect(enLines[5].startsWith("Total,9,2,")).toBe(true);
      // English definitions have commas: quoted.
      const def = METRICS.find((m) => m.key === "open")!.definition.en;
      expect(def).toContain(",");
      expect(enLines).toContain(`Open,"${def}"`);
    });

    it("filters by kind", async () => {
      const { lead: L, co1: P, co2: K } = org.departments;
      const proposals = await stats({ kind: "proposal" });
      expect(proposals.kind).toBe("proposal");
      expect(unit(proposals, L)).toEqual(
        figures({
          assignedLead: 2, // P1, P2
          signDue: 2,
          signedOnTime: 2,
          signOnTimeRate: 1,
          replied: 1, // P1, 8 days
          avgReplyDays: 8,
          open: 1, // P2
          overdue: 1,
          extensionsRequested: 1, // P2, denied
          satisfied: 1, // P1
          satisfactionRate: 1,
          classA: 1,
          classAShare: 1,
          classBShare: 0,
          classCShare: 0,
          classDShare: 0,
        }),
      );
      expect(unit(proposals, K)).toMatchObject({ assignedLead: 2, assignedCo: 1, returns: 1, signDue: 3 });
      expect(unit(proposals, P)).toMatchObject({ assignedCo: 1, unevaluated: 1 });
      // intake: none in November; replies P1, P3, P4; closed P1, P3, P5
      expect(proposals.months).toEqual([{ month: "2026-11", values: { intake: 0, replied: 3, closed: 3 } }]);

      const requests = await stats({ kind: "enterprise_request" });
      expect(unit(requests, L)).toEqual(
        figures({
          assignedLead: 4, // R1, R2, R3, R4
          signDue: 4, // R1 ✓, R2 ✗, R3 ✓, R4 ✓
          signedOnTime: 3,
          signOnTimeRate: 3 / 4,
          replyDue: 5,
          repliedOnTime: 3,
          replyOnTimeRate: 3 / 5,
          replied: 4, // R1 4, R2 6, R5 10 and 8 days
          avgReplyDays: 28 / 4,
          open: 2, // R3, R4
          overdue: 1, // R3
          extensionsRequested: 1,
          extensionsApproved: 1,
          rehandled: 1,
          satisfied: 1, // R1
          unsatisfied: 1, // R5 round 1
          unevaluated: 1, // R2
          satisfactionRate: 1 / 2,
        }),
      );
      expect(unit(requests, K)).toEqual(figures({ assignedLead: 1, returns: 1 }));
      expect(unit(requests, P)).toEqual(figures({}));
    });

    it("series by month across a longer period", async () => {
      const s = await stats({ from: "2026-10-01", to: "2026-11-30" });
      // October: received R5 (10-21), P1–P4 (10-20), R1, R2 (10-29); P5's reply (10-16) released.
      expect(s.months).toEqual([
        { month: "2026-10", values: { intake: 7, replied: 1, closed: 0 } },
        { month: "2026-11", values: { intake: 2, replied: 7, closed: 5 } },
      ]);
      // October adds R5's and P5's assignments, sign-fors (R5 10-27 ✓, P5 10-14 ✓) and P5's reply.
      const { lead: L, co1: P } = org.departments;
      expect(unit(s, L)).toMatchObject({ assignedLead: 7, signDue: 7, signedOnTime: 6 });
      // P5: 10-12 → 10-16 is 4 working days
      expect(unit(s, P)).toMatchObject({
        assignedLead: 1,
        signDue: 2,
        signedOnTime: 1,
        replied: 1,
        avgReplyDays: 4,
        classB: 1,
      });
    });
  });
});
