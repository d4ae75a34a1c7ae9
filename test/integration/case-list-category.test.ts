import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { listVisibleCases, type Viewer } from "../../db/cases";
import { insertEnterprise } from "../../db/enterprises";
import { insertUser } from "../../db/users";
import { createCase } from "../../workflows/engine";
import type { Actor } from "../../workflows/types";
import { usccCheckChar } from "../../workflows/uscc";
import {
  backendTitle,
  fixedClock,
  freshDb,
  type Org,
  releaseTestDatabases,
  seedOrg,
  type TestDb,
  testDatabases,
} from "../helpers/db";

/* The case list filtered by an enterprise request's category, with the other filters, on both databases. */

afterAll(releaseTestDatabases);

describe.each(testDatabases())("case list by category on $name", (backend) => {
  describe.skipIf(backend.skip)(backendTitle(backend), () => {
    let t: TestDb;
    let org: Org;
    let ent: Actor;

    beforeEach(async () => {
      const setup = "2026-09-01T00:00:00.000Z";
      t = await freshDb(backend, setup);
      org = await seedOrg(t.db, setup);
      const e = await insertEnterprise(t.db, {
        name: "常州精工机械制造有限公司",
        uscc: "91320411MA1XK2P3L" + usccCheckChar("91320411MA1XK2P3L"),
        now: setup,
      });
      const id = await insertUser(t.db, {
        username: "qiye",
        passwordHash: "test-only-not-a-hash",
        displayName: "企业用户",
        role: "enterprise",
        enterpriseId: e,
        email: null,
        now: setup,
      });
      ent = { userId: id, role: "enterprise", departmentId: null, enterpriseId: e };
      const clock = fixedClock("2026-09-24T02:00:00.000Z");
      for (const [title, category] of [
        ["咨询一：政策适用", "consult"],
        ["投诉一：审批超时", "complaint"],
        ["投诉二：检查过多", "complaint"],
        ["建议一：优化窗口", "suggestion"],
      ])
        await createCase(t.db, clock, {
          actor: ent,
          input: { kind: "enterprise_request", title, body: "正文", category },
        });
      await createCase(t.db, clock, {
        actor: org.actors.author,
        input: { kind: "proposal", title: "提案", body: "正文" },
      });
    });
    afterEach(async () => {
      await t?.close();
    });

    const viewer = (a: Actor): Viewer => ({
      userId: a.userId!,
      role: a.role as Viewer["role"],
      departmentId: a.departmentId,
      enterpriseId: a.enterpriseId,
    });
    const titles = async (v: Viewer, f: Record<string, unknown>) =>
      (await listVisibleCases(t.db, v, { page: 1, pageSize: 20, ...f })).items.map((c) => c.title).sort();

    it("lists only requests of that category, within what the viewer may see", async () => {
      expect(await titles(viewer(ent), { category: "complaint" })).toEqual([
        "投诉一：审批超时",
        "投诉二：检查过多",
      ]);
      expect(await titles(viewer(org.actors.supervisor), { category: "consult" })).toEqual([
        "咨询一：政策适用",
      ]);
      expect(await titles(viewer(org.actors.supervisor), { category: "help" })).toEqual([]);
      // Another enterprise's viewer sees none of them, whatever the category.
      expect(await titles(viewer(org.actors.leadHandler), { category: "complaint" })).toEqual([]);
    });

    it("combines with the other filters and counts the filtered total", async () => {
      const r = await listVisibleCases(t.db, viewer(ent), {
        category: "complaint",
        q: "审批",
        page: 1,
        pageSize: 1,
      });
      expect(r.total).toBe(1);
      expect(r.items.map((c) => c.title)).toEqual(["投诉一：审批超时"]);
      const paged = await listVisibleCases(t.db, viewer(ent), {
        category: "complaint",
        page: 2,
        pageSize: 1,
      });
      expect(paged.total).toBe(2);
      expect(paged.items).toHaveLength(1);
      expect(await titles(viewer(ent), { category: "complaint", kind: "proposal" })).toEqual([]);
    });
  });
});
