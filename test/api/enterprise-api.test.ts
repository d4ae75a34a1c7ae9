import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../db/client";
import { usccCheckChar } from "../../workflows/uscc";
import { client, login, startServer, type TestServer } from "./server";

/**
 * The enterprise registry and the enterprise-request journey (企业诉求) through the JSON API and
 * the registry's pages, against the real server on a fresh SQLite database with a pinned clock.
 */
let server: TestServer;
const PW = "Test-pass-2026";
const ids: Record<string, number> = {};
const tokens: Record<string, string> = {};

const code = (body17: string) => body17 + usccCheckChar(body17);
const JINGGONG = code("91320411MA1XK2P3L");
const HUAKE = code("91320412MA27Q8R5N");
const HUAWEI = "914403001922038216";
/** a code whose check character fails (the real one ends in 6) */
const BROKEN = "914403001922038217";

const at = (day: string) => client(server.url).post("/api/v1/test/clock", { now: `${day}T02:00:00Z` });
const admin = () => client(server.url, tokens.admin);
const as = (who: string) => client(server.url, tokens[who]);

beforeAll(async () => {
  server = await startServer();
  tokens.admin = await login(server.url, "admin", "Admin-pass-2026");
  await at("2026-11-02");
  for (const [key, name] of [
    ["fgj", "区发展和改革局"],
    ["kgx", "区科工商信局"],
    ["rcb", "区人才办"],
  ]) {
    const r = await admin().post("/api/v1/admin/departments", { name });
    expect(r.status).toBe(201);
    ids[key] = r.body.id;
  }
  for (const [username, role, departmentId] of [
    ["sup", "supervisor", null],
    ["fgj_h", "handler", ids.fgj],
    ["fgj_head", "dept_head", ids.fgj],
    ["kgx_h", "handler", ids.kgx],
    ["kgx_head", "dept_head", ids.kgx],
    ["rcb_h", "handler", ids.rcb],
  ] as const) {
    const r = await admin().post("/api/v1/admin/users", {
      username,
      password: PW,
      displayName: username,
      role,
      departmentId,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids[username] = r.body.id;
    tokens[username] = await login(server.url, username, PW);
  }
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe("the enterprise registry (企业库): POST/GET /api/v1/admin/enterprises", () => {
  it("admin registers an enterprise → 201 with the id; lower case is normalised", async () => {
    const r = await admin().post("/api/v1/admin/enterprises", {
      name: "常州精工机械制造有限公司",
      uscc: JINGGONG.toLowerCase(),
      region: "武进区",
      industry: "通用设备制造",
      size: "medium",
      contactName: "周建平",
      contactPhone: "0519-8888 1234",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      name: "常州精工机械制造有限公司",
      uscc: JINGGONG,
      region: "武进区",
      size: "medium",
      usccOverride: false,
    });
    expect(r.body.id).toBeGreaterThan(0);
    ids.jinggong = r.body.id;
  });

  it("a supervisor may register too; a real public code passes", async () => {
    const r = await as("sup").post("/api/v1/admin/enterprises", {
      name: "常州华科新材料有限公司",
      uscc: HUAKE,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids.huake = r.body.id;
    const real = await as("sup").post("/api/v1/admin/enterprises", {
      name: "华为技术有限公司",
      uscc: HUAWEI,
    });
    expect(real.status).toBe(201);
  });

  it("refuses a code with a wrong check character, length or letters, per field, in Chinese", async () => {
    const check = await admin().post("/api/v1/admin/enterprises", { name: "某公司", uscc: BROKEN });
    expect(check.status).toBe(422);
    expect(check.body.error.code).toBe("validation_failed");
    expect(check.body.error.fields).toEqual({
      uscc: "统一社会信用代码校验位不符（GB 32100-2015），请核对是否输入有误",
    });
    const length = await admin().post("/api/v1/admin/enterprises", {
      name: "某公司",
      uscc: "91440300192203821",
    });
    expect(length.body.error.fields.uscc).toBe("统一社会信用代码应为 18 位（现为 17 位）");
    const letters = await admin().post("/api/v1/admin/enterprises", { name: "", uscc: "9144030019220382I6" });
    expect(letters.status).toBe(422);
    expect(letters.body.error.fields).toEqual({
      name: "此项必填",
      uscc: "统一社会信用代码只能由数字和大写字母组成，且不含 I、O、Z、S、V",
    });
    const english = await admin().post(
      "/api/v1/admin/enterprises",
      { name: "Some Co", uscc: BROKEN },
      { "Accept-Language": "en" },
    );
    expect(english.body.error.fields.uscc).toBe(
      "The check character does not match (GB 32100-2015); please check the code for typos",
    );
    const listed = await admin().get(`/api/v1/admin/enterprises?q=${BROKEN}`);
    expect(listed.body.total).toBe(0);
  });

  it("refuses a duplicate code (in any case) with the name of the enterprise holding it", async () => {
    const r = await as("sup").post("/api/v1/admin/enterprises", {
      name: "精工机械（重复登记）",
      uscc: ` ${JINGGONG.toLowerCase()} `,
    });
    expect(r.status).toBe(422);
    expect(r.body.error.fields).toEqual({ uscc: "该统一社会信用代码已登记（常州精工机械制造有限公司）" });
  });

  it("records an old pilot code only with an explicit override and a reason, and logs it", async () => {
    const noReason = await as("sup").post("/api/v1/admin/enterprises", {
      name: "常州市老城区试点商贸有限公司",
      uscc: BROKEN,
      usccOverride: true,
    });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.fields).toEqual({ overrideReason: "登记未通过校验的代码时，请说明原因" });
    const wrongLength = await as("sup").post("/api/v1/admin/enterprises", {
      name: "常州市老城区试点商贸有限公司",
      uscc: "9144030019220382",
      usccOverride: true,
      overrideReason: "试点代码",
    });
    expect(Object.keys(wrongLength.body.error.fields).sort()).toEqual(["uscc", "usccOverride"]);

    const r = await as("sup").post("/api/v1/admin/enterprises", {
      name: "常州市老城区试点商贸有限公司",
      uscc: BROKEN,
      usccOverride: true,
      overrideReason: "2015 年试点期间核发，已核对营业执照原件",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ uscc: BROKEN, usccOverride: true });
    const db = openDb(server.databaseUrl);
    try {
      const audit = await db.kysely
        .selectFrom("admin_audit")
        .selectAll()
        .where("target", "=", `enterprise:${r.body.id}`)
        .orderBy("id")
        .execute();
      expect(audit.map((a) => [a.action, a.actor_id])).toEqual([
        ["enterprise.create", ids.sup],
        ["enterprise.uscc_override", ids.sup],
      ]);
      expect(JSON.parse(audit[1].detail)).toEqual({
        uscc: BROKEN,
        problem: "uscc_check",
        reason: "2015 年试点期间核发，已核对营业执照原件",
      });
    } finally {
      await db.close();
    }
  });

  it("lists with search by name or code; other roles get 403, no token 401", async () => {
    const all = await as("sup").get("/api/v1/admin/enterprises");
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(4);
    const byName = await admin().get(`/api/v1/admin/enterprises?q=${encodeURIComponent("华科")}`);
    expect(byName.body.items.map((e: { id: number }) => e.id)).toEqual([ids.huake]);
    const byCode = await admin().get(`/api/v1/admin/enterprises?q=${JINGGONG.slice(2, 10).toLowerCase()}`);
    expect(byCode.body.items.map((e: { id: number }) => e.id)).toEqual([ids.jinggong]);
    expect(byCode.body.items[0]).toMatchObject({ usccChecked: true, userCount: 0, caseCount: 0 });
    const bad = await admin().get("/api/v1/admin/enterprises?pageSize=1000");
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields)).toEqual(["pageSize"]);
    expect((await as("kgx_h").get("/api/v1/admin/enterprises")).status).toBe(403);
    expect((await as("kgx_head").post("/api/v1/admin/enterprises", { name: "X", uscc: HUAKE })).status).toBe(
      403,
    );
    const anon = await client(server.url).post("/api/v1/admin/enterprises", { name: "X", uscc: HUAKE });
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe("unauthenticated");
  });

  it("enterprise users need an existing enterprise", async () => {
    const none = await admin().post("/api/v1/admin/users", {
      username: "qiye_none",
      password: PW,
      displayName: "无企业",
      role: "enterprise",
    });
    expect(none.status).toBe(422);
    expect(Object.keys(none.body.error.fields)).toEqual(["enterpriseId"]);
    const missing = await admin().post("/api/v1/admin/users", {
      username: "qiye_none",
      password: PW,
      displayName: "无企业",
      role: "enterprise",
      enterpriseId: 99999,
    });
    expect(missing.status).toBe(422);
    expect(missing.body.error.fields).toEqual({ enterpriseId: "所选对象不存在或不可选" });
    for (const [username, enterprise] of [
      ["qiye_jinggong", "jinggong"],
      ["qiye_jinggong2", "jinggong"],
      ["qiye_huake", "huake"],
    ]) {
      const r = await admin().post("/api/v1/admin/users", {
        username,
        password: PW,
        displayName: username,
        role: "enterprise",
        enterpriseId: ids[enterprise],
        email: `${username}@example.com`,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      ids[username] = r.body.id;
      tokens[username] = await login(server.url, username, PW);
    }
    expect((await as("qiye_jinggong").get("/api/v1/admin/enterprises")).status).toBe(403);
  });
});

describe("the enterprise-request journey", () => {
  let caseId: number;
  let version: number;
  const path = () => `/api/v1/cases/${caseId}`;
  const send = async (who: string, event: Record<string, unknown>, status = 200) => {
    const r = await as(who).post(`${path()}/events`, event);
    expect(r.status, `${who} ${event.type}: ${JSON.stringify(r.body)}`).toBe(status);
    if (status === 200) version = r.body.version;
    return r.body;
  };
  const openDeadline = (body: { deadlines: Array<{ type: string; status: string }> }, type: string) =>
    body.deadlines.filter((d) => d.type === type && d.status === "open");

  it("refuses malformed creations per field and another enterprise's id", async () => {
    await at("2026-11-02");
    const bad = await as("qiye_jinggong").post("/api/v1/cases", {
      kind: "enterprise_request",
      title: "",
      body: "内容",
      category: "praise",
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["category", "title"]);
    const other = await as("qiye_jinggong").post("/api/v1/cases", {
      kind: "enterprise_request",
      title: "冒名诉求",
      body: "为另一家企业提出",
      category: "help",
      enterpriseId: ids.huake,
    });
    expect(other.status).toBe(422);
    expect(Object.keys(other.body.error.fields)).toEqual(["enterpriseId"]);
    const staff = await as("sup").post("/api/v1/cases", {
      kind: "enterprise_request",
      title: "走访中企业反映的用工问题",
      body: "企业反映技术工人招聘难。",
      category: "help",
    });
    expect(staff.status).toBe(422);
    expect(Object.keys(staff.body.error.fields).sort()).toEqual(["channel", "enterpriseId"]);
    const unit = await as("kgx_h").post("/api/v1/cases", {
      kind: "enterprise_request",
      title: "x",
      body: "y",
      category: "help",
      enterpriseId: ids.jinggong,
      channel: "hotline",
    });
    expect(unit.status).toBe(403);
  });

  it("the enterprise submits online; another enterprise's user and unassigned units get 404", async () => {
    const r = await as("qiye_jinggong").post("/api/v1/cases", {
      kind: "enterprise_request",
      title: "关于协调技改项目贷款续贷的诉求",
      body: "我公司智能化改造项目贷款将于下月到期，原合作银行收紧授信，恳请协调续贷。",
      category: "help",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      kind: "enterprise_request",
      state: "submitted",
      version: 1,
      allowedEvents: [],
    });
    caseId = r.body.id;
    ids.request = caseId;
    version = r.body.version;
    expect((await as("qiye_jinggong2").get(path())).status).toBe(200);
    for (const who of ["qiye_huake", "kgx_h", "fgj_head"]) {
      const other = await as(who).get(path());
      expect(other.status, who).toBe(404);
      expect(other.body.error.code).toBe("not_found");
    }
    expect(
      (await as("qiye_huake").post(`${path()}/events`, { type: "FEEDBACK", rating: "satisfied" })).status,
    ).toBe(404);
    const list = await as("qiye_huake").get("/api/v1/cases?kind=enterprise_request");
    expect(list.body).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    expect((await as("qiye_jinggong").get("/api/v1/cases?kind=enterprise_request")).body.total).toBe(1);
    expect((await client(server.url).get(path())).status).toBe(401);
    expect((await as("sup").get("/api/v1/cases/999999")).status).toBe(404);
  });

  it("the supervisor accepts with the theme given by its Chinese label, stored as its code", async () => {
    const before = await send("qiye_jinggong", { type: "ACCEPT", category: "help" }, 403);
    expect(before.error).toMatchObject({ code: "forbidden", reason: "role_may_not" });
    const unknown = await send("sup", { type: "ACCEPT", category: "help", theme: "招商引资" }, 422);
    expect(Object.keys(unknown.error.fields)).toEqual(["theme"]);
    const body = await send("sup", {
      type: "ACCEPT",
      category: "help",
      theme: "产融对接",
      priority: "normal",
    });
    expect(body.state).toBe("accepted");
    expect(body.history.at(-1)).toMatchObject({
      type: "ACCEPT",
      payload: { theme: "产融对接", themeCode: "finance" },
    });
    const db = openDb(server.databaseUrl);
    try {
      const row = await db.kysely
        .selectFrom("cases")
        .select(["theme", "category", "channel", "enterprise_id"])
        .where("id", "=", caseId)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({
        theme: "finance",
        category: "help",
        channel: "online",
        enterprise_id: ids.jinggong,
      });
    } finally {
      await db.close();
    }
  });

  it("is assigned to the wrong unit, whose head returns it (退单) with a suggested unit", async () => {
    const body = await send("sup", { type: "ASSIGN", leadDepartmentId: ids.fgj });
    expect(body.state).toBe("assigned");
    // help: 5 working days from Monday 11-02
    expect(openDeadline(body, "reply")).toMatchObject([{ dueDate: "2026-11-09" }]);
    await at("2026-11-03");
    const byHandler = await send(
      "fgj_h",
      { type: "RETURN", reasonCode: "not_our_remit", suggestedDepartmentId: ids.kgx, note: "不属本单位职责" },
      403,
    );
    expect(byHandler.error.reason).toBe("role_may_not");
    const badCode = await send("fgj_head", { type: "RETURN", reasonCode: "busy", note: "忙" }, 422);
    expect(Object.keys(badCode.error.fields)).toEqual(["reasonCode"]);
    const returned = await send("fgj_head", {
      type: "RETURN",
      reasonCode: "not_our_remit",
      suggestedDepartmentId: ids.kgx,
      note: "企业融资协调属区科工商信局职责，建议改派。",
    });
    expect(returned).toMatchObject({ state: "accepted", leadDepartmentId: null });
    expect(returned.assignments).toMatchObject([
      { departmentId: ids.fgj, status: "returned", active: false },
    ]);
    // the enterprise sees that it went back, not the unit's internal reasoning
    const seen = (await as("qiye_jinggong").get(path())).body;
    expect(seen.history.find((h: { type: string }) => h.type === "RETURN").payload).toEqual({});
    // and the returning unit cannot act any more
    await send("fgj_h", { type: "SIGN" }, 403);
  });

  it("is re-dispatched, signed, and the unit asks the enterprise for information", async () => {
    await send("sup", { type: "ASSIGN", leadDepartmentId: ids.kgx });
    await send("rcb_h", { type: "SIGN" }, 404);
    const stale = await send("kgx_h", { type: "SIGN", expectedVersion: version - 1 }, 409);
    expect(stale.error).toMatchObject({ code: "version_conflict", state: "assigned" });
    expect(stale.error.allowedEvents).toEqual(["SIGN"]);
    const signed = await send("kgx_h", { type: "SIGN", expectedVersion: version });
    expect(signed.state).toBe("handling");
    // 11-03 + 5 working days
    expect(openDeadline(signed, "reply")).toMatchObject([{ dueDate: "2026-11-10" }]);
    await at("2026-11-04");
    const asked = await send("kgx_h", { type: "REQUEST_INFO", question: "请补充贷款合同及近三年纳税证明。" });
    expect(asked.state).toBe("awaiting_submitter");
    const early = await send("kgx_h", { type: "SUBMIT_REPLY", resolution: "resolved", body: "已解决" }, 409);
    expect(early.error).toMatchObject({
      code: "invalid_transition",
      state: "awaiting_submitter",
      allowedEvents: [],
    });
    expect((await as("qiye_jinggong").get(path())).body.allowedEvents).toEqual(["PROVIDE_INFO"]);
  });

  it("the enterprise answers; the reply deadline moves by the paused working days", async () => {
    await at("2026-11-06");
    const empty = await send("qiye_jinggong2", { type: "PROVIDE_INFO", answer: "" }, 422);
    expect(Object.keys(empty.error.fields)).toEqual(["answer"]);
    const answered = await send("qiye_jinggong2", {
      type: "PROVIDE_INFO",
      answer: "已上传贷款合同和纳税证明。",
    });
    expect(answered.state).toBe("handling");
    // paused 11-05 and 11-06: 11-10 + 2 working days
    const reply = openDeadline(answered, "reply");
    expect(reply).toMatchObject([{ dueDate: "2026-11-12" }]);
  });

  it("the unit replies, the head approves, the enterprise is unsatisfied: re-handling", async () => {
    const bad = await send("kgx_h", { type: "SUBMIT_REPLY", resolution: "done", body: "x" }, 422);
    expect(Object.keys(bad.error.fields)).toEqual(["resolution"]);
    await send("kgx_h", {
      type: "SUBMIT_REPLY",
      resolution: "partially_resolved",
      body: "已协调合作银行受理续贷申请，授信额度尚在评估。",
    });
    await send("kgx_h", { type: "APPROVE_REPLY" }, 403);
    const released = await send("kgx_head", { type: "APPROVE_REPLY" });
    expect(released.state).toBe("replied");
    await at("2026-11-09");
    await send("qiye_huake", { type: "FEEDBACK", rating: "unsatisfied" }, 404);
    const unhappy = await send("qiye_jinggong", {
      type: "FEEDBACK",
      rating: "unsatisfied",
      comment: "额度未落实",
    });
    expect(unhappy).toMatchObject({ state: "rehandling", round: 2 });
    expect(openDeadline(unhappy, "reply")).toMatchObject([{ dueDate: "2026-11-16", round: 2 }]);
  });

  it("is re-handled, replied and approved; the enterprise is satisfied and it is closed", async () => {
    await send("kgx_h", {
      type: "SUBMIT_REPLY",
      resolution: "resolved",
      body: "续贷 500 万元已获批，利率下调。",
    });
    await send("kgx_head", { type: "APPROVE_REPLY" });
    const closed = await send("qiye_jinggong", { type: "FEEDBACK", rating: "satisfied", comment: "感谢" });
    expect(closed).toMatchObject({
      state: "closed",
      outcome: "satisfied",
      satisfaction: "satisfied",
      round: 2,
    });
    expect(closed.evaluations.map((e: { round: number; result: string }) => [e.round, e.result])).toEqual([
      [1, "unsatisfied"],
      [2, "satisfied"],
    ]);
    const again = await send("qiye_jinggong", { type: "FEEDBACK", rating: "satisfied" }, 409);
    expect(again.error).toMatchObject({ code: "invalid_transition", state: "closed", allowedEvents: [] });
    const types = closed.history.map((h: { type: string }) => h.type);
    expect(types).toEqual([
      "CREATE",
      "ACCEPT",
      "ASSIGN",
      "RETURN",
      "ASSIGN",
      "SIGN",
      "REQUEST_INFO",
      "PROVIDE_INFO",
      "SUBMIT_REPLY",
      "APPROVE_REPLY",
      "FEEDBACK",
      "SUBMIT_REPLY",
      "APPROVE_REPLY",
      "FEEDBACK",
    ]);
  });

  it("unknown event types and bad JSON are refused", async () => {
    const unknown = await send("sup", { type: "EXPLODE" }, 422);
    expect(Object.keys(unknown.error.fields)).toEqual(["type"]);
    const system = await send("sup", { type: "EXPIRE_FEEDBACK" }, 403);
    expect(system.error.code).toBe("forbidden");
    const r = await as("sup").post(`${path()}/events`, "{not json");
    expect(r.status).toBe(400);
  });
});

describe("the registry's pages", () => {
  /** Signs in through the login form and returns the session cookie. */
  async function session(username: string, password = PW): Promise<string> {
    const r = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username, password, redirectTo: "/" }),
      redirect: "manual",
    });
    const cookie = r.headers.get("set-cookie");
    expect(cookie, `login ${username}: ${r.status}`).toBeTruthy();
    return cookie!.split(";")[0];
  }
  const page = async (cookie: string, p: string) => {
    const r = await fetch(server.url + p, { headers: { Cookie: cookie }, redirect: "manual" });
    return { status: r.status, location: r.headers.get("location"), html: await r.text() };
  };

  it("the profile shows to staff and to the enterprise's own users, 404 to anyone else", async () => {
    const own = await page(await session("qiye_jinggong2"), `/enterprises/${ids.jinggong}`);
    expect(own.status).toBe(200);
    expect(own.html).toContain("常州精工机械制造有限公司");
    expect(own.html).toContain(JINGGONG);
    expect(own.html).toContain("关于协调技改项目贷款续贷的诉求");
    expect(own.html).toContain("qiye_jinggong2");
    const sup = await page(await session("sup"), `/enterprises/${ids.jinggong}`);
    expect(sup.status).toBe(200);
    expect(sup.html).toContain(`/cases/${ids.request}`);
    const adminPage = await page(await session("admin", "Admin-pass-2026"), `/enterprises/${ids.jinggong}`);
    expect(adminPage.status).toBe(200);
    // the administrator sees the history as a record, without links to case pages it cannot open
    expect(adminPage.html).toContain("关于协调技改项目贷款续贷的诉求");
    expect(adminPage.html).not.toContain(`/cases/${ids.request}`);
    expect((await page(await session("qiye_huake"), `/enterprises/${ids.jinggong}`)).status).toBe(404);
    expect((await page(await session("kgx_h"), `/enterprises/${ids.jinggong}`)).status).toBe(404);
    expect((await page(await session("sup"), "/enterprises/99999")).status).toBe(404);
    expect((await page(await session("sup"), "/enterprises/abc")).status).toBe(404);
  });

  it("the list is for staff; an enterprise user is sent to its own profile", async () => {
    const list = await page(await session("sup"), `/enterprises?q=${encodeURIComponent("精工")}`);
    expect(list.status).toBe(200);
    expect(list.html).toContain("常州精工机械制造有限公司");
    expect(list.html).not.toContain("常州华科新材料有限公司");
    const ent = await page(await session("qiye_huake"), "/enterprises");
    expect(ent.status).toBe(302);
    expect(ent.location).toBe(`/enterprises/${ids.huake}`);
    expect((await page(await session("kgx_head"), "/enterprises")).status).toBe(403);
    const anon = await fetch(`${server.url}/enterprises`, { redirect: "manual" });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toContain("/login?redirectTo=");
  });

  it("the create form keeps what was typed and says what is wrong per field", async () => {
    const cookie = await session("sup");
    const form = new URLSearchParams({
      intent: "create",
      name: "常州新瑞电子科技有限公司",
      uscc: BROKEN,
      region: "新北区",
      industry: "电子元件",
      size: "small",
      contactName: "",
      contactPhone: "",
      overrideReason: "",
    });
    const r = await fetch(`${server.url}/enterprises?index`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: form,
      redirect: "manual",
    });
    expect(r.status).toBe(422);
    const html = await r.text();
    expect(html).toContain("统一社会信用代码校验位不符");
    expect(html).toContain('value="常州新瑞电子科技有限公司"');
    expect(html).toContain('value="新北区"');
    form.set("usccOverride", "on");
    form.set("overrideReason", "早期试点代码，已核对执照原件");
    const ok = await fetch(`${server.url}/enterprises?index`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: form,
      redirect: "manual",
    });
    // the broken code is taken by the pilot enterprise registered above
    expect(ok.status).toBe(422);
    expect(await ok.text()).toContain("该统一社会信用代码已登记");
    form.set("uscc", code("91320411MA1Y00001"));
    form.delete("usccOverride");
    const created = await fetch(`${server.url}/enterprises?index`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: form,
      redirect: "manual",
    });
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toMatch(/^\/enterprises\/\d+\?created=1$/);
  });
});
