import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../db/client";
import { verifyChains } from "../../db/events";
import { enterpriseEventSchemas } from "../../workflows/enterprise/events";
import { proposalEventSchemas } from "../../workflows/proposal/events";
import {
  anyValue,
  badDate,
  isoDay,
  mutated,
  oddNumber,
  oddText,
  queries,
  type Shipment,
  shipments,
} from "./arbitraries";
import { buildCase, type Org, PW, setupOrg, type Who } from "./fixtures";
import { type Answer, errorShapeProblems, type InProcessApp, inProcessApp } from "./harness";

/**
 * Input fuzzing of every JSON API endpoint that takes input, and of every event of both case kinds
 * sent to a case in a state where the event is allowed (so that the payload's validation is what
 * answers). Each gets FUZZ_RUNS generated requests: 100 in `npm test`, 1,000 with `npm run test:fuzz`. For every request:
 *   - the status is never 5xx;
 *   - every refusal is exactly `{error: {code, message, fields?, ...}}` with a known code, the
 *     status of that code, and messages worded in the caller's language;
 *   - a refusal writes nothing: the database's data_version (every commit moves it) is unchanged,
 *     or, for sign-in (whose failures are counted by design), the fingerprint of every other table.
 * The app is the production build answering in this process (test/fuzz/harness.ts).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

let app: InProcessApp;
let org: Org;
const mergeInto: Record<string, number> = {};

const tally = {
  requests: 0,
  accepted: 0,
  byCode: {} as Record<string, number>,
  targets: [] as Array<{ name: string; runs: number; accepted: number; ms: number }>,
};

beforeAll(async () => {
  app = await inProcessApp();
  org = await setupOrg(app);
  mergeInto.proposal = await buildCase(org, "proposal", "accepted");
  mergeInto.enterprise_request = await buildCase(org, "enterprise_request", "accepted");
}, 120_000);

afterAll(async () => {
  if (tally.requests) {
    const codes = Object.entries(tally.byCode)
      .sort((a, b) => b[1] - a[1])
      .map(([c, n]) => `${c} ${n}`)
      .join(", ");
    console.log(
      [
        `API fuzzing: ${tally.targets.length} endpoints and event types × ${RUNS} payloads = ${tally.requests} requests, ${tally.accepted} accepted`,
        `refusals by code: ${codes}`,
        ...tally.targets.map(
          (t) => `  ${t.name.padEnd(44)} ${t.runs} runs, ${t.accepted} accepted, ${t.ms} ms`,
        ),
      ].join("\n"),
    );
  }
  await app?.close();
});

/** Sends one generated request and checks the three properties; answers the response. */
async function probe(
  method: string,
  path: string,
  who: Who | null,
  s: Shipment,
  opts: { countedWrites?: boolean } = {},
): Promise<Answer> {
  const before = opts.countedWrites ? await app.fingerprint() : app.dataVersion();
  const a = await app.call(method, path, {
    token: who ? org.tokens[who] : undefined,
    json: s.json,
    raw: s.raw,
    contentType: s.contentType,
    headers: { "Accept-Language": s.lang },
  });
  tally.requests++;
  const what = () => `${method} ${path} → ${a.status} ${a.text.slice(0, 300)}`;
  expect(a.status, what()).toBeLessThan(500);
  if (a.status < 300) {
    tally.accepted++;
    return a;
  }
  const code = a.body?.error?.code ?? `status ${a.status}`;
  tally.byCode[code] = (tally.byCode[code] ?? 0) + 1;
  expect(errorShapeProblems(a, s.lang), what()).toEqual([]);
  const after = opts.countedWrites ? await app.fingerprint() : app.dataVersion();
  expect(after, `a refusal wrote to the database: ${what()}`).toEqual(before);
  return a;
}

async function run<T>(name: string, arb: fc.Arbitrary<T>, property: (v: T) => Promise<unknown>) {
  const started = Date.now();
  const accepted = tally.accepted;
  await fc.assert(
    fc.asyncProperty(arb, async (v) => {
      await property(v);
    }),
    { numRuns: RUNS, seed: SEED },
  );
  tally.targets.push({ name, runs: RUNS, accepted: tally.accepted - accepted, ms: Date.now() - started });
  // Still answering after the batch.
  expect((await app.call("GET", "/healthz")).status).toBe(200);
}

