import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from "kysely";
import { WINDOW_TYPES } from "./deadlines";
import type { CaseKind, Database, Role } from "./schema";
import { searchCases } from "./search";

type Q = Kysely<Database>;

/** Whoever is looking: enough to decide what they may see. */
export interface Viewer {
  userId: number;
  role: Role;
  departmentId: number | null;
  enterpriseId: number | null;
}

/**
 * Visibility (DESIGN.md): a delegate sees own and co-signed proposals; an enterprise user its
 * enterprise's requests; a department the cases assigned to it; supervisors everything that has
 * left its author's drafts. Everyone else sees no case. One rule, used by lists and by lookups.
 * `many`: for a list, a department's cases as one set read from its assignments (the database
 * starts from the unit's few thousand assignments rather than testing every case); for a look-up
 * of one case, the same rule as a test of that case (also what a list uses that walks an index in
 * its own order and tests each case it meets).
 */
export function visibleTo(v: Viewer, many = false) {
  return (eb: ExpressionBuilder<Database, "cases">): Expression<SqlBool> => {
    switch (v.role) {
      case "supervisor":
        return eb("cases.state", "!=", "draft");
      case "delegate":
        return eb.and([
          eb("cases.kind", "=", "proposal"),
          eb.or([
            eb("cases.author_id", "=", v.userId),
            eb.exists(
              eb
                .selectFrom("case_cosigners")
                .select("case_cosigners.case_id")
                .whereRef("case_cosigners.case_id", "=", "cases.id")
                .where("case_cosigners.user_id", "=", v.userId),
            ),
          ]),
        ]);
      case "enterprise":
        return eb.or([
          eb("cases.author_id", "=", v.userId),
          eb.and([eb("cases.enterprise_id", "=", v.enterpriseId ?? -1), eb("cases.state", "!=", "draft")]),
        ]);
      case "handler":
      case "dept_head":
        if (many)
          return eb(
            "cases.id",
            "in",
            eb
              .selectFrom("case_assignments")
              .select("case_assignments.case_id")
              .where("case_assignments.department_id", "=", v.departmentId ?? -1),
          );
        return eb.exists(
          eb
            .selectFrom("case_assignments")
            .select("case_assignments.case_id")
            .whereRef("case_assignments.case_id", "=", "cases.id")
            .where("case_assignments.department_id", "=", v.departmentId ?? -1),
        );
      default:
        // A literal, not a bound `false`: better-sqlite3 cannot bind booleans.
        return sql<SqlBool>`1 = 0`;
    }
  };
}

export async function getVisibleCase(db: Q, v: Viewer, id: number) {
  return db.selectFrom("cases").selectAll().where("id", "=", id).where(visibleTo(v)).executeTakeFirst();
}

export async function getCaseById(db: Q, id: number) {
  return db.selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirst();
}

export interface CaseFilter {
  kind?: CaseKind;
  /** an enterprise request's category (consult, help, suggestion, complaint) */
  category?: string;
  states?: string[];
  departmentId?: number;
  overdueOn?: string;
  q?: string;
  isKey?: boolean;
  authorId?: number;
  page: number;
  pageSize: number;
}

/** The columns of a case list row (the list and the search answer the same shape). */
export const LIST_COLUMNS = [
  "cases.id",
  "cases.kind",
  "cases.number",
  "cases.session_label",
  "cases.title",
  "cases.state",
  "cases.version",
  "cases.is_key",
  "cases.category",
  "cases.priority",
  "cases.classification",
  "cases.satisfaction",
  "cases.outcome",
  "cases.round",
  "cases.next_due_date",
  "cases.next_due_type",
  "cases.lead_department_id",
  "cases.created_at",
  "cases.updated_at",
  "cases.submitted_at",
  "lead.name as lead_department_name",
  "author.display_name as author_name",
] as const;

