import { type Kysely, PostgresAdapter, type SqlBool, sql } from "kysely";
import { type CaseFilter, filteredCases, LIST_COLUMNS, type Viewer } from "./cases";
import type { Case, Database } from "./schema";
import {
  duplicateScore,
  highlightStrings,
  indexText,
  type ParsedQuery,
  parseQuery,
  type QueryTerm,
  relevance,
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
  /** a draft: hidden from supervisors until it is submitted */
  draft: `${ACCESS}draft`,
};

/** Reply statuses whose text is part of the index: released replies only, never drafts under review. */
const INDEXED_REPLY = "approved";

interface IndexSource {
  id: number;
  title: string;
  body: string;
  measures: string | null;
  state: string;
  author_id: number;
  enterprise_id: number | null;
}

/** The facts the index holds about some cases, read in four queries whatever their number. */
async function indexSources(db: Q, where: { ids: number[] } | { from: number; to: number | null }) {
  const cond = (col: string) =>
    "ids" in where
      ? sql<SqlBool>`${sql.ref(col)} in (${sql.join(where.ids)})`
      : where.to === null
        ? sql<SqlBool>`${sql.ref(col)} >= ${where.from}`
        : sql<SqlBool>`${sql.ref(col)} between ${where.from} and ${where.to}`;
  const [cases, replies, cosigners, units] = await Promise.all([
    db
      .selectFrom("cases")
      .select(["id", "title", "body", "measures", "state", "author_id", "enterprise_id"])
      .where(cond("cases.id"))
      .execute(),
    db
      .selectFrom("replies")
      .select(["case_id", "body"])
      .where(cond("replies.case_id"))
      .where("status", "=", INDEXED_REPLY)
      .orderBy("id")
      .execute(),
    db
      .selectFrom("case_cosigners")
      .select(["case_id", "user_id"])
      .where(cond("case_cosigners.case_id"))
      .execute(),
    db
      .selectFrom("case_assignments")
      .select(["case_id", "department_id"])
      .where(cond("case_assignments.case_id"))
      .execute(),
  ]);
  const group = <R extends { case_id: number }>(rows: R[]) => {
    const m = new Map<number, R[]>();
    for (const r of rows) {
      const list = m.get(r.case_id);
      if (list) list.push(r);
      else m.set(r.case_id, [r]);
    }
    return m;
  };
  const r = group(replies);
  const c = group(cosigners);
  const u = group(units);
  return cases.map((row) => ({
    row,
    replies: (r.get(row.id) ?? []).map((x) => x.body),
    cosigners: (c.get(row.id) ?? []).map((x) => x.user_id),
    units: (u.get(row.id) ?? []).map((x) => x.department_id),
  }));
}

/** What the index stores for one case: its words, and on SQLite who may see it. */
function documentOf(
  pg: boolean,
  s: { row: IndexSource; replies: string[]; cosigners: number[]; units: number[] },
): string {
  const words = indexText([s.row.title, s.row.body, s.row.measures, ...s.replies]);
  if (pg) return words;
  const tokens = [
    access.author(s.row.author_id),
    ...s.cosigners.map(access.cosigner),
    // Drafts are their author's alone.
    ...(s.row.enterprise_id !== null && s.row.state !== "draft"
      ? [access.enterprise(s.row.enterprise_id)]
      : []),
    ...new Set(s.units.map(access.unit)),
    ...(s.row.state === "draft" ? [access.draft] : []),
  ];
  return `${words} ${tokens.join(" ")}`;
}

async function writeDocuments(db: Q, docs: Array<{ id: number; text: string }>, replace: boolean) {
  if (!docs.length) return;
  if (isPostgres(db)) {
    for (const d of docs)
      await sql`INSERT INTO case_search (case_id, tokens) VALUES (${d.id}, to_tsvector('simple', ${d.text}))
        ON CONFLICT (case_id) DO UPDATE SET tokens = excluded.tokens`.execute(db);
    return;
  }
  for (const d of docs) {
    if (replace) await sql`DELETE FROM case_search WHERE rowid = ${d.id}`.execute(db);
    await sql`INSERT INTO case_search (rowid, tokens) VALUES (${d.id}, ${d.text})`.execute(db);
  }
}

/**
 * (Re)writes one case's row of the index from its current title, text, released replies and
 * parties. The engine calls it in the transaction of every change to a case.
 */
export async function indexCase(db: Q, caseId: number): Promise<void> {
  const pg = isPostgres(db);
  const [s] = await indexSources(db, { ids: [caseId] });
  if (!s) return;
  await writeDocuments(db, [{ id: caseId, text: documentOf(pg, s) }], true);
}

