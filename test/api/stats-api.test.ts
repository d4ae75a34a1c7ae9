import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METRICS } from "../../db/stats-definitions";
import { client, login, startServer, type TestServer } from "./server";

/**
 * GET /api/v1/stats over HTTP against the real server: who may ask, what bad input answers, and
 * the figures of one proposal assigned and signed for, with every definition.
 */
let server: TestServer;
const PW = "Test-pass-2026";
const ids: Record<string, number> = {};
const tokens: Record<string, string> = {};
const as = (who: string) => client(server.url, tokens[who]);
const clockAt = (iso: string) => client(server.url).post("/api/v1/test/clock", { now: iso });

beforeAll(async () => {
  server = await startServer();
  const admin = client(server.url, await login(server.url, "admin", "Admin-pass-2026"));
  await clockAt("2026-11-02T02:00:00Z");
  for (const [key, name] of [
    ["fgj", "区发展和改革局"],
    ["jyj", "区教育局"],
  ]) {
    const r = await admin.post("/api/v1/admin/departments", { name });
    expect(r.status).toBe(201);
    ids[key] = r.body.id;
  }
  const users: Array<[string, string, number | null, string]> = [
    ["author", "delegate", null, "zh-CN"],
    ["sup", "supervisor", null, "zh-CN"],
    ["sup_en", "supervisor", null, "en"],
    ["fgj_h", "handler", ids.fgj, "zh-CN"],
  ];
  for (const [username, role, departmentId, locale] of users) {
    const r = await admin.post("/api/v1/admin/users", {
      username,
      password: PW,
      displayName: username,
      role,
      departmentId,
      locale,
      email: `${username}@example.gov.cn`,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    tokens[username] = await login(server.url, username, PW);
  }
  // One proposal: submitted and assigned on Monday 11-02 (sign-for due 11-04), signed on 11-03.
  const created = await as("author").post("/api/v1/cases", {
    kind: "proposal",
    title: "关于优化老旧小区加装电梯审批的建议",
    body: "建议简化审批流程。",
  });
  expect(created.status).toBe(201);
  const id = created.body.id;
  const send = async (who: string, event: Record<string, unknown>) => {
    const r = await as(who).post(`/api/v1/cases/${id}/events`, event);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  await send("author", { type: "SUBMIT" });
  await send("sup", { type: "ACCEPT" });
  await send("sup", { type: "ASSIGN", leadDepartmentId: ids.fgj, coDepartmentIds: [] });
  await clockAt("2026-11-03T02:00:00Z");
  await send("fgj_h", { type: "SIGN" });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

const NOVEMBER = "/api/v1/stats?from=2026-11-01&to=2026-11-30";

describe("GET /api/v1/stats", () => {
  it("gives a supervisor every unit's figures, the totals, the months and the definitions", async () => {
    const r = await as("sup").get(NOVEMBER);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    expect(r.body).toMatchObject({
      period: { from: "2026-11-01", to: "2026-11-30" },
      asOf: "2026-11-03",
      kind: null,
    });
    expect(r.body.units.map((u: { name: string }) => u.name)).toEqual(["区发展和改革局", "区教育局"]);
    expect(r.body.units[0]).toMatchObject({
      departmentId: ids.fgj,
      assignedLead: 1,
      assignedCo: 0,
      signDue: 1,
      signedOnTime: 1,
      signOnTimeRate: 1,
      // the reply is due in February: not in this period
      replyDue: 0,
      replyOnTimeRate: null,
      open: 1,
      overdue: 0,
      unevaluated: 0,
      satisfactionRate: null,
    });
    expect(r.body.units[1]).toMatchObject({ assignedLead: 0, open: 0, signOnTimeRate: null });
    expect(r.body.totals).toMatchObject({ assignedLead: 1, signDue: 1, signOnTimeRate: 1 });
    expect(r.body.months).toEqual([{ month: "2026-11", intake: 1, replied: 0, closed: 0 }]);
    // Every figure of the JSON is defined, in Chinese by default.
    expect(r.body.definitions.metrics.map((m: { key: string }) => m.key)).toEqual(METRICS.map((m) => m.key));
    for (const m of METRICS) expect(r.body.units[0]).toHaveProperty(m.key);
    expect(r.body.definitions.metrics[0]).toEqual({
      key: "assignedLead",
      group: "workload",
      format: "count",
      label: "交办（主办）",
      definition: METRICS[0].definition["zh-CN"],
    });
    expect(r.body.definitions.series.map((s: { key: string }) => s.key)).toEqual([
      "intake",
      "replied",
      "closed",
    ]);

    // A supervisor who reads English gets the definitions in English.
    const en = await as("sup_en").get(`${NOVEMBER}&kind=proposal`);
    expect(en.status).toBe(200);
    expect(en.body.kind).toBe("proposal");
    expect(en.body.definitions.metrics[0].label).toBe("Assigned (lead)");
  });

  it("refuses a unit's handler with 403 and a caller without a token with 401", async () => {
    const r = await as("fgj_h").get(NOVEMBER);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("forbidden");
    const anon = await client(server.url).get(NOVEMBER);
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe("unauthenticated");
    // The export variants are refused the same way.
    expect((await as("fgj_h").get(`${NOVEMBER}&format=xlsx`)).status).toBe(403);
  });

  it("answers 422 with a message per field for bad dates, a reversed or too long period, an unknown kind", async () => {
    const bad = await as("sup").get("/api/v1/stats?from=2026-02-30&to=yesterday&kind=petition");
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("validation_failed");
    expect(bad.body.error.fields).toEqual({
      from: "请填写有效日期（年-月-日）",
      to: "请填写有效日期（年-月-日）",
      kind: "请从给定选项中选择",
    });

    const reversed = await as("sup").get("/api/v1/stats?from=2026-11-30&to=2026-11-01");
    expect(reversed.status).toBe(422);
    expect(reversed.body.error.fields).toEqual({ to: "结束日期不能早于开始日期 2026-11-30" });

    const long = await as("sup").get("/api/v1/stats?from=2020-01-01&to=2026-11-30", {
      "Accept-Language": "en",
    });
    expect(long.status).toBe(422);
    expect(long.body.error.fields).toEqual({ to: "The period can be at most 36 months" });

    const format = await as("sup").get(`${NOVEMBER}&format=pdf`);
    expect(format.status).toBe(422);
    expect(Object.keys(format.body.error.fields)).toEqual(["format"]);
  });

  it("downloads the same figures as CSV and xlsx", async () => {
    const csv = await fetch(`${server.url}${NOVEMBER}&format=csv`, {
      headers: { Authorization: `Bearer ${tokens.sup}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe(
      `attachment; filename="__-2026-11-01_2026-11-30.csv"; filename*=UTF-8''%E7%BB%9F%E8%AE%A1-2026-11-01_2026-11-30.csv`,
    );
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).split("\r\n");
    expect(lines[1].startsWith("区发展和改革局,1,0,1,1,100.0%,0,0,,0,,1,0,")).toBe(true);

    const xlsx = await fetch(`${server.url}${NOVEMBER}&format=xlsx`, {
      headers: { Authorization: `Bearer ${tokens.sup_en}` },
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-disposition")).toContain(
      "filename*=UTF-8''statistics-2026-11-01_2026-11-30.xlsx",
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(["By unit", "Definitions", "By month"]);
    expect(wb.worksheets[0].getCell("A1").value).toBe("Unit");
    expect(wb.worksheets[0].getCell("A2").value).toBe("区发展和改革局");
    expect(wb.worksheets[0].getCell("B2").value).toBe(1);
  });
});
