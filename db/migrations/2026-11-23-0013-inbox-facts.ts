import { type Kysely, sql } from "kysely";

// Frozen in time: this migration must not import application code.

/** The states in which a case is finished, as db/cases.ts had them when this was written. */
const FINISHED = ["replied", "closed", "rejected", "merged", "withdrawn"];

/**
 * What a unit's inbox counts and sorts its cases by, kept on each assignment: the case's kind, an
 * enterprise request's category, and whether the case is finished. The engine copies them from
 * the case whenever the case changes state. A unit's tab figures are then an index-only count of
 * its finished cases plus a pass over its open ones, and an open tab reads only open rows, however
 * many finished cases the unit has behind it. The index replaces the covering one of 0012, of which
 * it keeps the prefix (department, active).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("case_assignments").addColumn("kind", "text").execute();
  await db.schema.alterTable("case_assignments").addColumn("category", "text").execute();
  await db.schema
    .alterTable("case_assignments")
    .addColumn("finished", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update case_assignments set
      kind = (select c.kind from cases c where c.id = case_assignments.case_id),
      category = (select c.category from cases c where c.id = case_assignments.case_id),
      finished = (select case when c.state in (${sql.join(FINISHED)}) then 1 else 0 end
                  from cases c where c.id = case_assignments.case_id)`.execute(db);
  await db.schema
    .createIndex("case_assignments_inbox")
    .on("case_assignments")
    .columns(["department_id", "active", "finished", "kind", "category", "case_id"])
    .execute();
  await db.schema.dropIndex("case_assignments_unit").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("case_assignments_unit")
    .on("case_assignments")
    .columns(["department_id", "active", "case_id", "role", "status", "opinion_status"])
    .execute();
  await db.schema.dropIndex("case_assignments_inbox").ifExists().execute();
  await db.schema.alterTable("case_assignments").dropColumn("finished").execute();
  await db.schema.alterTable("case_assignments").dropColumn("category").execute();
  await db.schema.alterTable("case_assignments").dropColumn("kind").execute();
}
