import { type Kysely, PostgresAdapter, type RawBuilder, sql } from "kysely";
import { type CaseFilter, filteredCases, LIST_COLUMNS, type Viewer } from "./cases";
import type { Database } from "./schema";
import {
  duplicateScore,
  highlightStrings,
  indexText,
  type ParsedQuery,
  parseQuery,
  type QueryTerm,
  type SnippetPart,
  snippet,
  snippetHtml,
} from "./search-text";

type Q = Kysely<Database>;

/**
 * Full-text search over cases (title, text, measures and released replies) and the similar-case
 * hints built on it. The tokens come from `search-text.ts` (CJK bigrams + unigrams, Latin words);
 * this module stores and queries them: SQLite FTS5 (bm25) or PostgreSQL tsvector (ts_rank_cd).
 * What a viewer may see is always decided by `visibleTo` (db/cases.ts); on SQLite the index also
 * carries who may see each case as private tokens, so a unit's or an enterprise's search reads only
 * its own part of the index instead of every match in a million cases.
 */

const isPostgres = (db: Q) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Access tokens start with a private-use character: the FTS5 tokenizer keeps it as part of the
 * token, and no query can produce it (the query tokenizer keeps letters, digits and CJK only).
 */
const ACCESS = "\uE000";
const access = {
  author: (userId: number) => `${ACCESS}a${userId}`,
  cosigner: (userId: number) => `${ACCESS}c${userId}`,
  enterprise: (enterpriseId: number) => `${ACCESS}e${enterpriseId}`,
  unit: (departmentId: number) => `${ACCESS}d${departmentId}`,
};

/** Reply statuses whose text is part of the index: released replies only, never drafts under review. */
const INDEXED_REPLY = "approved";

/** (Re)writes one case's row of the index from its current title, text, released replies and parties. */
export async function indexCase(db: Q, caseId: number): Promise<void> {
  const row = await db
    .selectFrom("cases")
    .select(["id", "title", "body", "measures", "state", "author_id", "enterprise_id"])
    .where("id", "=", caseId)
    .executeTakeFirst();
  if (!row) return;
  const [replies, cosigners, units] = await Promise.all([
    db
      .selectFrom("replies")
      .select("body")
      .where("case_id", "=", caseId)
      .where("status", "=", INDEXED_REPLY)
      .orderBy("id")
      .execute(),
    db.selectFrom("case_cosigners").select("user_id").where("case_id", "=", caseId).execute(),
    db.selectFrom("case_assignments").select("department_id").where("case_id", "=", caseId).execute(),
  ]);
  const words = indexText([row.title, row.body, row.measures, ...replies.map((r) => r.body)]);
  if (isPostgres(db)) {
    await sql`INSERT INTO case_search (case_id, tokens) VALUES (${caseId}, to_tsvector('simple', ${words}))
      ON CONFLICT (case_id) DO UPDATE SET tokens = excluded.tokens`.execute(db);
    return;
  }
  const tokens = [
    access.author(row.author_id),
    ...cosigners.map((c) => access.cosigner(c.user_id)),
    // Drafts are their author's alone.
    ...(row.enterprise_id !== null && row.state !== "draft" ? [access.enterprise(row.enterprise_id)] : []),
    ...new Set(units.map((u) => access.unit(u.department_id))),
  ];
  await sql`DELETE FROM case_search WHERE rowid = ${caseId}`.execute(db);
  await sql`INSERT INTO case_search (rowid, tokens) VALUES (${caseId}, ${`${words} ${tokens.join(" ")}`})`.execute(
    db,
  );
}

/**
 * Indexes every case again (after the migration that creates the index, or after the tokenizer
 * changes), in batches of `batch` cases per transaction. Answers how many cases were indexed.
 */
export async function rebuildSearchIndex(db: Q, opts: { batch?: number } = {}): Promise<number> {
  const batch = opts.batch ?? 500;
  let after = 0;
  let n = 0;
  for (;;) {
    const ids = await db
      .selectFrom("cases")
      .select("id")
      .where("id", ">", after)
      .orderBy("id")
      .limit(batch)
      .execute();
    if (!ids.length) return n;
    await db.transaction().execute(async (trx) => {
      for (const { id } of ids) await indexCase(trx, id);
    });
    n += ids.length;
    after = ids[ids.length - 1].id;
  }
}

// ---------------------------------------------------------------------------------------------
// Query expressions

const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;

