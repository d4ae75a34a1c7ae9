import { type Kysely, PostgresAdapter, sql } from "kysely";

// Frozen in time: this migration must not import application code.

function idColumn(db: Kysely<any>) {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  return (col: any) =>
    pg ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();
}

export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumn(db);

  await db.schema
    .createTable("departments")
    .addColumn("id", "integer", id)
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("short_name", "text")
    .addColumn("email", "text")
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("enterprises")
    .addColumn("id", "integer", id)
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("uscc", "text", (c) => c.notNull().unique())
    .addColumn("region", "text")
    .addColumn("industry", "text")
    .addColumn("size", "text")
    .addColumn("contact_name", "text")
    .addColumn("contact_phone", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "integer", id)
    .addColumn("username", "text", (c) => c.notNull().unique())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("department_id", "integer", (c) => c.references("departments.id"))
    .addColumn("enterprise_id", "integer", (c) => c.references("enterprises.id"))
    .addColumn("email", "text")
    .addColumn("phone", "text")
    .addColumn("locale", "text", (c) => c.notNull().defaultTo("zh-CN"))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("users_department").on("users").column("department_id").execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("api_tokens")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("cases")
    .addColumn("id", "integer", id)
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("number", "integer")
    .addColumn("session_label", "text")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("measures", "text")
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("snapshot", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("author_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("enterprise_id", "integer", (c) => c.references("enterprises.id"))
    .addColumn("category", "text")
    .addColumn("theme", "text")
    .addColumn("channel", "text")
    .addColumn("priority", "text")
    .addColumn("is_key", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("merged_into_id", "integer", (c) => c.references("cases.id"))
    .addColumn("lead_department_id", "integer", (c) => c.references("departments.id"))
    .addColumn("next_due_date", "text")
    .addColumn("next_due_type", "text")
    .addColumn("classification", "text")
    .addColumn("satisfaction", "text")
    .addColumn("outcome", "text")
    .addColumn("round", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("objections_pending", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("extension_requested_until", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text")
    .addColumn("accepted_at", "text")
    .addColumn("assigned_at", "text")
    .addColumn("replied_at", "text")
    .addColumn("closed_at", "text")
    .execute();
  await db.schema.createIndex("cases_kind_state").on("cases").columns(["kind", "state"]).execute();
  await db.schema.createIndex("cases_author").on("cases").column("author_id").execute();
  await db.schema.createIndex("cases_enterprise").on("cases").column("enterprise_id").execute();
  await db.schema.createIndex("cases_due").on("cases").columns(["next_due_date"]).execute();
  await db.schema
    .createIndex("cases_number_unique")
    .on("cases")
    .columns(["kind", "session_label", "number"])
    .unique()
    .execute();

  await db.schema
    .createTable("case_cosigners")
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addPrimaryKeyConstraint("case_cosigners_pk", ["case_id", "user_id"])
    .execute();
  await db.schema.createIndex("case_cosigners_user").on("case_cosigners").column("user_id").execute();

  await db.schema
    .createTable("case_assignments")
    .addColumn("id", "integer", id)
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("department_id", "integer", (c) => c.notNull().references("departments.id"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull())
    .addColumn("assigned_at", "text", (c) => c.notNull())
    .addColumn("signed_at", "text")
    .addColumn("objection_reason", "text")
    .addColumn("objection_at", "text")
    .addColumn("opinion_status", "text", (c) => c.notNull().defaultTo("none"))
    .addColumn("opinion", "text")
    .addColumn("opinion_at", "text")
    .addUniqueConstraint("case_assignments_case_dept", ["case_id", "department_id"])
    .execute();
  await db.schema
    .createIndex("case_assignments_dept")
    .on("case_assignments")
    .columns(["department_id", "active"])
    .execute();

  await db.schema
    .createTable("case_events")
    .addColumn("id", "integer", id)
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("actor_role", "text")
    .addColumn("actor_department_id", "integer")
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("state_before", "text")
    .addColumn("state_after", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("prev_hash", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addUniqueConstraint("case_events_case_seq", ["case_id", "seq"])
    .execute();

  await db.schema
    .createTable("case_deadlines")
    .addColumn("id", "integer", id)
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("department_id", "integer", (c) => c.references("departments.id"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("start_date", "text", (c) => c.notNull())
    .addColumn("due_date", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("met_at", "text")
    .addColumn("explanation", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("case_deadlines_case").on("case_deadlines").column("case_id").execute();
  await db.schema
    .createIndex("case_deadlines_open_due")
    .on("case_deadlines")
    .columns(["status", "due_date"])
    .execute();

  await db.schema
    .createTable("case_numbers")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("session_label", "text", (c) => c.notNull())
    .addColumn("last_number", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("case_numbers_pk", ["kind", "session_label"])
    .execute();

  await db.schema
    .createTable("replies")
    .addColumn("id", "integer", id)
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("department_id", "integer", (c) => c.notNull().references("departments.id"))
    .addColumn("classification", "text")
    .addColumn("resolution", "text")
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("contact_name", "text")
    .addColumn("contact_phone", "text")
    .addColumn("commitments", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("submitted_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addColumn("reviewed_by", "integer", (c) => c.references("users.id"))
    .addColumn("reviewed_at", "text")
    .addColumn("review_note", "text")
    .execute();
  await db.schema.createIndex("replies_case").on("replies").column("case_id").execute();

  await db.schema
    .createTable("evaluations")
    .addColumn("id", "integer", id)
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id"))
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.references("users.id"))
    .addColumn("attitude", "text")
    .addColumn("result", "text", (c) => c.notNull())
    .addColumn("comment", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("evaluations_case").on("evaluations").column("case_id").execute();

  await db.schema
    .createTable("calendar_days")
    .addColumn("date", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("calendar_years")
    .addColumn("year", "integer", (c) => c.primaryKey())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("policies")
    .addColumn("kind", "text", (c) => c.primaryKey())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("outbox")
    .addColumn("id", "integer", id)
    .addColumn("case_id", "integer", (c) => c.references("cases.id"))
    .addColumn("event_id", "integer", (c) => c.references("case_events.id"))
    .addColumn("template", "text", (c) => c.notNull())
    .addColumn("recipient_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("recipient_email", "text")
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("dedupe_key", "text", (c) => c.notNull().unique())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("lease_until", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await db.schema.createIndex("outbox_pending").on("outbox").columns(["status", "next_attempt_at"]).execute();

  await db.schema
    .createTable("admin_audit")
    .addColumn("id", "integer", id)
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("detail", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  // The history is an official record: refuse updates and deletes at the database level.
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create or replace function case_events_append_only() returns trigger as $$
      begin raise exception 'case_events is append-only'; end; $$ language plpgsql`.execute(db);
    await sql`create trigger case_events_no_update before update or delete on case_events
      for each row execute function case_events_append_only()`.execute(db);
  } else {
    await sql`create trigger case_events_no_update before update on case_events
      begin select raise(abort, 'case_events is append-only'); end`.execute(db);
    await sql`create trigger case_events_no_delete before delete on case_events
      begin select raise(abort, 'case_events is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "admin_audit",
    "outbox",
    "policies",
    "calendar_years",
    "calendar_days",
    "evaluations",
    "replies",
    "case_numbers",
    "case_deadlines",
    "case_events",
    "case_assignments",
    "case_cosigners",
    "cases",
    "api_tokens",
    "sessions",
    "users",
    "enterprises",
    "departments",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
