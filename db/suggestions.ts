import type { Kysely } from "kysely";
import type { Database } from "./schema";
import { findSimilarCases, unitsForSimilar } from "./search";

type Q = Kysely<Database>;

/**
 * What the enterprise-request pages read beside the case itself: the request's own facts, the
 * units worth suggesting to the dispatcher (交办建议), and earlier requests of the same enterprise
 * that look like the same matter (疑似重复). Suggestions only: the engine decides what is allowed.
 * Portable Kysely only: the same SQL runs on SQLite and PostgreSQL.
 */

interface RequestContext {
  theme?: string | null;
  returns?: Array<{
    departmentId: number;
    reasonCode: string;
    suggestedDepartmentId: number | null;
    on: string;
  }>;
  pausedOn?: string | null;
  awaitingClose?: boolean;
}

/** An enterprise request's facts for its page header (企业, 类别, 主题, 渠道, 紧急程度) and its returns. */
export async function requestFacts(db: Q, caseId: number) {
  const row = await db
    .selectFrom("cases")
    .leftJoin("enterprises as ent", "ent.id", "cases.enterprise_id")
    .select([
      "cases.kind",
      "cases.enterprise_id",
      "cases.category",
      "cases.theme",
      "cases.channel",
      "cases.priority",
      "cases.snapshot",
      "ent.name as enterprise_name",
      "ent.uscc as enterprise_uscc",
    ])
    .where("cases.id", "=", caseId)
    .executeTakeFirst();
  if (row?.kind !== "enterprise_request") return null;
  const ctx = contextOf(row.snapshot);
  return {
    enterprise: row.enterprise_id
      ? { id: row.enterprise_id, name: row.enterprise_name ?? "", uscc: row.enterprise_uscc ?? "" }
      : null,
    category: row.category,
    // The theme named at intake lives in the machine until acceptance writes the column.
    theme: row.theme ?? themeOf(row.snapshot),
    channel: row.channel,
    priority: row.priority,
    returns: (ctx.returns ?? []).map((r) => ({
      departmentId: r.departmentId,
      reasonCode: r.reasonCode,
      suggestedDepartmentId: r.suggestedDepartmentId,
      on: r.on,
    })),
    pausedOn: ctx.pausedOn ?? null,
    awaitingClose: ctx.awaitingClose === true,
  };
}

export type RequestFacts = NonNullable<Awaited<ReturnType<typeof requestFacts>>>;

export interface UnitSuggestion {
  departmentId: number;
  /** requests of this enterprise the unit has handled (not returned) */
  sameEnterprise: number;
  /** requests of this theme the unit has handled (not returned) */
  sameTheme: number;
  /** the most similar earlier cases (by their text) the unit led to a reply */
  similarCases: number;
  /** a unit that returned this request named it as the right one */
  suggestedByReturn: boolean;
  /** the unit returned this very request before */
  returnedThis: boolean;
}

/**
 * Units to offer first when dispatching (交办): those that handled this enterprise's or this
 * theme's earlier requests, those that answered the most similar earlier cases (db/search.ts
 * `unitsForSimilar`, the same units the similar-cases panel shows), and the unit a returning unit
 * suggested. A unit that sent this request
 * back is never suggested again, only marked. Best first.
 */
export async function suggestedUnits(
  db: Q,
  p: {
    caseId: number;
    enterpriseId: number | null;
    theme: string | null;
    returns: ReadonlyArray<{ departmentId: number; suggestedDepartmentId: number | null }>;
  },
): Promise<UnitSuggestion[]> {
  const handled = (by: "enterprise" | "theme") => {
    let q = db
      .selectFrom("case_assignments as a")
      .innerJoin("cases as c", "c.id", "a.case_id")
      .select(["a.department_id", (eb) => eb.fn.count<number | string>("a.case_id").distinct().as("n")])
      .where("c.kind", "=", "enterprise_request")
      .where("c.id", "!=", p.caseId)
      .where("a.role", "=", "lead")
      .where("a.status", "not in", ["returned", "removed"]);
    q =
      by === "enterprise"
        ? q.where("c.enterprise_id", "=", p.enterpriseId ?? -1)
        : q.where("c.theme", "=", p.theme ?? "");
    return q.groupBy("a.department_id").execute();
  };
  const [byEnterprise, byTheme, bySimilar] = await Promise.all([
    p.enterpriseId ? handled("enterprise") : Promise.resolve([]),
    p.theme ? handled("theme") : Promise.resolve([]),
    unitsForSimilar(db, p.caseId),
  ]);
  const returnedBy = new Set(p.returns.map((r) => r.departmentId));
  const suggested = new Set(
    p.returns.map((r) => r.suggestedDepartmentId).filter((d): d is number => d !== null),
  );
  const out = new Map<number, UnitSuggestion>();
  const entry = (departmentId: number) => {
    let s = out.get(departmentId);
    if (!s) {
      s = {
        departmentId,
        sameEnterprise: 0,
        sameTheme: 0,
        similarCases: 0,
        suggestedByReturn: false,
        returnedThis: returnedBy.has(departmentId),
      };
      out.set(departmentId, s);
    }
    return s;
  };
  for (const r of byEnterprise) entry(r.department_id).sameEnterprise = Number(r.n);
  for (const r of byTheme) entry(r.department_id).sameTheme = Number(r.n);
  for (const u of bySimilar) entry(u.departmentId).similarCases = u.count;
  for (const d of suggested) entry(d).suggestedByReturn = true;
  for (const d of returnedBy) entry(d);
  const score = (s: UnitSuggestion) =>
    (s.suggestedByReturn ? 1000 : 0) + s.sameEnterprise * 10 + s.similarCases * 5 + s.sameTheme;
  return [...out.values()].sort((a, b) => {
    if (a.returnedThis !== b.returnedThis) return a.returnedThis ? 1 : -1;
    return score(b) - score(a) || a.departmentId - b.departmentId;
  });
}

