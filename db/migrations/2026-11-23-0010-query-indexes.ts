import { type Kysely, type SqlBool, sql } from "kysely";

// Frozen in time: this migration must not import application code.

/**
 * Indexes for the supervisors' reads over years of cases: the per-unit statistics (db/stats.ts),
 * the deadline board (db/supervision.ts), a unit's inbox and the case list (db/cases.ts). Each
 * holds every column its query reads, so the query is answered from the index alone (SQLite's
 * covering index, PostgreSQL's index-only scan) instead of visiting the wide case and deadline
 * rows. Written with the schema builder: the same definitions on both databases.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Deadlines by type and due date: 签收/答复 due in a period, rating windows that ended in it.
  await db.schema
    .createIndex("case_deadlines_type_due")
    .on("case_deadlines")
    .columns(["type", "due_date", "status", "department_id", "round", "met_at", "case_id"])
    .execute();
  // Open deadlines by type and due date: the board's overdue and due-soon windows and counts,
  // what each unit has open and overdue.
  await db.schema
    .createIndex("case_deadlines_open_type_due")
    .on("case_deadlines")
    .columns(["status", "type", "due_date", "department_id", "case_id"])
    .execute();
  // A case's deadlines by unit, type and round (the day a round's reply clock started). Its
  // first column serves every look-up by case, so the index on case_id alone goes.
  await db.schema
    .createIndex("case_deadlines_case_type")
    .on("case_deadlines")
    .columns(["case_id", "department_id", "type", "round", "status", "due_date", "start_date"])
    .execute();
  await db.schema.dropIndex("case_deadlines_case").execute();
  // A unit's open deadlines by case: the next due date of each case in its inbox, its 督办.
  await db.schema
    .createIndex("case_deadlines_unit_open")
    .on("case_deadlines")
    .columns(["department_id", "status", "case_id", "type", "due_date"])
    .execute();
  // Re-handling rounds: few rows, so a partial index.
  await db.schema
    .createIndex("case_deadlines_rehandling")
    .on("case_deadlines")
    .columns(["department_id", "case_id", "round", "start_date"])
    .where(sql<SqlBool>`type = 'reply' and round > 1`)
    .execute();

  await db.schema
    .createIndex("case_assignments_assigned_at")
    .on("case_assignments")
    .columns(["assigned_at", "department_id", "role", "case_id"])
    .execute();
  await db.schema
    .createIndex("case_events_type_time")
    .on("case_events")
    .columns(["type", "created_at", "actor_department_id", "case_id", "seq"])
    .execute();
  await db.schema
    .createIndex("replies_reviewed")
    .on("replies")
    .columns(["status", "reviewed_at", "department_id", "classification", "round", "case_id"])
    .execute();
  await db.schema
    .createIndex("replies_case_round")
    .on("replies")
    .columns(["case_id", "round", "status", "department_id"])
    .execute();
  await db.schema
    .createIndex("evaluations_time")
    .on("evaluations")
    .columns(["created_at", "case_id", "round", "result"])
    .execute();
  await db.schema.createIndex("cases_state").on("cases").columns(["state", "kind"]).execute();
  // The case list's order (most recently moved first): a page is the first rows of this index.
  await db.schema.createIndex("cases_updated").on("cases").columns(["updated_at", "id"]).execute();
  await db.schema.createIndex("cases_submitted").on("cases").columns(["submitted_at", "kind"]).execute();
  await db.schema.createIndex("cases_closed").on("cases").columns(["closed_at", "state", "kind"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    "cases_closed",
    "cases_submitted",
    "cases_updated",
    "cases_state",
    "evaluations_time",
    "replies_case_round",
    "replies_reviewed",
    "case_events_type_time",
    "case_assignments_assigned_at",
    "case_deadlines_rehandling",
    "case_deadlines_unit_open",
    "case_deadlines_case_type",
    "case_deadlines_open_type_due",
    "case_deadlines_type_due",
  ])
    await db.schema.dropIndex(name).ifExists().execute();
  await db.schema.createIndex("case_deadlines_case").on("case_deadlines").column("case_id").execute();
}
