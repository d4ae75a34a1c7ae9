import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../db/seed-demo";
import { freshDb } from "../helpers/db";
import { client, login, startServer, type TestServer } from "./server";

/*
 * Browser sessions and API tokens over HTTP: the cookie's attributes, a new id on every sign-in,
 * idle and absolute expiry on the server's (pinned) clock, "sign out everywhere", and an admin
 * deactivating an account or resetting its password ending every way it was signed in. Also that
 * the minimum password policy holds on every path that sets a password.
 */

let server: TestServer;
const PW = "Test-pass-2026";
const T0 = Date.parse("2026-10-12T01:00:00Z");
const ids: Record<string, number> = {};

const at = async (ms: number) => {
  const r = await client(server.url).post("/api/v1/test/clock", { now: new Date(T0 + ms).toISOString() });
  expect(r.status).toBe(200);
};
const MIN = 60_000;

/** Signs in through the login form; returns the cookie pair and the full Set-Cookie header. */
async function signIn(username: string, password = PW, cookie?: string) {
  const r = await fetch(`${server.url}/login`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new URLSearchParams({ username, password, redirectTo: "/settings" }),
    redirect: "manual",
  });
  const header = r.headers.get("set-cookie");
  return { status: r.status, header, cookie: header ? header.split(";")[0] : null };
}

/** A page request with a session cookie: 200, or 302 to the login page when the session is gone. */
async function page(cookie: string, path = "/settings") {
  const r = await fetch(server.url + path, { headers: { Cookie: cookie }, redirect: "manual" });
  await r.arrayBuffer();
  return { status: r.status, location: r.headers.get("location") };
}

function dbRows<T>(query: string, ...params: unknown[]): T[] {
  const d = new Database(server.databaseUrl, { readonly: true, fileMustExist: true });
  try {
    return d.prepare(query).all(...params) as T[];
  } finally {
    d.close();
  }
}

let admin: ReturnType<typeof client>;

