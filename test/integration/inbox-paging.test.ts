import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedBenchDatabase } from "../../db/bench-seed";
import { departmentInbox, departmentInboxCounts, type InboxQuery, listVisibleCases } from "../../db/cases";
import { type Db, openDb } from "../../db/client";
import { assignmentFactsDrift } from "../helpers/db";

/**
 * A unit's inbox, page by page, over a database of 3,000 generated cases (the benchmark's seed):
 * the pages of every tab together are exactly the whole list in the same order, each row once,
 * and the tab figures count the rows the tabs list.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inbox-paging-"));
const file = path.join(dir, "bench.db");
const today = "2026-12-07";
let handle: Db;
let departmentId: number;

beforeAll(async () => {
  await seedBenchDatabase({ file, cases: 3000, now: new Date("2026-12-07T02:00:00Z"), few: true });
  handle = openDb(file);
  // The unit with the most assignments.
  const top = await handle.kysely
    .selectFrom("case_assignments")
    .select(["department_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("active", "=", 1)
    .groupBy("department_id")
    .orderBy("n", "desc")
    .executeTakeFirstOrThrow();
  departmentId = top.department_id;
  expect(Number(top.n)).toBeGreaterThan(100);
}, 300_000);

afterAll(async () => {
  await handle?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const TABS = ["pending", "opinion", "handling", "review", "done", "overdue", "all"] as const;

describe("a unit's inbox page by page", () => {
  it.each(TABS)("%s: the pages are the whole list, in order, each row once", async (tab) => {
    const q: Omit<InboxQuery, "page" | "pageSize"> = { departmentId, today, tab, first: [] };
    const whole = await departmentInbox(handle.kysely, { ...q, page: 1, pageSize: 100_000 });
    const pageSize = 7;
    const paged: typeof whole = [];
    for (let page = 1; page <= Math.ceil(whole.length / pageSize) + 1; page++) {
      const rows = await departmentInbox(handle.kysely, { ...q, page, pageSize });
      expect(rows.length).toBeLessThanOrEqual(pageSize);
      paged.push(...rows);
    }
    expect(paged.map((r) => r.id)).toEqual(whole.map((r) => r.id));
    expect(new Set(paged.map((r) => r.id)).size).toBe(paged.length);
  });

  it("every assignment of the generated cases agrees with its case (what the inbox counts by)", async () => {
    expect(await assignmentFactsDrift(handle.kysely)).toEqual([]);
  });

  it("the tab figures count the rows each tab lists, and `all` has them all", async () => {
    const groups = await departmentInboxCounts(handle.kysely, { departmentId, today, caseIds: null });
    const figures: Record<string, number> = {};
    for (const g of groups) {
      if (g.section !== "other") figures[g.section] = (figures[g.section] ?? 0) + g.n;
      if (g.overdue) figures.overdue = (figures.overdue ?? 0) + g.n;
      figures.all = (figures.all ?? 0) + g.n;
    }
    for (const tab of TABS) {
      const rows = await departmentInbox(handle.kysely, {
        departmentId,
        today,
        tab,
        page: 1,
        pageSize: 100_000,
      });
      expect(rows.length, tab).toBe(figures[tab] ?? 0);
    }
    expect(figures.all).toBeGreaterThan(100);
    expect(figures.done).toBeGreaterThan(0);
    expect((figures.handling ?? 0) + (figures.pending ?? 0)).toBeGreaterThan(0);
  });

  it("cases listed first (督办) lead page 1, and the pages still hold every row once", async () => {
    const whole = await departmentInbox(handle.kysely, {
      departmentId,
      today,
      tab: "all",
      page: 1,
      pageSize: 100_000,
    });
    const first = [whole.at(-1)!.id, whole.at(-2)!.id, whole[Math.floor(whole.length / 2)].id];
    const q = { departmentId, today, tab: "all" as const, first };
    const page1 = await departmentInbox(handle.kysely, { ...q, page: 1, pageSize: 10 });
    expect(new Set(page1.slice(0, 3).map((r) => r.id))).toEqual(new Set(first));
    const ids: number[] = [];
    for (let page = 1; page <= Math.ceil(whole.length / 10); page++)
      ids.push(...(await departmentInbox(handle.kysely, { ...q, page, pageSize: 10 })).map((r) => r.id));
    expect(ids.length).toBe(whole.length);
    expect(new Set(ids)).toEqual(new Set(whole.map((r) => r.id)));
  });
});

describe("a unit's whole case list (API and /cases), page by page", () => {
  it("is every case of the unit, most recently moved first, each once, on every page", async () => {
    // Worked out here without the list's code: the unit's cases, newest move first.
    const truth = (
      await handle.kysely
        .selectFrom("cases")
        .select(["cases.id", "cases.updated_at"])
        .where("cases.id", "in", (eb) =>
          eb.selectFrom("case_assignments").select("case_id").where("department_id", "=", departmentId),
        )
        .execute()
    )
      .sort((a, b) => (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : b.id - a.id))
      .map((r) => r.id);
    const viewer = { userId: 1, role: "handler" as const, departmentId, enterpriseId: null };
    const pageSize = 10;
    const pages = Math.ceil(truth.length / pageSize);
    // Enough pages that the first are read by walking the (updated_at, id) index and the later
    // ones from the unit's set (db/cases.ts walkIsCheaper).
    expect(pages).toBeGreaterThan(8);
    const seen: number[] = [];
    for (let page = 1; page <= pages + 1; page++) {
      const { items, total } = await listVisibleCases(handle.kysely, viewer, { page, pageSize });
      expect(total).toBe(truth.length);
      seen.push(...items.map((i) => i.id));
    }
    expect(seen).toEqual(truth);
  });
});