function ftsTerm(t: QueryTerm): string {
  if (t.kind === "phrase") return quote(t.tokens.join(" "));
  if (t.kind === "char") return quote(t.token);
  return t.prefix ? `${quote(t.token)}*` : quote(t.token);
}

/** FTS5: every term (AND); several CJK words also match, and rank higher, written together. */
function ftsMatch(p: ParsedQuery): string {
  const all = p.terms.map(ftsTerm).join(" AND ");
  return p.together ? `(${quote(p.together.join(" "))}) OR (${all})` : all;
}

/** FTS5: the access tokens of a viewer who sees only part of the cases; null for everything. */
function ftsAccess(v: Viewer): string | null | false {
  switch (v.role) {
    case "supervisor":
      return null;
    case "delegate":
      return `(${quote(access.author(v.userId))} OR ${quote(access.cosigner(v.userId))})`;
    case "enterprise":
      return v.enterpriseId !== null
        ? `(${quote(access.author(v.userId))} OR ${quote(access.enterprise(v.enterpriseId))})`
        : quote(access.author(v.userId));
    case "handler":
    case "dept_head":
      return v.departmentId !== null ? quote(access.unit(v.departmentId)) : false;
    default:
      return false;
  }
}

const tsLexeme = (token: string) => `'${token.replace(/'/g, "''")}'`;
function tsTerm(t: QueryTerm): string {
  if (t.kind === "phrase") return `(${t.tokens.map(tsLexeme).join(" <-> ")})`;
  if (t.kind === "char") return tsLexeme(t.token);
  return t.prefix ? `${tsLexeme(t.token)}:*` : tsLexeme(t.token);
}

/** PostgreSQL tsquery text, the same expression as ftsMatch. */
function tsQuery(p: ParsedQuery): string {
  const all = p.terms.map(tsTerm).join(" & ");
  return p.together ? `(${p.together.map(tsLexeme).join(" <-> ")}) | (${all})` : all;
}

/**
 * The matching cases as a derived table `m(id, score)`, lower score = better on both databases.
 * `restrict` (SQLite only) is an extra FTS5 expression ANDed in (access tokens).
 */
function matches(db: Q, p: ParsedQuery, restrict: string | null): RawBuilder<{ id: number; score: number }> {
  if (isPostgres(db))
    return sql<{ id: number; score: number }>`(SELECT s.case_id AS id, -ts_rank_cd(s.tokens, tq.q, 1) AS score
      FROM case_search s, to_tsquery('simple', ${tsQuery(p)}) AS tq(q) WHERE s.tokens @@ tq.q)`;
  const expr = restrict ? `(${ftsMatch(p)}) AND ${restrict}` : ftsMatch(p);
  return sql<{ id: number; score: number }>`(SELECT rowid AS id, bm25(case_search) AS score
    FROM case_search WHERE case_search MATCH ${expr})`;
}

// ---------------------------------------------------------------------------------------------
// Search

export type SearchFilter = Omit<CaseFilter, "q">;

/**
 * The cases a viewer may see that contain the words of `query`, best match first, a page at a
 * time: the rows of `listVisibleCases` plus the passage where the words occur, as parts
 * (`snippetParts`, for rendering) and as HTML (`snippet`: escaped, hits in <mark>).
 */
