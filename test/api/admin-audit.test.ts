import fs from "node:fs";
import Database from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAdminAction } from "../../db/audit";
import { usccCheckChar } from "../../workflows/uscc";
import { backendTitle, freshDb, releaseTestDatabases, testDatabases } from "../helpers/db";
import { SmtpSink } from "../mail/smtp-sink";
import { client, login, startServer, type TestServer } from "./server";

/*
 * Every administrative action leaves one row in `admin_audit` with who did it and when, written
 * with the change itself: users (create, profile, role, deactivate, activate, password),
 * departments (create, rename, deactivate), enterprises (create, code override), the calendar (a
 * day, a year's import), deadline policies, dead mail (retry, discard). A refused action leaves
 * none. And the log is append-only in the database itself, on SQLite and on PostgreSQL.
 */

const NOW = "2026-10-12T02:00:00.000Z";
const PW = "Audit-pass-2026";
const BOUNCE = "bounce@example.gov.cn";
const sink = new SmtpSink();
let server: TestServer;
let admin: ReturnType<typeof client>;
let adminId: number;
let supervisorId: number;
let supervisor: ReturnType<typeof client>;

interface AuditRow {
  id: number;
  actor_id: number | null;
  action: string;
  target: string;
  detail: string;
  created_at: string;
}

function auditRows(): AuditRow[] {
  const d = new Database(server.databaseUrl, { readonly: true, fileMustExist: true });
  try {
    return d.prepare("select * from admin_audit order by id").all() as AuditRow[];
  } finally {
    d.close();
  }
}

function outboxStatus(id: number): string | undefined {
  const d = new Database(server.databaseUrl, { readonly: true, fileMustExist: true });
  try {
    return (d.prepare("select status from outbox where id = ?").get(id) as { status: string } | undefined)
      ?.status;
  } finally {
    d.close();
  }
}

