import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { discardMail, retryMail } from "../../db/mail";
import { enqueue } from "../../emails/outbox";
import { drainOutbox } from "../../emails/worker";
import { createCase, type DispatchInput, dispatch } from "../../workflows/engine";
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
  FROM,
  MAILBOX,
  outboxRows,
  PUBLIC_URL,
  prepareMailOrg,
  REPLY_TO,
  secondHandle,
  workerFor,
} from "./fixtures";
import { linkIn, SmtpSink } from "./smtp-sink";

/**
 * The delivery worker against a real SMTP server (smtp-server in this process), on SQLite and on
 * PostgreSQL: what arrives, and what happens when the server is down, says "try later" (4xx) or
 * "never" (5xx), and when two workers run at once.
 */
afterAll(releaseTestDatabases);

const TITLE = "关于在老城区增设公共停车设施的提案";

describe.each(testDatabases())("mail delivery on $name", (backend) => {
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

    const on = (day: string) => clock.set(`${day}T02:00:00.000Z`);
    const send = (caseId: number, who: UserKey, event: DispatchInput["event"]) =>
      dispatch(t.db, clock, { caseId, actor: org.actors[who], event });

    /** A proposal submitted, accepted and assigned to the lead unit and two co-handling units. */
    async function assignedProposal() {
      on("2026-09-21");
      const c = await createCase(t.db, clock, {
        actor: org.actors.author,
        input: { kind: "proposal", title: TITLE, body: "老城区停车难。", cosignerIds: [org.users.cosigner] },
      });
      on("2026-09-22");
      await send(c.id, "author", { type: "SUBMIT" });
      on("2026-09-24");
      await send(c.id, "supervisor", { type: "ACCEPT" });
      on("2026-09-28");
      await send(c.id, "supervisor", {
        type: "ASSIGN",
        leadDepartmentId: org.departments.lead,
        coDepartmentIds: [org.departments.co1, org.departments.co2],
      });
      return c.id;
    }

    it("delivers each mail once: recipients, subject, language, HTML and text, a link to the case", async () => {
      const caseId = await assignedProposal();
      const rows = await outboxRows(t.db);
      // submitted → supervisor; accepted → author, cosigner; assigned → 6 unit people + 2 unit
      // mailboxes (the third unit has none); assigned-to-author → author, cosigner.
      expect(rows).toHaveLength(1 + 2 + 8 + 2);
      const r = await drainOutbox(workerFor(t.db, sink.url, clock));
      expect(r).toMatchObject({ sent: 13, retried: 0, dead: 0, skipped: 0 });
      expect(sink.received).toHaveLength(13);

      const after = await outboxRows(t.db);
      expect(after.every((o) => o.status === "sent" && o.sent_at === clock.iso())).toBe(true);
      // Each mail's Message-ID is the one stored on its row, and no two are alike.
      expect(new Set(sink.received.map((m) => m.messageId)).size).toBe(13);
      expect(sink.received.map((m) => m.messageId).sort()).toEqual(after.map((o) => o.message_id).sort());
      for (const o of after) expect(o.message_id).toMatch(/^<mail\.\d+\.\d{17}@banli\.example\.org>$/);

      // A unit handler, in Chinese: subject, both parts, the facts, the link to the case.
      const [zh] = sink.to(address("leadHandler")).filter((m) => m.subject.startsWith("新交办"));
      expect(zh.subject).toBe(`新交办：${TITLE}`);
      expect(zh.from).toBe("notify@banli.example.org");
      expect(zh.parsed.from?.text).toContain("提案建议与企业诉求办理系统");
      expect(zh.parsed.replyTo?.text).toBe(REPLY_TO);
      expect(zh.parsed.headers.get("references")).toBe(`<case.${caseId}@banli.example.org>`);
      expect(zh.parsed.headers.get("auto-submitted")).toBe("auto-generated");
      expect(zh.parsed.html).toContain('<html lang="zh-CN">');
      expect(zh.parsed.html).toContain(`href="${PUBLIC_URL}/cases/${caseId}"`);
      expect(zh.parsed.text).toContain("发改局 承办人，您好：");
      expect(zh.parsed.text).toContain("本单位：主办");
      expect(zh.parsed.text).toContain("签收期限：2026-09-30");
      expect(zh.parsed.text).toContain("申请调整截止：2026-10-10");
      expect(zh.parsed.text).toContain("答复期限：2026-12-28");
      expect(linkIn(zh.parsed.text, PUBLIC_URL)).toBe(`${PUBLIC_URL}/cases/${caseId}`);
      expect(zh.parsed.text).toContain("不能退订");

      // The unit head who chose English gets English.
      const [en] = sink.to(address("leadHead"));
      expect(en.subject).toBe(`New assignment: ${TITLE}`);
      expect(en.parsed.html).toContain('<html lang="en">');
      expect(en.parsed.text).toContain("Dear 发改局 负责人,");
      expect(en.parsed.text).toContain("Your unit: Lead unit");
      expect(en.parsed.text).toContain("Sign for it by: 2026-09-30");
      expect(linkIn(en.parsed.text, PUBLIC_URL)).toBe(`${PUBLIC_URL}/cases/${caseId}`);

      // A co-handling unit: its role and its opinion deadline.
      const [co] = sink.to(address("co1Handler"));
      expect(co.parsed.text).toContain("本单位：会办");
      expect(co.parsed.text).toContain("会办意见期限：2026-10-28");

      // The units' shared mailboxes: one mail each, addressed to the unit.
      expect(sink.to(MAILBOX.lead)).toHaveLength(1);
      expect(sink.to(MAILBOX.co1)).toHaveLength(1);
      expect(sink.to(MAILBOX.lead)[0].parsed.text).toContain("区发展和改革局：");
      expect(sink.to(MAILBOX.lead)[0].parsed.text).toContain("单位邮箱");

      // The proposer: accepted with its number, then told where it went; optional mails say how to stop them.
      const author = sink.to(address("author"));
      expect(author.map((m) => m.subject)).toEqual([`您的提案已立案：${TITLE}`, `您的提案已交办：${TITLE}`]);
      expect(author[0].parsed.text).toContain("编号为十六届五次会议第 1 号");
      expect(author[1].parsed.text).toContain("主办单位：区发展和改革局");
      expect(author[1].parsed.text).toContain("会办单位：区规划和自然资源分局、区科工商信局");
      expect(author[1].parsed.text).toContain(`${PUBLIC_URL}/settings`);

      // Nothing is sent twice: a second pass finds nothing due.
      expect(await drainOutbox(workerFor(t.db, sink.url, clock))).toMatchObject({ claimed: 0 });
      expect(sink.received).toHaveLength(13);
    });

    it("holds mail while SMTP is down and delivers every mail once when it is back", async () => {
      await sink.stop(); // the port stays known; nothing listens on it now
      await assignedProposal();
      const w = workerFor(t.db, sink.url, clock);
      const first = await drainOutbox(w);
      expect(first).toMatchObject({ claimed: 13, retried: 13, sent: 0 });
      let rows = await outboxRows(t.db);
      expect(rows.every((o) => o.status === "pending" && o.attempts === 1 && o.lease_until === null)).toBe(
        true,
      );
      expect(rows[0].last_error).toMatch(/ECONNECTION|ESOCKET|ECONNREFUSED/);
      // Backoff: the first retry after 30 s with half jitter (15–30 s; the test's jitter is 0.5).
      const wait = new Date(rows[0].next_attempt_at).getTime() - clock.now().getTime();
      expect(wait).toBe(22_500);
      const ids = rows.map((o) => o.message_id);

      // Not due yet: nothing is tried.
      expect(await drainOutbox(w)).toMatchObject({ claimed: 0 });
      // Due, still down: a second attempt, a longer wait (60 s with jitter).
      clock.set(new Date(clock.now().getTime() + 60_000).toISOString());
      expect(await drainOutbox(w)).toMatchObject({ retried: 13 });
      rows = await outboxRows(t.db);
      expect(rows.every((o) => o.attempts === 2)).toBe(true);
      expect(new Date(rows[0].next_attempt_at).getTime() - clock.now().getTime()).toBe(45_000);

      await sink.start();
      clock.set(new Date(clock.now().getTime() + 5 * 60_000).toISOString());
      expect(await drainOutbox(w)).toMatchObject({ sent: 13, retried: 0 });
      expect(sink.received).toHaveLength(13);
      // The Message-IDs fixed at the first (failed) attempt are the ones that arrived.
      expect(sink.received.map((m) => m.messageId).sort()).toEqual([...ids].sort());
      clock.set(new Date(clock.now().getTime() + 3600_000).toISOString());
      expect(await drainOutbox(w)).toMatchObject({ claimed: 0 });
      expect(sink.received).toHaveLength(13);
    });

    it("retries a 4xx reply later and delivers; a 5xx is dead with the server's words until an admin retries", async () => {
      await assignedProposal();
      let greylisted = 0;
      sink.rcpt = (to) => {
        if (to === address("co2Head") && greylisted++ === 0)
          return { code: 451, message: "4.7.1 Greylisted, try again later" };
        if (to === address("cosigner")) return { code: 550, message: "5.1.1 No such user here" };
        return null;
      };
      const w = workerFor(t.db, sink.url, clock);
      expect(await drainOutbox(w)).toMatchObject({ sent: 10, retried: 1, dead: 2 });
      const rows = await outboxRows(t.db);
      const grey = rows.find((o) => o.recipient_email === address("co2Head"))!;
      expect(grey).toMatchObject({ status: "pending", attempts: 1 });
      expect(grey.last_error).toContain("451");
      const dead = rows.filter((o) => o.status === "dead");
      expect(dead.map((o) => o.recipient_email)).toEqual([address("cosigner"), address("cosigner")]);
      expect(dead[0].last_error).toMatch(/550.*No such user/);
      // The rendered mail is kept with a dead row, so an admin can read what failed.
      expect(dead[0].subject).toBe(`您的提案已立案：${TITLE}`);

      clock.set(new Date(clock.now().getTime() + 60_000).toISOString());
      expect(await drainOutbox(w)).toMatchObject({ sent: 1 });
      expect(sink.to(address("co2Head"))).toHaveLength(1);

      // The mailbox is fixed; an admin retries one dead mail and discards the other.
      sink.rcpt = () => null;
      expect(await drainOutbox(w)).toMatchObject({ claimed: 0 });
      expect(await retryMail(t.db, dead[0].id, clock.iso())).toBe(true);
      expect(await discardMail(t.db, dead[1].id)).toBe(true);
      // Only dead mail can be retried or discarded.
      expect(await retryMail(t.db, grey.id, clock.iso())).toBe(false);
      expect(await discardMail(t.db, grey.id)).toBe(false);
      expect(await drainOutbox(w)).toMatchObject({ sent: 1 });
      const cosigner = sink.to(address("cosigner"));
      expect(cosigner).toHaveLength(1);
      expect(cosigner[0].messageId).toBe(dead[0].message_id);
      const final = await outboxRows(t.db);
      expect(final.find((o) => o.id === dead[0].id)).toMatchObject({ status: "sent", last_error: null });
      expect(final.find((o) => o.id === dead[1].id)!.status).toBe("discarded");
    });

    it("gives up a temporary failure after the last attempt", async () => {
      await assignedProposal();
      await t.db.deleteFrom("outbox").where("recipient_email", "!=", address("supervisor")).execute();
      sink.rcpt = () => ({ code: 421, message: "4.3.2 Service not available" });
      const w = { ...workerFor(t.db, sink.url, clock), options: { random: () => 0.5, maxAttempts: 3 } };
      for (let i = 0; i < 3; i++) {
        await drainOutbox(w);
        clock.set(new Date(clock.now().getTime() + 3600_000).toISOString());
      }
      const [row] = await outboxRows(t.db);
      expect(row.status).toBe("dead");
      expect(row.last_error).toMatch(/^gave up after 3 attempts: .*421/);
    });

    it("respects a person's choice, a missing or bad address, and an unknown template", async () => {
      const caseId = await assignedProposal();
      // The cosigner turns off non-essential mail; the co2 head has no address; the co1 head a bad one.
      await t.db
        .updateTable("users")
        .set({ mail_optional: 0 })
        .where("id", "=", org.users.cosigner)
        .execute();
      await t.db.updateTable("users").set({ email: null }).where("id", "=", org.users.co2Head).execute();
      await t.db
        .updateTable("users")
        .set({ email: "not an address" })
        .where("id", "=", org.users.co1Head)
        .execute();
      // An essential notice to the cosigner (reply released) still goes out.
      await enqueue(
        t.db,
        [
          {
            caseId,
            eventId: null,
            template: "reply_released",
            recipientUserId: org.users.cosigner,
            recipientEmail: address("cosigner"),
            locale: "zh-CN",
            payload: { caseId, round: 1 },
            dedupeKey: "test:essential",
          },
          {
            caseId,
            eventId: null,
            template: "no_such_template",
            recipientUserId: org.users.author,
            recipientEmail: address("author"),
            locale: "zh-CN",
            payload: { caseId },
            dedupeKey: "test:unknown",
          },
        ],
        clock.iso(),
      );
      const r = await drainOutbox(workerFor(t.db, sink.url, clock));
      const rows = await outboxRows(t.db);
      const of = (key: UserKey) => rows.filter((o) => o.recipient_user_id === org.users[key]);
      expect(of("cosigner").map((o) => [o.template, o.status, o.last_error])).toEqual([
        ["proposal_accepted", "skipped", "opted_out"],
        ["proposal_assigned_to_author", "skipped", "opted_out"],
        ["reply_released", "sent", null],
      ]);
      expect(of("co2Head").map((o) => [o.status, o.last_error])).toEqual([["skipped", "no_address"]]);
      expect(of("co1Head").map((o) => [o.status, o.last_error])).toEqual([
        ["dead", "invalid address: not an address"],
      ]);
      expect(rows.find((o) => o.template === "no_such_template")).toMatchObject({
        status: "dead",
        last_error: "no template named no_such_template",
      });
      expect(r).toMatchObject({ skipped: 3, dead: 2 });
      // The reply to the cosigner carries no rating link: only the author rates.
      const [released] = sink.to(address("cosigner"));
      expect(released.subject).toBe(`提案已答复：${TITLE}`);
      expect(linkIn(released.parsed.text, `${PUBLIC_URL}/r/`)).toBeNull();
    });

    it("two workers on two connections at once never send a mail twice", async () => {
      for (let i = 0; i < 3; i++) await assignedProposal(); // 39 mails
      const other = await secondHandle(t);
      try {
        // A small delay in the server makes the two workers' sends overlap.
        sink.beforeAccept = () => new Promise((r) => setTimeout(r, 3));
        const a = workerFor(t.db, sink.url, clock, { owner: "worker-a", batchSize: 3 });
        const b = workerFor(other.kysely, sink.url, clock, { owner: "worker-b", batchSize: 3 });
        const [ra, rb] = await Promise.all([
          drainOutbox(a, { maxBatches: 100 }),
          drainOutbox(b, { maxBatches: 100 }),
        ]);
        expect(ra.sent + rb.sent).toBe(39);
        expect(ra.sent).toBeGreaterThan(0);
        expect(rb.sent).toBeGreaterThan(0);
        expect(sink.received).toHaveLength(39);
        expect(new Set(sink.received.map((m) => m.messageId)).size).toBe(39);
        expect((await outboxRows(t.db)).every((o) => o.status === "sent" && o.attempts === 1)).toBe(true);
      } finally {
        await other.close();
      }
    });

    it("a worker that stops mid-batch gives the rest back for the next one", async () => {
      await assignedProposal();
      const w = workerFor(t.db, sink.url, clock, { batchSize: 13 });
      let n = 0;
      const r = await drainOutbox(w, { shouldStop: () => ++n > 4 });
      expect(r.sent).toBe(4);
      expect(r.released).toBe(9);
      const rows = await outboxRows(t.db);
      const waiting = rows.filter((o) => o.status === "pending");
      expect(waiting).toHaveLength(9);
      expect(waiting.every((o) => o.lease_until === null && o.attempts === 0)).toBe(true);
      expect(await drainOutbox(w)).toMatchObject({ sent: 9 });
      expect(sink.received).toHaveLength(13);
    });

    it("uses the configured sender", () => {
      expect(config.from).toBe(FROM);
      expect(config.messageIdDomain).toBe("banli.example.org");
    });
  });
});