/** The cases a viewer may see that pass a filter's fields other than the words (q). */
export function filteredCases(
  db: Q,
  v: Viewer,
  f: Omit<CaseFilter, "q" | "page" | "pageSize">,
  walk = false,
) {
  // walk: read in the list's order, testing each case (see walkIsCheaper); else start from the set.
  let q = db.selectFrom("cases").where(visibleTo(v, !walk));
  if (f.kind) q = q.where("cases.kind", "=", f.kind);
  if (f.category) q = q.where("cases.category", "=", f.category);
  if (f.states?.length) q = q.where("cases.state", "in", f.states);
  if (f.authorId) q = q.where("cases.author_id", "=", f.authorId);
  if (f.isKey !== undefined) q = q.where("cases.is_key", "=", f.isKey ? 1 : 0);
  if (f.departmentId)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("case_assignments")
          .select("case_assignments.case_id")
          .whereRef("case_assignments.case_id", "=", "cases.id")
          .where("case_assignments.department_id", "=", f.departmentId!)
          .where("case_assignments.active", "=", 1),
      ),
    );
  if (f.overdueOn) q = q.where("cases.next_due_date", "<", f.overdueOn);
  return q;
}

export async function listVisibleCases(db: Q, v: Viewer, f: CaseFilter) {
  // Words go through the full-text index (db/search.ts): ranked, with the matching passage.
  if (f.q?.trim()) return searchCases(db, v, f.q, f);
  const total = await countVisible(db, v, f);
  const q = filteredCases(db, v, f, await walkIsCheaper(db, v, f, total));
  const items = await q
    .leftJoin("departments as lead", "lead.id", "cases.lead_department_id")
    .leftJoin("users as author", "author.id", "cases.author_id")
    .select(LIST_COLUMNS)
    .orderBy("cases.updated_at", "desc")
    .orderBy("cases.id", "desc")
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { items, total };
}

/**
 * A unit's whole list, most recently moved first, can be read two ways: every case of the unit,
 * then sorted (reading each case's row), or the index on (updated_at, id) from the top, keeping
 * the unit's cases as they come (reading only the page's rows). The walk passes about
 * (rows up to the page's end) × (all cases ÷ the unit's cases) index entries; reading the unit's
 * cases costs about ten index entries a case. Answers whether the walk is the cheaper.
 */
async function walkIsCheaper(db: Q, v: Viewer, f: CaseFilter, unitTotal: number): Promise<boolean> {
  if ((v.role !== "handler" && v.role !== "dept_head") || !isWholeList(f) || unitTotal === 0) return false;
  const top = await db
    .selectFrom("cases")
    .select((eb) => eb.fn.max("cases.id").as("id"))
    .executeTakeFirst();
  const all = Number(top?.id ?? 0);
  const walked = (f.page * f.pageSize * all) / unitTotal;
  return walked < 10 * unitTotal;
}

/** No filter besides who is looking. */
function isWholeList(f: CaseFilter): boolean {
  return (
    !f.kind &&
    !f.category &&
    !f.states?.length &&
    !f.authorId &&
    f.isKey === undefined &&
    !f.departmentId &&
    !f.overdueOn
  );
}

/**
 * How many cases a list finds. A unit's whole list is counted from its assignments' index alone
 * (one assignment per case and unit), without reading a case.
 */
