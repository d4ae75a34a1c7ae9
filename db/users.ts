import type { Kysely } from "kysely";
import type { Database, Locale, Role } from "./schema";

type Q = Kysely<Database>;

export const ROLES: Role[] = ["delegate", "enterprise", "handler", "dept_head", "supervisor", "admin"];

export async function findUserByUsername(db: Q, username: string) {
  return db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
}

export async function getUser(db: Q, id: number) {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertUser(
  db: Q,
  u: {
    username: string;
    passwordHash: string;
    displayName: string;
    role: Role;
    departmentId?: number | null;
    enterpriseId?: number | null;
    email?: string | null;
    phone?: string | null;
    locale?: Locale;
    now: string;
  },
): Promise<number> {
  const row = await db
    .insertInto("users")
    .values({
      username: u.username,
      password_hash: u.passwordHash,
      display_name: u.displayName,
      role: u.role,
      department_id: u.departmentId ?? null,
      enterprise_id: u.enterpriseId ?? null,
      email: u.email ?? null,
      phone: u.phone ?? null,
      locale: u.locale ?? "zh-CN",
      created_at: u.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function countUsers(db: Q): Promise<number> {
  const r = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listUsers(db: Q) {
  return db
    .selectFrom("users")
    .leftJoin("departments", "departments.id", "users.department_id")
    .select([
      "users.id",
      "users.username",
      "users.display_name",
      "users.role",
      "users.department_id",
      "users.enterprise_id",
      "users.email",
      "users.locale",
      "users.active",
      "departments.name as department_name",
    ])
    .orderBy("users.role")
    .orderBy("users.id")
    .execute();
}

/** Delegates, for choosing co-signers (联名). */
export async function listDelegates(db: Q) {
  return db
    .selectFrom("users")
    .select(["id", "display_name", "username"])
    .where("role", "=", "delegate")
    .where("active", "=", 1)
    .orderBy("id")
    .execute();
}

export async function setUserLocale(db: Q, id: number, locale: Locale) {
  await db.updateTable("users").set({ locale }).where("id", "=", id).execute();
}

/** The people a notification reaches: active users by id, by department and role, or by role. */
export async function usersByIds(db: Q, ids: number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom("users")
    .select(["id", "email", "locale", "role", "department_id"])
    .where("id", "in", ids)
    .where("active", "=", 1)
    .execute();
}

export async function usersOfDepartments(db: Q, departmentIds: number[], roles: Role[]) {
  if (!departmentIds.length) return [];
  return db
    .selectFrom("users")
    .select(["id", "email", "locale", "role", "department_id"])
    .where("department_id", "in", departmentIds)
    .where("role", "in", roles)
    .where("active", "=", 1)
    .execute();
}

export async function usersWithRole(db: Q, role: Role) {
  return db
    .selectFrom("users")
    .select(["id", "email", "locale", "role", "department_id"])
    .where("role", "=", role)
    .where("active", "=", 1)
    .execute();
}

export async function usersOfEnterprise(db: Q, enterpriseId: number) {
  return db
    .selectFrom("users")
    .select(["id", "email", "locale", "role", "department_id"])
    .where("enterprise_id", "=", enterpriseId)
    .where("role", "=", "enterprise")
    .where("active", "=", 1)
    .execute();
}