beforeAll(async () => {
  server = await startServer({ env: { SESSION_IDLE_MINUTES: "30", SESSION_HOURS: "4" } });
  await at(0);
  admin = client(server.url, await login(server.url, "admin", "Admin-pass-2026"));
  const dept = await admin.post("/api/v1/admin/departments", { name: "区发展和改革局" });
  ids.dept = dept.body.id;
  for (const [username, role] of [
    ["idle", "delegate"],
    ["busy", "delegate"],
    ["many", "handler"],
    ["leaver", "handler"],
    ["forgetful", "supervisor"],
  ]) {
    const r = await admin.post("/api/v1/admin/users", {
      username,
      password: PW,
      displayName: username,
      role,
      departmentId: role === "handler" ? ids.dept : null,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids[username] = r.body.id;
  }
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe("the session cookie", () => {
  it("is httpOnly, SameSite=Lax, path /, lives SESSION_HOURS, and is not Secure outside production", async () => {
    await at(0);
    const s = await signIn("idle");
    expect(s.status).toBe(302);
    const h = s.header ?? "";
    expect(h).toMatch(/HttpOnly/i);
    expect(h).toMatch(/SameSite=Lax/i);
    expect(h).toMatch(/Path=\//);
    expect(h).toMatch(/Max-Age=14400/);
    expect(h).not.toMatch(/Secure/i);
  });

  it("gets a new id on every sign-in, and the id held before stops working", async () => {
    await at(0);
    const first = await signIn("idle");
    expect((await page(first.cookie!)).status).toBe(200);
    const second = await signIn("idle", PW, first.cookie!);
    expect(second.cookie).not.toBe(first.cookie);
    expect((await page(second.cookie!)).status).toBe(200);
    const old = await page(first.cookie!);
    expect(old.status).toBe(302);
    expect(old.location).toBe("/login?redirectTo=%2Fsettings");
  });

  it("is refused when tampered with (the signature fails)", async () => {
    const s = await signIn("idle");
    const [name, value] = s.cookie!.split("=");
    const forged = `${name}=${value.slice(0, -3)}AAA`;
    expect((await page(forged)).status).toBe(302);
  });
});

describe("expiry", () => {
  it("ends a session left idle for SESSION_IDLE_MINUTES, and slides while it is used", async () => {
    await at(0);
    const s = await signIn("idle");
    const cookie = s.cookie!;
    // The latest use of any of this person's sessions (the earlier ones are not used again).
    const seen = () =>
      dbRows<{ at: string }>("select max(last_seen_at) as at from sessions where user_id = ?", ids.idle)[0]
        .at;
    // Used 20 s later: not written again (at most once a minute).
    await at(20_000);
    expect((await page(cookie)).status).toBe(200);
    expect(seen()).toBe(new Date(T0).toISOString());
    // Used at 29 minutes: still alive, and the last use moves.
    await at(29 * MIN);
    expect((await page(cookie)).status).toBe(200);
    expect(seen()).toBe(new Date(T0 + 29 * MIN).toISOString());
    // 58 minutes after sign-in, but only 29 since the last use: alive.
    await at(58 * MIN);
    expect((await page(cookie)).status).toBe(200);
    // Then 31 minutes without a request: gone.
    await at(89 * MIN);
    const gone = await page(cookie);
    expect(gone.status).toBe(302);
    expect(gone.location).toMatch(/^\/login\?redirectTo=/);
  });

  it("ends a session SESSION_HOURS after sign-in however busy it is", async () => {
    await at(0);
    const s = await signIn("busy");
    for (let m = 25; m < 240; m += 25) {
      await at(m * MIN);
      expect((await page(s.cookie!)).status, `minute ${m}`).toBe(200);
    }
    await at(240 * MIN + 1000);
    expect((await page(s.cookie!)).status).toBe(302);
    await at(0);
  });
});

describe("sign out everywhere", () => {
  it("ends every browser session and API token of the person, is audited, and says so at sign-in", async () => {
    await at(0);
    const a = await signIn("many");
    const b = await signIn("many");
    const token = await login(server.url, "many", PW);
    expect((await client(server.url, token).get("/api/v1/me")).status).toBe(200);

    // From another site: refused, nothing ended.
    const evil = await fetch(`${server.url}/settings`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Cookie: a.cookie!,
        Origin: "https://evil.example",
      },
      body: new URLSearchParams({ intent: "signout_all" }),
      redirect: "manual",
    });
    expect(evil.status).toBe(403);
    expect((await page(b.cookie!)).status).toBe(200);

    const settings = await fetch(`${server.url}/settings`, { headers: { Cookie: a.cookie! } });
    const html = await settings.text();
    expect(html).toContain("退出所有设备");
    expect(html).toContain("闲置 30 分钟未操作，或登录满 4 小时，将自动退出。");

    const r = await fetch(`${server.url}/settings`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: a.cookie! },
      body: new URLSearchParams({ intent: "signout_all" }),
      redirect: "manual",
    });
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe("/login?ended=everywhere");
    expect(r.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    expect((await page(a.cookie!)).status).toBe(302);
    expect((await page(b.cookie!)).status).toBe(302);
    const me = await client(server.url, token).get("/api/v1/me");
    expect(me.status).toBe(401);
    const loginPage = await (await fetch(`${server.url}/login?ended=everywhere`)).text();
    expect(loginPage).toContain("已退出所有设备，请重新登录。");

    const audit = dbRows<{ actor_id: number; action: string; detail: string; created_at: string }>(
      "select actor_id, action, detail, created_at from admin_audit where target = ? and action like 'session.%'",
      `user:${ids.many}`,
    );
    expect(audit).toEqual([
      {
        actor_id: ids.many,
        action: "session.end_all",
        detail: JSON.stringify({ sessions: 2, tokens: 1 }),
        created_at: new Date(T0).toISOString(),
      },
    ]);
    // Signing in again works.
    expect((await signIn("many")).status).toBe(302);
  });
});

describe("an admin ending someone's access", () => {
  it("deactivating an account ends its sessions and tokens at once; sign-in is refused until reactivated", async () => {
    await at(0);
    const s = await signIn("leaver");
    const token = await login(server.url, "leaver", PW);
    const r = await admin.post(`/api/v1/admin/users/${ids.leaver}`, { active: false });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ active: false, ended: { sessions: 1, tokens: 1 } });
    expect((await page(s.cookie!)).status).toBe(302);
    expect((await client(server.url, token).get("/api/v1/me")).status).toBe(401);
    expect((await signIn("leaver")).status).toBe(200); // the form again, with "wrong username or password"
    const refused = await client(server.url).post("/api/v1/auth/token", { username: "leaver", password: PW });
    expect(refused.status).toBe(401);

    expect((await admin.post(`/api/v1/admin/users/${ids.leaver}`, { active: true })).status).toBe(200);
    expect((await signIn("leaver")).status).toBe(302);
  });

  it("resetting a password ends sessions and tokens; the old password stops working", async () => {
    await at(0);
    const s = await signIn("forgetful");
    const token = await login(server.url, "forgetful", PW);
    const r = await admin.post(`/api/v1/admin/users/${ids.forgetful}`, { password: "Brand-new-2026" });
    expect(r.status).toBe(200);
    expect(r.body.ended).toEqual({ sessions: 1, tokens: 1 });
    expect((await page(s.cookie!)).status).toBe(302);
    expect((await client(server.url, token).get("/api/v1/me")).status).toBe(401);
    expect((await signIn("forgetful")).status).toBe(200);
    expect((await signIn("forgetful", "Brand-new-2026")).status).toBe(302);
  });

  it("an admin cannot lock themselves out", async () => {
    const me = await admin.get("/api/v1/me");
    const r = await admin.post(`/api/v1/admin/users/${me.body.user.id}`, { active: false, role: "handler" });
    expect(r.status).toBe(422);
    expect(r.body.error.fields.active).toBe("不能停用自己的账号或取消自己的管理员角色");
    expect(r.body.error.fields.role).toBeTruthy();
  });
});