async function adminCookie(): Promise<string> {
  const r = await fetch(`${server.url}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username: "admin", password: "Admin-pass-2026" }),
    redirect: "manual",
  });
  return r.headers.get("set-cookie")!.split(";")[0];
}

async function until<T>(f: () => T | undefined, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("every admin action is in the log with its actor and time", () => {
  beforeAll(async () => {
    await sink.start();
    // Mail to one address is refused for good (550): it becomes dead mail for the admin to handle.
    sink.rcpt = (address) => (address === BOUNCE ? { code: 550, message: "no such mailbox" } : null);
    server = await startServer({ env: { SMTP_URL: sink.url, MAIL_WORKER_INTERVAL_MS: "200" } });
    await client(server.url).post("/api/v1/test/clock", { now: NOW });
    admin = client(server.url, await login(server.url, "admin", "Admin-pass-2026"));
    adminId = (await admin.get("/api/v1/me")).body.user.id;
    const sup = await admin.post("/api/v1/admin/users", {
      username: "yingshang",
      password: PW,
      displayName: "营商办 陈静",
      role: "supervisor",
    });
    supervisorId = sup.body.id;
    supervisor = client(server.url, await login(server.url, "yingshang", PW));
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await sink.stop();
  });

  const expected: Array<{ action: string; target: string; actor: () => number }> = [];
  const expect1 = (action: string, target: string, actor = () => adminId) =>
    expected.push({ action, target, actor });

  it("users: create, profile, role, deactivate, activate, password", async () => {
    const dept = await admin.post("/api/v1/admin/departments", { name: "区市场监督管理局" });
    expect(dept.status).toBe(201);
    expect1("department.create", `department:${dept.body.id}`);
    const u = await admin.post("/api/v1/admin/users", {
      username: "zhangwei",
      password: PW,
      displayName: "张伟",
      role: "handler",
      departmentId: dept.body.id,
    });
    expect(u.status).toBe(201);
    const target = `user:${u.body.id}`;
    expect1("user.create", target);
    const patch = (body: unknown) => admin.post(`/api/v1/admin/users/${u.body.id}`, body);
    expect((await patch({ displayName: "张伟（科长）", email: "zw@example.gov.cn" })).status).toBe(200);
    expect1("user.update", target);
    expect((await patch({ role: "dept_head" })).status).toBe(200);
    expect1("user.role", target);
    expect((await patch({ active: false })).status).toBe(200);
    expect1("user.deactivate", target);
    expect((await patch({ active: true })).status).toBe(200);
    expect1("user.activate", target);
    expect((await patch({ password: "Another-pass-2026" })).status).toBe(200);
    expect1("user.password", target);
    // Nothing changed, nothing logged.
    expect((await patch({ displayName: "张伟（科长）" })).status).toBe(200);
  });

  it("departments: create through the page, rename, deactivate", async () => {
    const cookie = await adminCookie();
    const r = await fetch(`${server.url}/admin`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
      body: new URLSearchParams({ intent: "department", name: "区统计局", shortName: "", email: "" }),
      redirect: "manual",
    });
    expect(r.status).toBe(302);
    const id = Number(/department:(\d+)/.exec(r.headers.get("location") ?? "")![1]);
    expect1("department.create", `department:${id}`);
    expect(
      (await admin.post(`/api/v1/admin/departments/${id}`, { name: "区统计局（普查中心）" })).status,
    ).toBe(200);
    expect1("department.update", `department:${id}`);
    const off = await admin.post(`/api/v1/admin/departments/${id}`, { active: false });
    expect(off.body).toMatchObject({ active: false });
    expect1("department.deactivate", `department:${id}`);
    // An inactive department is no longer offered.
    const list = await admin.get("/api/v1/departments");
    expect(JSON.stringify(list.body)).not.toContain("区统计局");
  });

  it("enterprises: create, and a code recorded against its check character", async () => {
    const good = "91320411MA1XK2P3L";
    const e = await admin.post("/api/v1/admin/enterprises", {
      name: "常州精工机械制造有限公司",
      uscc: good + usccCheckChar(good),
    });
    expect(e.status).toBe(201);
    expect1("enterprise.create", `enterprise:${e.body.id}`);
    const wrongCheck = usccCheckChar("91320412MA27Q8R5N") === "0" ? "1" : "0";
    const o = await supervisor.post("/api/v1/admin/enterprises", {
      name: "常州华科新材料有限公司",
      uscc: `91320412MA27Q8R5N${wrongCheck}`,
      usccOverride: true,
      overrideReason: "营业执照照片所示代码，待企业核实",
    });
    expect(o.status, JSON.stringify(o.body)).toBe(201);
    expect1("enterprise.create", `enterprise:${o.body.id}`, () => supervisorId);
    expect1("enterprise.uscc_override", `enterprise:${o.body.id}`, () => supervisorId);
  });

  it("the calendar: one day, and a year's import", async () => {
    const day = await admin.put("/api/v1/calendar/2026-12-31", { kind: "holiday", name: "年终盘点" });
    expect(day.status).toBe(200);
    expect1("calendar.set", "date:2026-12-31");
    const sample = fs.readFileSync("docs/calendar/2027-sample.json", "utf8");
    const imp = await admin.post("/api/v1/calendar/import", sample);
    expect(imp.status, JSON.stringify(imp.body)).toBe(200);
    const row = auditRows().find((r) => r.action === "calendar.import");
    expect(row).toBeTruthy();
    expect1("calendar.import", row!.target);
  });

  it("deadline policies", async () => {
    const before = await admin.get("/api/v1/admin/policies/proposal");
    expect(before.body).toMatchObject({ customised: false, policy: { signFor: { workingDays: 2 } } });
    const r = await admin.put("/api/v1/admin/policies/proposal", { signFor: { workingDays: 3 } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ customised: true, policy: { signFor: { workingDays: 3 } } });
    expect1("policy.update", "policy:proposal");
    const row = auditRows().find((x) => x.action === "policy.update")!;
    expect(JSON.parse(row.detail)).toMatchObject({ before: null, after: { signFor: { workingDays: 3 } } });
  });

  it("dead mail: retry, then discard", async () => {
    // A delegate whose mailbox refuses everything; the acceptance notice to them dies.
    const d = await admin.post("/api/v1/admin/users", {
      username: "daibiao",
      password: PW,
      displayName: "代表 王建国",
      role: "delegate",
      email: BOUNCE,
    });
    expect1("user.create", `user:${d.body.id}`);
    const s = await admin.post("/api/v1/admin/users", {
      username: "tiwei",
      password: PW,
      displayName: "提案委 李",
      role: "supervisor",
    });
    expect1("user.create", `user:${s.body.id}`);
    const delegate = client(server.url, await login(server.url, "daibiao", PW));
    const tiwei = client(server.url, await login(server.url, "tiwei", PW));
    const p = await delegate.post("/api/v1/cases", {
      kind: "proposal",
      title: "关于公交线网优化的建议",
      body: "…",
    });
    await delegate.post(`/api/v1/cases/${p.body.id}/events`, { type: "SUBMIT" });
    expect((await tiwei.post(`/api/v1/cases/${p.body.id}/events`, { type: "ACCEPT" })).status).toBe(200);
    const dead = await until(() => {
      const d = new Database(server.databaseUrl, { readonly: true, fileMustExist: true });
      try {
        const r = d
          .prepare("select id from outbox where recipient_email = ? and status = 'dead'")
          .get(BOUNCE) as { id: number } | undefined;
        return r?.id;
      } finally {
        d.close();
      }
    }, "a dead mail");
    const cookie = await adminCookie();
    const act = (intent: string) =>
      fetch(`${server.url}/admin/mail`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
        body: new URLSearchParams({ intent, id: String(dead), tab: "dead" }),
        redirect: "manual",
      });
    expect((await act("retry")).headers.get("location")).toContain("done=retry");
    expect1("mail.retry", `outbox:${dead}`);
    // Refused again by the mailbox: dead once more, then discarded.
    await until(() => (outboxStatus(dead) === "dead" ? true : undefined), "the retried mail to die again");
    expect((await act("discard")).headers.get("location")).toContain("done=discard");
    expect1("mail.discard", `outbox:${dead}`);
  });

  it("a person signing out everywhere is recorded as their own action", async () => {
    const cookie = await adminCookie();
    const r = await fetch(`${server.url}/settings`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
      body: new URLSearchParams({ intent: "signout_all" }),
      redirect: "manual",
    });
    expect(r.status).toBe(302);
    expect1("session.end_all", `user:${adminId}`);
    // The admin's own token ended with it.
    admin = client(server.url, await login(server.url, "admin", "Admin-pass-2026"));
  });

  it("refused actions leave nothing in the log", async () => {
    const before = auditRows().length;
    expect((await admin.post("/api/v1/admin/users", { username: "x", password: "short" })).status).toBe(422);
    expect((await admin.post(`/api/v1/admin/users/${supervisorId}`, { password: "short" })).status).toBe(422);
    expect((await admin.post("/api/v1/admin/departments/999999", { name: "无" })).status).toBe(404);
    expect((await supervisor.post("/api/v1/admin/departments", { name: "越权局" })).status).toBe(403);
    const badPolicy = await admin.put("/api/v1/admin/policies/proposal", { signFor: { workingDays: -1 } });
    expect(badPolicy.status).toBe(422);
    expect(badPolicy.body.error.fields["signFor.workingDays"]).toBeTruthy();
    expect(auditRows().length).toBe(before);
  });

  it("the log holds exactly those rows, each with its actor and the time, and never a password", () => {
    const rows = auditRows();
    // The first row is the supervisor's account, made in the set-up.
    expect(rows[0]).toMatchObject({
      action: "user.create",
      target: `user:${supervisorId}`,
      actor_id: adminId,
    });
    const rest = rows.slice(1);
    expect(rest.map((r) => [r.action, r.target, r.actor_id])).toEqual(
      expected.map((e) => [e.action, e.target, e.actor()]),
    );
    for (const r of rows) {
      expect(r.created_at).toBe(NOW);
      expect(r.detail).not.toMatch(/pass-2026|scrypt\$/);
    }
  });

  it("the admin page shows the log with who and when", async () => {
    const html = await (
      await fetch(`${server.url}/admin`, { headers: { Cookie: await adminCookie() } })
    ).text();
    const me = (await admin.get("/api/v1/me")).body.user;
    expect(html).toContain("区统计局");
    expect(html).toContain(me.displayName);
    expect(html).toContain("2026-10-12 10:00");
    // Every action is worded, none shown as its raw key.
    for (const label of [
      "重置密码（已结束其全部登录）",
      "停用单位",
      "修改时限规则",
      "放弃投递邮件",
      "退出所有设备",
    ])
      expect(html).toContain(label);
    expect(html).not.toMatch(/>audit\.[a-z_.]+</);
  });
});

describe.each(testDatabases())("admin_audit is append-only in the database: $name", (backend) => {
  it.skipIf(backend.skip)(backendTitle(backend), async () => {
    const t = await freshDb(backend);
    try {
      await recordAdminAction(t.db, {
        actorId: null,
        action: "calendar.set",
        target: "date:2026-10-01",
        detail: {},
        now: NOW,
      });
      await expect(sql`update admin_audit set action = 'x'`.execute(t.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from admin_audit`.execute(t.db)).rejects.toThrow(/append-only/);
      const rows = await t.db.selectFrom("admin_audit").select(["action"]).execute();
      expect(rows).toEqual([{ action: "calendar.set" }]);
    } finally {
      await t.close();
    }
  });
  afterAll(releaseTestDatabases);
});
