import { sql } from "kysely";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { listVisibleCases, type Viewer } from "../../db/cases";
import { insertEnterprise } from "../../db/enterprises";
import { rebuildSearchIndex, searchCases, similarCases, unitsForSimilar } from "../../db/search";
import { suggestedUnits } from "../../db/suggestions";
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
} from "../helpers/db";

/* Full-text search and similar cases on both databases: CJK words inside longer text, ranking, visibility. */

afterAll(releaseTestDatabases);

const viewerOf = (a: Actor): Viewer => ({
  userId: a.userId!,
  role: a.role as Viewer["role"],
  departmentId: a.departmentId,
  enterpriseId: a.enterpriseId,
});

describe.each(testDatabases())("search on $name", (backend) => {
  describe.skipIf(backend.skip)(backendTitle(backend), () => {
    let t: TestDb;
    let org: Org;
    let clock: FixedClock;
    let entA: Actor;
    let entB: Actor;

    beforeEach(async () => {
      const setup = "2026-09-01T00:00:00.000Z";
      t = await freshDb(backend, setup);
      org = await seedOrg(t.db, setup);
      clock = fixedClock("2026-09-22T02:00:00.000Z");
      const enterprise = async (name: string, base: string, username: string): Promise<Actor> => {
        const e = await insertEnterprise(t.db, { name, uscc: base + usccCheckChar(base), now: setup });
        const id = await insertUser(t.db, {
          username,
          passwordHash: "test-only-not-a-hash",
          displayName: name,
          role: "enterprise",
          enterpriseId: e,
          email: null,
          now: setup,
        });
        return { userId: id, role: "enterprise", departmentId: null, enterpriseId: e };
      };
      entA = await enterprise("常州精工机械制造有限公司", "91320411MA1XK2P3L", "qiye_a");
      entB = await enterprise("常州华科新材料有限公司", "91320411MA1XK2P4L", "qiye_b");
    });
    afterEach(async () => {
      await t?.close();
    });

    const send = (caseId: number, who: Actor, event: DispatchInput["event"]) =>
      dispatch(t.db, clock, { caseId, actor: who, event });

    async function proposal(title: string, body: string, submit = true) {
      const c = await createCase(t.db, clock, {
        actor: org.actors.author,
        input: { kind: "proposal", title, body, cosignerIds: [org.users.cosigner] },
      });
      if (submit) await send(c.id, org.actors.author, { type: "SUBMIT" });
      return c.id;
    }

    async function request(who: Actor, title: string, body: string) {
      const c = await createCase(t.db, clock, {
        actor: who,
        input: { kind: "enterprise_request", title, body, category: "help" },
      });
      return c.id;
    }

    /** A request accepted and dispatched to the lead unit, signed for. */
    async function dispatched(id: number, unit = org.departments.lead) {
      await send(id, org.actors.supervisor, { type: "ACCEPT", category: "help" });
      await send(id, org.actors.supervisor, { type: "ASSIGN", leadDepartmentId: unit });
      const handler = unit === org.departments.lead ? org.actors.leadHandler : org.actors.otherHandler;
      await send(id, handler, { type: "SIGN" });
    }

    const search = (who: Actor, q: string, extra: Partial<Parameters<typeof searchCases>[3]> = {}) =>
      searchCases(t.db, viewerOf(who), q, { page: 1, pageSize: 20, ...extra });
    const ids = async (who: Actor, q: string) => (await search(who, q)).items.map((i) => i.id);

    it("finds two-character words inside longer Chinese text, and not their characters apart", async () => {
      const town = await proposal("关于支持特色小镇建设的提案", "建议设立专项资金，扶持特色小镇产业集聚。");
      const loan = await proposal("中小企业贷款难", "许多中小企业融资渠道单一，担保成本高。");
      const apart = await proposal("乡镇道路", "小学门口的镇区道路需要拓宽，资金由区财政融通。");
      expect(await ids(org.actors.supervisor, "小镇")).toEqual([town]);
      expect(await ids(org.actors.supervisor, "融资")).toEqual([loan]);
      expect((await ids(org.actors.supervisor, "镇")).sort()).toEqual([town, apart].sort());
      expect(await ids(org.actors.supervisor, "停车")).toEqual([]);
      // Punctuation and operators alone search for nothing (and never break the query).
      expect(await search(org.actors.supervisor, '% " * OR')).toEqual({ items: [], total: 0 });
    });

    it("finds English words and numbers, full-width or not, by their start", async () => {
      const park = await proposal("Smart Parking 试点", "在5G基站覆盖的街区试点智能停车。");
      expect(await ids(org.actors.supervisor, "parking")).toEqual([park]);
      expect(await ids(org.actors.supervisor, "PARK")).toEqual([park]);
      expect(await ids(org.actors.supervisor, "ｓｍａｒｔ")).toEqual([park]);
      expect(await ids(org.actors.supervisor, "5g 停车")).toEqual([park]);
      expect(await ids(org.actors.supervisor, "parked")).toEqual([]);
    });

    it("ranks the words written together above the same words apart, and counts every match", async () => {
      const apart = await proposal(
        "关于发展小镇经济的提案",
        "特色小镇要有产业支撑。另外，中小企业融资问题也要重视，需要多方共同努力才能解决。",
      );
      const together = await proposal(
        "关于拓宽小镇融资渠道的提案",
        "建议设立小镇融资担保基金，缓解建设资金压力。",
      );
      const r = await search(org.actors.supervisor, "小镇 融资");
      expect(r.items.map((i) => i.id)).toEqual([together, apart]);
      expect(r.total).toBe(2);
      expect(r.items[0].score).toBeGreaterThan(r.items[1].score);
      expect(r.items[0].snippetParts?.some((p) => p.hit && p.text === "小镇融资")).toBe(true);
      // Page 2 holds the second.
      const p2 = await search(org.actors.supervisor, "小镇 融资", { page: 2, pageSize: 1 });
      expect(p2.items.map((i) => i.id)).toEqual([apart]);
      expect(p2.total).toBe(2);
      // The list's other filters apply to the search.
      expect((await search(org.actors.supervisor, "小镇", { kind: "enterprise_request" })).total).toBe(0);
      expect((await search(org.actors.supervisor, "小镇", { states: ["submitted"] })).total).toBe(2);
    });

    it("shows each viewer only what they may see: drafts, other delegates, enterprises and units", async () => {
      const draft = await proposal("小镇草稿", "尚未提交的小镇想法", false);
      const submitted = await proposal("小镇公共服务", "完善小镇公共服务配套");
      const mine = await request(entA, "小镇厂区用电", "厂区位于特色小镇，用电增容迟缓");
      const theirs = await request(entB, "小镇物流用地", "小镇物流用地指标不足");
      await dispatched(mine);

      // A draft stays its author's.
      expect((await ids(org.actors.author, "小镇")).sort()).toEqual([draft, submitted].sort());
      expect(await ids(org.actors.supervisor, "草稿")).toEqual([]);
      // A co-signer sees the submitted proposal (and not the draft's words); another delegate nothing.
      expect(await ids(org.actors.cosigner, "小镇")).toContain(submitted);
      expect(await ids(org.actors.otherDelegate, "小镇")).toEqual([]);
      // Enterprises see their own requests only.
      expect(await ids(entA, "小镇")).toEqual([mine]);
      expect(await ids(entB, "小镇")).toEqual([theirs]);
      expect(await ids(entB, "用电")).toEqual([]);
      // Units see what was assigned to them.
      expect(await ids(org.actors.leadHandler, "小镇")).toEqual([mine]);
      expect(await ids(org.actors.otherHandler, "小镇")).toEqual([]);
      expect(await ids(org.actors.admin, "小镇")).toEqual([]);
      // Supervisors everything but drafts.
      expect((await ids(org.actors.supervisor, "小镇")).sort()).toEqual([submitted, mine, theirs].sort());
      // The list endpoint's search is this search.
      const listed = await listVisibleCases(t.db, viewerOf(entA), { q: "小镇", page: 1, pageSize: 20 });
      expect(listed.items.map((i) => i.id)).toEqual([mine]);
      expect(listed.total).toBe(1);
    });

    it("makes a reply searchable once it is released, not while it is under review", async () => {
      const id = await request(entA, "设备进口退税", "请协助办理设备进口退税手续");
      await dispatched(id);
      await send(id, org.actors.leadHandler, {
        type: "SUBMIT_REPLY",
        resolution: "resolved",
        body: "已协调海关开通绿色通道，退税款项七日内到账。",
      });
      expect(await ids(org.actors.supervisor, "绿色通道")).toEqual([]);
      expect(await ids(entA, "绿色通道")).toEqual([]);
      await send(id, org.actors.leadHead, { type: "APPROVE_REPLY" });
      expect(await ids(org.actors.supervisor, "绿色通道")).toEqual([id]);
      const r = await search(entA, "绿色通道");
      expect(r.items.map((i) => i.id)).toEqual([id]);
      expect(r.items[0].snippet).toContain("<mark>绿色通道</mark>");
    });

    it("returns the passage escaped, with the words marked", async () => {
      const id = await request(entA, "网站漏洞", '页面提示<script>alert("融资")</script>后无法提交融资材料');
      const r = await search(org.actors.supervisor, "融资");
      expect(r.items.map((i) => i.id)).toEqual([id]);
      const html = r.items[0].snippet!;
      expect(html).not.toContain("<script");
      expect(html).toContain("&lt;script&gt;alert(&quot;<mark>融资</mark>&quot;)&lt;/script&gt;");
      expect(r.items[0].snippetParts?.filter((p) => p.hit).map((p) => p.text)).toEqual(["融资", "融资"]);
    });

    it("keeps the index current when a draft is edited", async () => {
      const id = await proposal("初稿标题", "初稿内容", false);
      await send(id, org.actors.author, {
        type: "UPDATE_DRAFT",
        title: "关于社区食堂的提案",
        body: "建设社区食堂",
      });
      expect(await ids(org.actors.author, "初稿")).toEqual([]);
      expect(await ids(org.actors.author, "食堂")).toEqual([id]);
    });

    it("rebuilds the whole index from the cases, e.g. after a bulk load that bypassed the engine", async () => {
      const draft = await proposal("小镇草稿", "尚未提交", false);
      const town = await proposal("小镇公共服务", "完善小镇公共服务配套");
      const mine = await request(entA, "小镇厂区用电", "用电增容迟缓");
      await dispatched(mine);
      await sql`DELETE FROM case_search`.execute(t.db);
      expect(await ids(org.actors.supervisor, "小镇")).toEqual([]);
      expect(await rebuildSearchIndex(t.db, { batch: 2 })).toBe(3);
      expect((await ids(org.actors.supervisor, "小镇")).sort()).toEqual([town, mine].sort());
      expect((await ids(org.actors.author, "小镇")).sort()).toEqual([draft, town].sort());
      expect(await ids(org.actors.leadHandler, "小镇")).toEqual([mine]);
      expect(await ids(entA, "用电")).toEqual([mine]);
    });

    it("similar cases: same enterprise first, never itself, a rejected or merged case, or a draft", async () => {
      const target = await request(
        entA,
        "新厂房用电报装迟迟未通电",
        "我司新厂房三月提交用电报装申请，至今未通电。",
      );
      const sameEnt = await request(entA, "关于新厂房用电报装进度缓慢的问题", "厂房用电报装进度缓慢。");
      const otherEnt = await request(entB, "新厂房用电报装一直未通电", "新厂房用电报装一直未通电。");
      const rejected = await request(entA, "新厂房用电报装未通电", "重复提交");
      const merged = await request(entA, "新厂房用电报装还未通电", "再次反映");
      const unrelated = await request(entA, "招聘补贴申领", "咨询稳岗补贴");
      await proposal("新厂房用电报装草稿", "新厂房用电报装迟迟未通电", false);
      await send(rejected, org.actors.supervisor, { type: "REJECT", reason: "重复" });
      await send(merged, org.actors.supervisor, { type: "MERGE", intoCaseId: sameEnt });

      const similar = await similarCases(t.db, target, { limit: 5 });
      const found = similar.map((s) => s.id);
      expect(found).toEqual([sameEnt, otherEnt]);
      expect(similar[0].sameEnterprise).toBe(true);
      expect(similar[1].sameEnterprise).toBe(false);
      for (const gone of [target, rejected, merged, unrelated]) expect(found).not.toContain(gone);
      for (const s of similar) expect(s.score).toBeGreaterThan(0);
    });

    it("suggests the units that answered similar cases, most first", async () => {
      const answered = async (title: string, unit: number) => {
        const id = await request(entB, title, "用电报装问题");
        await dispatched(id, unit);
        const handler = unit === org.departments.lead ? org.actors.leadHandler : org.actors.otherHandler;
        const head = unit === org.departments.lead ? org.actors.leadHead : org.actors.otherHead;
        await send(id, handler, { type: "SUBMIT_REPLY", resolution: "resolved", body: "已协调供电公司。" });
        await send(id, head, { type: "APPROVE_REPLY" });
        return id;
      };
      const a1 = await answered("新厂房用电报装迟迟未通电", org.departments.lead);
      const a2 = await answered("厂房用电报装太慢", org.departments.lead);
      const a3 = await answered("用电报装未通电", org.departments.other);
      const open = await request(entB, "新厂房用电报装未通电", "尚未受理"); // not answered: no vote
      const target = await request(entA, "厂房用电报装一直未通电", "我司厂房用电报装一直未通电");
      const units = await unitsForSimilar(t.db, target);
      expect(units.map((u) => [u.departmentId, u.count])).toEqual([
        [org.departments.lead, 2],
        [org.departments.other, 1],
      ]);
      expect(units[0].caseIds.sort()).toEqual([a1, a2].sort());
      expect(units[1].caseIds).toEqual([a3]);
      expect(units.flatMap((u) => u.caseIds)).not.toContain(open);
      // The dispatch form offers the same units first, counting the similar cases each answered.
      const offered = await suggestedUnits(t.db, {
        caseId: target,
        enterpriseId: null,
        theme: null,
        returns: [],
      });
      expect(offered.map((u) => [u.departmentId, u.similarCases])).toEqual([
        [org.departments.lead, 2],
        [org.departments.other, 1],
      ]);
    });
  });
});
