import type { Kysely } from "kysely";
import type { Database } from "./schema";

/**
 * The version of the settings each process caches (the working-day calendar, the deadline
 * policies): database triggers move it with every change to them, from any process. A cache
 * taken at this version is current while it stays the same. Answers null when the row is
 * missing, and then nothing may be cached.
 */
export async function settingsVersion(db: Kysely<Database>): Promise<number | null> {
  const row = await db
    .selectFrom("settings_version")
    .select("version")
    .where("id", "=", 1)
    .executeTakeFirst();
  return row ? Number(row.version) : null;
}
