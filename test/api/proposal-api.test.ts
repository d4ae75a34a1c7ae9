import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, login, startServer, type TestServer } from "./server";

/**
 * The proposal journey and its refusals through the JSON API, against the real server on a fresh
 * SQLite database. The clock is pinned (APP_TEST_HOOKS) so due dates are exact.
 */
let server: TestServer;
const PW = "Test-pass-2026";
const ids: Record<string, number> = {};
const tokens: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer();
  const admin = client(server.url, await login(server.url, "admin", "Admin-pass-2026"));
  await client(server.url).post("/api/v1/test/clock", { now: "2026-09-28T02:00:00Z" });
  for (const [key, name] of [
    ["fgj", "区发展和改革局"],
    ["ghj", "区规划和自然资源分局"],
    ["kgx", "区科工商信局"],
    ["other", "区教育局"],
  ]) {
    const r = await admin.post("/api/v1/admin/departments", { name });
    expect(r.status).toBe(201);
    ids[key] = r.body.id;
  }
  const users: Array<[string, string, number | null]> = [
    ["author", "delegate", null],
    ["cosigner", "delegate", null],
    ["stranger", "delegate", null],
    ["sup", "supervisor", null],
    ["fgj_h", "handler", ids.fgj],
    ["fgj_head", "dept_head", ids.fgj],
    ["ghj_h", "handler", ids.ghj],
    ["kgx_h", "handler", ids.kgx],
    ["other_h", "handler", ids.other],
  ];
  for (const [username, role, departmentId] of users) {
    const r = await admin.post("/api/v1/admin/users", {
      username,
      password: PW,
      displayName: username,
      role,
      departmentId,
      email: `${username}@example.gov.cn`,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids[username] = r.body.id;
  }
  for (const [u] of users) tokens[u] = await login(server.url, u, PW);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

const as = (who: string) => client(server.url, tokens[who]);

describe("authentication", () => {
  it("issues a token for good credentials and refuses bad ones with 401", async () => {
    const bad = await client(server.url).post("/api/v1/auth/token", {
      username: "author",
      password: "wrong",
    });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe("unauthenticated");
    const missing = await client(server.url).post("/api/v1/auth/token", {});
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.body.error.fields)).toEqual(["username", "password"]);
    const me = await as("author").get("/api/v1/me");
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ username: "author", role: "delegate" });
    expect(me.body.user.password_hash).toBeUndefined();
  });

  it("answers 401 without a token or with a forged one", async () => {
    expect((await client(server.url).get("/api/v1/cases")).status).toBe(401);
    const forged = await client(server.url, "not-a-token").get("/api/v1/me");
    expect(forged.status).toBe(401);
    expect(forged.body.error).toMatchObject({ code: "unauthenticated" });
  });

  it("admin endpoints refuse other roles with 403", async () => {
    const r = await as("sup").post("/api/v1/admin/departments", { name: "某局" });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("forbidden");
  });

  it("refuses a weak password and a taken username per field, in Chinese", async () => {
    const admin = client(server.url, await login(server.url, "admin", "Admin-pass-2026"));
    const r = await admin.post("/api/v1/admin/users", {
      username: "author",
      password: "short",
      displayName: "X",
      role: "handler",
    });
    expect(r.status).toBe(422);
    expect(r.body.error.fields.password).toBe("密码至少 10 个字符");
    expect(r.body.error.fields.username).toBe("用户名已被使用");
    expect(r.body.error.fields.departmentId).toBeTruthy();
  });
});