const ids = () => org.ids;
const idLike = () =>
  fc.oneof(fc.constantFrom(ids().lead, ids().co, ids().other, ids().enterprise, 999_999), oddNumber, oddText);
const dateLike = fc.oneof(badDate, isoDay);
const near = (...valid: string[]) =>
  fc.constantFrom(
    ...valid,
    ...valid.map((v) => v.toUpperCase()),
    ...valid.map((v) => ` ${v}`),
    "other",
    "",
    "constructor",
    "toString",
    "__proto__",
  );
/** A path segment, percent-encoded even when the text is not well-formed UTF-16. */
const segment = (s: string) => encodeURIComponent(s.replace(/\p{Cs}/gu, "\ufffd")) || "x";

// ---------------------------------------------------------------- events

interface EventTarget {
  type: string;
  /** the fixture state (test/fuzz/fixtures.ts) in which the event is allowed */
  state: string;
  who: Who;
  valid: () => Record<string, unknown>;
  special?: () => Record<string, fc.Arbitrary<unknown>>;
}

const R = "理由：经研究，需要调整。";
const proposalEvents: EventTarget[] = [
  {
    type: "UPDATE_DRAFT",
    state: "draft",
    who: "author",
    valid: () => ({ title: "新标题", body: "正文", measures: "措施", cosignerIds: [] }),
    special: () => ({ cosignerIds: fc.array(idLike(), { maxLength: 60 }) }),
  },
  { type: "SUBMIT", state: "draft", who: "author", valid: () => ({}) },
  { type: "WITHDRAW", state: "draft", who: "author", valid: () => ({ reason: R }) },
  { type: "ACCEPT", state: "submitted", who: "sup", valid: () => ({ sessionLabel: "十六届五次会议" }) },
  { type: "REJECT", state: "submitted", who: "sup", valid: () => ({ reason: R }) },
  { type: "RETURN_FOR_REVISION", state: "submitted", who: "sup", valid: () => ({ reason: R }) },
  {
    type: "MERGE",
    state: "submitted",
    who: "sup",
    valid: () => ({ intoCaseId: mergeInto.proposal }),
    special: () => ({ intoCaseId: idLike() }),
  },
  {
    type: "ASSIGN",
    state: "accepted",
    who: "sup",
    valid: () => ({ leadDepartmentId: ids().lead, coDepartmentIds: [ids().co] }),
    special: () => ({ leadDepartmentId: idLike(), coDepartmentIds: fc.array(idLike(), { maxLength: 25 }) }),
  },
  { type: "SIGN", state: "assigned", who: "lead_h", valid: () => ({}) },
  { type: "OBJECT", state: "assigned", who: "co_head", valid: () => ({ reason: R }) },
  {
    type: "REASSIGN",
    state: "objected",
    who: "sup",
    valid: () => ({ leadDepartmentId: ids().lead, coDepartmentIds: [ids().other], note: "改派" }),
    special: () => ({ leadDepartmentId: idLike(), coDepartmentIds: fc.array(idLike(), { maxLength: 25 }) }),
  },
  {
    type: "DISMISS_OBJECTION",
    state: "objected",
    who: "sup",
    valid: () => ({ reason: R, departmentId: ids().co }),
    special: () => ({ departmentId: idLike() }),
  },
  {
    type: "RECORD_CONTACT",
    state: "handling",
    who: "lead_h",
    valid: () => ({ date: "2026-03-02", method: "phone", summary: "电话沟通" }),
    special: () => ({ date: dateLike, method: near("phone", "visit", "meeting", "letter", "online") }),
  },
  { type: "SUBMIT_OPINION", state: "handling", who: "co_h", valid: () => ({ body: "会办意见" }) },
  {
    type: "WAIVE_OPINION",
    state: "handling",
    who: "sup",
    valid: () => ({ departmentId: ids().co, reason: R }),
    special: () => ({ departmentId: idLike() }),
  },
  {
    type: "REQUEST_EXTENSION",
    state: "handling",
    who: "lead_h",
    valid: () => ({ until: "2026-07-31", reason: R }),
    special: () => ({ until: dateLike }),
  },
  { type: "APPROVE_EXTENSION", state: "extension", who: "sup", valid: () => ({ note: "同意" }) },
  { type: "DENY_EXTENSION", state: "extension", who: "sup", valid: () => ({ reason: R }) },
  {
    type: "SUBMIT_REPLY",
    state: "ready",
    who: "lead_h",
    valid: () => ({
      classification: "B",
      body: "答复正文",
      contactName: "周明",
      contactPhone: "020-84600000",
      commitments: [{ text: "年底前完成", dueDate: "2026-12-31" }],
    }),
    special: () => ({
      classification: near("A", "B", "C", "D"),
      contactPhone: fc.oneof(oddText, fc.constantFrom("1234", "+86 (20) 8460-0000", "０２０")),
      commitments: fc.array(mutated({ text: "承诺", dueDate: "2026-12-31" }, [], { dueDate: dateLike }), {
        maxLength: 25,
      }),
    }),
  },
  { type: "APPROVE_REPLY", state: "reply_review", who: "lead_head", valid: () => ({ note: "签发" }) },
  { type: "RETURN_REPLY", state: "reply_review", who: "lead_head", valid: () => ({ reason: R }) },
  {
    type: "EVALUATE",
    state: "replied",
    who: "author",
    valid: () => ({ attitude: "satisfied", result: "basically_satisfied", comment: "感谢" }),
    special: () => ({
      attitude: near("satisfied", "basically_satisfied", "unsatisfied"),
      result: near("satisfied", "basically_satisfied", "unsatisfied"),
    }),
  },
  { type: "FLAG_KEY", state: "handling", who: "sup", valid: () => ({ isKey: true }) },
  { type: "REMIND", state: "handling", who: "sup", valid: () => ({ message: "请抓紧办理" }) },
  {
    type: "SUPERVISE",
    state: "handling",
    who: "sup",
    valid: () => ({ message: "督办", respondBy: "2026-03-10" }),
    special: () => ({ respondBy: dateLike }),
  },
  // The sweeper's own event: refused to every person, whatever the payload.
  { type: "EXPIRE_EVALUATION", state: "replied", who: "sup", valid: () => ({}) },
];

