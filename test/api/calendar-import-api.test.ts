import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, login, startServer, type TestServer } from "./server";

/**
 * Importing a year's schedule through the JSON API of the real server: admins only, a dry run that
 * writes nothing, a refused file answered 422 with its problems located, and after the import the
 * year's deadlines count the imported holidays.
 */
let server: TestServer;
const PW = "Test-pass-2026";
let adminToken: string;
let supervisorToken: string;

const SAMPLE_ICS = fs.readFileSync(path.resolve("docs/calendar/2027-sample.ics"));
const SAMPLE_JSON = fs.readFileSync(path.resolve("docs/calendar/2027-sample.json"), "utf8");

async function raw(p: string, token: string, body: BodyInit, headers: Record<string, string> = {}) {
  const r = await fetch(server.url + p, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, ...headers },
    body,
  });
  return { status: r.status, body: await r.json() };
}

beforeAll(async () => {
  server = await startServer();
  adminToken = await login(server.url, "admin", "Admin-pass-2026");
  await client(server.url).post("/api/v1/test/clock", { now: "2026-11-23T02:00:00Z" });
  const r = await client(server.url, adminToken).post("/api/v1/admin/users", {
    username: "sup",
    password: PW,
    displayName: "督查室",
    role: "supervisor",
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  supervisorToken = await login(server.url, "sup", PW);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

const year2027 = () => client(server.url, adminToken).get("/api/v1/calendar/2027");
const addDays = (start: string, n: number) =>
  client(server.url, adminToken).get(`/api/v1/calendar/add?start=${start}&workingDays=${n}`);

describe("POST /api/v1/calendar/import", () => {
  it("refuses anyone but an admin, and a call without a token", async () => {
    const sup = await raw("/api/v1/calendar/import", supervisorToken, SAMPLE_JSON, {
      "Content-Type": "application/json",
    });
    expect(sup.status).toBe(403);
    expect(sup.body.error.code).toBe("forbidden");
    const anon = await fetch(`${server.url}/api/v1/calendar/import`, { method: "POST", body: SAMPLE_JSON });
    expect(anon.status).toBe(401);
    expect((await year2027()).body.covered).toBe(false);
  });

  it("answers 422 with every problem located, in the caller's language, and writes nothing", async () => {
    const bad = JSON.stringify({
      year: 2027,
      days: [
        { date: "2027-02-30", kind: "holiday" },
        { date: "2027-03-03", kind: "workday" },
        { date: "2027-04-01", kind: "off" },
      ],
    });
    const zh = await raw("/api/v1/calendar/import", adminToken, bad, { "Content-Type": "application/json" });
    expect(zh.status).toBe(422);
    expect(zh.body.error.code).toBe("validation_failed");
    expect(zh.body.error.message).toContain("未作任何修改");
    expect(zh.body.error.fields).toEqual({
      "days[0].date": "日期无效：2027-02-30（应为 年-月-日，如 2027-01-01）",
      "days[2].kind": "类型无效：off（应为 holiday 或 workday）",
    });
    const en = await raw("/api/v1/calendar/import", adminToken, bad, {
      "Content-Type": "application/json",
      "Accept-Language": "en",
    });
    expect(en.status).toBe(422);
    expect(en.body.error.fields["days[0].date"]).toMatch(/^Not a valid date: 2027-02-30/);

    const ics = [
      "BEGIN:VCALENDAR",
      "BEGIN:VEVENT",
      "DTSTART;VALUE=DATE:20270203",
      "SUMMARY:春节（补班）",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "DTSTART;VALUE=DATE:20280101",
      "SUMMARY:元旦（休）",
      "END:VEVENT",
      "END:VCALENDAR",
    ].join("\r\n");
    const mixed = await raw("/api/v1/calendar/import", adminToken, ics, { "Content-Type": "text/calendar" });
    expect(mixed.status).toBe(422);
    expect(mixed.body.error.fields).toEqual({
      file: "文件含有多个年份（2027, 2028）的日期，请每次只导入一年",
    });

    const empty = await raw("/api/v1/calendar/import", adminToken, "", { "Content-Type": "text/calendar" });
    expect(empty.status).toBe(422);
    expect(empty.body.error.fields).toEqual({ file: "文件是空的" });

    const huge = await raw(
      "/api/v1/calendar/import",
      adminToken,
      `BEGIN:VCALENDAR\r\n${"X".repeat(300_000)}`,
      {
        "Content-Type": "text/calendar",
      },
    );
    expect(huge.status).toBe(413);
    expect(huge.body.error.fields.file).toContain("文件过大");

    expect((await year2027()).body).toMatchObject({ covered: false, days: [] });
  });

  it("a dry run answers what would change and writes nothing", async () => {
    const r = await raw("/api/v1/calendar/import?dryRun=1", adminToken, SAMPLE_ICS, {
      "Content-Type": "text/calendar",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ dryRun: true, year: 2027, format: "ics", holidays: 29, workdays: 4 });
    expect(r.body.changes).toHaveLength(33);
    expect(r.body.source).toContain("Sample for testing the import");
    expect((await year2027()).body.covered).toBe(false);
  });

  it("imports the sample as a multipart upload; 2027 is covered and its deadlines skip the imported days", async () => {
    const before = await addDays("2027-02-04", 2);
    expect(before.body).toMatchObject({ due: "2027-02-08", beyondCoverage: true });

    const form = new FormData();
    form.append("file", new Blob([SAMPLE_ICS], { type: "text/calendar" }), "2027-sample.ics");
    const r = await raw("/api/v1/calendar/import", adminToken, form);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ dryRun: false, year: 2027, holidays: 29, workdays: 4 });

    const y = (await year2027()).body;
    expect(y.covered).toBe(true);
    expect(y.days).toHaveLength(33);
    expect(y.days.find((d: { date: string }) => d.date === "2027-02-20")).toMatchObject({
      kind: "workday",
      name: "春节",
      source: "import",
    });
    const after = await addDays("2027-02-04", 2);
    expect(after.body).toMatchObject({ due: "2027-02-16", beyondCoverage: false });
  });

  it("importing the JSON shape again replaces the year; the day-by-day PUT still works beside it", async () => {
    const smaller = JSON.stringify({
      year: 2027,
      source: "国务院办公厅关于2027年部分节假日安排的通知（测试用）",
      days: [{ date: "2027-01-01", kind: "holiday", name: "元旦" }],
    });
    const r = await raw("/api/v1/calendar/import", adminToken, smaller, {
      "Content-Type": "application/json",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.changes).toHaveLength(32);
    expect((await year2027()).body.days).toHaveLength(1);

    const put = await client(server.url, adminToken).put("/api/v1/calendar/2027-02-20", {
      kind: "workday",
      name: "春节",
    });
    expect(put.status).toBe(200);
    expect((await year2027()).body.days.map((d: { date: string }) => d.date)).toEqual([
      "2027-01-01",
      "2027-02-20",
    ]);
    // The sample back, in the JSON shape this time.
    const again = await raw("/api/v1/calendar/import", adminToken, SAMPLE_JSON, {
      "Content-Type": "application/json",
    });
    expect(again.status).toBe(200);
    expect(again.body.format).toBe("json");
    expect((await year2027()).body.days).toHaveLength(33);
  });

  it("GET on the import path is not a calendar year", async () => {
    const r = await client(server.url, adminToken).get("/api/v1/calendar/import");
    expect(r.status).toBe(405);
  });
});