describe("the minimum password policy on every path that sets one", () => {
  const weak = [
    ["short1A", "密码至少 10 个字符"],
    ["alllowercaseletters", "密码须包含至少两类字符（大小写字母、数字、符号）"],
  ] as const;

  it("creating a user through the API", async () => {
    for (const [pw] of weak) {
      const r = await admin.post("/api/v1/admin/users", {
        username: `weak${pw.length}`,
        password: pw,
        displayName: "弱",
        role: "delegate",
      });
      expect(r.status).toBe(422);
      expect(r.body.error.fields.password).toBeTruthy();
    }
    const who = await admin.get("/api/v1/admin/users");
    expect(who.body.items.some((u: { username: string }) => u.username.startsWith("weak"))).toBe(false);
  });

  it("creating a user through the admin page", async () => {
    const s = await signIn("admin", "Admin-pass-2026");
    const r = await fetch(`${server.url}/admin`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: s.cookie! },
      body: new URLSearchParams({
        intent: "user",
        username: "weakform",
        password: "short",
        displayName: "弱",
        role: "delegate",
      }),
      redirect: "manual",
    });
    expect(r.status).toBe(422);
    expect(await r.text()).toContain("密码至少 10 个字符");
  });

  it("seeding the demo accounts, refused before anything is written", async () => {
    const t = await freshDb("sqlite");
    try {
      await expect(seedDemo(t.db, { now: new Date(T0), password: "demo2026" })).rejects.toThrow(
        "demo password: password_too_short",
      );
      expect(await t.db.selectFrom("users").select("id").execute()).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it("resetting a password, and nothing else of the change is written", async () => {
    for (const [pw, message] of weak) {
      const r = await admin.post(`/api/v1/admin/users/${ids.idle}`, { password: pw, displayName: "改名" });
      expect(r.status).toBe(422);
      expect(r.body.error.fields.password).toBe(message);
    }
    const u = await admin.get(`/api/v1/admin/users/${ids.idle}`);
    expect(u.body.displayName).toBe("idle");
    expect((await signIn("idle")).status).toBe(302);
  });
});

describe("in production", () => {
  it("the session cookie is Secure (NODE_ENV=production)", async () => {
    // The cookie as the server builds it, in a process whose environment is production's.
    const saved = { NODE_ENV: process.env.NODE_ENV, SESSION_SECRET: process.env.SESSION_SECRET };
    Object.assign(process.env, {
      NODE_ENV: "production",
      SESSION_SECRET: "a-production-secret-of-32-chars!",
    });
    try {
      const { sessionCookie } = await import("../../app/utils/auth.server");
      const header = await sessionCookie().serialize("an-id");
      expect(header).toMatch(/;\s*Secure/i);
      expect(header).toMatch(/HttpOnly/i);
      expect(header).toMatch(/SameSite=Lax/i);
    } finally {
      Object.assign(process.env, saved);
    }
  });
});
