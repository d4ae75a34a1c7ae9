import { type Kysely, PostgresAdapter, sql } from "kysely";

// Frozen in time: this migration must not import application code.

/**
 * Sessions remember when they were last used, so that one left idle ends before its absolute
 * expiry; and the record of administrative actions becomes append-only at the database level, as
 * the case history already is.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("sessions").addColumn("last_seen_at", "text").execute();
  await sql`update sessions set last_seen_at = created_at`.execute(db);
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();
  await db.schema.createIndex("api_tokens_user").on("api_tokens").column("user_id").execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create or replace function admin_audit_append_only() returns trigger as $$
      begin raise exception 'admin_audit is append-only'; end; $$ language plpgsql`.execute(db);
    await sql`create trigger admin_audit_no_update before update or delete on admin_audit
      for each row execute function admin_audit_append_only()`.execute(db);
  } else {
    await sql`create trigger admin_audit_no_update before update on admin_audit
      begin select raise(abort, 'admin_audit is append-only'); end`.execute(db);
    await sql`create trigger admin_audit_no_delete before delete on admin_audit
      begin select raise(abort, 'admin_audit is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop trigger if exists admin_audit_no_update on admin_audit`.execute(db);
    await sql`drop function if exists admin_audit_append_only()`.execute(db);
  } else {
    await sql`drop trigger if exists admin_audit_no_update`.execute(db);
    await sql`drop trigger if exists admin_audit_no_delete`.execute(db);
  }
  await db.schema.dropIndex("api_tokens_user").ifExists().execute();
  await db.schema.dropIndex("sessions_user").ifExists().execute();
  await db.schema.alterTable("sessions").dropColumn("last_seen_at").execute();
}
