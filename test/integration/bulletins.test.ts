import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  bulletinFor,
  createBulletin,
  defaultCreateValues,
  discardDraft,
  editDraftText,
  publishBulletin,
  refreshDraft,
} from "../../app/models/bulletin.server";
import { getBulletin } from "../../db/bulletins";
import { insertEnterprise } from "../../db/enterprises";
import { verifyChains } from "../../db/events";
import { insertUser } from "../../db/users";
import type { BulletinContent } from "../../workflows/bulletin";
import { createCase, type DispatchInput, dispatch } from "../../workflows/engine";
import { sweep } from "../../workflows/sweeper";
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
 * A supervision bulletin for September–October 2026, on SQLite and PostgreSQL, from four enterprise
 * suggestions (10 working days to reply) assigned on Friday 2026-09-25, each due Thursday 10-15:
 *   发改局 (lead)      replies on 09-28, rated satisfied                       → praised
 *   科工商信局 (co2)   replies on 09-28, unsatisfied; re-handles and replies
 *                      at once, rated basically satisfied: satisfaction 50%   → criticised (satisfaction)
 *   教育局 (other)     replies on 09-28, never rated (the window lapses)        → neither: "—" is not 100%
 *   规资分局 (co1)     signs and never replies: 11 working days late on 10-30,
 *                      listed for the bulletin by the sweeper on 10-29         → criticised (on time), overdue list
 */

type Event = DispatchInput["event"];
const code = (body17: string) => body17 + usccCheckChar(body17);

afterAll(releaseTestDatabases);

