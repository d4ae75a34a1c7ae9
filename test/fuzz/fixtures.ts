import { usccCheckChar } from "../../workflows/uscc";
import { ADMIN, type InProcessApp } from "./harness";

/**
 * A small organisation and cases in every state an event can be sent in, built through the API
 * of the in-process app. `caseFor(target)` answers a case on which the target's event is allowed
 * for its actor now, building a fresh one when an accepted payload moved the last one on.
 */
export const PW = "Fuzz-pass-2026";
/** A Monday in term, clear of holidays, so every window is open. */
export const NOW = "2026-03-02T02:00:00Z";

export type Who =
  | "admin"
  | "author"
  | "sup"
  | "lead_h"
  | "lead_head"
  | "co_h"
  | "co_head"
  | "ent"
  | "other_ent";

export interface Org {
  app: InProcessApp;
  tokens: Record<Who, string>;
  ids: {
    lead: number;
    co: number;
    other: number;
    enterprise: number;
    otherEnterprise: number;
    users: number[];
  };
}

const code = (body17: string) => body17 + usccCheckChar(body17);

async function ok(what: string, p: Promise<{ status: number; body: any }>) {
  const r = await p;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function setupOrg(app: InProcessApp): Promise<Org> {
  await ok("clock", app.call("POST", "/api/v1/test/clock", { json: { now: NOW } }));
  const login = async (username: string, password: string) =>
    (await ok(`login ${username}`, app.call("POST", "/api/v1/auth/token", { json: { username, password } })))
      .token as string;
  const admin = await login(ADMIN.username, ADMIN.password);
  const post = (p: string, json: unknown) => ok(p, app.call("POST", p, { token: admin, json }));
  const lead = (await post("/api/v1/admin/departments", { name: "区发展和改革局" })).id;
  const co = (await post("/api/v1/admin/departments", { name: "区规划和自然资源分局" })).id;
  const other = (await post("/api/v1/admin/departments", { name: "区教育局" })).id;
  const enterprise = (
    await post("/api/v1/admin/enterprises", {
      name: "常州精工机械制造有限公司",
      uscc: code("91320411MA1XK2P3L"),
    })
  ).id;
  const otherEnterprise = (
    await post("/api/v1/admin/enterprises", {
      name: "常州华科新材料有限公司",
      uscc: code("91320412MA27Q8R5N"),
    })
  ).id;
  const people: Array<[Who, string, number | null, number | null]> = [
    ["author", "delegate", null, null],
    ["sup", "supervisor", null, null],
    ["lead_h", "handler", lead, null],
    ["lead_head", "dept_head", lead, null],
    ["co_h", "handler", co, null],
    ["co_head", "dept_head", co, null],
    ["ent", "enterprise", null, enterprise],
    ["other_ent", "enterprise", null, otherEnterprise],
  ];
  const tokens = { admin } as Record<Who, string>;
  const users: number[] = [];
  for (const [username, role, departmentId, enterpriseId] of people) {
    const u = await post("/api/v1/admin/users", {
      username,
      password: PW,
      displayName: username,
      role,
      departmentId,
      enterpriseId,
      email: `${username}@example.gov.cn`,
    });
    users.push(u.id);
    tokens[username] = await login(username, PW);
  }
  return { app, tokens, ids: { lead, co, other, enterprise, otherEnterprise, users } };
}

type Step = [Who, Record<string, unknown>];

/** The way to each state: the steps after creation, with who sends them. */
export function proposalPath(org: Org, state: string): Step[] {
  const { lead, co } = org.ids;
  const paths: Record<string, Step[]> = {
    draft: [],
    submitted: [["author", { type: "SUBMIT" }]],
    accepted: [["sup", { type: "ACCEPT" }]],
    assigned: [["sup", { type: "ASSIGN", leadDepartmentId: lead, coDepartmentIds: [co] }]],
    objected: [["co_head", { type: "OBJECT", reason: "不属于本单位职责" }]],
    handling: [
      ["lead_h", { type: "SIGN" }],
      ["co_h", { type: "SIGN" }],
    ],
    extension: [["lead_h", { type: "REQUEST_EXTENSION", until: "2026-07-31", reason: "需跨年度统筹资金" }]],
    ready: [
      ["co_h", { type: "SUBMIT_OPINION", body: "已纳入年度规划。" }],
      ["lead_h", { type: "RECORD_CONTACT", date: "2026-03-02", method: "phone", summary: "电话沟通" }],
    ],
    reply_review: [
      [
        "lead_h",
        {
          type: "SUBMIT_REPLY",
          classification: "B",
          body: "答复正文",
          contactName: "周明",
          contactPhone: "020-84600000",
        },
      ],
    ],
    replied: [["lead_head", { type: "APPROVE_REPLY" }]],
  };
  const order: Record<string, string[]> = {
    draft: [],
    submitted: ["submitted"],
    accepted: ["submitted", "accepted"],
    assigned: ["submitted", "accepted", "assigned"],
    objected: ["submitted", "accepted", "assigned", "objected"],
    handling: ["submitted", "accepted", "assigned", "handling"],
    extension: ["submitted", "accepted", "assigned", "handling", "extension"],
    ready: ["submitted", "accepted", "assigned", "handling", "ready"],
    reply_review: ["submitted", "accepted", "assigned", "handling", "ready", "reply_review"],
    replied: ["submitted", "accepted", "assigned", "handling", "ready", "reply_review", "replied"],
  };
  const names = order[state];
  if (!names) throw new Error(`no proposal path to ${state}`);
  return names.flatMap((n) => paths[n]);
}

export function requestPath(org: Org, state: string): Step[] {
  const { lead } = org.ids;
  const reply: Step[] = [
    ["lead_h", { type: "SUBMIT_REPLY", resolution: "partially_resolved", body: "已协调受理。" }],
    ["lead_head", { type: "APPROVE_REPLY" }],
  ];
  const steps: Record<string, Step[]> = {
    submitted: [],
    accepted: [["sup", { type: "ACCEPT", category: "help" }]],
    assigned: [["sup", { type: "ASSIGN", leadDepartmentId: lead }]],
    handling: [["lead_h", { type: "SIGN" }]],
    awaiting: [["lead_h", { type: "REQUEST_INFO", question: "请补充材料。" }]],
    extension: [["lead_h", { type: "REQUEST_EXTENSION", until: "2026-04-03", reason: "需协调银行" }]],
    reply_review: [reply[0]],
    replied: [reply[1]],
    last_round: [
      ["ent", { type: "FEEDBACK", rating: "unsatisfied" }],
      ...reply,
      ["ent", { type: "FEEDBACK", rating: "unsatisfied" }],
    ],
  };
  const order: Record<string, string[]> = {
    submitted: [],
    accepted: ["accepted"],
    assigned: ["accepted", "assigned"],
    handling: ["accepted", "assigned", "handling"],
    awaiting: ["accepted", "assigned", "handling", "awaiting"],
    extension: ["accepted", "assigned", "handling", "extension"],
    reply_review: ["accepted", "assigned", "handling", "reply_review"],
    replied: ["accepted", "assigned", "handling", "reply_review", "replied"],
    last_round: ["accepted", "assigned", "handling", "reply_review", "replied", "last_round"],
  };
  const names = order[state];
  if (!names) throw new Error(`no request path to ${state}`);
  return names.flatMap((n) => steps[n]);
}

/** Creates a case of the kind and walks it to the state; answers its id. */
export async function buildCase(
  org: Org,
  kind: "proposal" | "enterprise_request",
  state: string,
): Promise<number> {
  const { app, tokens } = org;
  const created =
    kind === "proposal"
      ? await ok(
          "create proposal",
          app.call("POST", "/api/v1/cases", {
            token: tokens.author,
            json: { kind, title: "关于完善社区养老服务的建议", body: "建议增加社区食堂。" },
          }),
        )
      : await ok(
          "create request",
          app.call("POST", "/api/v1/cases", {
            token: tokens.ent,
            json: { kind, title: "关于协调贷款续贷的诉求", body: "恳请协调续贷。", category: "help" },
          }),
        );
  const steps = kind === "proposal" ? proposalPath(org, state) : requestPath(org, state);
  for (const [who, event] of steps)
    await ok(
      `${kind} → ${state}: ${who} ${event.type}`,
      app.call("POST", `/api/v1/cases/${created.id}/events`, { token: tokens[who], json: event }),
    );
  return created.id;
}

/** The events (with who sends them) this caller may send on the case now. */
export async function allowedNow(org: Org, who: Who, caseId: number): Promise<string[]> {
  const r = await org.app.call("GET", `/api/v1/cases/${caseId}`, { token: org.tokens[who] });
  return r.status === 200 ? (r.body.allowedEvents as string[]) : [];
}
