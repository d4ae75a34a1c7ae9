import { type Kysely, PostgresAdapter, sql } from "kysely";

// Frozen in time: this migration must not import application code.

/** The tables whose contents every dispatch reads and each process keeps in memory. */
const SETTINGS_TABLES = ["calendar_days", "calendar_years", "policies"];

/**
 * A counter that moves with every change to the working-day calendar or the deadline policies,
 * whoever makes it (the admin pages, an import, a script, plain SQL): triggers bump it in the
 * changing transaction. Each process caches the calendar and the policies and reads only this
 * one row to know whether its copy is still current, so several instances stay correct.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("settings_version")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("version", "integer", (c) => c.notNull())
    .execute();
  await db.insertInto("settings_version").values({ id: 1, version: 1 }).execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create or replace function settings_version_bump() returns trigger as $$
      begin update settings_version set version = version + 1 where id = 1; return null; end;
      $$ language plpgsql`.execute(db);
    for (const t of SETTINGS_TABLES)
      await sql`create trigger ${sql.raw(`${t}_settings_version`)}
        after insert or update or delete or truncate on ${sql.table(t)}
        for each statement execute function settings_version_bump()`.execute(db);
    return;
  }
  for (const t of SETTINGS_TABLES)
    for (const op of ["insert", "update", "delete"])
      await sql`create trigger ${sql.raw(`${t}_settings_version_${op}`)} after ${sql.raw(op)} on ${sql.table(t)}
        begin update settings_version set version = version + 1 where id = 1; end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const t of SETTINGS_TABLES)
      await sql`drop trigger if exists ${sql.raw(`${t}_settings_version`)} on ${sql.table(t)}`.execute(db);
    await sql`drop function if exists settings_version_bump()`.execute(db);
  } else
    for (const t of SETTINGS_TABLES)
      for (const op of ["insert", "update", "delete"])
        await sql`drop trigger if exists ${sql.raw(`${t}_settings_version_${op}`)}`.execute(db);
  await db.schema.dropTable("settings_version").execute();
}