describe.each(testDatabases())("supervision bulletins on $name", (backend) => {
  describe.skipIf(backend.skip)(backendTitle(backend), () => {
    let t: TestDb;
    let org: Org;
    let ent: Actor;
    let clock: FixedClock;
    const cases: Record<"lead" | "co1" | "co2" | "other", number> = { lead: 0, co1: 0, co2: 0, other: 0 };

    const on = (day: string) => clock.set(`${day}T02:00:00.000Z`);
    const actor = (who: UserKey | "ent"): Actor => (who === "ent" ? ent : org.actors[who]);
    const send = async (caseId: number, who: UserKey | "ent", event: Event) =>
      (await dispatch(t.db, clock, { caseId, actor: actor(who), event })).case;

    async function suggestion(title: string, unit: keyof Org["departments"]) {
      on("2026-09-24");
      const c = await createCase(t.db, clock, {
        actor: ent,
        input: { kind: "enterprise_request", title, body: `${title}：请研究解决。`, category: "suggestion" },
      });
      await send(c.id, "supervisor", { type: "ACCEPT", category: "suggestion" });
      on("2026-09-25");
      await send(c.id, "supervisor", { type: "ASSIGN", leadDepartmentId: org.departments[unit] });
      return c.id;
    }
    async function reply(caseId: number, handler: UserKey, head: UserKey) {
      await send(caseId, handler, { type: "SUBMIT_REPLY", resolution: "resolved", body: "已研究并落实。" });
      await send(caseId, head, { type: "APPROVE_REPLY" });
    }

    beforeEach(async () => {
      const setup = "2026-09-01T00:00:00.000Z";
      t = await freshDb(backend, setup);
      org = await seedOrg(t.db, setup);
      // The lead unit has a shared mailbox (单位邮箱): it is told too.
      await t.db
        .updateTable("departments")
        .set({ email: "fgj@example.test" })
        .where("id", "=", org.departments.lead)
        .execute();
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
      clock = fixedClock(setup);

      cases.lead = await suggestion("关于优化工业用地弹性出让的建议", "lead");
      cases.co1 = await suggestion("关于加快厂房规划许可审批的建议", "co1");
      cases.co2 = await suggestion("关于扩大技改贴息范围的建议", "co2");
      cases.other = await suggestion("关于开设技工定向培养班的建议", "other");
      await send(cases.lead, "leadHandler", { type: "SIGN" });
      await send(cases.co1, "co1Handler", { type: "SIGN" });
      await send(cases.co2, "co2Handler", { type: "SIGN" });
      await send(cases.other, "otherHandler", { type: "SIGN" });

      on("2026-09-28");
      await reply(cases.lead, "leadHandler", "leadHead");
      await reply(cases.co2, "co2Handler", "co2Head");
      await reply(cases.other, "otherHandler", "otherHead");
      on("2026-09-29");
      await send(cases.lead, "ent", { type: "FEEDBACK", rating: "satisfied" });
      await send(cases.co2, "ent", {
        type: "FEEDBACK",
        rating: "unsatisfied",
        comment: "贴息范围仍未扩大。",
      });
      on("2026-09-30");
      await reply(cases.co2, "co2Handler", "co2Head");
      await send(cases.co2, "ent", { type: "FEEDBACK", rating: "basically_satisfied" });

      // The sweeper passes on 10-29: 规资分局's reply is 10 working days late and listed for the
      // bulletin; 教育局's reply was never rated and its feedback window closes the case as unrated.
      const at = new Date("2026-10-29T10:00:00+08:00");
      await sweep(t.db, { now: () => at }, { asOf: "2026-10-29" });
      on("2026-10-30");
    });
    afterEach(async () => {
      await t?.close();
    });

    const period = { ...defaultCreateValues("2026-10-30"), from: "2026-09-01", to: "2026-10-31" };
    const supervisor = () => org.actors.supervisor;
    const contentOf = async (id: number) =>
      JSON.parse((await getBulletin(t.db, id))!.content) as BulletinContent;

    it("ranks the units, names those below the thresholds, praises the one that did well, lists the overdue case", async () => {
      const id = await createBulletin(t.db, clock, supervisor(), period);
      const row = (await getBulletin(t.db, id))!;
      expect(row).toMatchObject({ status: "draft", year: null, seq: null, period_from: "2026-09-01" });
      expect(row.title).toBe("2026年9月1日至10月31日办理工作督办通报");
      expect(JSON.parse(row.thresholds)).toEqual({ onTimeRate: 0.92, satisfactionRate: 0.85 });

      const c = await contentOf(id);
      const d = org.departments;
      expect(c.units.map((u) => [u.departmentId, u.rank])).toEqual([
        [d.lead, 1], // 100% on time, 100% satisfied
        [d.co2, 2], // 100% on time, 50% satisfied
        [d.other, 3], // 100% on time, nothing rated ("—" ranks below any rate)
        [d.co1, 4], // 0% on time
      ]);
      const fig = (dept: number) => c.units.find((u) => u.departmentId === dept)!.figures;
      expect(fig(d.co1)).toMatchObject({ replyDue: 1, repliedOnTime: 0, replyOnTimeRate: 0, overdue: 1 });
      expect(fig(d.co2)).toMatchObject({
        replyDue: 2,
        repliedOnTime: 2,
        unsatisfied: 1,
        satisfactionRate: 0.5,
      });
      // Never rated: counted apart, never as satisfied.
      expect(fig(d.other)).toMatchObject({ satisfied: 0, unevaluated: 1, satisfactionRate: null });

      expect(c.praised.map((p) => p.departmentId)).toEqual([d.lead]);
      expect(c.criticised).toEqual([
        {
          departmentId: d.co2,
          name: "区科工商信局",
          below: [{ metric: "satisfactionRate", value: 0.5, threshold: 0.85 }],
          overdue: 0,
        },
        {
          departmentId: d.co1,
          name: "区规划和自然资源分局",
          below: [{ metric: "replyOnTimeRate", value: 0, threshold: 0.92 }],
          overdue: 1,
        },
      ]);
      expect(c.reminded).toEqual([]);
      expect(c.text.praise).toContain("区发展和改革局");
      expect(c.text.criticism[1]).toBe(
        "区规划和自然资源分局：按时答复率0%，低于92%，现有1件事项逾期未办结。",
      );

      // Due 10-15; late on 10-16, 19, 20, 21, 22, 23, 26, 27, 28, 29, 30.
      expect(c.overdue).toEqual([
        expect.objectContaining({
          caseId: cases.co1,
          departmentId: d.co1,
          deadlineType: "reply",
          dueDate: "2026-10-15",
          workingDaysOverdue: 11,
          listed: true,
          metOn: null,
        }),
      ]);
    });

    it("takes the thresholds from the form", async () => {
      const id = await createBulletin(t.db, clock, supervisor(), {
        ...period,
        satisfactionRate: "40",
        title: "专项督办通报",
      });
      const c = await contentOf(id);
      expect(c.title).toBe("专项督办通报");
      expect(c.thresholds.satisfactionRate).toBe(0.4);
      // 50% is not below 40%: 科工商信局 is no longer named, and 100% on time with 50% ≥ 40% earns praise.
      expect(c.criticised.map((x) => x.departmentId)).toEqual([org.departments.co1]);
      expect(c.praised.map((x) => x.departmentId)).toEqual([org.departments.lead, org.departments.co2]);
    });

    it("refuses a period that ends before it starts, and unknown kinds", async () => {
      await expect(
        createBulletin(t.db, clock, supervisor(), { ...period, to: "2026-08-01" }),
      ).rejects.toMatchObject({
        code: "validation_failed",
        details: { fields: { to: expect.anything() } },
      });
      await expect(
        createBulletin(t.db, clock, supervisor(), { ...period, kind: "town" }),
      ).rejects.toMatchObject({
        code: "validation_failed",
      });
    });

    it("publishes once: frozen, numbered, mailed to every unit once, recorded on the overdue case", async () => {
      const id = await createBulletin(t.db, clock, supervisor(), period);
      await editDraftText(t.db, clock, id, {
        title: "2026年9—10月企业诉求办理督办通报",
        issuer: "区政府督查室",
        intro: "现将9—10月企业诉求办理情况通报如下。",
        closing: "请各单位抓紧整改。",
      });
      const seen = (await getBulletin(t.db, id))!.updated_at;

      // A handler cannot read a draft.
      await expect(bulletinFor(t.db, { role: "handler" }, id)).rejects.toMatchObject({ code: "not_found" });

      clock.set("2026-10-30T07:00:00.000Z");
      const result = await publishBulletin(t.db, clock, supervisor(), id, seen);
      expect(result).toMatchObject({ year: 2026, seq: 1, cases: 1 });
      const row = (await getBulletin(t.db, id))!;
      expect(row).toMatchObject({
        status: "published",
        year: 2026,
        seq: 1,
        title: "2026年9—10月企业诉求办理督办通报",
        published_by: org.users.supervisor,
        published_at: "2026-10-30T07:00:00.000Z",
      });
      const frozen = row.content;
      expect(JSON.parse(frozen)).toMatchObject({
        intro: "现将9—10月企业诉求办理情况通报如下。",
        issuer: "区政府督查室",
        issue: { year: 2026, seq: 1 },
        publishedAt: "2026-10-30T07:00:00.000Z",
      });

      // Mail: the handler and head of each of the four units, and the lead unit's mailbox; once each.
      const mails = await t.db
        .selectFrom("outbox")
        .select(["recipient_user_id", "recipient_email", "payload", "dedupe_key", "case_id"])
        .where("template", "=", "bulletin_published")
        .orderBy("id")
        .execute();
      const units = ["lead", "co1", "co2", "other"] as const;
      const expectedUsers = units.flatMap((u) => [
        org.users[`${u}Handler` as UserKey],
        org.users[`${u}Head` as UserKey],
      ]);
      expect(
        mails
          .map((m) => m.recipient_user_id)
          .filter((x) => x !== null)
          .sort(),
      ).toEqual(expectedUsers.sort());
      expect(mails.filter((m) => m.recipient_user_id === null).map((m) => m.recipient_email)).toEqual([
        "fgj@example.test",
      ]);
      expect(result.mails).toBe(9);
      for (const m of mails) {
        expect(m.case_id).toBeNull();
        expect(JSON.parse(m.payload)).toMatchObject({
          bulletinTitle: "2026年9—10月企业诉求办理督办通报",
          path: `/bulletins/${id}`,
        });
      }
      expect(new Set(mails.map((m) => m.dedupe_key)).size).toBe(9);

      // The overdue case's history names the bulletin; the chain still verifies.
      const events = await t.db
        .selectFrom("case_events")
        .select(["type", "payload", "actor_id", "actor_role", "state_before", "state_after"])
        .where("case_id", "=", cases.co1)
        .orderBy("seq")
        .execute();
      const last = events.at(-1)!;
      expect(last).toMatchObject({
        type: "BULLETIN_PUBLISHED",
        actor_id: org.users.supervisor,
        actor_role: "supervisor",
        state_before: "handling",
        state_after: "handling",
      });
      expect(JSON.parse(last.payload as unknown as string)).toMatchObject({
        bulletinId: id,
        issue: "2026年第1期",
        deadlines: [{ departmentId: org.departments.co1, deadlineType: "reply", workingDays: 11 }],
      });
      expect((await verifyChains(t.db)).broken).toEqual([]);
      // Cases the bulletin does not name get nothing.
      const others = await t.db
        .selectFrom("case_events")
        .select("case_id")
        .where("type", "=", "BULLETIN_PUBLISHED")
        .execute();
      expect(others.map((e) => e.case_id)).toEqual([cases.co1]);

      // Publishing again is refused and writes nothing.
      await expect(publishBulletin(t.db, clock, supervisor(), id)).rejects.toMatchObject({
        code: "invalid_transition",
        status: 409,
      });
      const again = await t.db
        .selectFrom("outbox")
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .where("template", "=", "bulletin_published")
        .executeTakeFirstOrThrow();
      expect(Number(again.n)).toBe(9);
      expect(
        await t.db.selectFrom("case_events").select("id").where("type", "=", "BULLETIN_PUBLISHED").execute(),
      ).toHaveLength(1);

      // A published bulletin cannot be edited, refreshed or discarded.
      for (const attempt of [
        () => editDraftText(t.db, clock, id, { title: "改", issuer: "", intro: "", closing: "" }),
        () => refreshDraft(t.db, clock, id),
        () => discardDraft(t.db, id),
      ])
        await expect(attempt()).rejects.toMatchObject({
          code: "invalid_transition",
          reason: "bulletin_published",
        });

      // Later events change the figures, not the bulletin: 规资分局 finally replies.
      on("2026-11-02");
      await reply(cases.co1, "co1Handler", "co1Head");
      expect((await getBulletin(t.db, id))!.content).toBe(frozen);
      // A unit's handler reads it now; a delegate never.
      const read = await bulletinFor(t.db, { role: "handler" }, id);
      expect(read.issue).toBe("2026年第1期");
      await expect(bulletinFor(t.db, { role: "delegate" }, id)).rejects.toMatchObject({ code: "not_found" });

      // The next bulletin of the year gets the next number, and the late reply is still named (met late).
      const next = await createBulletin(t.db, clock, supervisor(), period);
      expect((await contentOf(next)).overdue).toEqual([
        expect.objectContaining({
          caseId: cases.co1,
          listed: true,
          metOn: "2026-11-02",
          workingDaysOverdue: 12,
        }),
      ]);
      expect(await publishBulletin(t.db, clock, supervisor(), next)).toMatchObject({ year: 2026, seq: 2 });
    });

    it("refuses to publish a draft changed since the supervisor read it", async () => {
      const id = await createBulletin(t.db, clock, supervisor(), period);
      const seen = (await getBulletin(t.db, id))!.updated_at;
      clock.set("2026-10-30T03:00:00.000Z");
      await refreshDraft(t.db, clock, id);
      await expect(publishBulletin(t.db, clock, supervisor(), id, seen)).rejects.toMatchObject({
        code: "version_conflict",
      });
      expect((await getBulletin(t.db, id))!.status).toBe("draft");
      await discardDraft(t.db, id);
      expect(await getBulletin(t.db, id)).toBeUndefined();
    });
  });
});
