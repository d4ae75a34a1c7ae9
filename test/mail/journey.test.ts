import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { insertUser } from "../../db/users";
import { verifyLink } from "../../emails/links";
import { drainOutbox } from "../../emails/worker";
import { createCase, type DispatchInput, dispatch } from "../../workflows/engine";
import type { Actor } from "../../workflows/types";
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
import {
  address,
  closeTransports,
  config,
  MAILBOX,
  outboxRows,
  PUBLIC_URL,
  prepareMailOrg,
  workerFor,
} from "./fixtures";
import { linkIn, SmtpSink } from "./smtp-sink";

/**
 * Whole journeys through the engine, with the worker delivering to a real SMTP server after every
 * step and the server down for a stretch in the middle: every mail the workflow means to send
 * arrives, to exactly the people (and unit mailboxes) expected, exactly once.
 */
afterAll(releaseTestDatabases);

interface Step {
  day: string;
  who: UserKey | "company";
  event: DispatchInput["event"];
  /** template → who receives it (addresses) */
  mails: Record<string, string[]>;
}

const unit = (...keys: Array<UserKey | "company">) => keys.map(address);
const LEAD_UNIT = [...unit("leadHandler", "leadHead"), MAILBOX.lead];

describe.each(testDatabases())("journeys with mail on $name", (backend) => {
  describe.skipIf(backend.skip)(backendTitle(backend), () => {
    let t: TestDb;
    let org: Org;
    let clock: FixedClock;
    let sink: SmtpSink;

    beforeEach(async () => {
      t = await freshDb(backend, "2026-09-01T00:00:00.000Z");
      org = await seedOrg(t.db, "2026-09-01T00:00:00.000Z");
      await prepareMailOrg(t.db, org);
      clock = fixedClock("2026-09-21T02:00:00.000Z");
      sink = await new SmtpSink().start();
    });
    afterEach(async () => {
      closeTransports();
      await sink?.stop();
      await t?.close();
    });

    /** Runs the steps, delivering after each; the server is down from `downFrom` to `upAt`. */
    async function walk(
      caseId: number,
      steps: Step[],
      actors: Record<string, Actor>,
      outage: [number, number],
    ) {
      const w = workerFor(t.db, sink.url, clock);
      const expected = new Map<string, string[]>();
      for (const [i, s] of steps.entries()) {
        if (i === outage[0]) await sink.stop();
        if (i === outage[1]) await sink.start();
        clock.set(`${s.day}T02:00:00.000Z`);
        const r = await dispatch(t.db, clock, { caseId, actor: actors[s.who], event: s.event });
        for (const [template, to] of Object.entries(s.mails))
          expected.set(`${r.eventId}:${template}`, [...to].sort());
        await drainOutbox(w);
      }
      return expected;
    }

    /** What arrived, by event and template, joined to the outbox through the Message-ID. */
    async function arrived() {
      const rows = await outboxRows(t.db);
      const byId = new Map(rows.map((o) => [o.message_id, o]));
      const got = new Map<string, string[]>();
      for (const m of sink.received) {
        const o = byId.get(m.messageId);
        expect(o, `a mail the outbox does not know: ${m.messageId}`).toBeDefined();
        const key = `${o!.event_id}:${o!.template}`;
        got.set(key, [...(got.get(key) ?? []), ...m.to].sort());
      }
      return { rows, got };
    }

    it("a proposal from submission to a second, satisfied rating", async () => {
      const c = await createCase(t.db, clock, {
        actor: org.actors.author,
        input: {
          kind: "proposal",
          title: "关于加快老旧小区加装电梯的建议",
          body: "老旧小区加装电梯进展缓慢。",
          cosignerIds: [org.users.cosigner],
        },
      });
      const reply = {
        type: "SUBMIT_REPLY",
        classification: "B",
        body: "已列入明年计划。",
        contactName: "张伟",
        contactPhone: "0571-88886666",
      };
      const contact = { type: "RECORD_CONTACT", method: "phone", summary: "电话沟通" };
      const steps: Step[] = [
        {
          day: "2026-09-22",
          who: "author",
          event: { type: "SUBMIT" },
          mails: { proposal_submitted: unit("supervisor") },
        },
        {
          day: "2026-09-24",
          who: "supervisor",
          event: { type: "ACCEPT" },
          mails: { proposal_accepted: unit("author", "cosigner") },
        },
        {
          day: "2026-09-28",
          who: "supervisor",
          event: {
            type: "ASSIGN",
            leadDepartmentId: org.departments.lead,
            coDepartmentIds: [org.departments.co1, org.departments.co2],
          },
          mails: {
            case_assigned: [
              ...LEAD_UNIT,
              ...unit("co1Handler", "co1Head", "co2Handler", "co2Head"),
              MAILBOX.co1,
            ],
            proposal_assigned_to_author: unit("author", "cosigner"),
          },
        },
        { day: "2026-09-29", who: "leadHandler", event: { type: "SIGN" }, mails: {} },
        { day: "2026-09-29", who: "co1Handler", event: { type: "SIGN" }, mails: {} },
        { day: "2026-09-29", who: "co2Head", event: { type: "SIGN" }, mails: {} },
        {
          day: "2026-10-09",
          who: "supervisor",
          event: { type: "SUPERVISE", message: "请加快办理", respondBy: "2026-10-16" },
          // to the lead unit and its head: the head once, and the unit mailbox
          mails: { supervision_notice: LEAD_UNIT },
        },
        {
          day: "2026-10-09",
          who: "co1Handler",
          event: { type: "SUBMIT_OPINION", body: "同意。" },
          mails: { opinion_received: LEAD_UNIT },
        },
        {
          day: "2026-10-09",
          who: "co2Handler",
          event: { type: "SUBMIT_OPINION", body: "配合。" },
          mails: { opinion_received: LEAD_UNIT },
        },
        { day: "2026-10-09", who: "leadHandler", event: { ...contact, date: "2026-10-09" }, mails: {} },
        {
          day: "2026-10-12",
          who: "leadHandler",
          event: { type: "REQUEST_EXTENSION", until: "2027-01-15", reason: "需与市级部门协调" },
          mails: { extension_requested: unit("supervisor") },
        },
        {
          day: "2026-10-13",
          who: "supervisor",
          event: { type: "APPROVE_EXTENSION" },
          mails: { extension_ruled: LEAD_UNIT },
        },
        {
          day: "2026-10-14",
          who: "leadHandler",
          event: reply,
          mails: { reply_awaiting_approval: unit("leadHead") },
        },
        {
          day: "2026-10-14",
          who: "leadHead",
          event: { type: "RETURN_REPLY", reason: "请补充时间表" },
          mails: { reply_returned: [address("leadHandler"), MAILBOX.lead] },
        },
        {
          day: "2026-10-15",
          who: "leadHandler",
          event: reply,
          mails: { reply_awaiting_approval: unit("leadHead") },
        },
        {
          day: "2026-10-15",
          who: "leadHead",
          event: { type: "APPROVE_REPLY" },
          mails: { reply_released: unit("author", "cosigner") },
        },
        {
          day: "2026-10-20",
          who: "author",
          event: {
            type: "EVALUATE",
            attitude: "satisfied",
            result: "unsatisfied",
            comment: "希望明确完成时间",
          },
          mails: { rehandling_required: [...LEAD_UNIT, address("supervisor")] },
        },
        { day: "2026-10-21", who: "leadHandler", event: { ...contact, date: "2026-10-21" }, mails: {} },
        {
          day: "2026-10-22",
          who: "leadHandler",
          event: reply,
          mails: { reply_awaiting_approval: unit("leadHead") },
        },
        {
          day: "2026-10-22",
          who: "leadHead",
          event: { type: "APPROVE_REPLY" },
          mails: { reply_released: unit("author", "cosigner") },
        },
        {
          day: "2026-10-26",
          who: "author",
          event: { type: "EVALUATE", attitude: "satisfied", result: "satisfied" },
          mails: { evaluation_received: [...LEAD_UNIT, address("supervisor")] },
        },
      ];
      // SMTP is down from the first opinion to the extension's approval.
      const expected = await walk(c.id, steps, org.actors, [7, 12]);
      const { rows, got } = await arrived();

      expect(rows.every((o) => o.status === "sent")).toBe(true);
      expect(rows.some((o) => o.attempts > 1)).toBe(true); // the outage was felt
      expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));
      const total = [...expected.values()].reduce((n, to) => n + to.length, 0);
      expect(sink.received).toHaveLength(total);
      expect(new Set(sink.received.map((m) => m.messageId)).size).toBe(total);

      // Each reply mail to the author carries a rating link for its own round; the cosigner's none.
      const released = sink.to(address("author")).filter((m) => m.subject.startsWith("您的提案已答复"));
      expect(released).toHaveLength(2);
      const rounds = released.map((m) => {
        const link = linkIn(m.parsed.text, `${PUBLIC_URL}/r/`)!;
        const v = verifyLink(
          config.linkKey,
          link.slice(`${PUBLIC_URL}/r/`.length),
          new Date("2026-10-27T00:00:00Z"),
        );
        expect(v.ok).toBe(true);
        return v.ok ? [v.claims.caseId, v.claims.round, v.claims.userId] : null;
      });
      expect(rounds).toEqual([
        [c.id, 1, org.users.author],
        [c.id, 2, org.users.author],
      ]);
      for (const m of sink.to(address("cosigner")))
        expect(linkIn(m.parsed.text, `${PUBLIC_URL}/r/`)).toBeNull();
      // The re-handling notice quotes the proposer and gives the new reply date.
      const rehandling = sink.to(address("supervisor")).find((m) => m.subject.startsWith("需重新办理"))!;
      expect(rehandling.parsed.text).toContain("希望明确完成时间");
      expect(rehandling.parsed.text).toContain("第 2 轮办理");
    });

    it("an enterprise request from acceptance to the enterprise's rating", async () => {
      const { id: enterpriseId } = await t.db
        .insertInto("enterprises")
        .values({
          name: "杭州示例科技有限公司",
          uscc: "91330106MA2B3C4D5E",
          region: null,
          industry: null,
          size: null,
          contact_name: null,
          contact_phone: null,
          created_at: "2026-09-01T00:00:00.000Z",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const companyId = await insertUser(t.db, {
        username: "company",
        passwordHash: "test-only-not-a-hash",
        displayName: "示例科技 王经理",
        role: "enterprise",
        enterpriseId,
        email: address("company"),
        now: "2026-09-01T00:00:00.000Z",
      });
      const company: Actor = { userId: companyId, role: "enterprise", departmentId: null, enterpriseId };
      const actors = { ...org.actors, company };
      clock.set("2026-09-21T02:00:00.000Z");
      const c = await createCase(t.db, clock, {
        actor: company,
        input: {
          kind: "enterprise_request",
          title: "关于企业用电增容的诉求",
          body: "申请增容。",
          category: "help",
        },
      });
      const steps: Step[] = [
        {
          day: "2026-09-22",
          who: "supervisor",
          event: { type: "ACCEPT", category: "help" },
          mails: { request_accepted: unit("company") },
        },
        {
          day: "2026-09-22",
          who: "supervisor",
          event: { type: "ASSIGN", leadDepartmentId: org.departments.lead },
          mails: { case_assigned: LEAD_UNIT },
        },
        { day: "2026-09-23", who: "leadHandler", event: { type: "SIGN" }, mails: {} },
        {
          day: "2026-09-23",
          who: "leadHandler",
          event: { type: "REQUEST_INFO", question: "请提供现有用电容量" },
          mails: { information_requested: unit("company") },
        },
        {
          day: "2026-09-24",
          who: "company",
          event: { type: "PROVIDE_INFO", answer: "现有 630 千伏安" },
          mails: { information_provided: LEAD_UNIT },
        },
        {
          day: "2026-09-25",
          who: "leadHandler",
          event: { type: "SUBMIT_REPLY", resolution: "resolved", body: "已协调供电公司增容。" },
          mails: { reply_awaiting_approval: unit("leadHead") },
        },
        {
          day: "2026-09-25",
          who: "leadHead",
          event: { type: "APPROVE_REPLY" },
          mails: { reply_released: unit("company") },
        },
        {
          day: "2026-09-28",
          who: "company",
          event: { type: "FEEDBACK", rating: "satisfied", comment: "感谢" },
          mails: { feedback_received: LEAD_UNIT },
        },
      ];
      // Down while the unit asks for information and the enterprise answers.
      const expected = await walk(c.id, steps, actors, [3, 5]);
      const { rows, got } = await arrived();
      expect(rows.every((o) => o.status === "sent")).toBe(true);
      expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));
      expect(new Set(sink.received.map((m) => m.messageId)).size).toBe(sink.received.length);

      const mails = sink.to(address("company"));
      expect(mails.map((m) => m.subject)).toEqual([
        "您的诉求已受理：关于企业用电增容的诉求",
        "请补充诉求信息：关于企业用电增容的诉求",
        "您的诉求已答复，请反馈评价：关于企业用电增容的诉求",
      ]);
      expect(mails[1].parsed.text).toContain("请提供现有用电容量");
      expect(mails[2].parsed.text).toContain("办理结果：已解决");
      const link = linkIn(mails[2].parsed.text, `${PUBLIC_URL}/r/`)!;
      const v = verifyLink(
        config.linkKey,
        link.slice(`${PUBLIC_URL}/r/`.length),
        new Date("2026-09-28T00:00:00Z"),
      );
      expect(v).toMatchObject({ ok: true, claims: { caseId: c.id, round: 1, userId: companyId } });
    });
  });
});
