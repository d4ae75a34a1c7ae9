import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { admits, type Method, ROUTE_ACCESS, type RouteAccess } from "../../app/models/access";
import { tinyPdf } from "../../db/demo-files";
import type { Role } from "../../db/schema";
import { kinds } from "../../workflows/engine";
import { checkPermission } from "../../workflows/permissions";
import { usccCheckChar } from "../../workflows/uscc";
import { client, login, startServer, type TestServer } from "./server";

/*
 * The access walk: every route file in app/routes (found by reading the directory, so a new route
 * without a row in app/models/access.ts fails here) is requested with every method it may answer,
 * as each of ten people, on objects each may or may not see; and every event type is sent to
 * every case as each of them. Each answer is compared with the access table, the visibility rule
 * (written out below from DESIGN.md, not read from the code) and the event permission table.
 * Then object references in payloads and URLs are checked against the actor.
 */

const ACTORS = [
  "anonymous",
  "delegateA",
  "delegateB",
  "entE1",
  "entE2",
  "handlerU",
  "handlerV",
  "headU",
  "supervisor",
  "admin",
] as const;
type ActorKey = (typeof ACTORS)[number];

interface Person {
  key: ActorKey;
  role: Role | null;
  userId: number | null;
  departmentId: number | null;
  enterpriseId: number | null;
  token?: string;
  cookie?: string;
}

const PW = "Walk-pass-2026";
let server: TestServer;
const people = {} as Record<ActorKey, Person>;
const ids: Record<string, number> = {};
let attachmentId: number;

const code = (first17: string) => first17 + usccCheckChar(first17);
const as = (who: ActorKey) => client(server.url, people[who].token);

