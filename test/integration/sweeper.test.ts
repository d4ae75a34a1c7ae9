import { spawn } from "node:child_process";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { insertEnterprise } from "../../db/enterprises";
import { verifyChains } from "../../db/events";
import { alertsOfCase } from "../../db/sweeper";
import { insertUser } from "../../db/users";
import { createCase, type DispatchInput, dispatch } from "../../workflows/engine";
import { morningOf, sweep } from "../../workflows/sweeper";
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
 * The deadline sweeper with a moved clock across National Day 2026 (State Council notice:
 * 10-01 … 10-07 off; Sunday 09-20 and Saturday 10-10 are make-up working days), on SQLite and
 * PostgreSQL: the escalation ladder step by step, nothing recorded or mailed twice, windows that
 * lapse, the feedback window that closes a request as unrated, and a paused request left alone.
 *
 * The request of most tests: a suggestion (10 working days) assigned on Friday 2026-09-25, so the
 * reply is due 09-28, 09-29, 09-30, 10-08, 10-09, 10-10 (Sat, worked), 10-12, 10-13, 10-14, 10-15
 * → Thursday 2026-10-15.
 */

type Event = DispatchInput["event"];
const code = (body17: string) => body17 + usccCheckChar(body17);

afterAll(releaseTestDatabases);