/**
 * Whether an event may have changed what the index holds for a case, so the engine skips the
 * rewrite for the many events that change neither: the words (title, text, measures; a reply is
 * released with a change of state), the state (drafts, submission), the units assigned, or the
 * co-signers (edited with the draft).
 */
export function searchMayChange(
  before: Pick<Case, "title" | "body" | "measures" | "state">,
  after: Pick<Case, "title" | "body" | "measures" | "state">,
  eventType: string,
  unitsBefore: ReadonlyArray<{ departmentId: number }>,
  unitsAfter: ReadonlyArray<{ departmentId: number }>,
): boolean {
  if (eventType === "UPDATE_DRAFT") return true;
  if (before.state !== after.state || before.title !== after.title) return true;
  if (before.body !== after.body || before.measures !== after.measures) return true;
  const had = new Set(unitsBefore.map((u) => u.departmentId));
  return unitsAfter.some((u) => !had.has(u.departmentId));
}

/**
 * Indexes every case again, from scratch (after the migration that creates the index, after the
 * tokenizer changes, or after a bulk load that bypassed the engine), `batch` cases per
 * transaction. Answers how many cases were indexed.
 */
export async function rebuildSearchIndex(db: Q, opts: { batch?: number } = {}): Promise<number> {
  const batch = opts.batch ?? 2000;
  const pg = isPostgres(db);
  await sql`DELETE FROM case_search`.execute(db);
  let after = 0;
  let n = 0;
  for (;;) {
    const last = await db
      .selectFrom("cases")
      .select("id")
      .where("id", ">", after)
      .orderBy("id")
      .offset(batch - 1)
      .limit(1)
      .executeTakeFirst();
    const to = last?.id ?? null;
    const done = await db.transaction().execute(async (trx) => {
      const sources = await indexSources(trx, { from: after + 1, to });
      await writeDocuments(
        trx,
        sources.map((s) => ({ id: s.row.id, text: documentOf(pg, s) })),
        false,
      );
      return sources.length;
    });
    n += done;
    if (to === null) return n;
    after = to;
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

/** FTS5: every word of the query (AND). */
const ftsMatch = (p: ParsedQuery) => p.terms.map(ftsTerm).join(" AND ");

/**
 * FTS5: the query narrowed to what a viewer may see, by the access tokens; false when the viewer
 * sees no case at all. `visibleTo` still checks every row read: the tokens only make it fast.
 */
function ftsVisible(v: Viewer, expr: string): string | false {
  switch (v.role) {
    case "supervisor":
      return `(${expr}) NOT ${quote(access.draft)}`;
    case "delegate":
      return `(${expr}) AND (${quote(access.author(v.userId))} OR ${quote(access.cosigner(v.userId))})`;
    case "enterprise":
      return v.enterpriseId !== null
        ? `(${expr}) AND (${quote(access.author(v.userId))} OR ${quote(access.enterprise(v.enterpriseId))})`
        : `(${expr}) AND ${quote(access.author(v.userId))}`;
    case "handler":
    case "dept_head":
      return v.departmentId !== null ? `(${expr}) AND ${quote(access.unit(v.departmentId))}` : false;
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
const tsQuery = (p: ParsedQuery) => p.terms.map(tsTerm).join(" & ");

/** The ids of the cases whose index row matches, as a derived table `m(id)` to join to cases. */
function matching(db: Q, expr: { pg: string; fts: string }) {
  return isPostgres(db)
    ? sql<{
        id: number;
      }>`(SELECT case_id AS id FROM case_search WHERE tokens @@ to_tsquery('simple', ${expr.pg}))`
    : sql<{ id: number }>`(SELECT rowid AS id FROM case_search WHERE case_search MATCH ${expr.fts})`;
}

// ---------------------------------------------------------------------------------------------
// Search

export type SearchFilter = Omit<CaseFilter, "q">;

/**
 * How many of the newest matching cases are ranked. A word found in a hundred thousand cases is
 * ranked among its newest matches (the rest stay counted and reachable by narrowing the words or
 * the filters); anything rarer is ranked in full. Deeper pages widen the window.
 */
export const RANK_WINDOW = 200;
/** Matches are counted up to this many; beyond it the total says "at least". */
export const COUNT_CAP = 10_000;

type FilterFields = Omit<CaseFilter, "q" | "page" | "pageSize">;
const hasFilters = (f: FilterFields) =>
  !!(
    f.kind ||
    f.category ||
    f.states?.length ||
    f.departmentId ||
    f.overdueOn ||
    f.isKey !== undefined ||
    f.authorId
  );

/**
 * The newest `limit` cases matching the query that the viewer may see and that pass the filters
 * (and, with `among`, are among those ids), newest first; and how many match in all (up to
 * COUNT_CAP). Undefined when the query has no words or the viewer sees nothing.
 */
async function findMatches(
  db: Q,
  v: Viewer,
  parsed: ParsedQuery,
  f: FilterFields,
  opts: { limit: number; among?: number[]; count: boolean },
) {
  if (!parsed.terms.length) return undefined;
  const pg = isPostgres(db);
  const fts = pg ? "" : ftsVisible(v, ftsMatch(parsed));
  if (fts === false) return undefined;
  const expr = { pg: pg ? tsQuery(parsed) : "", fts };
  let q = filteredCases(db, v, f).innerJoin(matching(db, expr).as("m"), (j) =>
    j.onRef("m.id", "=", "cases.id"),
  );
  if (opts.among) q = q.where("cases.id", "in", opts.among.length ? opts.among : [-1]);
  const idsP = q.select("cases.id").orderBy("m.id", "desc").limit(opts.limit).execute();
  let countP: Promise<number> = Promise.resolve(0);
  if (opts.count) {
    // Without filters the index alone answers (its access tokens are written with every change).
    const counted =
      !pg && !hasFilters(f) && !opts.among
        ? sql<{
            n: number;
          }>`SELECT count(*) AS n FROM (SELECT rowid FROM case_search WHERE case_search MATCH ${fts} LIMIT ${COUNT_CAP + 1}) AS c`.execute(
            db,
          )
        : db
            .selectFrom(
              q
                .select("cases.id")
                .limit(COUNT_CAP + 1)
                .as("c"),
            )
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .execute()
            .then((rows) => ({ rows }));
    countP = counted.then((r) => Number(r.rows[0]?.n ?? 0));
  }
  const [ids, total] = await Promise.all([idsP, countP]);
  return { ids: ids.map((r) => r.id), total };
}

/** The candidates' words, ranked by `relevance`; ties go to the newer case. */
async function rank(db: Q, parsed: ParsedQuery, ids: number[]) {
  const texts = await textsOf(db, ids);
  const scores = relevance(
    parsed,
    ids.map((id) => {
      const t = texts.get(id);
      return {
        id,
        title: t?.title ?? "",
        text: t ? [t.body, t.measures ?? "", ...t.replies].join("\n") : "",
      };
    }),
  );
  const ranked = [...ids].sort((a, b) => (scores.get(b) ?? 0) - (scores.get(a) ?? 0) || b - a);
  return { ranked, scores, texts };
}

/**
 * The cases a viewer may see that contain the words of `query`, best match first, a page at a
 * time: the rows of `listVisibleCases` plus the passage where the words occur, as parts
 * (`snippetParts`, for rendering) and as HTML (`snippet`: escaped, hits in <mark>), and the
 * relevance `score`. `total` counts every match up to COUNT_CAP (`totalCapped` beyond it).
 */
export async function searchCases(db: Q, v: Viewer, query: string, f: SearchFilter) {
  const parsed = parseQuery(query);
  const window = Math.min(Math.max(RANK_WINDOW, f.page * f.pageSize), COUNT_CAP);
  const found = await findMatches(db, v, parsed, f, { limit: window, count: true });
  if (!found) return { items: [], total: 0 };
  const { ranked, scores, texts } = await rank(db, parsed, found.ids);
  const pageIds = ranked.slice((f.page - 1) * f.pageSize, f.page * f.pageSize);
  const rows = pageIds.length
    ? await db
        .selectFrom("cases")
        // Already checked: these came through visibleTo and the filters just now.
        .where("cases.id", "in", pageIds)
        .leftJoin("departments as lead", "lead.id", "cases.lead_department_id")
        .leftJoin("users as author", "author.id", "cases.author_id")
        .select(LIST_COLUMNS)
        .execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const strings = highlightStrings(parsed);
  const items = pageIds.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const parts = passageOf(texts.get(id), strings);
    return [
      {
        ...r,
        score: Math.round((scores.get(id) ?? 0) * 1000) / 1000,
        snippetParts: parts,
        snippet: parts ? snippetHtml(parts) : null,
      },
    ];
  });
  const total = Math.max(found.total, found.ids.length);
  // `totalCapped` only when there are more matches than were counted.
  return total > COUNT_CAP ? { items, total: COUNT_CAP, totalCapped: true as const } : { items, total };
}

/**
 * Which of these cases (a queue or an inbox already on the page, a few hundred at most) contain
 * the words of `query`, for this viewer: their rank (1 = best) and passage, best first.
 */
export async function searchAmong(db: Q, v: Viewer, query: string, ids: number[]) {
  const out = new Map<number, { rank: number; snippetParts: SnippetPart[] | null }>();
  const parsed = parseQuery(query);
  if (!ids.length) return out;
  const found = await findMatches(db, v, parsed, {}, { limit: ids.length, among: ids, count: false });
  if (!found) return out;
  const { ranked, texts } = await rank(db, parsed, found.ids);
  const strings = highlightStrings(parsed);
  ranked.forEach((id, i) => {
    out.set(id, { rank: i + 1, snippetParts: passageOf(texts.get(id), strings) });
  });
  return out;
}

interface CaseTexts {
  title: string;
  body: string;
  measures: string | null;
  /** released replies, newest first */
  replies: string[];
}

/** The words of these cases that the index holds: title, text, measures and released replies. */
async function textsOf(db: Q, ids: number[]) {
  const out = new Map<number, CaseTexts>();
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
  for (const c of cases) out.set(c.id, { title: c.title, body: c.body, measures: c.measures, replies: [] });
  for (const r of replies) out.get(r.case_id)?.replies.push(r.body);
  return out;
}

/** The passage of a case's text, measures, released replies or title where the words occur. */
function passageOf(t: CaseTexts | undefined, strings: string[]): SnippetPart[] | null {
  if (!t) return null;
  for (const text of [t.body, t.measures ?? "", ...t.replies, t.title]) {
    const parts = snippet(text, strings);
    if (parts) return parts;
  }
  return null;
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
/** How many of the newest cases sharing such terms are scored for likeness. */
const CANDIDATES = 300;

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

/**
 * The pieces to look up in the index for a text: every two-character piece and word (`loose`,
 * for one enterprise's few cases), and three-character pieces of the title (`tight`, telling
 * enough to look through every case), leaving out formulaic ones (关于…的建议).
 */
function similarTerms(title: string, body?: string | null) {
  const seen = new Set<string>();
  const loose: QueryTerm[] = [];
  for (const text of [title, (body ?? "").slice(0, 300)])
    for (const token of indexText([text]).split(" ")) {
      if (loose.length >= MAX_SIMILAR_TERMS) break;
      if (!token || seen.has(token) || FORMULAIC.has(token) || [...token].length < 2) continue;
      seen.add(token);
      loose.push({ kind: "char", token, text: token });
    }
  const tight: QueryTerm[] = [];
  for (const t of parseQuery(title.slice(0, 200)).terms) {
    if (t.kind === "word" && [...t.token].length >= 2) tight.push({ ...t, prefix: false });
    if (t.kind !== "phrase") continue;
    if (t.tokens.length === 1 && !FORMULAIC.has(t.tokens[0])) tight.push(t);
    for (let i = 0; i + 1 < t.tokens.length && tight.length < MAX_SIMILAR_TERMS; i++) {
      const pair = [t.tokens[i], t.tokens[i + 1]];
      if (pair.some((g) => FORMULAIC.has(g))) continue;
      tight.push({ kind: "phrase", tokens: pair, text: pair[0] + [...pair[1]][1] });
    }
  }
  return { loose, tight };
}

/**
 * Cases that look like the same matter as a title (and text): candidates from the index (the
 * newest cases sharing pieces of the title; for the same enterprise, any piece of the title or
 * text), then kept and ordered by one rule, `duplicateScore`: same enterprise first, then the most
 * alike. Rejected, merged, withdrawn and draft cases never appear. This is the one similarity
 * rule: the intake form's duplicate hints, the merge candidates and the dispatch suggestions all
 * come from here.
 */
export async function findSimilarCases(db: Q, p: SimilarQuery): Promise<SimilarCase[]> {
  const { loose, tight } = similarTerms(p.title, p.body);
  const anyOf = (terms: QueryTerm[]) => ({
    pg: terms.map(tsTerm).join(" | "),
    fts: terms.map(ftsTerm).join(" OR "),
  });
  const pool = async (terms: QueryTerm[], enterpriseId: number | null) => {
    if (!terms.length) return [];
    const expr = anyOf(terms);
    // On SQLite the enterprise's access token keeps the look-up to its own cases.
    if (enterpriseId !== null) expr.fts = `(${expr.fts}) AND ${quote(access.enterprise(enterpriseId))}`;
    let q = db
      .selectFrom("cases")
      .innerJoin(matching(db, expr).as("m"), (j) => j.onRef("m.id", "=", "cases.id"))
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
      .orderBy("m.id", "desc")
      .limit(CANDIDATES);
    if (enterpriseId !== null) q = q.where("cases.enterprise_id", "=", enterpriseId);
    if (p.kind) q = q.where("cases.kind", "=", p.kind);
    if (p.excludeCaseId !== undefined) q = q.where("cases.id", "!=", p.excludeCaseId);
    return q.execute();
  };
  const enterpriseId = p.enterpriseId ?? null;
  const [own, general] = await Promise.all([
    enterpriseId !== null ? pool(loose, enterpriseId) : Promise.resolve([]),
    p.onlyEnterprise ? Promise.resolve([]) : pool(tight.length ? tight : loose, null),
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
