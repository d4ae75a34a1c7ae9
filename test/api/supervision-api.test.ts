import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, login, startServer, type TestServer } from "./server";

/**
 * GET /api/v1/supervision/overdue against the real server on a fresh SQLite database with a pinned
 * clock. A proposal assigned on Friday 2026-09-25 has its sign-for deadline on Tuesday 09-29
 * (2 working days); the lead unit never signs. The 2026 calendar: 10-01 … 10-07 off, Saturday
 * 10-10 a make-up working day.
 */
let server: TestServer;
const PW = "Test-pass-2026";
const ids: Record<string, number> = {};
const tokens: Record<string, string> = {};
let caseId = 0;

const at = (day: string) => client(server.url).post("/api/v1/test/clock", { now: `${day}T02:00:00Z` });
const as = (who: string) => client(server.url, tokens[who]);

beforeAll(async () => {
  server = await startServer();
  const admin = client(server.url, await login(server.url, "admin", "Admin-pass-2026"));
  await at("2026-09-24");
  for (const [key, name] of [
    ["fgj", "区发展和改革局"],
    ["ghj", "区规划和自然资源分局"],
  ]) {
    const r = await admin.post("/api/v1/admin/departments", { name });
    expect(r.status).toBe(201);
    ids[key] = r.body.id;
  }
  const users: Array<[string, string, number | null]> = [
    ["author", "delegate", null],
    ["sup", "supervisor", null],
    ["fgj_h", "handler", ids.fgj],
    ["ghj_h", "handler", ids.ghj],
  ];
  for (const [username, role, departmentId] of users) {
    const r = await admin.post("/api/v1/admin/users", {
      username,
      password: PW,
      displayName: username,
      role,
      departmentId,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    tokens[username] = await login(server.url, username, PW);
  }
  const created = await as("author").post("/api/v1/cases", {
    kind: "proposal",
    title: "关于增设公共停车设施的提案",
    body: "老城区停车难，建议挖潜增设公共停车设施。",
  });
  expect(created.status).toBe(201);
  caseId = created.body.id;
  const send = async (who: string, event: Record<string, unknown>) => {
    const r = await as(who).post(`/api/v1/cases/${caseId}/events`, event);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  await send("author", { type: "SUBMIT" });
  await send("sup", { type: "ACCEPT" });
  await at("2026-09-25");
  await send("sup", { type: "ASSIGN", leadDepartmentId: ids.fgj, coDepartmentIds: [ids.ghj] });
  await at("2026-09-28");
  await send("ghj_h", { type: "SIGN" });
  await at("2026-10-12");
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe("GET /api/v1/supervision/overdue", () => {
  it("lists the lead unit's missed sign-for with working days overdue counted across National Day", async () => {
    const r = await as("sup").get("/api/v1/supervision/overdue?asOf=2026-10-09");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // 09-30, 10-08, 10-09: 3 working days.
    expect(r.body).toEqual({
      asOf: "2026-10-09",
      total: 1,
      page: 1,
      pageSize: 50,
      items: [
        {
          caseId,
          kind: "proposal",
          number: expect.any(Number),
          title: "关于增设公共停车设施的提案",
          state: "assigned",
          departmentId: ids.fgj,
          departmentName: "区发展和改革局",
          deadlineType: "sign",
          dueDate: "2026-09-29",
          workingDaysOverdue: 3,
          step: null,
        },
      ],
    });
  });

  it("defaults asOf to the server's today; the make-up Saturday counts", async () => {
    const r = await as("sup").get("/api/v1/supervision/overdue");
    expect(r.status).toBe(200);
    expect(r.body.asOf).toBe("2026-10-12");
    // 09-30, 10-08, 10-09, 10-10 (Sat), 10-12 = 5
    expect(r.body.items.map((i: { workingDaysOverdue: number }) => i.workingDaysOverdue)).toEqual([5]);
  });

  it("filters by unit and kind", async () => {
    const byLead = await as("sup").get(`/api/v1/supervision/overdue?departmentId=${ids.fgj}`);
    expect(byLead.body.total).toBe(1);
    const byCo = await as("sup").get(`/api/v1/supervision/overdue?departmentId=${ids.ghj}`);
    expect(byCo.body).toMatchObject({ total: 0, items: [] });
    const requests = await as("sup").get("/api/v1/supervision/overdue?kind=enterprise_request");
    expect(requests.body.total).toBe(0);
    const before = await as("sup").get("/api/v1/supervision/overdue?asOf=2026-09-29");
    expect(before.body).toMatchObject({ total: 0, items: [] });
  });

  it("answers 403 to a unit's handler and 401 without a token", async () => {
    const h = await as("fgj_h").get("/api/v1/supervision/overdue");
    expect(h.status).toBe(403);
    expect(h.body.error).toMatchObject({ code: "forbidden" });
    const anon = await client(server.url).get("/api/v1/supervision/overdue");
    expect(anon.status).toBe(401);
    expect(anon.body.error).toMatchObject({ code: "unauthenticated" });
  });

  it("refuses a bad asOf and unknown parameters with 422, per field, in the caller's language", async () => {
    const bad = await as("sup").get("/api/v1/supervision/overdue?asOf=2026-13-01");
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({
      code: "validation_failed",
      fields: { asOf: "请填写有效日期（年-月-日）" },
    });
    const en = await as("sup").get("/api/v1/supervision/overdue?asOf=12/10/2026&status=open", {
      "Accept-Language": "en",
    });
    expect(en.status).toBe(422);
    expect(Object.keys(en.body.error.fields).sort()).toEqual(["asOf", "status"]);
    const page = await as("sup").get("/api/v1/supervision/overdue?pageSize=1000");
    expect(page.status).toBe(422);
    expect(Object.keys(page.body.error.fields)).toEqual(["pageSize"]);
  });
});