// The similarity rule lives beside the tokenizer (db/search-text.ts); re-exported for callers here.
export { BODY_THRESHOLD, duplicateScore, TITLE_THRESHOLD, textSimilarity } from "./search-text";

/**
 * Earlier or parallel requests of the same enterprise that look like the same matter: the
 * duplicate hints at intake and the merge candidates at dispatch (并案). The same rule as every
 * similar-case hint (db/search.ts `findSimilarCases`), kept to the enterprise's own requests.
 */
export async function similarRequests(
  db: Q,
  p: { enterpriseId: number; title: string; body?: string | null; excludeCaseId?: number; limit?: number },
) {
  if (!p.title.trim() && !p.body?.trim()) return [];
  return findSimilarCases(db, {
    title: p.title,
    body: p.body,
    enterpriseId: p.enterpriseId,
    onlyEnterprise: true,
    kind: "enterprise_request",
    excludeCaseId: p.excludeCaseId,
    limit: p.limit ?? 5,
  });
}

/** The enterprises a supervisor can file a request for (代为录入), by name. */
export async function enterpriseChoices(db: Q) {
  return db
    .selectFrom("enterprises")
    .select(["id", "name", "uscc"])
    .orderBy("name")
    .orderBy("id")
    .limit(5000)
    .execute();
}

/**
 * For lists of requests: the enterprise, theme, channel and priority of each, and the latest
 * question put to the enterprise (补充材料), keyed by case id.
 */
export async function requestListFacts(db: Q, caseIds: number[]) {
  if (!caseIds.length) return new Map<number, RequestListFacts>();
  const rows = await db
    .selectFrom("cases")
    .leftJoin("enterprises as ent", "ent.id", "cases.enterprise_id")
    .select((eb) => [
      "cases.id",
      "cases.enterprise_id",
      "cases.category",
      "cases.theme",
      "cases.channel",
      "cases.priority",
      "cases.snapshot",
      "ent.name as enterprise_name",
      eb
        .selectFrom("case_events as e")
        .select("e.payload")
        .whereRef("e.case_id", "=", "cases.id")
        .where("e.type", "=", "REQUEST_INFO")
        .orderBy("e.seq", "desc")
        .limit(1)
        .as("question_payload"),
    ])
    .where("cases.kind", "=", "enterprise_request")
    .where("cases.id", "in", caseIds)
    .execute();
  const out = new Map<number, RequestListFacts>();
  for (const r of rows) {
    let question: string | null = null;
    try {
      const q = r.question_payload
        ? (JSON.parse(r.question_payload) as { question?: unknown }).question
        : null;
      question = typeof q === "string" ? q : null;
    } catch {
      question = null;
    }
    out.set(r.id, {
      enterpriseId: r.enterprise_id,
      enterpriseName: r.enterprise_name,
      category: r.category,
      theme: r.theme ?? themeOf(r.snapshot),
      channel: r.channel,
      priority: r.priority,
      question,
    });
  }
  return out;
}

function contextOf(snapshot: string): RequestContext {
  try {
    return (JSON.parse(snapshot) as { context?: RequestContext }).context ?? {};
  } catch {
    return {};
  }
}

/** The theme named at intake, from the machine's context (the column is written at acceptance). */
function themeOf(snapshot: string): string | null {
  const theme = contextOf(snapshot).theme;
  return typeof theme === "string" ? theme : null;
}

export interface RequestListFacts {
  enterpriseId: number | null;
  enterpriseName: string | null;
  category: string | null;
  theme: string | null;
  channel: string | null;
  priority: string | null;
  /** the latest question put to the enterprise, if any */
  question: string | null;
}