describe("the proposal journey", () => {
  let caseId: number;
  let version: number;
  const send = async (who: string, event: Record<string, unknown>, status = 200) => {
    const r = await as(who).post(`/api/v1/cases/${caseId}/events`, event);
    expect(r.status, `${who} ${event.type}: ${JSON.stringify(r.body)}`).toBe(status);
    if (status === 200) version = r.body.version;
    return r.body;
  };

  it("a delegate drafts a proposal with a co-signer; strangers cannot see it", async () => {
    const r = await as("author").post("/api/v1/cases", {
      kind: "proposal",
      title: "关于加快构建特色小镇 助力我区乡村振兴战略实施的建议",
      body: "特色小镇建设尚处起步阶段，市场参与不够，社会资本缺乏。",
      measures: "（一）坚持政府引导、市场主导。（二）创新投融资模式。",
      cosignerIds: [ids.cosigner],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      state: "draft",
      version: 1,
      allowedEvents: ["UPDATE_DRAFT", "SUBMIT", "WITHDRAW"],
    });
    caseId = r.body.id;
    expect((await as("cosigner").get(`/api/v1/cases/${caseId}`)).status).toBe(200);
    const stranger = await as("stranger").get(`/api/v1/cases/${caseId}`);
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.code).toBe("not_found");
    // A draft is the delegate's own: not even supervisors see it yet.
    expect((await as("sup").get(`/api/v1/cases/${caseId}`)).status).toBe(404);
    expect((await as("stranger").post(`/api/v1/cases/${caseId}/events`, { type: "SUBMIT" })).status).toBe(
      404,
    );
  });

  it("refuses a malformed creation per field", async () => {
    const r = await as("author").post("/api/v1/cases", {
      kind: "proposal",
      title: "",
      body: 5,
      surprise: true,
    });
    expect(r.status).toBe(422);
    expect(r.body.error.fields).toMatchObject({
      title: "此项必填",
      body: "类型不正确",
      surprise: "不接受此字段",
    });
    const wrongRole = await as("fgj_h").post("/api/v1/cases", { kind: "proposal", title: "t", body: "b" });
    expect(wrongRole.status).toBe(403);
  });

  it("is submitted, accepted with a number and assigned to a lead and two co-handling units", async () => {
    await send("author", { type: "SUBMIT" });
    const accepted = await send("sup", { type: "ACCEPT" });
    expect(accepted.state).toBe("accepted");
    expect(accepted.number).toBe(1);
    expect(accepted.sessionLabel).toBeTruthy();
    const assigned = await send("sup", {
      type: "ASSIGN",
      leadDepartmentId: ids.fgj,
      coDepartmentIds: [ids.ghj, ids.kgx],
      expectedVersion: version,
    });
    expect(assigned.state).toBe("assigned");
    const sign = assigned.deadlines.find((d: any) => d.type === "sign" && d.departmentId === ids.fgj);
    // Monday 2026-09-28 + 2 working days.
    expect(sign.dueDate).toBe("2026-09-30");
    const objection = assigned.deadlines.find(
      (d: any) => d.type === "objection_window" && d.departmentId === ids.fgj,
    );
    // 5 working days across National Day 2026: Sep 29, 30, Oct 8, 9, 10 (a make-up Saturday).
    expect(objection.dueDate).toBe("2026-10-10");
    expect(objection.explanation).toContain("国庆节");
    const reply = assigned.deadlines.find((d: any) => d.type === "reply");
    expect(reply.dueDate).toBe("2026-12-28");
    // The other unit cannot see it at all.
    expect((await as("other_h").get(`/api/v1/cases/${caseId}`)).status).toBe(404);
  });

  it("answers 409 with the current state and allowed events for a wrong-state event or stale version", async () => {
    const early = await send("ghj_h", { type: "SUBMIT_OPINION", body: "意见" }, 409);
    expect(early.error).toMatchObject({
      code: "invalid_transition",
      state: "assigned",
      allowedEvents: ["SIGN"],
    });
    const stale = await send("fgj_h", { type: "SIGN", expectedVersion: version - 1 }, 409);
    expect(stale.error.code).toBe("version_conflict");
    expect(stale.error.version).toBe(version);
  });

  it("answers 403 for a role that may not and a unit that is not assigned", async () => {
    const r = await send("fgj_h", { type: "ACCEPT" }, 403);
    expect(r.error.code).toBe("forbidden");
    // The unit head objects, not the handler.
    await send("fgj_h", { type: "OBJECT", reason: "不属于本单位职责" }, 403);
  });

  it("each unit signs; co-handling units send opinions; the lead records a phone call", async () => {
    const signed = await send("fgj_h", { type: "SIGN" });
    expect(signed.state).toBe("handling");
    await send("ghj_h", { type: "SIGN" });
    await send("kgx_h", { type: "SIGN" });
    await send("ghj_h", { type: "SUBMIT_OPINION", body: "已将特色小镇用地需求纳入乡村建设规划。" });
    // No reply until every opinion is in.
    await send(
      "fgj_h",
      {
        type: "SUBMIT_REPLY",
        classification: "B",
        body: "答复",
        contactName: "周明",
        contactPhone: "020-84600000",
      },
      409,
    );
    await send("kgx_h", { type: "SUBMIT_OPINION", body: "将继续开展产融对接活动。" });
    const bad = await send(
      "fgj_h",
      { type: "RECORD_CONTACT", date: "2026-13-40", method: "fax", summary: "" },
      422,
    );
    expect(bad.error.fields).toMatchObject({
      date: "请填写有效日期（年-月-日）",
      method: "请从给定选项中选择",
      summary: "此项必填",
    });
    await send("fgj_h", {
      type: "RECORD_CONTACT",
      date: "2026-09-28",
      method: "phone",
      summary: "电话沟通办理思路",
    });
  });

  it("the lead drafts a B-class reply, the head approves it, the delegate rates it 基本满意", async () => {
    const review = await send("fgj_h", {
      type: "SUBMIT_REPLY",
      classification: "B",
      body: "您提出的《关于加快构建特色小镇 助力我区乡村振兴战略实施的建议》收悉……",
      contactName: "周明",
      contactPhone: "020-84600000",
      commitments: [{ text: "完成特色小镇培育库申报", dueDate: "2026-12-31" }],
    });
    expect(review.state).toBe("reply_review");
    // The delegate does not see a reply before its release.
    const early = await as("author").get(`/api/v1/cases/${caseId}`);
    expect(early.body.replies).toEqual([]);
    await send("fgj_h", { type: "APPROVE_REPLY" }, 403);
    const replied = await send("fgj_head", { type: "APPROVE_REPLY" });
    expect(replied.state).toBe("replied");
    const delegateView = await as("author").get(`/api/v1/cases/${caseId}`);
    expect(delegateView.body.replies).toHaveLength(1);
    expect(delegateView.body.allowedEvents).toEqual(["EVALUATE"]);
    // Co-handling opinions go to the lead unit, not to the proposer.
    expect(delegateView.body.assignments.every((a: any) => a.opinion === null)).toBe(true);
    const opinion = delegateView.body.history.find((h: any) => h.type === "SUBMIT_OPINION");
    // An internal step: the proposer sees that it happened, not its text or who inside a unit took it.
    expect(opinion).toMatchObject({ payload: {}, department: null, actor: { id: null, displayName: null } });
    // The units' objection windows are not the proposer's business.
    const assign = delegateView.body.history.find((h: any) => h.type === "ASSIGN");
    expect(assign.payload.objectionUntil).toBeUndefined();
    expect(assign.payload.leadDepartmentId).toBe(ids.fgj);
    await send("cosigner", { type: "EVALUATE", attitude: "satisfied", result: "satisfied" }, 403);
    const closed = await send("author", {
      type: "EVALUATE",
      attitude: "satisfied",
      result: "basically_satisfied",
    });
    expect(closed).toMatchObject({
      state: "closed",
      satisfaction: "basically_satisfied",
      outcome: "basically_satisfied",
    });
    const commitment = closed.deadlines.find((d: any) => d.type === "commitment");
    expect(commitment).toMatchObject({ dueDate: "2026-12-31", status: "open" });
    const types = closed.history.map((h: any) => h.type);
    expect(types[0]).toBe("CREATE");
    expect(types.at(-1)).toBe("EVALUATE");
  });

  it("lists cases within each caller's visibility", async () => {
    const mine = await as("author").get("/api/v1/cases?kind=proposal");
    expect(mine.body.total).toBe(1);
    const unit = await as("ghj_h").get("/api/v1/cases");
    expect(unit.body.items.map((c: any) => c.id)).toEqual([caseId]);
    expect((await as("other_h").get("/api/v1/cases")).body.total).toBe(0);
    const bad = await as("sup").get("/api/v1/cases?state=nonsense&pageSize=100000");
    expect(bad.status).toBe(422);
    const fields = Object.keys(bad.body.error.fields);
    expect(fields).toContain("pageSize");
    expect(fields.some((f) => f.startsWith("state"))).toBe(true);
  });
});

