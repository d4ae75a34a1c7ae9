import type { Kysely, Updateable } from "kysely";
import type { Database, DepartmentTable, UserTable } from "./schema";

type Q = Kysely<Database>;

/** Changes a user's account (profile, role, unit, active, password hash). */
export async function updateUserRow(db: Q, id: number, patch: Updateable<UserTable>) {
  if (!Object.keys(patch).length) return;
  await db.updateTable("users").set(patch).where("id", "=", id).execute();
}

/** Changes a department's name, short name, shared mailbox or whether it can be chosen. */
export async function updateDepartmentRow(db: Q, id: number, patch: Updateable<DepartmentTable>) {
  if (!Object.keys(patch).length) return;
  await db.updateTable("departments").set(patch).where("id", "=", id).execute();
}
