import type { Kysely } from "kysely";
import type { Database } from "./schema";

type Q = Kysely<Database>;

export async function listDepartments(db: Q) {
  return db.selectFrom("departments").selectAll().where("active", "=", 1).orderBy("id").execute();
}

export async function getDepartment(db: Q, id: number) {
  return db.selectFrom("departments").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findDepartmentByName(db: Q, name: string) {
  return db.selectFrom("departments").selectAll().where("name", "=", name).executeTakeFirst();
}

/** Which of these ids are active departments. */
export async function existingDepartmentIds(db: Q, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom("departments")
    .select("id")
    .where("id", "in", ids)
    .where("active", "=", 1)
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function insertDepartment(
  db: Q,
  d: { name: string; shortName?: string | null; email?: string | null; now: string },
): Promise<number> {
  const row = await db
    .insertInto("departments")
    .values({ name: d.name, short_name: d.shortName ?? null, email: d.email ?? null, created_at: d.now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