describe("request hygiene", () => {
  it("refuses a body that is not JSON with 400", async () => {
    const r = await as("author").post("/api/v1/cases", "{not json");
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("bad_request");
  });

  it("answers in English when asked", async () => {
    const r = await client(server.url, tokens.author).post(
      "/api/v1/cases",
      { kind: "proposal", title: "" },
      {
        "Accept-Language": "en",
      },
    );
    expect(r.status).toBe(422);
    expect(r.body.error.fields.title).toBe("Required");
  });
});

describe("working-day calendar", () => {
  it("adds working days and months with an explanation", async () => {
    const wd = await client(server.url).get("/api/v1/calendar/add?start=2026-09-30&workingDays=5");
    expect(wd.status).toBe(200);
    expect(wd.body.due).toBe("2026-10-13");
    expect(wd.body.details.makeUpDays).toEqual(["2026-10-10"]);
    expect(wd.body.explanation).toContain("国庆节");
    const m = await client(server.url).get("/api/v1/calendar/add?start=2026-07-01&months=3");
    expect(m.body.due).toBe("2026-10-08");
    const beyond = await client(server.url).get("/api/v1/calendar/add?start=2026-12-20&workingDays=20");
    expect(beyond.body.beyondCoverage).toBe(true);
    const bad = await client(server.url).get("/api/v1/calendar/add?start=2026-02-30&workingDays=-1");
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["start", "workingDays"]);
  });

  it("lets an admin change a day and no one else", async () => {
    const year = await client(server.url).get("/api/v1/calendar/2026");
    expect(year.body.covered).toBe(true);
    expect(year.body.days.find((d: any) => d.date === "2026-10-10").kind).toBe("workday");
    expect((await as("sup").put("/api/v1/calendar/2026-11-27", { kind: "holiday" })).status).toBe(403);
    const admin = client(server.url, await login(server.url, "admin", "Admin-pass-2026"));
    const r = await admin.put("/api/v1/calendar/2026-11-27", { kind: "holiday", name: "地方假日" });
    expect(r.status).toBe(200);
    const after = await client(server.url).get("/api/v1/calendar/add?start=2026-11-26&workingDays=1");
    // Friday is now a holiday: one working day after Thursday is Monday.
    expect(after.body.due).toBe("2026-11-30");
    const bad = await admin.put("/api/v1/calendar/2026-02-31", { kind: "holiday" });
    expect(bad.status).toBe(422);
  });
});

describe("oversized bodies", () => {
  // Last: the server closes the connection on a body it refuses to read.
  it("refuses a body over 1 MB with 413", async () => {
    const huge = await as("author").post("/api/v1/cases", {
      kind: "proposal",
      title: "t",
      body: "长".repeat(600_000),
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe("too_large");
  });
});
