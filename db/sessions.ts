import type { Kysely } from "kysely";
import type { Database } from "./schema";

type Q = Kysely<Database>;

export async function insertSession(
  db: Q,
  s: { id: string; userId: number; createdAt: string; expiresAt: string },
) {
  await db
    .insertInto("sessions")
    .values({
      id: s.id,
      user_id: s.userId,
      created_at: s.createdAt,
      expires_at: s.expiresAt,
      last_seen_at: s.createdAt,
    })
    .execute();
}

/**
 * The user of a live session: not past its absolute expiry, used since `idleSince`, and the user
 * still active. `last_seen_at` comes along so the caller can slide it.
 */
export async function sessionUser(db: Q, sessionId: string, now: string, idleSince: string) {
  return db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .selectAll("users")
    .select("sessions.last_seen_at")
    .where("sessions.id", "=", sessionId)
    .where("sessions.expires_at", ">", now)
    .where((eb) => eb(eb.fn.coalesce("sessions.last_seen_at", "sessions.created_at"), ">", idleSince))
    .where("users.active", "=", 1)
    .executeTakeFirst();
}

/**
 * A user's live browser sessions (not past expiry, used since `idleSince`: the ones a deactivation
 * or a new password would end) and when the latest of them was opened.
 */
export async function liveSessionsOf(db: Q, userId: number, now: string, idleSince: string) {
  const r = await db
    .selectFrom("sessions")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("created_at").as("latest")])
    .where("user_id", "=", userId)
    .where("expires_at", ">", now)
    .where((eb) => eb(eb.fn.coalesce("last_seen_at", "created_at"), ">", idleSince))
    .executeTakeFirstOrThrow();
  return { sessions: Number(r.n), lastSignInAt: (r.latest as string | null) ?? null };
}

/** Marks a session as used now (idle expiry slides); skipped when it was marked after `unlessAfter`. */
export async function touchSession(db: Q, sessionId: string, now: string, unlessAfter: string) {
  await db
    .updateTable("sessions")
    .set({ last_seen_at: now })
    .where("id", "=", sessionId)
    .where((eb) => eb.or([eb("last_seen_at", "is", null), eb("last_seen_at", "<=", unlessAfter)]))
    .execute();
}

/**
 * Ends every way a user is signed in: all browser sessions and all API tokens. Returns how many
 * of each were ended.
 */
export async function endAllSessions(db: Q, userId: number) {
  const s = await db.deleteFrom("sessions").where("user_id", "=", userId).executeTakeFirst();
  const t = await db.deleteFrom("api_tokens").where("user_id", "=", userId).executeTakeFirst();
  return { sessions: Number(s.numDeletedRows), tokens: Number(t.numDeletedRows) };
}

/** Sessions and tokens past their absolute expiry are of no use: removed in passing. */
export async function pruneExpiredSessions(db: Q, now: string) {
  await db.deleteFrom("sessions").where("expires_at", "<=", now).execute();
  await db.deleteFrom("api_tokens").where("expires_at", "<=", now).execute();
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
