import { type Kysely, PostgresAdapter } from "kysely";

// Frozen in time: this migration must not import application code.

/**
 * Failed sign-ins, kept for a short while so that guessing passwords is slowed per account and per
 * address, the same for every server instance on one database.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("login_failures")
    .addColumn("id", "integer", (c) =>
      pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    /** the username as typed, lower-cased (it may not exist) */
    .addColumn("username", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("login_failures_username")
    .on("login_failures")
    .columns(["username", "at"])
    .execute();
  await db.schema
    .createIndex("login_failures_address")
    .on("login_failures")
    .columns(["address", "at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("login_failures").ifExists().execute();
}