const requestEvents: EventTarget[] = [
  {
    type: "ACCEPT",
    state: "submitted",
    who: "sup",
    valid: () => ({ category: "help", theme: "产融对接", priority: "normal" }),
    special: () => ({
      category: near("consult", "help", "suggestion", "complaint"),
      priority: near("normal", "urgent"),
    }),
  },
  { type: "REJECT", state: "submitted", who: "sup", valid: () => ({ reason: R }) },
  {
    type: "MERGE",
    state: "submitted",
    who: "sup",
    valid: () => ({ intoCaseId: mergeInto.enterprise_request }),
    special: () => ({ intoCaseId: idLike() }),
  },
  {
    type: "ASSIGN",
    state: "accepted",
    who: "sup",
    valid: () => ({ leadDepartmentId: ids().lead, note: "交办" }),
    special: () => ({ leadDepartmentId: idLike() }),
  },
  { type: "SIGN", state: "assigned", who: "lead_h", valid: () => ({}) },
  {
    type: "RETURN",
    state: "assigned",
    who: "lead_head",
    valid: () => ({ reasonCode: "not_our_remit", suggestedDepartmentId: ids().co, note: "不属本单位职责" }),
    special: () => ({
      reasonCode: near("not_our_remit", "insufficient_information", "duplicate", "other"),
      suggestedDepartmentId: idLike(),
    }),
  },
  { type: "REQUEST_INFO", state: "handling", who: "lead_h", valid: () => ({ question: "请补充材料" }) },
  { type: "PROVIDE_INFO", state: "awaiting", who: "ent", valid: () => ({ answer: "已补充" }) },
  {
    type: "REQUEST_EXTENSION",
    state: "handling",
    who: "lead_h",
    valid: () => ({ until: "2026-04-03", reason: R }),
    special: () => ({ until: dateLike }),
  },
  { type: "APPROVE_EXTENSION", state: "extension", who: "sup", valid: () => ({ note: "同意" }) },
  { type: "DENY_EXTENSION", state: "extension", who: "sup", valid: () => ({ reason: R }) },
  {
    type: "SUBMIT_REPLY",
    state: "handling",
    who: "lead_h",
    valid: () => ({ resolution: "resolved", body: "已解决" }),
    special: () => ({ resolution: near("resolved", "partially_resolved", "explained", "unresolvable") }),
  },
  { type: "APPROVE_REPLY", state: "reply_review", who: "lead_head", valid: () => ({ note: "签发" }) },
  { type: "RETURN_REPLY", state: "reply_review", who: "lead_head", valid: () => ({ reason: R }) },
  {
    type: "FEEDBACK",
    state: "replied",
    who: "ent",
    valid: () => ({ rating: "satisfied", comment: "感谢" }),
    special: () => ({ rating: near("satisfied", "basically_satisfied", "unsatisfied") }),
  },
  {
    type: "RECORD_VISIT",
    state: "replied",
    who: "sup",
    valid: () => ({ date: "2026-03-02", method: "visit", rating: "satisfied", note: "回访" }),
    special: () => ({
      date: dateLike,
      method: near("phone", "visit", "meeting", "online"),
      rating: near("satisfied", "basically_satisfied", "unsatisfied"),
    }),
  },
  { type: "CLOSE", state: "last_round", who: "sup", valid: () => ({ reason: R }) },
  { type: "FLAG_KEY", state: "handling", who: "sup", valid: () => ({ isKey: true }) },
  { type: "REMIND", state: "handling", who: "sup", valid: () => ({ message: "请抓紧办理" }) },
  {
    type: "SUPERVISE",
    state: "handling",
    who: "sup",
    valid: () => ({ message: "督办", respondBy: "2026-03-10" }),
    special: () => ({ respondBy: dateLike }),
  },
  { type: "EXPIRE_FEEDBACK", state: "replied", who: "sup", valid: () => ({}) },
];

