import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./server";

/*
 * What the server does for every request before a route sees it: security headers, a request id,
 * readiness, and the same-origin rule that refuses a form posted from another site.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const loginForm = () => new URLSearchParams({ username: "admin", password: "Admin-pass-2026" }).toString();

describe("every response", () => {
  it("carries the security headers and a request id", async () => {
    const r = await fetch(`${server.url}/login`);
    expect(r.status).toBe(200);
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("x-frame-options")).toBe("DENY");
    expect(r.headers.get("referrer-policy")).toBe("same-origin");
    const csp = r.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(r.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers.get("x-powered-by")).toBeNull();
  });

  it("lets no inline script run but the page's own, which carry this response's nonce", async () => {
    const pages = await Promise.all([fetch(`${server.url}/login`), fetch(`${server.url}/login`)]);
    const nonces = [];
    for (const r of pages) {
      const csp = r.headers.get("content-security-policy") ?? "";
      const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
      expect(scriptSrc).not.toContain("unsafe-inline");
      const nonce = /'nonce-([A-Za-z0-9+/=]{16,})'/.exec(scriptSrc)?.[1];
      expect(nonce).toBeTruthy();
      const html = await r.text();
      const tags = html.match(/<script\b[^>]*>/g) ?? [];
      expect(tags.length).toBeGreaterThan(0);
      for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("keeps a well-formed request id from the caller and replaces a malformed one", async () => {
    const kept = await fetch(`${server.url}/healthz`, { headers: { "X-Request-Id": "lb-7f3a.22" } });
    expect(kept.headers.get("x-request-id")).toBe("lb-7f3a.22");
    const replaced = await fetch(`${server.url}/healthz`, { headers: { "X-Request-Id": "<script>" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("readiness", () => {
  it("answers ready when the database answers and its schema is current", async () => {
    const r = await fetch(`${server.url}/readyz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: "ready" });
  });
});

describe("cross-site requests", () => {
  it("refuses a login form posted from another site, in the API's error shape", async () => {
    const r = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
      body: loginForm(),
    });
    expect(r.status).toBe(403);
    expect(r.headers.get("set-cookie")).toBeNull();
    const body = await r.json();
    expect(body.error).toMatchObject({ code: "forbidden", reason: "cross_site_request" });
  });

  it("refuses a cross-site post the browser marks with Sec-Fetch-Site but no Origin", async () => {
    const r = await fetch(`${server.url}/logout`, {
      method: "POST",
      redirect: "manual",
      headers: { "Sec-Fetch-Site": "cross-site" },
    });
    expect(r.status).toBe(403);
  });

  it("lets the same site's form through", async () => {
    const r = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: server.url,
        "Sec-Fetch-Site": "same-origin",
      },
      body: loginForm(),
    });
    expect(r.status).toBe(302);
    expect(r.headers.get("set-cookie")).toMatch(/httponly/i);
  });

  it("lets an API client with a bearer token through without an Origin", async () => {
    const token = await fetch(`${server.url}/api/v1/auth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "Admin-pass-2026" }),
    });
    expect(token.status).toBe(200);
    const { token: bearer } = await token.json();
    const r = await fetch(`${server.url}/api/v1/admin/departments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ name: "区审计局" }),
    });
    expect(r.status).toBe(201);
    // …but the same call with a cookie from another site's page is refused.
    const cookie = await fetch(`${server.url}/api/v1/admin/departments`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: `Bearer ${bearer}`,
        Cookie: "session=whatever",
        Origin: "https://evil.example",
      },
      body: JSON.stringify({ name: "区统计局" }),
    });
    expect(cookie.status).toBe(403);
  });
});

describe("sign-in throttle", () => {
  const token = (username: string, password: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1/auth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept-Language": "zh-CN", ...headers },
      body: JSON.stringify({ username, password }),
    });

  it("refuses an account after 5 failures, even with the right password, and says when to retry", async () => {
    for (let i = 0; i < 5; i++) expect((await token("Admin", `wrong-${i}`)).status).toBe(401);
    const limited = await token("admin", "Admin-pass-2026");
    expect(limited.status).toBe(429);
    const retry = Number(limited.headers.get("retry-after"));
    expect(retry).toBeGreaterThan(14 * 60);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    const body = await limited.json();
    expect(body.error).toMatchObject({ code: "rate_limited", reason: "too_many_attempts" });
    expect(body.error.message).toBe("登录失败次数过多，请 15 分钟后再试");

    // The login form says the same, keeps the username, and answers 429.
    const form = await fetch(`${server.url}/login?_data=routes%2Flogin`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en" },
      body: new URLSearchParams({ username: "admin", password: "Admin-pass-2026" }).toString(),
    });
    expect(form.status).toBe(429);
    expect(await form.json()).toMatchObject({ username: "admin", error: "reason.too_many_attempts" });
  });

  it("counts failures per address too, whatever the usernames tried", async () => {
    const from = { "X-Forwarded-For": "203.0.113.9" };
    // Without TRUST_PROXY the forwarded address is ignored: every test request comes from 127.0.0.1,
    // which has the 5 failures of the test above. 25 more reach the address limit of 30.
    for (let i = 0; i < 25; i++) expect((await token(`nobody${i}`, "x", from)).status).toBe(401);
    const r = await token("someone-else", "x", from);
    expect(r.status).toBe(429);
  });
});
