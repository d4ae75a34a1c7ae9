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

/** The admin_audit rows, newest first, with the acting person's name; `target` (e.g. `user:7`) keeps one object's. */
export async function recentAdminActions(db: Kysely<Database>, limit = 50, target?: string) {
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
    .$if(target !== undefined, (q) => q.where("admin_audit.target", "=", target!))
    .orderBy("admin_audit.id", "desc")
    .limit(limit)
    .execute();
}