function schemaKeys(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

function eventBodies(t: EventTarget, schema: unknown): fc.Arbitrary<Shipment> {
  const valid = t.valid();
  const special = t.special?.() ?? {};
  const payload = mutated(valid, schemaKeys(schema), special).map((p) => ({ ...p, type: t.type }));
  // Most payloads carry a field the schema does not know besides, so that most are refused and
  // the case stays where the event is allowed (an accepted one costs building the next case).
  const spoiled = fc
    .tuple(
      payload,
      fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), anyValue, { minKeys: 1, maxKeys: 2 }),
    )
    .map(([p, extra]) => ({ ...extra, ...p }));
  const whole = mutated({ type: t.type, ...valid }, ["type", "expectedVersion"], {
    ...special,
    type: fc.oneof(near(t.type), fc.constantFrom("EXPLODE", "toString", "__proto__", "constructor")),
    expectedVersion: fc.oneof(oddNumber, anyValue),
  });
  return shipments(
    fc.oneof(
      { weight: 3, arbitrary: payload },
      { weight: 4, arbitrary: spoiled },
      { weight: 1, arbitrary: whole },
    ),
  );
}

describe.each([
  ["proposal", proposalEvents, proposalEventSchemas as Record<string, unknown>],
  ["enterprise_request", requestEvents, enterpriseEventSchemas as Record<string, unknown>],
] as const)("events of a %s, each in a state where it is allowed", (kind, targets, schemas) => {
  it("covers every event type of the machine", () => {
    expect(targets.map((t) => t.type).sort()).toEqual(Object.keys(schemas).sort());
  });

  it.each(targets.map((t) => [t.type, t] as const))(
    "%s",
    async (_type, t) => {
      let caseId: number | null = null;
      const fresh = async () => {
        caseId = await buildCase(org, kind, t.state);
        if (!t.type.startsWith("EXPIRE_")) {
          const r = await app.call("GET", `/api/v1/cases/${caseId}`, { token: org.tokens[t.who] });
          expect(r.body.allowedEvents, `${t.type} by ${t.who} in ${t.state}`).toContain(t.type);
        }
        return caseId;
      };
      await run(`${kind} ${t.type}`, eventBodies(t, schemas[t.type]), async (s) => {
        const id = caseId ?? (await fresh());
        const a = await probe("POST", `/api/v1/cases/${id}/events`, t.who, s);
        // Accepted: keep the case while the event is still allowed, else build the next one.
        if (a.status < 300 && !(a.body?.allowedEvents ?? []).includes(t.type)) caseId = null;
      });
    },
    600_000,
  );
});