export async function searchCases(db: Q, v: Viewer, query: string, f: SearchFilter) {
  const parsed = parseQuery(query);
  const restrict = isPostgres(db) ? null : ftsAccess(v);
  if (!parsed.terms.length || restrict === false) return { items: [], total: 0 };
  const base = filteredCases(db, v, f).innerJoin(matches(db, parsed, restrict).as("m"), (j) =>
    j.onRef("m.id", "=", "cases.id"),
  );
  const [rows, total] = await Promise.all([
    base
      .leftJoin("departments as lead", "lead.id", "cases.lead_department_id")
      .leftJoin("users as author", "author.id", "cases.author_id")
      .select(LIST_COLUMNS)
      .select("m.score")
      .orderBy("m.score")
      .orderBy("cases.updated_at", "desc")
      .orderBy("cases.id", "desc")
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  const passages = await passagesOf(
    db,
    rows.map((r) => r.id),
    highlightStrings(parsed),
  );
  const items = rows.map(({ score, ...r }) => {
    const parts = passages.get(r.id) ?? null;
    return {
      ...r,
      score: Math.round(Math.abs(Number(score)) * 1000) / 1000,
      snippetParts: parts,
      snippet: parts ? snippetHtml(parts) : null,
    };
  });
  return { items, total: Number(total.n) };
}

/** For each case, the passage of its text, measures, released replies or title where the words occur. */
async function passagesOf(db: Q, ids: number[], strings: string[]) {
  const out = new Map<number, SnippetPart[]>();
  if (!ids.length) return out;
  const [cases, replies] = await Promise.all([
    db.selectFrom("cases").select(["id", "title", "body", "measures"]).where("id", "in", ids).execute(),
    db
      .selectFrom("replies")
      .select(["case_id", "body"])
      .where("case_id", "in", ids)
      .where("status", "=", INDEXED_REPLY)
      .orderBy("id", "desc")
      .execute(),
  ]);
  for (const c of cases) {
    const texts = [
      c.body,
      c.measures ?? "",
      ...replies.filter((r) => r.case_id === c.id).map((r) => r.body),
      c.title,
    ];
    for (const text of texts) {
      const parts = snippet(text, strings);
      if (parts) {
        out.set(c.id, parts);
        break;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Similar cases

/** States of a case that cannot be merged into, nor be worth comparing with. */
const GONE = ["draft", "rejected", "merged", "withdrawn"];

/**
 * Two-character pieces so common in titles that they say nothing about the matter (关于…的建议);
 * left out of the index query only, still counted by the similarity score.
 */
const FORMULAIC = new Set([
  "关于",
  "问题",
  "建议",
  "提案",
  "的建",
  "的提",
  "的问",
  "题的",
  "议的",
  "我司",
  "申请",
  "请求",
]);

/** At most this many index terms are asked for (the title's first, then the text's). */
const MAX_SIMILAR_TERMS = 48;
/** How many best index matches are scored for likeness. */
const CANDIDATES = 60;

export interface SimilarQuery {
  title: string;
  body?: string | null;
  /** same enterprise first; with `onlyEnterprise`, nothing else */
  enterpriseId?: number | null;
  onlyEnterprise?: boolean;
  kind?: "proposal" | "enterprise_request";
  excludeCaseId?: number;
  limit?: number;
}

export interface SimilarCase {
  id: number;
  kind: string;
  number: number | null;
  session_label: string | null;
  title: string;
  state: string;
  category: string | null;
  enterprise_id: number | null;
  submitted_at: string | null;
  created_at: string;
  lead_department_id: number | null;
  lead_department_name: string | null;
  /** the same enterprise as the case compared with */
  sameEnterprise: boolean;
  /** how alike, 0 to 1 (duplicateScore: the share of two-character pieces in common) */
  score: number;
}

/** The pieces to look up in the index for a text, most telling first, at most MAX_SIMILAR_TERMS. */
function similarTerms(title: string, body?: string | null): QueryTerm[] {
  const seen = new Set<string>();
  const out: QueryTerm[] = [];
  // One term per bigram or word, so a case sharing any of them is a candidate (OR).
  for (const text of [title, (body ?? "").slice(0, 300)]) {
    for (const token of indexText([text]).split(" ")) {
      if (!token || seen.has(token) || FORMULAIC.has(token) || [...token].length < 2) continue;
      seen.add(token);
      out.push({ kind: "char", token, text: token });
      if (out.length >= MAX_SIMILAR_TERMS) return out;
    }
  }
  return out;
}

/**
 * Cases that look like the same matter as a title (and text): candidates from the index (any
 * shared two-character piece or word, best bm25/ts_rank first), then kept and ordered by one rule,
 * `duplicateScore`: same enterprise first, then the most alike. Rejected, merged, withdrawn and
 * draft cases never appear. This is the one similarity rule: the intake form's duplicate hints,
 * the merge candidates and the dispatch suggestions all come from here.
 */
export async function findSimilarCases(db: Q, p: SimilarQuery): Promise<SimilarCase[]> {
  const terms = similarTerms(p.title, p.body);
  if (!terms.length) return [];
  const pg = isPostgres(db);
  const orExpr = pg ? terms.map(tsTerm).join(" | ") : terms.map(ftsTerm).join(" OR ");
  const pool = async (enterpriseId: number | null) => {
    const m = pg
      ? sql<{ id: number; score: number }>`(SELECT s.case_id AS id, -ts_rank(s.tokens, tq.q) AS score
          FROM case_search s, to_tsquery('simple', ${orExpr}) AS tq(q) WHERE s.tokens @@ tq.q)`
      : sql<{ id: number; score: number }>`(SELECT rowid AS id, bm25(case_search) AS score
          FROM case_search WHERE case_search MATCH ${
            enterpriseId !== null ? `(${orExpr}) AND ${quote(access.enterprise(enterpriseId))}` : orExpr
          } ORDER BY rank LIMIT ${enterpriseId !== null ? 500 : CANDIDATES * 4})`;
    let q = db
      .selectFrom(m.as("m"))
      .innerJoin("cases", "cases.id", "m.id")
      .leftJoin("departments as lead", "lead.id", "cases.lead_department_id")
      .select([
        "cases.id",
        "cases.kind",
        "cases.number",
        "cases.session_label",
        "cases.title",
        "cases.body",
        "cases.state",
        "cases.category",
        "cases.enterprise_id",
        "cases.submitted_at",
        "cases.created_at",
        "cases.lead_department_id",
        "lead.name as lead_department_name",
      ])
      .where("cases.state", "not in", GONE)
      .orderBy("m.score")
      .orderBy("cases.id", "desc")
      .limit(enterpriseId !== null ? 200 : CANDIDATES);
    if (enterpriseId !== null) q = q.where("cases.enterprise_id", "=", enterpriseId);
    if (p.kind) q = q.where("cases.kind", "=", p.kind);
    if (p.excludeCaseId !== undefined) q = q.where("cases.id", "!=", p.excludeCaseId);
    return q.execute();
  };
  const enterpriseId = p.enterpriseId ?? null;
  const [own, general] = await Promise.all([
    enterpriseId !== null ? pool(enterpriseId) : Promise.resolve([]),
    p.onlyEnterprise ? Promise.resolve([]) : pool(null),
  ]);
  const byId = new Map<number, (typeof own)[number]>();
  for (const r of [...own, ...general]) byId.set(r.id, r);
  return [...byId.values()]
    .map(({ body, ...r }) => ({
      ...r,
      sameEnterprise: enterpriseId !== null && r.enterprise_id === enterpriseId,
      score: duplicateScore(p, { title: r.title, body }),
    }))
    .filter((r) => r.score > 0)
    .sort((a, b) => Number(b.sameEnterprise) - Number(a.sameEnterprise) || b.score - a.score || a.id - b.id)
    .slice(0, p.limit ?? 5)
    .map((r) => ({ ...r, score: Math.round(r.score * 100) / 100 }));
}

/** The earlier cases most like this one (merge candidates, 并案), same enterprise first. */
export async function similarCases(db: Q, caseId: number, opts: { limit?: number } = {}) {
  const c = await db
    .selectFrom("cases")
    .select(["id", "title", "body", "enterprise_id"])
    .where("id", "=", caseId)
    .executeTakeFirst();
  if (!c) return [];
  return findSimilarCases(db, {
    title: c.title,
    body: c.body,
    enterpriseId: c.enterprise_id,
    excludeCaseId: c.id,
    limit: opts.limit ?? 5,
  });
}

export interface SimilarUnit {
  departmentId: number;
  name: string;
  /** similar cases this unit led to a reply */
  count: number;
  caseIds: number[];
}

/** States in which a unit has answered a case: its handling is an example worth following. */
const ANSWERED = ["replied", "closed"];

/**
 * The units that led similar cases to a reply (交办建议), most such cases first: those cases' lead
 * assignments that were not returned or removed.
 */
export async function unitsForSimilar(
  db: Q,
  caseId: number,
  opts: { limit?: number; pool?: number } = {},
): Promise<SimilarUnit[]> {
  const similar = (await similarCases(db, caseId, { limit: opts.pool ?? 20 })).filter((s) =>
    ANSWERED.includes(s.state),
  );
  if (!similar.length) return [];
  const leads = await db
    .selectFrom("case_assignments as a")
    .innerJoin("departments as d", "d.id", "a.department_id")
    .select(["a.case_id", "a.department_id", "d.name"])
    .where(
      "a.case_id",
      "in",
      similar.map((s) => s.id),
    )
    .where("a.role", "=", "lead")
    .where("a.status", "not in", ["returned", "removed"])
    .execute();
  const out = new Map<number, SimilarUnit>();
  for (const l of leads) {
    const u = out.get(l.department_id) ?? {
      departmentId: l.department_id,
      name: l.name,
      count: 0,
      caseIds: [],
    };
    if (!u.caseIds.includes(l.case_id)) {
      u.caseIds.push(l.case_id);
      u.count++;
    }
    out.set(l.department_id, u);
  }
  return [...out.values()]
    .sort((a, b) => b.count - a.count || a.departmentId - b.departmentId)
    .slice(0, opts.limit ?? 5);
}
