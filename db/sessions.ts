import type { Kysely } from "kysely";
import type { Database } from "./schema";

type Q = Kysely<Database>;

export async function insertSession(
  db: Q,
  s: { id: string; userId: number; createdAt: string; expiresAt: string },
) {
  await db
    .insertInto("sessions")
    .values({ id: s.id, user_id: s.userId, created_at: s.createdAt, expires_at: s.expiresAt })
    .execute();
}

export async function sessionUser(db: Q, sessionId: string, now: string) {
  return db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .selectAll("users")
    .where("sessions.id", "=", sessionId)
    .where("sessions.expires_at", ">", now)
    .where("users.active", "=", 1)
    .executeTakeFirst();
}

export async function deleteSession(db: Q, sessionId: string) {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

export async function insertApiToken(
  db: Q,
  t: { hash: string; userId: number; createdAt: string; expiresAt: string },
) {
  await db
    .insertInto("api_tokens")
    .values({ token_hash: t.hash, user_id: t.userId, created_at: t.createdAt, expires_at: t.expiresAt })
    .execute();
}

export async function tokenUser(db: Q, hash: string, now: string) {
  return db
    .selectFrom("api_tokens")
    .innerJoin("users", "users.id", "api_tokens.user_id")
    .selectAll("users")
    .where("api_tokens.token_hash", "=", hash)
    .where("api_tokens.expires_at", ">", now)
    .where("users.active", "=", 1)
    .executeTakeFirst();
}