// ---------------------------------------------------------------- endpoints

describe("endpoints that take input", () => {
  it("POST /api/v1/auth/token", async () => {
    const body = mutated({ username: "author", password: PW }, ["username", "password"], {
      username: fc.constantFrom("author", "AUTHOR", " author", "admin", "nobody"),
    });
    await run("POST /api/v1/auth/token", shipments(body), (s) =>
      probe("POST", "/api/v1/auth/token", null, s, { countedWrites: true }),
    );
  }, 600_000);

  it("POST /api/v1/cases (a delegate's proposal)", async () => {
    const body = mutated(
      {
        kind: "proposal",
        title: "关于完善社区养老服务的建议",
        body: "建议增加社区食堂。",
        measures: "措施",
        cosignerIds: [],
      },
      [],
      { kind: near("proposal", "enterprise_request"), cosignerIds: fc.array(idLike(), { maxLength: 60 }) },
    );
    await run("POST /api/v1/cases proposal", shipments(body), (s) =>
      probe("POST", "/api/v1/cases", "author", s),
    );
  }, 600_000);

  it("POST /api/v1/cases (an enterprise's request)", async () => {
    const body = mutated(
      {
        kind: "enterprise_request",
        title: "关于协调贷款续贷的诉求",
        body: "恳请协调续贷。",
        category: "help",
        theme: "产融对接",
        priority: "urgent",
      },
      ["enterpriseId", "channel"],
      {
        kind: near("proposal", "enterprise_request"),
        category: near("consult", "help", "suggestion", "complaint"),
        enterpriseId: idLike(),
      },
    );
    await run("POST /api/v1/cases enterprise", shipments(body), (s) =>
      probe("POST", "/api/v1/cases", "ent", s),
    );
  }, 600_000);

  it("POST /api/v1/cases (staff filing for an enterprise)", async () => {
    const body = mutated(
      {
        kind: "enterprise_request",
        title: "走访中企业反映的用工问题",
        body: "企业反映技术工人招聘难。",
        category: "help",
        enterpriseId: ids().enterprise,
        channel: "hotline",
      },
      [],
      { enterpriseId: idLike(), channel: near("online", "visit", "hotline", "letter", "forum") },
    );
    await run("POST /api/v1/cases staff", shipments(body), (s) => probe("POST", "/api/v1/cases", "sup", s));
  }, 600_000);

  const get = (path: string, who: Who | null) => (qs: string) =>
    probe("GET", path + qs, who, { lang: qs.length % 3 === 0 ? "en" : "zh-CN" });

  it("GET /api/v1/cases", async () => {
    const qs = queries({ kind: "proposal", state: "handling", q: "养老", page: "1", pageSize: "20" }, [
      "category",
      "departmentId",
      "overdue",
      "isKey",
    ]);
    await run("GET /api/v1/cases", qs, get("/api/v1/cases", "sup"));
  }, 600_000);

  it("GET /api/v1/supervision/overdue", async () => {
    const qs = queries(
      { asOf: "2026-06-01", kind: "proposal", page: "1", pageSize: "20" },
      ["departmentId", "category"],
      {
        asOf: dateLike,
      },
    );
    await run("GET /api/v1/supervision/overdue", qs, get("/api/v1/supervision/overdue", "sup"));
  }, 600_000);

  it("GET /api/v1/stats", async () => {
    const qs = queries({ from: "2026-01-01", to: "2026-03-31", kind: "proposal" }, ["format"], {
      from: dateLike,
      to: dateLike,
      format: fc.constantFrom("json", "csv", "xlsx", "pdf", "JSON", ""),
    });
    await run("GET /api/v1/stats", qs, get("/api/v1/stats", "sup"));
  }, 600_000);

  it("GET /api/v1/calendar/add", async () => {
    const qs = queries({ start: "2026-09-30", workingDays: "5" }, ["months"], { start: dateLike });
    await run("GET /api/v1/calendar/add", qs, get("/api/v1/calendar/add", null));
  }, 600_000);

  it("POST /api/v1/admin/departments", async () => {
    const body = mutated({ name: "区商务局", shortName: "商务局", email: "swj@example.gov.cn" });
    await run("POST /api/v1/admin/departments", shipments(body), (s) =>
      probe("POST", "/api/v1/admin/departments", "admin", s),
    );
  }, 600_000);

  it("POST /api/v1/admin/users", async () => {
    const body = mutated(
      {
        username: "fuzz_user",
        password: "Fuzz-pass-2026",
        displayName: "测试用户",
        role: "handler",
        departmentId: ids().lead,
        email: "fuzz@example.gov.cn",
      },
      ["enterpriseId"],
      {
        role: near("delegate", "enterprise", "handler", "dept_head", "supervisor", "admin"),
        departmentId: idLike(),
        enterpriseId: idLike(),
      },
    );
    await run("POST /api/v1/admin/users", shipments(body), (s) =>
      probe("POST", "/api/v1/admin/users", "admin", s),
    );
  }, 600_000);

  it("POST /api/v1/admin/enterprises", async () => {
    const body = mutated(
      {
        name: "常州新瑞电子科技有限公司",
        uscc: "91320411MA1Y000018",
        region: "新北区",
        industry: "电子元件",
        size: "small",
        contactName: "周建平",
        contactPhone: "0519-8888 1234",
      },
      ["usccOverride", "overrideReason"],
      {
        uscc: fc.oneof(
          oddText,
          fc.constantFrom("914403001922038216", "914403001922038217", "9144030019220382I6"),
        ),
        size: near("micro", "small", "medium", "large"),
        usccOverride: fc.oneof(fc.boolean(), anyValue),
      },
    );
    await run("POST /api/v1/admin/enterprises", shipments(body), (s) =>
      probe("POST", "/api/v1/admin/enterprises", "admin", s),
    );
  }, 600_000);

  // Last: these change the calendar that the fixtures above count working days with.
  it("PUT /api/v1/calendar/:date", async () => {
    const arb = fc.tuple(
      fc.oneof(dateLike, oddText),
      shipments(
        mutated({ kind: "holiday", name: "地方假日" }, [], { kind: near("holiday", "workday", "normal") }),
      ),
    );
    await run("PUT /api/v1/calendar/:date", arb, ([date, s]) =>
      probe("PUT", `/api/v1/calendar/${segment(date)}`, "admin", s),
    );
  }, 600_000);

  it("POST /api/v1/calendar/import", async () => {
    const day = mutated({ date: "2027-10-01", kind: "holiday", name: "国庆节" }, [], {
      date: dateLike,
      kind: near("holiday", "workday"),
    });
    const schedule = mutated({ year: 2027, source: "国务院办公厅通知", days: [] }, [], {
      year: fc.oneof(fc.integer({ min: 1900, max: 2200 }), oddNumber, oddText),
      days: fc.array(day, { maxLength: 30 }),
    });
    const arb = fc.tuple(
      fc.constantFrom("", "?dryRun=1", "?dryRun=true", "?source=%E9%80%9A%E7%9F%A5"),
      shipments(schedule),
    );
    await run("POST /api/v1/calendar/import", arb, ([qs, s]) =>
      probe("POST", `/api/v1/calendar/import${qs}`, "admin", s),
    );
  }, 600_000);
});

describe("after the fuzzing", () => {
  it("every case's history chain is intact", async () => {
    const db = openDb(app.databaseUrl);
    try {
      const report = await verifyChains(db.kysely);
      expect(report.broken).toEqual([]);
      expect(report.cases).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});
