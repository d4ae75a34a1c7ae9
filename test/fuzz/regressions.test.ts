import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCase, type Org, PW, setupOrg } from "./fixtures";
import { errorShapeProblems, type InProcessApp, inProcessApp } from "./harness";

/** Refusals and answers that input fuzzing (api-fuzz.test.ts) found wrong once, pinned down. */
let app: InProcessApp;
let org: Org;

beforeAll(async () => {
  app = await inProcessApp();
  org = await setupOrg(app);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const post = (who: keyof Org["tokens"], p: string, json: unknown) =>
  app.call("POST", p, { token: org.tokens[who], json });

describe("names that exist on every JavaScript object", () => {
  it("an event type such as `constructor` is an unknown event (422), not a crash", async () => {
    const id = await buildCase(org, "proposal", "submitted");
    for (const type of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      const before = app.dataVersion();
      const r = await post("sup", `/api/v1/cases/${id}/events`, { type, reason: "理由" });
      expect(r.status, `${type}: ${r.text}`).toBe(422);
      expect(r.body.error).toMatchObject({ code: "validation_failed", reason: "unknown_event" });
      expect(Object.keys(r.body.error.fields)).toEqual(["type"]);
      expect(app.dataVersion()).toBe(before);
    }
  });

  it("a case kind such as `constructor` is an unknown kind (422), not a crash", async () => {
    for (const kind of ["constructor", "toString", "__proto__"]) {
      const r = await post("author", "/api/v1/cases", { kind, title: "t", body: "b" });
      expect(r.status, `${kind}: ${r.text}`).toBe(422);
      expect(r.body.error.fields).toEqual({ kind: "请从给定选项中选择" });
    }
  });
});

describe("field names that exist on every JavaScript object", () => {
  it("an unknown `__proto__` or `constructor` field is named in `fields`, not lost (422)", async () => {
    const id = await buildCase(org, "proposal", "submitted");
    for (const extra of ['"__proto__":1', '"constructor":0', '"toString":"x"']) {
      const r = await app.call("POST", `/api/v1/cases/${id}/events`, {
        token: org.tokens.sup,
        raw: `{"type":"REJECT","reason":"理由",${extra}}`,
        contentType: "application/json",
      });
      expect(r.status, r.text).toBe(422);
      expect(errorShapeProblems(r, "zh-CN")).toEqual([]);
      const name = JSON.parse(`{${extra}}`);
      expect(Object.keys(r.body.error.fields)).toEqual(Object.keys(name));
      expect(Object.values(r.body.error.fields)).toEqual(["不接受此字段"]);
    }
  });
});

describe("an event that takes the case out of the sender's sight", () => {
  it("a supervisor returning a proposal to its author's drafts gets 200, not 404, and it happened", async () => {
    const id = await buildCase(org, "proposal", "submitted");
    const r = await post("sup", `/api/v1/cases/${id}/events`, {
      type: "RETURN_FOR_REVISION",
      reason: "请补充调研数据",
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({
      id,
      kind: "proposal",
      state: "draft",
      version: 3,
      allowedEvents: [],
      visible: false,
    });
    const author = await app.call("GET", `/api/v1/cases/${id}`, { token: org.tokens.author });
    expect(author.body.state).toBe("draft");
    expect(author.body.history.at(-1).type).toBe("RETURN_FOR_REVISION");
    expect((await app.call("GET", `/api/v1/cases/${id}`, { token: org.tokens.sup })).status).toBe(404);
  });
});

describe("a calendar import naming `__proto__`", () => {
  it("is refused with that key in fields, and writes nothing", async () => {
    const before = app.dataVersion();
    const r = await app.call("POST", "/api/v1/calendar/import", {
      token: org.tokens.admin,
      raw: '{"__proto__":"x","year":2027,"source":"通知","days":[]}',
      contentType: "application/json",
    });
    expect(r.status, r.text).toBe(422);
    expect(errorShapeProblems(r, "zh-CN")).toEqual([]);
    expect(Object.keys(r.body.error.fields)).toEqual(["__proto__"]);
    expect(app.dataVersion()).toBe(before);
  });
});

describe("the case page, when the event takes the case out of sight", () => {
  it("sends the supervisor back to their desk instead of a 404 page", async () => {
    const id = await buildCase(org, "proposal", "submitted");
    const login = await app.call("POST", "/login", {
      raw: new URLSearchParams({ username: "sup", password: PW, redirectTo: "/" }).toString(),
      contentType: "application/x-www-form-urlencoded",
    });
    const cookie = login.headers.get("set-cookie")?.split(";")[0];
    expect(cookie, `login ${login.status}`).toBeTruthy();
    const r = await app.call("POST", `/cases/${id}`, {
      raw: new URLSearchParams({ intent: "RETURN_FOR_REVISION", reason: "请补充调研数据" }).toString(),
      contentType: "application/x-www-form-urlencoded",
      headers: { Cookie: cookie! },
    });
    expect(r.status, r.text.slice(0, 200)).toBe(302);
    expect(r.headers.get("location")).toBe("/");
    const author = await app.call("GET", `/api/v1/cases/${id}`, { token: org.tokens.author });
    expect(author.body.state).toBe("draft");
  });
});

describe("a method an API address does not take", () => {
  /** Every API route file, as a URL with its parameters filled in. */
  const apiRoutes = fs
    .readdirSync(path.resolve("app/routes"))
    // The catch-all for unknown addresses answers 404 to every method (tested below).
    .filter((f) => f.startsWith("api.v1.") && f !== "api.v1.$.ts")
    .map((f) => {
      const id = f.replace(/\.tsx?$/, "");
      const url = `/${id
        .split(".")
        .filter((s) => s !== "_index")
        .map((s) => (s === "$key" ? "2026-10-01" : s === "$kind" ? "proposal" : s.startsWith("$") ? "1" : s))
        .join("/")}`;
      return { id, url };
    });

  it("answers 405 in the error shape and the caller's language, with Allow, and writes nothing", async () => {
    expect(apiRoutes.length).toBeGreaterThan(15);
    let probed = 0;
    for (const { id, url } of apiRoutes) {
      const methods = ["DELETE", ...(id.endsWith("events") || id.endsWith("auth.token") ? ["GET"] : [])];
      for (const method of methods)
        for (const lang of ["zh-CN", "en"] as const) {
          const before = app.dataVersion();
          const r = await app.call(method, url, {
            token: org.tokens.admin,
            headers: { "Accept-Language": lang },
          });
          const what = `${method} ${url} (${lang}) → ${r.status} ${r.text.slice(0, 200)}`;
          expect(r.status, what).toBe(405);
          expect(errorShapeProblems(r, lang), what).toEqual([]);
          expect(r.body.error.code, what).toBe("method_not_allowed");
          expect(r.headers.get("allow"), what).toMatch(/^(GET|POST|PUT|PATCH)(, (GET|POST|PUT|PATCH))*$/);
          expect(r.headers.get("allow"), what).not.toContain(method);
          expect(app.dataVersion(), what).toBe(before);
          probed++;
        }
    }
    expect(probed).toBeGreaterThanOrEqual(apiRoutes.length * 2);
  });

  it("names the methods it does take: GET on the events address says POST", async () => {
    const r = await app.call("GET", "/api/v1/cases/1/events", {
      token: org.tokens.sup,
      headers: { "Accept-Language": "zh-CN" },
    });
    expect(r.status).toBe(405);
    expect(r.headers.get("allow")).toBe("POST");
    expect(r.body.error.message).toBe("此地址只接受 POST 请求");
  });
});

describe("a date far in the future", () => {
  it("past the last year is refused per field (422) and writes nothing", async () => {
    const id = await buildCase(org, "proposal", "handling");
    for (const respondBy of ["9999-12-31", "2200-01-01"]) {
      const before = app.dataVersion();
      const r = await post("sup", `/api/v1/cases/${id}/events`, {
        type: "SUPERVISE",
        message: "督办",
        respondBy,
      });
      expect(r.status, r.text).toBe(422);
      expect(errorShapeProblems(r, "zh-CN")).toEqual([]);
      expect(Object.keys(r.body.error.fields)).toEqual(["respondBy"]);
      expect(app.dataVersion()).toBe(before);
    }
    expect((await app.call("GET", `/api/v1/cases/${id}`, { token: org.tokens.sup })).status).toBe(200);
  });

  it("in the last year is accepted, and the case still opens with the working days left counted", async () => {
    const id = await buildCase(org, "proposal", "handling");
    const r = await post("sup", `/api/v1/cases/${id}/events`, {
      type: "SUPERVISE",
      message: "督办",
      respondBy: "2199-12-31",
    });
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    const again = await app.call("GET", `/api/v1/cases/${id}`, { token: org.tokens.lead_h });
    expect(again.status, again.text.slice(0, 300)).toBe(200);
    const response = again.body.deadlines.find((d: { type: string }) => d.type === "supervision_response");
    expect(response, JSON.stringify(again.body.deadlines)).toBeTruthy();
    expect(response.dueDate).toBe("2199-12-31");
    expect(response.beyondCalendar).toBe(true);
    // From Monday 2026-03-02 to Friday 2199-12-31, weekends only beyond the covered years, less
    // 2026's remaining holidays on weekdays; counted day by day in test/unit/calendar.test.ts.
    expect(response.workingDaysLeft).toBeGreaterThan(45_000);
  });
});

describe("an address under /api/v1/ that does not exist", () => {
  it("answers 404 in the error shape and the caller's language, for every method, writing nothing", async () => {
    for (const path of ["/api/v1/nope", "/api/v1/cases/1/nope", "/api/v1/calendar/.", "/api/v1/calendar/"])
      for (const method of ["GET", "POST", "PUT", "DELETE"])
        for (const lang of ["zh-CN", "en"] as const) {
          const before = app.dataVersion();
          const r = await app.call(method, path, {
            token: org.tokens.admin,
            json: method === "GET" ? undefined : {},
            headers: { "Accept-Language": lang },
          });
          const what = `${method} ${path} (${lang}) → ${r.status} ${r.text.slice(0, 120)}`;
          expect(r.status, what).toBe(404);
          expect(errorShapeProblems(r, lang), what).toEqual([]);
          expect(r.body.error.reason, what).toBe("no_such_address");
          expect(app.dataVersion(), what).toBe(before);
        }
  });
});
