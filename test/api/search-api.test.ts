import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, login, startServer, type TestServer } from "./server";

/**
 * GET /api/v1/cases?q= over HTTP against the real server: Chinese words found inside longer text,
 * ranked, with the passage escaped and marked, within what the caller may see; bad input refused.
 */
let server: TestServer;
const PW = "Test-pass-2026";
const tokens: Record<string, string> = {};
const ids: Record<string, number> = {};
const as = (who: string) => client(server.url, tokens[who]);
const search = (who: string, q: string, extra = "") =>
  as(who).get(`/api/v1/cases?q=${encodeURIComponent(q)}${extra}`);

beforeAll(async () => {
  server = await startServer();
  const admin = client(server.url, await login(server.url, "admin", "Admin-pass-2026"));
  const dept = await admin.post("/api/v1/admin/departments", { name: "区发展和改革局" });
  expect(dept.status).toBe(201);
  for (const [username, role] of [
    ["author", "delegate"],
    ["other", "delegate"],
    ["sup", "supervisor"],
    ["fgj_h", "handler"],
  ] as const) {
    const r = await admin.post("/api/v1/admin/users", {
      username,
      password: PW,
      displayName: username,
      role,
      departmentId: role === "handler" ? dept.body.id : null,
      email: `${username}@example.gov.cn`,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    tokens[username] = await login(server.url, username, PW);
  }
  const file = async (key: string, title: string, body: string, submit = true) => {
    const r = await as("author").post("/api/v1/cases", { kind: "proposal", title, body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids[key] = r.body.id;
    if (submit)
      expect((await as("author").post(`/api/v1/cases/${r.body.id}/events`, { type: "SUBMIT" })).status).toBe(
        200,
      );
  };
  await file("together", "关于拓宽小镇融资渠道的建议", "建议设立小镇融资担保基金，缓解<b>建设</b>资金压力。");
  await file(
    "apart",
    "关于发展小镇经济的建议",
    "特色小镇要有产业支撑。此外，中小企业融资问题也应重视，需多方共同努力。",
  );
  await file("draft", "小镇草稿", "尚未提交的小镇想法", false);
});

afterAll(async () => {
  await server?.stop();
});

describe("GET /api/v1/cases?q=", () => {
  it("finds 小镇 inside longer text, ranked, with the passage escaped and marked", async () => {
    const r = await search("sup", "小镇");
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(2);
    expect(r.body.items.map((i: { id: number }) => i.id).sort()).toEqual([ids.together, ids.apart].sort());
    const together = r.body.items.find((i: { id: number }) => i.id === ids.together);
    expect(together.snippet).toContain("<mark>小镇</mark>");
    expect(together.snippet).toContain("&lt;b&gt;建设&lt;/b&gt;");
    expect(together.snippet).not.toContain("<b>");
    expect(
      together.snippetParts.some((p: { hit: boolean; text: string }) => p.hit && p.text === "小镇"),
    ).toBe(true);
    expect(typeof together.score).toBe("number");
  });

  it("puts the words written together first", async () => {
    const r = await search("sup", "小镇 融资");
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: { id: number }) => i.id)).toEqual([ids.together, ids.apart]);
  });

  it("answers within the caller's visibility: a draft is its author's, other delegates and units see nothing", async () => {
    expect((await search("author", "草稿")).body.items.map((i: { id: number }) => i.id)).toEqual([ids.draft]);
    expect((await search("sup", "草稿")).body).toMatchObject({ items: [], total: 0 });
    expect((await search("other", "小镇")).body).toMatchObject({ items: [], total: 0 });
    expect((await search("fgj_h", "小镇")).body).toMatchObject({ items: [], total: 0 });
  });

  it("combines with the other filters and pages", async () => {
    const page2 = await search("sup", "小镇", "&pageSize=1&page=2");
    expect(page2.status).toBe(200);
    expect(page2.body.total).toBe(2);
    expect(page2.body.items).toHaveLength(1);
    expect((await search("sup", "小镇", "&kind=enterprise_request")).body.total).toBe(0);
  });

  it("refuses a query that is too long with a per-field message, and a missing token with 401", async () => {
    const r = await search("sup", "小".repeat(101));
    expect(r.status).toBe(422);
    expect(r.body.error.fields.q).toBeDefined();
    const anonymous = await client(server.url).get(`/api/v1/cases?q=${encodeURIComponent("小镇")}`);
    expect(anonymous.status).toBe(401);
  });
});
