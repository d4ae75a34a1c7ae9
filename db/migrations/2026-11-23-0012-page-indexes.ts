import { type Kysely, type SqlBool, sql } from "kysely";

// Frozen in time: this migration must not import application code.

/**
 * Two indexes for the pages read most. The cases merged into a case (并案), which its page lists:
 * without an index every case page read the whole cases table; few cases are merged, so the index
 * holds only those. A unit's assignments with the columns its inbox sorts them into tabs by: the
 * inbox reads them from the index alone, not from each assignment's row; it replaces the index on
 * (department_id, active), which is its prefix.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("cases_merged_into")
    .on("cases")
    .columns(["merged_into_id", "id"])
    .where(sql<SqlBool>`merged_into_id is not null`)
    .execute();
  await db.schema
    .createIndex("case_assignments_unit")
    .on("case_assignments")
    .columns(["department_id", "active", "case_id", "role", "status", "opinion_status"])
    .execute();
  await db.schema.dropIndex("case_assignments_dept").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("case_assignments_dept")
    .on("case_assignments")
    .columns(["department_id", "active"])
    .execute();
  await db.schema.dropIndex("case_assignments_unit").ifExists().execute();
  await db.schema.dropIndex("cases_merged_into").ifExists().execute();
}
