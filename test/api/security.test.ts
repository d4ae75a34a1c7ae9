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
