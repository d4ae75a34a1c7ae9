import { type Kysely, PostgresAdapter } from "kysely";

// Frozen in time: this migration must not import application code.

/**
 * Attachments (附件) of a case: the files themselves live outside the database, named by the
 * SHA-256 of their content; a row says which case a file belongs to, under what name it was
 * given, what its bytes were found to be, and who gave it. Rows are written with the case.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("attachments")
    .addColumn("id", "integer", (c) =>
      pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    /** the name as the person gave it, cleaned for display */
    .addColumn("file_name", "text", (c) => c.notNull())
    /** the type found in the bytes, not the one the browser claimed */
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    /** lower-case hex; also the stored file's name */
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("uploaded_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("attachments_case").on("attachments").column("case_id").execute();
  await db.schema.createIndex("attachments_sha256").on("attachments").column("sha256").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("attachments").ifExists().execute();
}