describe.each(testDatabases())("deadline sweeper on $name", (backend) => {
  describe.skipIf(backend.skip)(backendTitle(backend), () => {
    let t: TestDb;
    let org: Org;
    let ent: Actor;
    let clock: FixedClock;

    beforeEach(async () => {
      const setup = "2026-09-01T00:00:00.000Z";
      t = await freshDb(backend, setup);
      org = await seedOrg(t.db, setup);
      const e = await insertEnterprise(t.db, {
        name: "常州精工机械制造有限公司",
        uscc: code("91320411MA1XK2P3L"),
        now: setup,
      });
      const id = await insertUser(t.db, {
        username: "qiye_jinggong",
        passwordHash: "test-only-not-a-hash",
        displayName: "周建平",
        role: "enterprise",
        enterpriseId: e,
        email: "zhou@example.test",
        now: setup,
      });
      ent = { userId: id, role: "enterprise", departmentId: null, enterpriseId: e };
      clock = fixedClock("2026-09-24T02:00:00.000Z");
    });
    afterEach(async () => {
      await t?.close();
    });

    /** 10:00 in Beijing on that day. */
    const on = (day: string) => clock.set(`${day}T02:00:00.000Z`);
    const actor = (who: UserKey | "ent"): Actor => (who === "ent" ? ent : org.actors[who]);
    const send = async (caseId: number, who: UserKey | "ent", event: Event) =>
      (await dispatch(t.db, clock, { caseId, actor: actor(who), event })).case;
    /** A sweep on `day` at `hhmm` Beijing time (the clock the engine stamps events with). */
    const sweepOn = (day: string, hhmm = "10:00") => {
      const at = new Date(`${day}T${hhmm}:00+08:00`);
      return sweep(t.db, { now: () => at }, { asOf: day });
    };

    async function assignedSuggestion(opts: { sign?: boolean } = {}) {
      on("2026-09-24");
      const c = await createCase(t.db, clock, {
        actor: ent,
        input: {
          kind: "enterprise_request",
          title: "关于优化工业用地弹性出让的建议",
          body: "建议对先进制造业项目推行弹性年期出让，降低企业一次性用地成本。",
          category: "suggestion",
        },
      });
      await send(c.id, "supervisor", { type: "ACCEPT", category: "suggestion" });
      on("2026-09-25");
      await send(c.id, "supervisor", { type: "ASSIGN", leadDepartmentId: org.departments.lead });
      if (opts.sign !== false) await send(c.id, "leadHandler", { type: "SIGN" });
      return c.id;
    }

    const history = async (caseId: number) =>
      t.db
        .selectFrom("case_events")
        .select(["type", "payload", "actor_role", "state_before", "state_after"])
        .where("case_id", "=", caseId)
        .orderBy("seq")
        .execute();
    const outbox = async (caseId: number) =>
      t.db
        .selectFrom("outbox")
        .select(["template", "recipient_user_id", "recipient_email", "next_attempt_at", "payload"])
        .where("case_id", "=", caseId)
        .orderBy("id")
        .execute();
    const replyDeadline = async (caseId: number) =>
      t.db
        .selectFrom("case_deadlines")
        .selectAll()
        .where("case_id", "=", caseId)
        .where("type", "=", "reply")
        .where("status", "=", "open")
        .executeTakeFirstOrThrow();

    it("climbs the ladder in working days across the holiday, one step at a time", async () => {
      const id = await assignedSuggestion();
      const reply = await replyDeadline(id);
      expect(reply.due_date).toBe("2026-10-15");

      // Working days left before the due date (10 in all, so both warning points apply):
      //   09-30: 10-08 10-09 10-10 10-12 10-13 10-14 10-15 = 7 → nothing yet
      //   10-03 (holiday): the same 7 → nothing
      //   10-08: 6 → nothing; 10-09: 10-10 10-12 10-13 10-14 10-15 = 5 → the 5-day warning
      //   10-10 (make-up Saturday): 4 → already warned; 10-14: 1 → the 1-day warning
      const steps: Array<[string, string | null]> = [
        ["2026-09-30", null],
        ["2026-10-03", null],
        ["2026-10-08", null],
        ["2026-10-09", "prewarn:5"],
        ["2026-10-10", null],
        ["2026-10-13", null],
        ["2026-10-14", "prewarn:1"],
        ["2026-10-15", null],
        // Overdue from the day after: 10-16 is 1 working day late, 10-19 (Mon) 2, 10-20 3 → 督办.
        ["2026-10-16", "overdue"],
        ["2026-10-19", null],
        ["2026-10-20", "supervise"],
        // 10 working days late on 10-29: 16 19 20 21 22 23 26 27 28 29 → listed for the bulletin.
        ["2026-10-28", null],
        ["2026-10-29", "bulletin"],
        ["2026-11-05", null],
      ];
      for (const [day, expected] of steps) {
        const r = await sweepOn(day);
        expect(Object.keys(r.steps), `sweep of ${day}`).toEqual(expected ? [expected] : []);
      }

      const alerts = await alertsOfCase(t.db, id);
      expect(alerts.map((a) => [a.step, a.as_of, a.working_days, a.department_id])).toEqual([
        ["prewarn:5", "2026-10-09", -5, org.departments.lead],
        ["prewarn:1", "2026-10-14", -1, org.departments.lead],
        ["overdue", "2026-10-16", 1, org.departments.lead],
        ["supervise", "2026-10-20", 3, org.departments.lead],
        ["bulletin", "2026-10-29", 10, org.departments.lead],
      ]);
      expect(alerts.every((a) => a.deadline_id === reply.id && a.event_id !== null)).toBe(true);

      // Each step is in the history, by the system, without moving the case.
      const events = (await history(id)).filter((e) => e.type.startsWith("DEADLINE_"));
      expect(events.map((e) => e.type)).toEqual([
        "DEADLINE_WARNING",
        "DEADLINE_WARNING",
        "DEADLINE_OVERDUE",
        "DEADLINE_SUPERVISED",
        "DEADLINE_LISTED",
      ]);
      expect(events.every((e) => e.actor_role === "system" && e.state_before === "handling")).toBe(true);
      expect(events.every((e) => e.state_after === "handling")).toBe(true);
      expect(JSON.parse(events[2].payload)).toMatchObject({
        deadlineType: "reply",
        dueDate: "2026-10-15",
        workingDays: 1,
        step: "overdue",
      });

      // Mails: warnings and 催办 to the unit's handler and head, 督办 to the head only, none for
      // the bulletin listing.
      const mails = (await outbox(id)).filter((m) => m.template.startsWith("deadline_"));
      const to = (template: string) =>
        mails
          .filter((m) => m.template === template)
          .map((m) => m.recipient_user_id)
          .sort();
      const unit = [org.users.leadHandler, org.users.leadHead].sort();
      expect(to("deadline_warning")).toEqual([...unit, ...unit].sort());
      expect(to("deadline_overdue")).toEqual(unit);
      expect(to("deadline_supervised")).toEqual([org.users.leadHead]);
      expect(mails).toHaveLength(7);
      expect(JSON.parse(mails.find((m) => m.template === "deadline_supervised")!.payload)).toMatchObject({
        deadlineType: "reply",
        dueDate: "2026-10-15",
        workingDays: 3,
      });
    });

    it("never records or mails a step twice, however often it runs", async () => {
      const id = await assignedSuggestion();
      const first = await sweepOn("2026-10-16");
      expect(first.steps).toEqual({ overdue: 1 });
      const counts = async () => ({
        alerts: (await alertsOfCase(t.db, id)).length,
        events: (await history(id)).length,
        mails: (await outbox(id)).length,
      });
      const after = await counts();
      for (let i = 0; i < 3; i++) {
        const again = await sweepOn("2026-10-16");
        expect(again.steps).toEqual({});
      }
      // Two passes at once in this process: still one step each.
      const both = await Promise.all([sweepOn("2026-10-19"), sweepOn("2026-10-19")]);
      expect(both.map((r) => r.steps)).toEqual([{}, {}]);
      expect(await counts()).toEqual(after);
      const racing = await Promise.all([sweepOn("2026-10-20"), sweepOn("2026-10-20")]);
      const supervised = racing.map((r) => r.steps.supervise ?? 0);
      expect(supervised.sort()).toEqual([0, 1]);
      expect((await alertsOfCase(t.db, id)).map((a) => a.step)).toEqual(["overdue", "supervise"]);
      expect((await outbox(id)).filter((m) => m.template === "deadline_supervised")).toHaveLength(1);
    });

    it("skips steps nobody saw when it starts late, and stops once the reply is in", async () => {
      const id = await assignedSuggestion();
      // The first pass runs 3 working days late (10-16, 10-19, 10-20): straight to 督办.
      const r = await sweepOn("2026-10-20");
      expect(r.steps).toEqual({ supervise: 1 });
      on("2026-10-21");
      await send(id, "leadHandler", { type: "SUBMIT_REPLY", resolution: "explained", body: "已研究答复。" });
      await send(id, "leadHead", { type: "APPROVE_REPLY" });
      const later = await sweepOn("2026-11-05");
      expect(later.steps).toEqual({});
      expect((await alertsOfCase(t.db, id)).map((a) => a.step)).toEqual(["supervise"]);
    });

    it("waits for the next working morning when it runs after hours", async () => {
      const id = await assignedSuggestion();
      // Friday 10-09 at 20:00: the 5-day warning waits for 08:30 on Saturday 10-10, a make-up
      // working day.
      await sweepOn("2026-10-09", "20:00");
      const warning = (await outbox(id)).filter((m) => m.template === "deadline_warning");
      expect(warning.length).toBeGreaterThan(0);
      expect(new Set(warning.map((m) => m.next_attempt_at))).toEqual(new Set(["2026-10-10T00:30:00.000Z"]));
    });

    it("holds mail produced on the eve of a holiday until the first working morning after it", async () => {
      const id = await assignedSuggestion({ sign: false });
      // Not signed: the sign-for deadline (1 working day, 09-28) is overdue on 09-29; a pass at
      // 19:00 on Wednesday 09-30 finds it 2 working days late and its mail waits for 10-08 08:30.
      await sweepOn("2026-09-30", "19:00");
      const overdue = (await outbox(id)).filter((m) => m.template === "deadline_overdue");
      expect(overdue.length).toBe(2);
      expect(new Set(overdue.map((m) => JSON.parse(m.payload).deadlineType))).toEqual(new Set(["sign"]));
      expect(new Set(overdue.map((m) => m.next_attempt_at))).toEqual(new Set(["2026-10-08T00:30:00.000Z"]));
      // Inside working hours, mail goes at once.
      await sweepOn("2026-10-08", "09:15");
      const supervised = (await outbox(id)).filter((m) => m.template === "deadline_supervised");
      expect(supervised.map((m) => m.next_attempt_at)).toEqual(["2026-10-08T01:15:00.000Z"]);
    });

    it("lets an unused return window lapse, once", async () => {
      const id = await assignedSuggestion();
      const window = await t.db
        .selectFrom("case_deadlines")
        .selectAll()
        .where("case_id", "=", id)
        .where("type", "=", "return_window")
        .executeTakeFirstOrThrow();
      expect(window).toMatchObject({ due_date: "2026-09-28", status: "open" });
      expect((await sweepOn("2026-09-28")).lapsed).toBe(0);
      expect((await sweepOn("2026-09-29")).lapsed).toBe(1);
      expect((await sweepOn("2026-09-29")).lapsed).toBe(0);
      const after = await t.db
        .selectFrom("case_deadlines")
        .select("status")
        .where("id", "=", window.id)
        .executeTakeFirstOrThrow();
      expect(after.status).toBe("lapsed");
      const lapses = (await history(id)).filter((e) => e.type === "WINDOWS_LAPSED");
      expect(lapses).toHaveLength(1);
      expect(JSON.parse(lapses[0].payload).windows).toEqual([
        {
          deadlineId: window.id,
          type: "return_window",
          departmentId: org.departments.lead,
          dueDate: "2026-09-28",
        },
      ]);
      // The unit may no longer return it (the machine's own guard agrees with the lapsed row).
      on("2026-09-29");
      await expect(
        send(id, "leadHead", { type: "RETURN", reasonCode: "not_our_remit", note: "不属本单位职责" }),
      ).rejects.toMatchObject({ code: "invalid_transition" });
    });

    it("closes a request as unrated when the feedback window passes, and never as satisfied", async () => {
      const id = await assignedSuggestion();
      on("2026-10-12");
      await send(id, "leadHandler", { type: "SUBMIT_REPLY", resolution: "resolved", body: "已协调解决。" });
      await send(id, "leadHead", { type: "APPROVE_REPLY" });
      const feedback = await t.db
        .selectFrom("case_deadlines")
        .selectAll()
        .where("case_id", "=", id)
        .where("type", "=", "feedback")
        .executeTakeFirstOrThrow();
      // 5 working days from Monday 10-12: 10-13 … 10-16, 10-19.
      expect(feedback.due_date).toBe("2026-10-19");
      expect((await sweepOn("2026-10-19")).expired).toBe(0);
      const r = await sweepOn("2026-10-20");
      expect(r.expired).toBe(1);
      const row = await t.db.selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ state: "closed", outcome: "unrated", satisfaction: null });
      expect((await history(id)).at(-1)).toMatchObject({ type: "EXPIRE_FEEDBACK", actor_role: "system" });
      expect((await sweepOn("2026-10-21")).expired).toBe(0);
    });

    it("leaves a request alone while the enterprise is asked for information", async () => {
      const id = await assignedSuggestion();
      on("2026-10-12");
      await send(id, "leadHandler", { type: "REQUEST_INFO", question: "请提供项目用地红线图。" });
      expect((await sweepOn("2026-10-20")).steps).toEqual({});
      expect(await alertsOfCase(t.db, id)).toEqual([]);
    });

    it("two sweeper processes at once record and mail every step exactly once", async () => {
      const ids: number[] = [];
      for (let i = 0; i < 8; i++) ids.push(await assignedSuggestion({ sign: i % 2 === 0 }));
      // On 10-20 every reply (due 10-15) is 3 working days late → 督办; the unsigned half also
      // has a sign-for deadline (09-28) 13 working days late → listed for the bulletin.
      const run = () =>
        new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
          const child = spawn(
            process.execPath,
            ["--import", "tsx", "scripts/sweep.ts", "--as-of", "2026-10-20", "--json"],
            {
              env: { ...process.env, DATABASE_URL: t.url, NODE_ENV: "test" },
              stdio: ["ignore", "pipe", "pipe"],
            },
          );
          let out = "";
          let err = "";
          child.stdout.on("data", (d) => {
            out += d;
          });
          child.stderr.on("data", (d) => {
            err += d;
          });
          child.on("exit", (code) => resolve({ code, out, err }));
        });
      const results = await Promise.all([run(), run()]);
      for (const r of results) expect(r.code, r.err).toBe(0);
      const reports = results.map((r) => JSON.parse(r.out.trim().split("\n").at(-1)!));
      const recorded = (step: string) => reports.reduce((n, r) => n + (r.steps[step] ?? 0), 0);
      expect(recorded("supervise")).toBe(8);
      expect(recorded("bulletin")).toBe(4);

      const alerts = await t.db.selectFrom("deadline_alerts").selectAll().execute();
      expect(alerts).toHaveLength(12);
      const events = await t.db
        .selectFrom("case_events")
        .select(["id", "type"])
        .where("type", "in", ["DEADLINE_SUPERVISED", "DEADLINE_LISTED"])
        .execute();
      expect(events).toHaveLength(12);
      expect(new Set(alerts.map((a) => a.event_id))).toEqual(new Set(events.map((e) => e.id)));
      // 督办 to the lead unit's head, once per case; the listing sends no mail.
      const mails = await t.db
        .selectFrom("outbox")
        .select(["case_id", "template", "recipient_user_id"])
        .where("template", "like", "deadline_%")
        .execute();
      expect(mails).toHaveLength(8);
      expect(new Set(mails.map((m) => m.case_id))).toEqual(new Set(ids));
      expect(mails.every((m) => m.template === "deadline_supervised")).toBe(true);
      expect(mails.every((m) => m.recipient_user_id === org.users.leadHead)).toBe(true);
      // Each case's history is one unbroken chain.
      const check = await verifyChains(t.db);
      expect(check.broken).toEqual([]);
    }, 60_000);

    it("back-fills with a clock at 09:00 on the given day", () => {
      expect(morningOf("2026-10-10").now().toISOString()).toBe("2026-10-10T01:00:00.000Z");
    });
  });
});
