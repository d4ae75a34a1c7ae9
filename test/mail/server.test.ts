import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, login, startServer, type TestServer } from "../api/server";
import { FROM, SESSION_SECRET } from "./fixtures";
import { linkIn, SmtpSink } from "./smtp-sink";

/**
 * The real server (production build, its own mail worker) sending to a real SMTP server in this
 * process: the reply mail's one-click link opens the rating form without a login, works once, and
 * is refused with a clear page when used again, altered, or expired. Then the admin's mail page
 * and a person's settings; and, with no SMTP_URL, the captured mail a newcomer reads.
 */
const PUBLIC = "http://mail.test";
const PW = "Test-pass-2026";
const APPROVED_AT = "2026-09-29T02:00:00Z";

const sink = new SmtpSink();
let server: TestServer;
const ids: Record<string, number> = {};
const tokens: Record<string, string> = {};
let caseId: number;

const as = (who: string) => client(server.url, tokens[who]);

async function page(path: string, init: RequestInit = {}) {
  const r = await fetch(server.url + path, { redirect: "manual", ...init });
  return { status: r.status, html: await r.text(), headers: r.headers };
}

/** Signs in through the login form, as a browser would; returns the session cookie. */
async function browserLogin(base: string, username: string, password: string): Promise<string> {
  const r = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password, redirectTo: "/" }),
  });
  expect(r.status).toBe(302);
  return (r.headers.get("set-cookie") ?? "").split(";")[0];
}

const form = (fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
  body: new URLSearchParams(fields),
});

