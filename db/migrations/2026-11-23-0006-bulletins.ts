import { type Kysely, PostgresAdapter } from "kysely";

// Frozen in time: this migration must not import application code.

/**
 * Supervision bulletins (督办通报): a draft a supervisor assembles for a period, then publishes.
 * `content` is the snapshot of everything the bulletin shows (figures, ranking, overdue cases,
 * praise and criticism, the supervisor's own text); once published the row never changes. The
 * number within the year (2026年第3期) is given at publication, so a discarded draft leaves no gap.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("bulletins")
    .addColumn("id", "integer", (c) =>
      pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    /** year and issue of the published bulletin (null while a draft) */
    .addColumn("year", "integer")
    .addColumn("seq", "integer")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("period_from", "text", (c) => c.notNull())
    .addColumn("period_to", "text", (c) => c.notNull())
    /** proposal | enterprise_request, or null for every kind */
    .addColumn("kind", "text")
    /** JSON: the rates below which a unit is named */
    .addColumn("thresholds", "text", (c) => c.notNull())
    /** JSON: the snapshot the bulletin shows */
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft"))
    .addColumn("created_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("published_by", "integer", (c) => c.references("users.id"))
    .addColumn("published_at", "text")
    .addUniqueConstraint("bulletins_issue", ["year", "seq"])
    .execute();
  await db.schema.createIndex("bulletins_created").on("bulletins").column("created_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("bulletins").ifExists().execute();
}
