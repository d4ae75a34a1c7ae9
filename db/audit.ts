import type { Kysely } from "kysely";
import type { Database } from "./schema";

/** Append-only record of administrative actions. */
export async function recordAdminAction(
  db: Kysely<Database>,
  a: { actorId: number | null; action: string; target: string; detail: unknown; now: string },
) {
  await db
    .insertInto("admin_audit")
    .values({
      actor_id: a.actorId,
      action: a.action,
      target: a.target,
      detail: JSON.stringify(a.detail ?? {}),
      created_at: a.now,
    })
    .execute();
}

export async function recentAdminActions(db: Kysely<Database>, limit = 50) {
  return db
    .selectFrom("admin_audit")
    .leftJoin("users", "users.id", "admin_audit.actor_id")
    .select([
      "admin_audit.id",
      "admin_audit.action",
      "admin_audit.target",
      "admin_audit.detail",
      "admin_audit.created_at",
      "users.display_name as actor_name",
    ])
    .orderBy("admin_audit.id", "desc")
    .limit(limit)
    .execute();
}
