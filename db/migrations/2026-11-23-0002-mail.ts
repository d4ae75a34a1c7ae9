import type { Kysely } from "kysely";

// Frozen in time: this migration must not import application code.

/**
 * Mail delivery: what the worker needs on each outbox row (a stable Message-ID, who holds the
 * lease, the mail as it was rendered), a person's choice about non-essential mail, and the record
 * of used one-click rating links.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // 1 = also receives non-essential notifications; essential ones are always sent.
  await db.schema
    .alterTable("users")
    .addColumn("mail_optional", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  for (const column of ["message_id", "lease_owner", "subject", "body_html", "body_text"])
    await db.schema.alterTable("outbox").addColumn(column, "text").execute();
  await db.schema.createIndex("outbox_case").on("outbox").column("case_id").execute();

  await db.schema
    .createTable("mail_link_uses")
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("used_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("mail_link_uses_pk", ["purpose", "case_id", "round", "user_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("mail_link_uses").ifExists().execute();
  await db.schema.dropIndex("outbox_case").ifExists().execute();
  for (const column of ["body_text", "body_html", "subject", "lease_owner", "message_id"])
    await db.schema.alterTable("outbox").dropColumn(column).execute();
  await db.schema.alterTable("users").dropColumn("mail_optional").execute();
}
