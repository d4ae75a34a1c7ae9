import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, login, startServer, type TestServer } from "./server";

/*
 * The admin's page of one user (/admin/users/:id) over HTTP, without a browser: it shows that
 * user's own audit rows and live sign-ins (userPageForAdmin), its forms change the user only
 * through updateUser, and a refused or malformed form writes nothing.
 */

let server: TestServer;
const PW = "Page-pass-2026";
const T0 = Date.parse("2026-10-12T01:00:00Z");
const MIN = 60_000;
const ids: Record<string, number> = {};
let adminCookie = "";

const at = async (ms: number) => {
  const r = await client(server.url).post("/api/v1/test/clock", { now: new Date(T0 + ms).toISOString() });
  expect(r.status).toBe(200);
};

async function signIn(username: string, password = PW): Promise<string> {
  const r = await fetch(`${server.url}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password }),
    redirect: "manual",
  });
  expect(r.status, `sign in ${username}`).toBe(302);
  return r.headers.get("set-cookie")!.split(";")[0];
}

async function get(path: string, cookie = adminCookie) {
  const r = await fetch(server.url + path, { headers: { Cookie: cookie }, redirect: "manual" });
  return { status: r.status, location: r.headers.get("location"), html: await r.text() };
}

async function post(path: string, form: Record<string, string>, cookie = adminCookie) {
  const r = await fetch(server.url + path, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
    redirect: "manual",
  });
  return { status: r.status, location: r.headers.get("location"), html: await r.text() };
}

function rows<T>(query: string, ...params: unknown[]): T[] {
  const d = new Database(server.databaseUrl, { readonly: true, fileMustExist: true });
  try {
    return d.prepare(query).all(...params) as T[];
  } finally {
    d.close();
  }
}

const auditCount = () => rows<{ n: number }>("select count(*) as n from admin_audit")[0].n;

beforeAll(async () => {
  server = await startServer({ env: { SESSION_IDLE_MINUTES: "30" } });
  await at(0);
  const admin = client(server.url, await login(server.url, "admin", "Admin-pass-2026"));
  const dept = await admin.post("/api/v1/admin/departments", { name: "区农业农村局" });
  ids.dept = dept.body.id;
  for (const username of ["leaver", "bystander"]) {
    const r = await admin.post("/api/v1/admin/users", {
      username,
      password: PW,
      displayName: username === "leaver" ? "莫家豪" : "叶青松",
      role: "handler",
      departmentId: ids.dept,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids[username] = r.body.id;
  }
  adminCookie = await signIn("admin", "Admin-pass-2026");
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe("the admin's page of a user", () => {
  it("shows the user's own audit rows and live sign-ins, and an idle session no longer counts", async () => {
    await at(0);
    let page = await get(`/admin/users/${ids.leaver}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("莫家豪");
    expect(page.html).toContain("区农业农村局");
    expect(page.html).toContain("新建用户");
    // Only rows about this user: the other user's creation is not listed here.
    expect(page.html).not.toContain("叶青松");
    expect(page.html).toContain("当前没有有效的登录");

    await signIn("leaver");
    page = await get(`/admin/users/${ids.leaver}`);
    expect(page.html).toContain("2026-10-12 09:00（1 处登录仍有效）");
    // Past the idle limit the session is dead, and the page says so (the admin, busy at 25
    // minutes, is not idle).
    await at(25 * MIN);
    expect((await get(`/admin/users/${ids.leaver}`)).html).toContain("1 处登录仍有效");
    await at(40 * MIN);
    page = await get(`/admin/users/${ids.leaver}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("当前没有有效的登录");
  });

  it("refuses a bad email on its field, keeps what was typed, and writes nothing", async () => {
    const before = auditCount();
    const r = await post(`/admin/users/${ids.leaver}`, {
      intent: "profile",
      displayName: "莫家豪（改）",
      email: "mo at nyj",
      role: "handler",
      departmentId: String(ids.dept),
      enterpriseId: "",
      locale: "zh-CN",
    });
    expect(r.status).toBe(422);
    expect(r.html).toContain('id="email-error"');
    expect(r.html).toContain("格式不正确");
    expect(r.html).toContain('value="mo at nyj"');
    expect(r.html).toContain('value="莫家豪（改）"');
    expect(auditCount()).toBe(before);
    expect(rows<{ display_name: string }>("select display_name from users where id = ?", ids.leaver)).toEqual(
      [{ display_name: "莫家豪" }],
    );
  });

  it("answers a malformed form with 400 and a missing user with 404, writing nothing", async () => {
    const before = auditCount();
    expect((await post(`/admin/users/${ids.leaver}`, {})).status).toBe(400);
    expect((await post(`/admin/users/${ids.leaver}`, { intent: "active", active: "maybe" })).status).toBe(
      400,
    );
    expect((await post("/admin/users/999999", { intent: "active", active: "0" })).status).toBe(404);
    expect((await get("/admin/users/999999")).status).toBe(404);
    expect((await get("/admin/users/abc")).status).toBe(404);
    expect(auditCount()).toBe(before);
  });

  it("deactivates through updateUser: the user's session ends and the history says so", async () => {
    const theirs = await signIn("leaver");
    expect((await get("/inbox", theirs)).status).toBe(200);
    const r = await post(`/admin/users/${ids.leaver}`, { intent: "active", active: "0" });
    expect(r.status).toBe(302);
    // The idle session of the first test is ended (removed) as well as the live one.
    expect(r.location).toBe(`/admin/users/${ids.leaver}?done=deactivated&sessions=2&tokens=0`);
    const gone = await get("/inbox", theirs);
    expect(gone.status).toBe(302);
    expect(gone.location).toBe("/login?redirectTo=%2Finbox");
    const page = await get(r.location!);
    expect(page.html).toContain("已停用该账号，并结束其 2 处登录和 0 个接口令牌。");
    expect(page.html).toContain("停用用户（已结束其全部登录）");
    expect(page.html).toContain("结束 2 处登录、0 个接口令牌");
    expect(page.html).toContain("当前没有有效的登录");
    const last = rows<{ action: string; target: string }>(
      "select action, target from admin_audit order by id desc limit 1",
    );
    expect(last).toEqual([{ action: "user.deactivate", target: `user:${ids.leaver}` }]);
  });
});
