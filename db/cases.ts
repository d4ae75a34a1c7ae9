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
 */
export function visibleTo(v: Viewer) {
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
export function filteredCases(db: Q, v: Viewer, f: Omit<CaseFilter, "q" | "page" | "pageSize">) {
  let q = db.selectFrom("cases").where(visibleTo(v));
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
  const q = filteredCases(db, v, f);
  const [items, total] = await Promise.all([
    q
      .leftJoin("departments as lead", "lead.id", "cases.lead_department_id")
      .leftJoin("users as author", "author.id", "cases.author_id")
      .select(LIST_COLUMNS)
      .orderBy("cases.updated_at", "desc")
      .orderBy("cases.id", "desc")
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/**
 * A department's inbox: every case assigned to it now, with the unit's own earliest open
 * obligation (签收, 会办意见, 答复 …) so each row can show what is due next and when.
 */
export async function departmentInbox(db: Q, departmentId: number) {
  return db
    .selectFrom("case_assignments as a")
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
      "a.role as unit_role",
      "a.status as unit_status",
      "a.opinion_status",
      "a.objection_reason",
      "lead.name as lead_department_name",
      "author.display_name as author_name",
      eb
        .selectFrom("case_deadlines as d")
        .select("d.due_date")
        .whereRef("d.case_id", "=", "cases.id")
        .where("d.department_id", "=", departmentId)
        .where("d.status", "=", "open")
        .where("d.type", "not in", WINDOW_TYPES)
        .orderBy("d.due_date")
        .limit(1)
        .as("unit_due_date"),
      eb
        .selectFrom("case_deadlines as d")
        .select("d.type")
        .whereRef("d.case_id", "=", "cases.id")
        .where("d.department_id", "=", departmentId)
        .where("d.status", "=", "open")
        .where("d.type", "not in", WINDOW_TYPES)
        .orderBy("d.due_date")
        .limit(1)
        .as("unit_due_type"),
    ])
    .where("a.department_id", "=", departmentId)
    .where("a.active", "=", 1)
    .orderBy("cases.updated_at", "desc")
    .limit(500)
    .execute();
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
