import { type Kysely, PostgresAdapter } from "kysely";

// Frozen in time: this migration must not import application code.

/**
 * Deadline supervision: each step of the escalation ladder a deadline has reached (pre-warning,
 * overdue notice 催办, supervision notice 督办, listed for a bulletin, a window lapsed), recorded
 * once per deadline and step. The unique key is the claim: however many sweepers run at once,
 * one of them writes the step, with its history event and mails, in one transaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("deadline_alerts")
    .addColumn("id", "integer", (c) =>
      pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn("deadline_id", "integer", (c) => c.notNull().references("case_deadlines.id"))
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("department_id", "integer", (c) => c.references("departments.id"))
    .addColumn("step", "text", (c) => c.notNull())
    /** ordinal of the step on the ladder, so "the highest step reached" is a MAX */
    .addColumn("rank", "integer", (c) => c.notNull())
    .addColumn("as_of", "text", (c) => c.notNull())
    /** working days before (negative) or after (positive) the due date when recorded */
    .addColumn("working_days", "integer", (c) => c.notNull())
    .addColumn("event_id", "integer", (c) => c.references("case_events.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("deadline_alerts_step", ["deadline_id", "step"])
    .execute();
  await db.schema.createIndex("deadline_alerts_case").on("deadline_alerts").column("case_id").execute();
  await db.schema
    .createIndex("deadline_alerts_step_as_of")
    .on("deadline_alerts")
    .columns(["step", "as_of"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("deadline_alerts").ifExists().execute();
}