async function countVisible(db: Q, v: Viewer, f: CaseFilter) {
  const row =
    isWholeList(f) && (v.role === "handler" || v.role === "dept_head")
      ? await db
          .selectFrom("case_assignments")
          .where("case_assignments.department_id", "=", v.departmentId ?? -1)
          .select((eb) => eb.fn.countAll<number | string>().as("n"))
          .executeTakeFirstOrThrow()
      : await filteredCases(db, v, f)
          .select((eb) => eb.fn.countAll<number | string>().as("n"))
          .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Where an assignment stands for its unit (单位收件箱), first match wins: the case is finished
 * (replied or closed) → done; not yet signed for → pending; a co-handling unit owes its opinion →
 * opinion; the lead unit's reply awaits its head → review; the lead unit works on it → handling;
 * anything else (co-handling work already done while the lead works on) → other.
 */
export const INBOX_SECTIONS = ["pending", "opinion", "handling", "review", "done"] as const;
export type InboxSection = (typeof INBOX_SECTIONS)[number] | "other";
const FINISHED_STATES = ["replied", "closed", "rejected", "merged", "withdrawn"];
const WORKING_STATES = ["assigned", "handling", "rehandling", "awaiting_submitter"];

type InboxFrom = "a" | "cases";
function inboxSection(eb: ExpressionBuilder<Database & { a: Database["case_assignments"] }, InboxFrom>) {
  return eb
    .case()
    .when("cases.state", "in", FINISHED_STATES)
    .then("done")
    .when("a.status", "=", "pending")
    .then("pending")
    .when(eb.and([eb("a.role", "=", "co"), eb("a.opinion_status", "=", "none")]))
    .then("opinion")
    .when(eb.and([eb("a.role", "=", "lead"), eb("cases.state", "=", "reply_review")]))
    .then("review")
    .when(eb.and([eb("a.role", "=", "lead"), eb("cases.state", "in", WORKING_STATES)]))
    .then("handling")
    .else("other")
    .end();
}

export interface InboxQuery {
  departmentId: number;
  /** what is due before this day is overdue */
  today: string;
  kind?: CaseKind | null;
  /** an enterprise request's category */
  category?: string | null;
  /** one section, the overdue ones, or all */
  tab: InboxSection | "overdue" | "all";
  /** only these cases (the unit's cases that matched a search) */
  caseIds?: number[] | null;
  /** cases listed first (督办), in this order */
  first?: number[];
  page: number;
  pageSize: number;
}

/**
 * The unit's active assignments with the unit's own earliest open obligation per case (签收,
 * 会办意见, 答复 …, not the windows): one pass over the unit's open deadlines, grouped by case.
 */
function unitAssignments(
  db: Q,
  q: Pick<InboxQuery, "departmentId" | "caseIds">,
  finished: 0 | 1 | null = null,
) {
  return db
    .selectFrom("case_assignments as a")
    .innerJoin("cases", "cases.id", "a.case_id")
    .leftJoin(unitDue(db, q.departmentId).as("u"), "u.case_id", "a.case_id")
    .where("a.department_id", "=", q.departmentId)
    .where("a.active", "=", 1)
    .$if(finished !== null, (b) => b.where("a.finished", "=", finished!))
    .$if(!!q.caseIds, (b) => b.where("a.case_id", "in", q.caseIds!.length ? q.caseIds! : [-1]));
}

/** The unit's earliest open obligation per case (签收, 会办意见, 答复 …, not the windows). */
function unitDue(db: Q, departmentId: number) {
  return db
    .selectFrom("case_deadlines as d")
    .where("d.department_id", "=", departmentId)
    .where("d.status", "=", "open")
    .where("d.type", "not in", WINDOW_TYPES)
    .select(["d.case_id", (eb) => eb.fn.min<string>("d.due_date").as("due_date")])
    .groupBy("d.case_id");
}

/** The tabs that list only cases still in hand (the rest: done, overdue, all). */
const OPEN_TABS: ReadonlyArray<InboxQuery["tab"]> = ["pending", "opinion", "handling", "review"];

/**
 * Copies onto a case's assignments what a unit's inbox counts and sorts them by: the case's kind,
 * its category, and whether it is finished (FINISHED_STATES, the inbox's own rule). The engine
 * calls it in the transaction of every event that changes the case's state, which is also when
 * assignments are made.
 */
export async function refreshAssignmentFacts(db: Q, caseId: number): Promise<void> {
  const of = db.selectFrom("cases").where("cases.id", "=", caseId);
  await db
    .updateTable("case_assignments")
    .set({
      kind: of.select("cases.kind"),
      category: of.select("cases.category"),
      finished: of.select((eb) =>
        eb.case().when("cases.state", "in", FINISHED_STATES).then(1).else(0).end().as("finished"),
      ),
    })
    .where("case_assignments.case_id", "=", caseId)
    .execute();
}

/** The cases assigned to a unit now (for a search among them). */
export async function departmentCaseIds(db: Q, departmentId: number) {
  const rows = await db
    .selectFrom("case_assignments")
    .select("case_id")
    .where("department_id", "=", departmentId)
    .where("active", "=", 1)
    .execute();
  return rows.map((r) => r.case_id);
}

/**
 * How many of the unit's assignments are in each section, by kind and category and whether the
 * unit's next due date has passed: one aggregate query, whatever the size of the inbox.
 */
export async function departmentInboxCounts(
  db: Q,
  q: Pick<InboxQuery, "departmentId" | "caseIds" | "today">,
) {
  // The unit's active assignments of finished cases (among the searched ones, if any).
  const finishedOfUnit = (eb: ExpressionBuilder<Database & { a: Database["case_assignments"] }, "a">) =>
    eb.and([
      eb("a.active", "=", 1),
      eb("a.finished", "=", 1),
      ...(q.caseIds ? [eb("a.case_id", "in", q.caseIds.length ? q.caseIds : [-1])] : []),
    ]);
  const [open, done, doneOverdue] = await Promise.all([
    // Cases still in hand: their section needs the case's state and the assignment's progress.
    // (Grouped by the derived columns' names: PostgreSQL does not see two parameterised CASE
    // expressions as the same one.)
    db
      .selectFrom(
        unitAssignments(db, q, 0)
          .select((eb) => [
            inboxSection(eb).as("section"),
            "a.kind",
            "a.category",
            eb.case().when("u.due_date", "<", q.today).then(1).else(0).end().as("overdue"),
          ])
          .as("r"),
      )
      .select([
        "r.section",
        "r.kind",
        "r.category",
        "r.overdue",
        (eb) => eb.fn.countAll<number | string>().as("n"),
      ])
      .groupBy(["r.section", "r.kind", "r.category", "r.overdue"])
      .execute(),
    // Finished cases are all "done": counted from the assignments' index, no case read.
    db
      .selectFrom("case_assignments as a")
      .where("a.department_id", "=", q.departmentId)
      .where(finishedOfUnit)
      .select(["a.kind", "a.category", (eb) => eb.fn.countAll<number | string>().as("n")])
      .groupBy(["a.kind", "a.category"])
      .execute(),
    // … of which overdue: those with a follow-up commitment past its date (few).
    db
      .selectFrom(unitDue(db, q.departmentId).as("u"))
      .innerJoin("case_assignments as a", (j) =>
        j.onRef("a.case_id", "=", "u.case_id").on("a.department_id", "=", q.departmentId),
      )
      .where("u.due_date", "<", q.today)
      .where(finishedOfUnit)
      .select(["a.kind", "a.category", (eb) => eb.fn.countAll<number | string>().as("n")])
      .groupBy(["a.kind", "a.category"])
      .execute(),
  ]);
  const key = (r: { kind: string | null; category: string | null }) => `${r.kind}|${r.category ?? ""}`;
  const late = new Map(doneOverdue.map((r) => [key(r), Number(r.n)]));
  const groups = open.map((r) => ({
    section: r.section as InboxSection,
    kind: r.kind as CaseKind,
    category: r.category,
    overdue: Number(r.overdue) === 1,
    n: Number(r.n),
  }));
  for (const r of done) {
    const overdue = late.get(key(r)) ?? 0;
    const base = { section: "done" as InboxSection, kind: r.kind as CaseKind, category: r.category };
    if (Number(r.n) > overdue) groups.push({ ...base, overdue: false, n: Number(r.n) - overdue });
    if (overdue) groups.push({ ...base, overdue: true, n: overdue });
  }
  return groups;
}

/**
 * One page of a department's inbox: the cases assigned to it now, 督办 first, then by the unit's
 * next due date (overdue ones first; none last), then the most recently moved. Each row carries
 * the unit's earliest open obligation so it can show what is due next and when.
 */
export async function departmentInbox(db: Q, q: InboxQuery) {
  const first = q.first ?? [];
  let base = unitAssignments(db, q, OPEN_TABS.includes(q.tab) ? 0 : q.tab === "done" ? 1 : null);
  if (q.kind) base = base.where("cases.kind", "=", q.kind);
  if (q.category) base = base.where("cases.category", "=", q.category);
  if (q.tab === "overdue") base = base.where("u.due_date", "<", q.today);
  else if (q.tab !== "all") base = base.where((eb) => eb(inboxSection(eb), "=", q.tab));
  const page = base
    .select((eb) => [
      "a.id",
      "u.due_date",
      "cases.updated_at",
      (first.length ? eb.case().when("a.case_id", "in", first).then(0).else(1).end() : eb.lit(1)).as("later"),
      eb.case().when("u.due_date", "is", null).then(1).else(0).end().as("undated"),
    ])
    .orderBy("later")
    .orderBy("undated")
    .orderBy("u.due_date")
    .orderBy("cases.updated_at", "desc")
    .orderBy("a.id", "desc")
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  // The page first (ordering keys only), then its rows in full: the type of the next obligation,
  // the names, for the rows shown only.
  const rows = await db
    .selectFrom(page.as("p"))
    .innerJoin("case_assignments as a", "a.id", "p.id")
    .innerJoin("cases", "cases.id", "a.case_id")
    .leftJoin("departments as lead", "lead.id", "cases.lead_department_id")
    .leftJoin("users as author", "author.id", "cases.author_id")
    .select((eb) => [
      "cases.id",
      "cases.kind",
      "cases.number",
      "cases.session_label",
      "cases.title",
      "cases.state",
      "cases.is_key",
      "cases.round",
      "cases.updated_at",
      "cases.category",
      "a.role as unit_role",
      "a.status as unit_status",
      "a.opinion_status",
      "a.objection_reason",
      "lead.name as lead_department_name",
      "author.display_name as author_name",
      inboxSection(eb).as("section"),
      "p.due_date as unit_due_date",
      eb
        .selectFrom("case_deadlines as d")
        .select("d.type")
        .whereRef("d.case_id", "=", "cases.id")
        .where("d.department_id", "=", q.departmentId)
        .where("d.status", "=", "open")
        .where("d.type", "not in", WINDOW_TYPES)
        .orderBy("d.due_date")
        .limit(1)
        .as("unit_due_type"),
    ])
    .orderBy("p.later")
    .orderBy("p.undated")
    .orderBy("p.due_date")
    .orderBy("p.updated_at", "desc")
    .orderBy("p.id", "desc")
    .execute();
  return rows.map((r) => ({ ...r, section: r.section as InboxSection }));
}

export async function caseAssignments(db: Q, caseId: number) {
  return db
    .selectFrom("case_assignments")
    .innerJoin("departments", "departments.id", "case_assignments.department_id")
    .selectAll("case_assignments")
    .select("departments.name as department_name")
    .where("case_id", "=", caseId)
    .orderBy("case_assignments.active", "desc")
    .orderBy("case_assignments.role", "desc")
    .orderBy("case_assignments.id")
    .execute();
}

export async function caseCosigners(db: Q, caseId: number) {
  return db
    .selectFrom("case_cosigners")
    .innerJoin("users", "users.id", "case_cosigners.user_id")
    .select(["users.id", "users.display_name"])
    .where("case_id", "=", caseId)
    .execute();
}

export async function setCosigners(db: Q, caseId: number, userIds: number[]) {
  await db.deleteFrom("case_cosigners").where("case_id", "=", caseId).execute();
  if (userIds.length)
    await db
      .insertInto("case_cosigners")
      .values(userIds.map((user_id) => ({ case_id: caseId, user_id })))
      .execute();
}

export async function caseReplies(db: Q, caseId: number) {
  return db
    .selectFrom("replies")
    .innerJoin("departments", "departments.id", "replies.department_id")
    .leftJoin("users as sub", "sub.id", "replies.submitted_by")
    .leftJoin("users as rev", "rev.id", "replies.reviewed_by")
    .selectAll("replies")
    .select([
      "departments.name as department_name",
      "sub.display_name as submitted_by_name",
      "rev.display_name as reviewed_by_name",
    ])
    .where("case_id", "=", caseId)
    .orderBy("replies.id")
    .execute();
}

export async function caseEvaluations(db: Q, caseId: number) {
  return db.selectFrom("evaluations").selectAll().where("case_id", "=", caseId).orderBy("id").execute();
}

/** Cases merged into this one (their proposers also receive its reply). */
export async function mergedIntoCase(db: Q, caseId: number) {
  return db
    .selectFrom("cases")
    .select(["id", "title", "author_id", "number"])
    .where("merged_into_id", "=", caseId)
    .execute();
}

/** Next number within a session (届次), taken inside the accepting transaction. */
export async function takeCaseNumber(db: Q, kind: string, sessionLabel: string): Promise<number> {
  const row = await db
    .insertInto("case_numbers")
    .values({ kind, session_label: sessionLabel, last_number: 1 })
    .onConflict((oc) =>
      oc.columns(["kind", "session_label"]).doUpdateSet({ last_number: sql`case_numbers.last_number + 1` }),
    )
    .returning("last_number")
    .executeTakeFirstOrThrow();
  return row.last_number;
}

export async function stateCounts(db: Q, v: Viewer) {
  return db
    .selectFrom("cases")
    .where(visibleTo(v))
    .select(["cases.state", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("cases.state")
    .execute();
}