async function cookieOf(username: string, password = PW): Promise<string> {
  const r = await fetch(`${server.url}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password, redirectTo: "/" }),
    redirect: "manual",
  });
  const cookie = r.headers.get("set-cookie");
  if (!cookie) throw new Error(`login ${username}: ${r.status}`);
  return cookie.split(";")[0];
}

/** A page form posted with a person's session. */
async function form(who: ActorKey, p: string, body: FormData | URLSearchParams) {
  const r = await fetch(server.url + p, {
    method: "POST",
    headers: { Cookie: people[who].cookie! },
    body,
    redirect: "manual",
  });
  return { status: r.status, location: r.headers.get("location"), html: await r.text() };
}

async function send(who: ActorKey, caseId: number, event: Record<string, unknown>) {
  const r = await as(who).post(`/api/v1/cases/${caseId}/events`, event);
  expect(r.status, `${who} ${event.type}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

async function newProposal(title: string, extra: Record<string, unknown> = {}) {
  const r = await as("delegateA").post("/api/v1/cases", {
    kind: "proposal",
    title,
    body: "城区老旧小区加装电梯推进缓慢，群众反映强烈。",
    ...extra,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as number;
}

beforeAll(async () => {
  server = await startServer();
  await client(server.url).post("/api/v1/test/clock", { now: "2026-10-12T02:00:00Z" });
  const adminToken = await login(server.url, "admin", "Admin-pass-2026");
  const admin = client(server.url, adminToken);
  for (const [key, name] of [
    ["U", "区住房和城乡建设局"],
    ["V", "区教育局"],
    ["W", "区撤并办公室"],
  ]) {
    const r = await admin.post("/api/v1/admin/departments", { name });
    expect(r.status).toBe(201);
    ids[key] = r.body.id;
  }
  // W is taken out of use: it can no longer be chosen for an assignment.
  expect((await admin.post(`/api/v1/admin/departments/${ids.W}`, { active: false })).status).toBe(200);
  for (const [key, name, first17] of [
    ["E1", "常州精工机械制造有限公司", "91320411MA1XK2P3L"],
    ["E2", "常州华科新材料有限公司", "91320412MA27Q8R5N"],
  ]) {
    const r = await admin.post("/api/v1/admin/enterprises", { name, uscc: code(first17) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids[key] = r.body.id;
  }
  const accounts: Array<[ActorKey, Role, number | null, number | null]> = [
    ["delegateA", "delegate", null, null],
    ["delegateB", "delegate", null, null],
    ["entE1", "enterprise", null, ids.E1],
    ["entE2", "enterprise", null, ids.E2],
    ["handlerU", "handler", ids.U, null],
    ["handlerV", "handler", ids.V, null],
    ["headU", "dept_head", ids.U, null],
    ["supervisor", "supervisor", null, null],
  ];
  people.anonymous = { key: "anonymous", role: null, userId: null, departmentId: null, enterpriseId: null };
  const me = await admin.get("/api/v1/me");
  people.admin = {
    key: "admin",
    role: "admin",
    userId: me.body.user.id,
    departmentId: null,
    enterpriseId: null,
    token: adminToken,
    cookie: await cookieOf("admin", "Admin-pass-2026"),
  };
  for (const [key, role, departmentId, enterpriseId] of accounts) {
    const r = await admin.post("/api/v1/admin/users", {
      username: key.toLowerCase(),
      password: PW,
      displayName: `${key}<i>`,
      role,
      departmentId,
      enterpriseId,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    people[key] = { key, role, userId: r.body.id, departmentId, enterpriseId };
  }
  await Promise.all(
    accounts.map(async ([key]) => {
      people[key].token = await login(server.url, key.toLowerCase(), PW);
      people[key].cookie = await cookieOf(key.toLowerCase());
    }),
  );

  // Proposals of delegate A in three states.
  ids.draftA = await newProposal("关于加快老旧小区加装电梯的建议（草稿）");
  ids.submittedP = await newProposal("关于规范共享单车停放的建议");
  await send("delegateA", ids.submittedP, { type: "SUBMIT" });
  ids.handlingP = await newProposal("关于增设社区养老服务站的建议");
  await send("delegateA", ids.handlingP, { type: "SUBMIT" });
  await send("supervisor", ids.handlingP, { type: "ACCEPT" });
  await send("supervisor", ids.handlingP, { type: "ASSIGN", leadDepartmentId: ids.U, coDepartmentIds: [] });
  await send("handlerU", ids.handlingP, { type: "SIGN" });
  ids.acceptedP = await newProposal("关于完善背街小巷照明的建议");
  await send("delegateA", ids.acceptedP, { type: "SUBMIT" });
  await send("supervisor", ids.acceptedP, { type: "ACCEPT" });

  // A request of E1 filed with a file through the form, in handling at U.
  const fd = new FormData();
  for (const [k, v] of Object.entries({
    intent: "submit",
    title: "关于厂区用电增容的诉求",
    body: "新生产线投产在即，用电需求增加，请协调供电部门办理增容。",
    category: "help",
    theme: "",
    priority: "normal",
  }))
    fd.append(k, v);
  fd.append(
    "attachments",
    new Blob([new Uint8Array(tinyPdf(["Load list", "Line 3: 800 kW"]))]),
    "负荷清单.pdf",
  );
  const filed = await form("entE1", "/requests/new", fd);
  expect(filed.status, filed.html.slice(0, 300)).toBe(302);
  ids.requestE1 = Number(/\/cases\/(\d+)/.exec(filed.location!)![1]);
  await send("supervisor", ids.requestE1, { type: "ACCEPT", category: "help" });
  await send("supervisor", ids.requestE1, { type: "ASSIGN", leadDepartmentId: ids.U });
  await send("handlerU", ids.requestE1, { type: "SIGN" });
  const files = await as("entE1").get(`/api/v1/cases/${ids.requestE1}/attachments`);
  attachmentId = files.body.items[0].id;

  // A published bulletin, and a draft.
  const bulletin = (title: string) =>
    form(
      "supervisor",
      "/supervision/bulletins",
      new URLSearchParams({
        from: "2026-01-01",
        to: "2026-09-30",
        kind: "",
        onTimeRate: "92",
        satisfactionRate: "85",
        title,
      }),
    );
  const b1 = await bulletin("2026年前三季度督办通报");
  expect(b1.status, b1.html.slice(0, 300)).toBe(302);
  ids.published = Number(/(\d+)$/.exec(b1.location!)![1]);
  const pub = await form(
    "supervisor",
    `/supervision/bulletins/${ids.published}`,
    new URLSearchParams({ intent: "publish" }),
  );
  expect(pub.status, pub.html.slice(0, 300)).toBe(302);
  const b2 = await bulletin("草稿通报");
  ids.draftBulletin = Number(/(\d+)$/.exec(b2.location!)![1]);

  const states = await Promise.all(
    ["draftA", "submittedP", "handlingP", "requestE1", "acceptedP"].map(
      async (k) => (await as("supervisor").get(`/api/v1/cases/${ids[k]}`)).body.state,
    ),
  );
  // The supervisor sees no drafts: a 404 has no state.
  expect(states).toEqual([undefined, "submitted", "handling", "handling", "accepted"]);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

/* -------------------------------------------------------------------------------------------- */
/* Who may see what (DESIGN.md "Who uses it"), written out for this fixture.                     */

const all = new Set<ActorKey>(ACTORS);
const only = (...keys: ActorKey[]) => new Set<ActorKey>(keys);
const nobody = new Set<ActorKey>();

/** Cases: the author (and co-signers); the enterprise's users; the assigned unit; supervisors but not drafts. */
const caseSight = () => ({
  draftA: only("delegateA"),
  submittedP: only("delegateA", "supervisor"),
  handlingP: only("delegateA", "supervisor", "handlerU", "headU"),
  requestE1: only("entE1", "supervisor", "handlerU", "headU"),
});

/** Fixture relations for the event permission table: author, enterprise, assigned units. */
function relations(caseKey: keyof ReturnType<typeof caseSight>) {
  const authorId = caseKey === "requestE1" ? people.entE1.userId! : people.delegateA.userId!;
  return {
    authorId,
    enterpriseId: caseKey === "requestE1" ? ids.E1 : null,
    units:
      caseKey === "handlingP" || caseKey === "requestE1"
        ? [{ departmentId: ids.U, role: "lead" as const }]
        : [],
  };
}

interface Instance {
  label: string;
  params: Record<string, string>;
  /** who may see the object the URL names; undefined: no object */
  sight?: Set<ActorKey>;
  /** the answer to someone who may not see it (404, or what the route answers a bad link) */
  refusal?: number;
  /** the answer to an empty form posted there, when the route judges the form first */
  refusalPost?: number;
}

function instances(routeId: string, rule: RouteAccess): Instance[] {
  const sight = caseSight();
  const missing = "999999";
  switch (rule.object) {
    case "nothing":
      return [{ label: "unknown address", params: { "": "no-such-thing" }, sight: nobody }];
    case "case": {
      // The reply letter exists only once a reply does: none has one here.
      const letter = routeId === "cases.$id_.letter";
      return [
        ...Object.entries(sight).map(([k, s]) => ({
          label: k,
          params: { id: String(ids[k]) },
          sight: letter ? nobody : s,
        })),
        { label: "missing", params: { id: missing }, sight: nobody },
      ];
    }
    case "case_attachment":
      return [
        {
          label: "its own case",
          params: { id: String(ids.requestE1), attachmentId: String(attachmentId) },
          sight: sight.requestE1,
        },
        {
          label: "another case's file",
          params: { id: String(ids.handlingP), attachmentId: String(attachmentId) },
          sight: nobody,
        },
        {
          label: "missing file",
          params: { id: String(ids.requestE1), attachmentId: missing },
          sight: nobody,
        },
      ];
    case "bulletin":
      return [
        {
          label: "published",
          params: { id: String(ids.published) },
          sight: only("handlerU", "handlerV", "headU", "supervisor"),
        },
        // A draft is the supervisors' own: they may preview it as the units will read it.
        { label: "draft", params: { id: String(ids.draftBulletin) }, sight: only("supervisor") },
      ];
    case "bulletin_draft":
      return [
        { label: "published", params: { id: String(ids.published) }, sight: only("supervisor") },
        { label: "draft", params: { id: String(ids.draftBulletin) }, sight: only("supervisor") },
        // The form's intent is judged before the bulletin is looked up: an empty form answers 400.
        // Only supervisors get this far, and they may see every bulletin, so nothing is revealed.
        { label: "missing", params: { id: missing }, sight: nobody, refusalPost: 400 },
      ];
    case "enterprise":
      return [
        { label: "E1", params: { id: String(ids.E1) }, sight: only("supervisor", "admin", "entE1") },
        { label: "E2", params: { id: String(ids.E2) }, sight: only("supervisor", "admin", "entE2") },
        { label: "missing", params: { id: missing }, sight: nobody },
      ];
    case "user":
      return [
        { label: "a user", params: { id: String(people.delegateA.userId) }, sight: all },
        { label: "missing", params: { id: missing }, sight: nobody },
      ];
    case "department":
      return [
        { label: "a department", params: { id: String(ids.U) }, sight: all },
        { label: "missing", params: { id: missing }, sight: nobody },
      ];
    case "policy":
      return [
        { label: "proposal", params: { kind: "proposal" }, sight: all },
        { label: "missing", params: { kind: "nonsense" }, sight: nobody },
      ];
    case "mail_link":
      return [{ label: "unknown link", params: { token: "not-a-real-link" }, sight: nobody, refusal: 400 }];
    default:
      return [{ label: "", params: { key: "2026" } }];
  }
}

/** Remix flat-route file name → URL pattern: dots are slashes, `_index` and trailing `_` vanish. */
function urlOf(routeId: string, params: Record<string, string>): string {
  const parts = routeId
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => s.replace(/_$/, ""))
    .map((s) => (s.startsWith("$") ? encodeURIComponent(params[s.slice(1)] ?? "") : s));
  return `/${parts.join("/")}`;
}

interface Probe {
  what: string;
  status: number;
  expected: string;
  ok: boolean;
  got2xx: boolean;
}

/** The answer the table (and the sight of the object) calls for. */
function expectation(rule: RouteAccess, method: Method, person: Person, inst: Instance) {
  const who = rule[method];
  if (who === undefined) return { exact: 405 };
  if (!admits(who, person.role)) {
    if (person.role === null) return rule.surface === "api" ? { exact: 401 } : { exact: 302, login: true };
    return { exact: 403 };
  }
  if (inst.sight && !inst.sight.has(person.key))
    return { exact: (method === "post" ? inst.refusalPost : undefined) ?? inst.refusal ?? 404 };
  return { allowed: true as const };
}

async function probe(
  routeId: string,
  rule: RouteAccess,
  method: Method,
  inst: Instance,
  person: Person,
): Promise<Probe> {
  const url = urlOf(routeId, inst.params);
  const api = rule.surface === "api";
  const headers: Record<string, string> = {};
  if (api && person.token) headers.Authorization = `Bearer ${person.token}`;
  if (!api && person.cookie) headers.Cookie = person.cookie;
  let body: string | undefined;
  if (method !== "get") {
    headers["Content-Type"] = api ? "application/json" : "application/x-www-form-urlencoded";
    body = api ? "{}" : "";
  }
  const r = await fetch(server.url + url, {
    method: method.toUpperCase(),
    headers,
    body,
    redirect: "manual",
  });
  await r.arrayBuffer();
  const location = r.headers.get("location") ?? "";
  const toLogin = r.status === 302 && location.startsWith("/login?redirectTo=");
  const want = expectation(rule, method, person, inst);
  let ok: boolean;
  let expected: string;
  if ("exact" in want) {
    ok = r.status === want.exact && (!want.login || toLogin);
    expected = want.login ? "302 to /login" : String(want.exact);
  } else {
    ok = ![401, 403, 404, 405].includes(r.status) && r.status < 500 && !toLogin;
    expected = "allowed";
  }
  return {
    what: `${method.toUpperCase()} ${url} [${routeId}${inst.label ? ` · ${inst.label}` : ""}] as ${person.key}`,
    status: r.status,
    expected,
    ok,
    got2xx: r.status >= 200 && r.status < 300,
  };
}

/** Runs the tasks with at most `width` at once. */
async function pool<T>(tasks: Array<() => Promise<T>>, width = 8): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]();
      }
    }),
  );
  return out;
}

const routeFiles = () =>
  fs
    .readdirSync(path.resolve("app/routes"))
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .map((f) => f.replace(/\.tsx?$/, ""));

let probed = 0;
let mismatches = 0;

describe("the access table", () => {
  it("has a row for every route file, and no row without a file", () => {
    const files = routeFiles();
    const rows = Object.keys(ROUTE_ACCESS);
    expect(files.filter((f) => !rows.includes(f))).toEqual([]);
    expect(rows.filter((r) => !files.includes(r))).toEqual([]);
  });

  it("the menu offers each person only pages the table lets them open", async () => {
    for (const key of ACTORS.filter((k) => k !== "anonymous")) {
      const person = people[key];
      const html = await (
        await fetch(`${server.url}/settings`, { headers: { Cookie: person.cookie! } })
      ).text();
      const nav = /<nav class="mainnav"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "";
      const links = [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
      expect(links.length, key).toBeGreaterThan(1);
      for (const href of links) {
        const r = await fetch(server.url + href, { headers: { Cookie: person.cookie! }, redirect: "manual" });
        await r.arrayBuffer();
        expect(r.status, `${key} → ${href}`).toBe(200);
      }
    }
  });

  it("every route and method, as every person, answers as the table says", async () => {
    const tasks: Array<() => Promise<Probe>> = [];
    const last: Array<() => Promise<Probe>> = [];
    for (const routeId of routeFiles()) {
      const rule = (ROUTE_ACCESS as Record<string, RouteAccess>)[routeId];
      if (!rule) continue; // reported by the test above
      const methods: Method[] = ["get", "post", ...(rule.put ? (["put"] as const) : [])];
      for (const inst of instances(routeId, rule))
        for (const method of methods)
          for (const key of ACTORS) {
            const t = () => probe(routeId, rule, method, inst, people[key]);
            // Signing out ends the session the other probes use: last.
            (routeId === "logout" && method === "post" ? last : tasks).push(t);
          }
    }
    const results = [...(await pool(tasks)), ...(await pool(last))];
    probed += results.length;
    const wrong = results.filter((r) => !r.ok);
    mismatches += wrong.length;
    const unexpected2xx = wrong.filter((r) => r.got2xx);
    expect(unexpected2xx.map((r) => `${r.what}: ${r.status}`)).toEqual([]);
    expect(wrong.map((r) => `${r.what}: ${r.status}, expected ${r.expected}`)).toEqual([]);
    // Every person was refused somewhere and let in somewhere: the walk really walked.
    for (const key of ACTORS) {
      const mine = results.filter((r) => r.what.endsWith(` as ${key}`));
      expect(mine.some((r) => r.expected === "allowed")).toBe(true);
      expect(mine.some((r) => r.expected !== "allowed")).toBe(true);
    }
  }, 120_000);

  it("every event type to every case, as every person, answers as the event permission table says", async () => {
    // Sessions were signed out above; the API uses bearer tokens.
    const sight = caseSight();
    const tasks: Array<() => Promise<Probe>> = [];
    for (const caseKey of Object.keys(sight) as Array<keyof typeof sight>) {
      const k = kinds[caseKey === "requestE1" ? "enterprise_request" : "proposal"];
      const types = Object.keys(k.eventSchemas);
      for (const type of types)
        for (const key of ACTORS) {
          // Without a token the answer is 401 whatever the event: asked twice per case, not for each.
          if (key === "anonymous" && type !== types[0] && type !== types[types.length - 1]) continue;
          tasks.push(async () => {
            const person = people[key];
            // A stale version: an event the person may send answers 409 and changes nothing.
            const r = await client(server.url, person.token).post(`/api/v1/cases/${ids[caseKey]}/events`, {
              type,
              expectedVersion: -1,
            });
            let expected: number;
            if (!person.role) expected = 401;
            else if (!sight[caseKey].has(key)) expected = 404;
            else {
              const verdict = checkPermission(
                k.permissions[type],
                {
                  userId: person.userId,
                  role: person.role,
                  departmentId: person.departmentId,
                  enterpriseId: person.enterpriseId,
                },
                relations(caseKey),
              );
              expected = verdict === "ok" ? 409 : 403;
            }
            return {
              what: `${type} on ${caseKey} as ${key}`,
              status: r.status,
              expected: String(expected),
              ok: r.status === expected,
              got2xx: r.status >= 200 && r.status < 300,
            };
          });
        }
    }
    const results = await pool(tasks);
    probed += results.length;
    mismatches += results.filter((r) => !r.ok).length;
    console.log(`access walk: ${probed} requests probed, ${mismatches} answers differing from the tables`);
    expect(results.filter((r) => r.got2xx).map((r) => r.what)).toEqual([]);
    expect(results.filter((r) => !r.ok).map((r) => `${r.what}: ${r.status}, expected ${r.expected}`)).toEqual(
      [],
    );
    // Both verdicts occur: some people may send some events, others are refused.
    expect(results.some((r) => r.expected === "409")).toBe(true);
    expect(results.some((r) => r.expected === "403")).toBe(true);
  }, 120_000);
});

describe("object references are checked against the actor", () => {
  const version = async (caseKey: string) =>
    (await as("supervisor").get(`/api/v1/cases/${ids[caseKey]}`)).body;

  it("ASSIGN to a missing or inactive department is refused per field; nothing is written", async () => {
    const before = await version("acceptedP");
    for (const [payload, field] of [
      [{ leadDepartmentId: 999999, coDepartmentIds: [] }, "leadDepartmentId"],
      [{ leadDepartmentId: ids.W, coDepartmentIds: [] }, "leadDepartmentId"],
      [{ leadDepartmentId: ids.U, coDepartmentIds: [ids.W] }, "coDepartmentIds"],
    ] as const) {
      const r = await as("supervisor").post(`/api/v1/cases/${ids.acceptedP}/events`, {
        type: "ASSIGN",
        ...payload,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(422);
      expect(r.body.error.fields[field]).toBe("所选对象不存在或不可选");
    }
    const after = await version("acceptedP");
    expect(after.state).toBe("accepted");
    expect(after.version).toBe(before.version);
  });

  it("REASSIGN to a missing or inactive department is refused the same way", async () => {
    // The unit's head asks for the assignment to change (申请调整).
    await send("headU", ids.handlingP, { type: "OBJECT", reason: "本事项主要涉及民政部门职责" });
    const before = await version("handlingP");
    for (const lead of [999999, ids.W]) {
      const r = await as("supervisor").post(`/api/v1/cases/${ids.handlingP}/events`, {
        type: "REASSIGN",
        leadDepartmentId: lead,
        coDepartmentIds: [],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(422);
      expect(Object.keys(r.body.error.fields)).toEqual(["leadDepartmentId"]);
    }
    expect((await version("handlingP")).version).toBe(before.version);
    // The same ruling to an active unit goes through: the refusal was about the reference.
    const ok = await as("supervisor").post(`/api/v1/cases/${ids.handlingP}/events`, {
      type: "REASSIGN",
      leadDepartmentId: ids.V,
      coDepartmentIds: [],
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it("an enterprise user cannot file for another enterprise", async () => {
    const listE2 = async () => (await as("entE2").get("/api/v1/cases")).body.total;
    const before = await listE2();
    const r = await as("entE1").post("/api/v1/cases", {
      kind: "enterprise_request",
      title: "冒名提交的诉求",
      body: "以另一家企业名义提交。",
      category: "help",
      enterpriseId: ids.E2,
    });
    expect(r.status).toBe(422);
    expect(r.body.error.fields.enterpriseId).toBe("所选对象不存在或不可选");
    expect(await listE2()).toBe(before);
  });

  it("co-signers must be delegates: a handler, an enterprise user or a missing id is refused", async () => {
    for (const who of [people.handlerU.userId, people.entE1.userId, 999999]) {
      const r = await as("delegateA").post("/api/v1/cases", {
        kind: "proposal",
        title: "联名测试",
        body: "联名人须为代表。",
        cosignerIds: [who],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(422);
      expect(r.body.error.fields.cosignerIds).toBe("所选对象不存在或不可选");
    }
    const good = await as("delegateA").post("/api/v1/cases", {
      kind: "proposal",
      title: "联名测试",
      body: "联名人须为代表。",
      cosignerIds: [people.delegateB.userId],
    });
    expect(good.status).toBe(201);
  });

  it("an attachment is reached only through its own case", async () => {
    const get = (caseId: number) =>
      fetch(`${server.url}/cases/${caseId}/attachments/${attachmentId}`, {
        headers: { Authorization: `Bearer ${people.supervisor.token}` },
        redirect: "manual",
      });
    expect((await get(ids.requestE1)).status).toBe(200);
    // The supervisor may see both cases, but the file belongs to one.
    expect((await get(ids.handlingP)).status).toBe(404);
  });
});