beforeAll(async () => {
  await sink.start();
  server = await startServer({
    env: {
      SMTP_URL: sink.url,
      MAIL_FROM: FROM,
      PUBLIC_URL: PUBLIC,
      SESSION_SECRET,
      MAIL_WORKER_INTERVAL_MS: "200",
    },
  });
  const admin = client(server.url, await login(server.url, "admin", "Admin-pass-2026"));
  await client(server.url).post("/api/v1/test/clock", { now: "2026-09-28T02:00:00Z" });
  const fgj = await admin.post("/api/v1/admin/departments", {
    name: "区发展和改革局",
    email: "fgj@units.example.test",
  });
  expect(fgj.status).toBe(201);
  ids.fgj = fgj.body.id;
  const users: Array<[string, string, number | null]> = [
    ["author", "delegate", null],
    ["sup", "supervisor", null],
    ["fgj_h", "handler", ids.fgj],
    ["fgj_head", "dept_head", ids.fgj],
  ];
  for (const [username, role, departmentId] of users) {
    const r = await admin.post("/api/v1/admin/users", {
      username,
      password: PW,
      displayName: `${username} 用户`,
      role,
      departmentId,
      email: `${username}@example.gov.cn`,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids[username] = r.body.id;
    tokens[username] = await login(server.url, username, PW);
  }

  // A proposal walked to its released reply through the API.
  const created = await as("author").post("/api/v1/cases", {
    kind: "proposal",
    title: "关于完善社区养老服务的建议",
    body: "社区养老服务供给不足。",
  });
  expect(created.status).toBe(201);
  caseId = created.body.id;
  const send = async (who: string, event: Record<string, unknown>) => {
    const r = await as(who).post(`/api/v1/cases/${caseId}/events`, event);
    expect(r.status, `${who} ${event.type}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };
  await send("author", { type: "SUBMIT" });
  await send("sup", { type: "ACCEPT" });
  await send("sup", { type: "ASSIGN", leadDepartmentId: ids.fgj, coDepartmentIds: [] });
  await send("fgj_h", { type: "SIGN" });
  await send("fgj_h", { type: "RECORD_CONTACT", date: "2026-09-28", method: "phone", summary: "电话沟通" });
  await client(server.url).post("/api/v1/test/clock", { now: APPROVED_AT });
  await send("fgj_h", {
    type: "SUBMIT_REPLY",
    classification: "A",
    body: "已在全区推广社区嵌入式养老服务。",
    contactName: "周明",
    contactPhone: "020-84600000",
  });
  const replied = await send("fgj_head", { type: "APPROVE_REPLY" });
  expect(replied.state).toBe("replied");
}, 90_000);

afterAll(async () => {
  await server?.stop();
  await sink.stop();
});

/** The mail the server's worker sent to this address with this subject start. */
async function mailTo(addr: string, subject: string) {
  const end = Date.now() + 15_000;
  for (;;) {
    const m = sink.to(addr).find((x) => x.subject.startsWith(subject));
    if (m) return m;
    if (Date.now() > end)
      throw new Error(`no mail "${subject}…" to ${addr}; got ${sink.received.map((x) => x.subject)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the server's own mail worker", () => {
  it("delivers the workflow's mails through SMTP, each once", async () => {
    await mailTo("author@example.gov.cn", "您的提案已答复");
    const m = await mailTo("fgj@units.example.test", "新交办");
    expect(m.parsed.text).toContain(`${PUBLIC}/cases/${caseId}`);
    expect(new Set(sink.received.map((x) => x.messageId)).size).toBe(sink.received.length);
  });
});

describe("the one-click rating link", () => {
  let path: string;

  beforeAll(async () => {
    const m = await mailTo("author@example.gov.cn", "您的提案已答复");
    const link = linkIn(m.parsed.text, `${PUBLIC}/r/`);
    expect(link).toBeTruthy();
    path = link!.slice(PUBLIC.length);
    expect(m.parsed.html).toContain(`href="${link}"`);
  });

  it("refuses an altered link with a page in both languages", async () => {
    const altered = path.replace(/^\/r\/(\d+)\./, (_m, id) => `/r/${Number(id) + 1}.`);
    const r = await page(altered);
    expect(r.status).toBe(400);
    expect(r.html).toContain("此链接无效");
    expect(r.html).toContain("This link is not valid");
    expect(r.html).not.toContain("关于完善社区养老服务的建议");
    expect((await page("/r/not-a-token")).status).toBe(400);
  });

  it("refuses an expired link, to reading and to rating", async () => {
    await client(server.url).post("/api/v1/test/clock", { now: "2026-11-15T02:00:00Z" });
    try {
      const r = await page(path);
      expect(r.status).toBe(410);
      expect(r.html).toContain("此测评链接已过期");
      expect(r.html).toContain("This rating link has expired");
      expect(r.html).toContain("2026-10-29"); // valid for 30 days from the reply's release
      const post = await page(path, form({ attitude: "satisfied", result: "satisfied" }));
      expect(post.status).toBe(410);
    } finally {
      await client(server.url).post("/api/v1/test/clock", { now: APPROVED_AT });
    }
    expect((await as("author").get(`/api/v1/cases/${caseId}`)).body.state).toBe("replied");
  });

  it("opens the rating form without a login, showing the reply; opening it does not use it", async () => {
    for (let i = 0; i < 2; i++) {
      const r = await page(path);
      expect(r.status).toBe(200);
      expect(r.html).toContain("满意度测评");
      expect(r.html).toContain("已在全区推广社区嵌入式养老服务。");
      expect(r.html).toContain('name="attitude"');
      expect(r.html).toContain('name="result"');
      expect(r.headers.get("cache-control")).toBe("no-store");
      expect(r.html).toContain('<meta name="referrer" content="no-referrer"/>');
    }
  });

  it("keeps the link usable when the rating is incomplete", async () => {
    const r = await page(path, form({ attitude: "satisfied" }));
    expect(r.status).toBe(422);
    expect(r.html).toContain("field-error");
    expect((await page(path)).status).toBe(200);
  });

  it("records the rating as the proposer's own, once; a second use is refused", async () => {
    const r = await page(
      path,
      form({ attitude: "satisfied", result: "basically_satisfied", comment: "感谢答复" }),
    );
    // Post, redirect, get: a reload of the thank-you page does not post again.
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe(`${path}?done=1`);
    const thanks = await page(`${path}?done=1`);
    expect(thanks.status).toBe(200);
    expect(thanks.html).toContain("感谢您的测评");
    expect(thanks.html).toContain("该提案已办结");
    const c = (await as("author").get(`/api/v1/cases/${caseId}`)).body;
    expect(c).toMatchObject({ state: "closed", satisfaction: "basically_satisfied" });
    const last = c.history.at(-1);
    expect(last).toMatchObject({ type: "EVALUATE" });
    expect(JSON.stringify(last)).toContain("author 用户");

    const again = await page(path);
    expect(again.status).toBe(410);
    expect(again.html).toContain("此测评链接已使用");
    expect(again.html).toContain("This rating link has been used");
    const twice = await page(path, form({ attitude: "unsatisfied", result: "unsatisfied" }));
    expect(twice.status).toBe(410);
    expect((await as("author").get(`/api/v1/cases/${caseId}`)).body.satisfaction).toBe("basically_satisfied");
    // In English for an English reader.
    const en = await page(path, { headers: { "Accept-Language": "en-GB,en;q=0.8" } });
    expect(en.html).toMatch(/<h1>This rating link has been used<\/h1>/);

    // The lead unit hears of the rating by mail.
    const m = await mailTo("fgj_h@example.gov.cn", "测评结果");
    expect(m.parsed.text).toContain("对办理结果：基本满意");
  });
});

describe("the admin's mail page and a person's settings", () => {
  it("lists recent mail for admins only", async () => {
    const adminCookie = await browserLogin(server.url, "admin", "Admin-pass-2026");
    const r = await page("/admin/mail?tab=recent", { headers: { Cookie: adminCookie } });
    expect(r.status).toBe(200);
    expect(r.html).toContain("邮件发送");
    expect(r.html).toContain(`SMTP（smtp://127.0.0.1:${sink.port}）`);
    expect(r.html).toContain("新交办：关于完善社区养老服务的建议");
    expect(r.html).toContain("fgj@units.example.test");
    const handler = await browserLogin(server.url, "fgj_h", PW);
    expect((await page("/admin/mail", { headers: { Cookie: handler } })).status).toBe(403);
  });

  it("lets a person set their address, language and non-essential mail", async () => {
    const cookie = await browserLogin(server.url, "author", PW);
    const bad = await page(
      "/settings",
      form({ email: "not-an-address", locale: "zh-CN" }, { Cookie: cookie }),
    );
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("field-error");
    const ok = await page(
      "/settings",
      form({ email: "wang@example.gov.cn", locale: "en" }, { Cookie: cookie }),
    );
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/settings?saved=1");
    const after = await page("/settings?saved=1", { headers: { Cookie: cookie } });
    expect(after.html).toContain("Settings saved");
    expect(after.html).toContain('value="wang@example.gov.cn"');
    expect(after.html).not.toMatch(/name="mailOptional"[^>]*checked/);
    expect(after.html).toContain("Assignment"); // the notices that are always sent
  });
});

describe("with no SMTP_URL", () => {
  let capture: TestServer;
  afterAll(async () => {
    await capture?.stop();
  });

  it("captures every mail in the database, readable by admins as HTML", async () => {
    capture = await startServer({ env: { MAIL_WORKER_INTERVAL_MS: "200", SMTP_URL: "" } });
    const admin = client(capture.url, await login(capture.url, "admin", "Admin-pass-2026"));
    for (const [username, role] of [
      ["delegate1", "delegate"],
      ["sup1", "supervisor"],
    ])
      expect(
        (
          await admin.post("/api/v1/admin/users", {
            username,
            password: PW,
            displayName: username,
            role,
            email: `${username}@example.gov.cn`,
          })
        ).status,
      ).toBe(201);
    const delegate = client(capture.url, await login(capture.url, "delegate1", PW));
    const c = await delegate.post("/api/v1/cases", {
      kind: "proposal",
      title: "关于增设公交站点的建议",
      body: "站点太少。",
    });
    await delegate.post(`/api/v1/cases/${c.body.id}/events`, { type: "SUBMIT" });

    const cookie = await browserLogin(capture.url, "admin", "Admin-pass-2026");
    const get = async (p: string) => {
      const r = await fetch(capture.url + p, { headers: { Cookie: cookie } });
      return { status: r.status, html: await r.text() };
    };
    let list = await get("/admin/mail?tab=captured");
    for (let i = 0; i < 100 && !list.html.includes("新提案待审查"); i++) {
      await new Promise((r) => setTimeout(r, 100));
      list = await get("/admin/mail?tab=captured");
    }
    expect(list.status).toBe(200);
    expect(list.html).toContain("未配置 SMTP_URL");
    expect(list.html).toContain("新提案待审查：关于增设公交站点的建议");
    expect(list.html).toContain("sup1@example.gov.cn");
    const id = /view=(\d+)/.exec(list.html)![1];
    const one = await get(`/admin/mail?tab=captured&view=${id}`);
    expect(one.html).toContain("<iframe");
    expect(one.html).toContain('sandbox=""');
    expect(one.html).toMatch(/srcdoc="/i);
    expect(one.html).toContain("&lt;!DOCTYPE html&gt;"); // the mail's HTML, inside the frame's srcdoc
    expect(one.html).toContain("审查提案："); // and its text part
  }, 60_000);
});
