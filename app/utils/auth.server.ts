import { createHash, randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { z } from "zod";
import type { Viewer } from "../../db/cases";
import type { Role, User } from "../../db/schema";
import {
  deleteSession,
  endAllSessions,
  insertApiToken,
  insertSession,
  pruneExpiredSessions,
  sessionUser,
  tokenUser,
  touchSession,
} from "../../db/sessions";
import { clearFailures, pruneFailures, recentFailures, recordFailure } from "../../db/throttle";
import { findUserByUsername } from "../../db/users";
import { CaseError } from "../../workflows/errors";
import type { Actor } from "../../workflows/types";
import { clock, db } from "./db.server";
import { env, sessionSecret } from "./env.server";
import { verifyPassword } from "./password.server";

const TOKEN_DAYS = 30;

// Session lifetime: absolute (SESSION_HOURS after sign-in) and idle (SESSION_IDLE_MINUTES without
// a request). The last use is written at most once a minute.
const sessionLimitsSchema = z.object({
  SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60 * 30)
    .default(120),
});
let limits: { hours: number; idleMinutes: number } | undefined;
export function sessionLimits() {
  if (limits) return limits;
  const r = sessionLimitsSchema.safeParse({
    SESSION_HOURS: process.env.SESSION_HOURS?.trim() || undefined,
    SESSION_IDLE_MINUTES: process.env.SESSION_IDLE_MINUTES?.trim() || undefined,
  });
  if (!r.success)
    throw new Error(
      `Invalid environment:\n${r.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`,
    );
  limits = { hours: r.data.SESSION_HOURS, idleMinutes: r.data.SESSION_IDLE_MINUTES };
  return limits;
}
const TOUCH_EVERY_MS = 60_000;

export const sessionCookie = () =>
  createCookie("__session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env().NODE_ENV === "production",
    secrets: [sessionSecret()],
    maxAge: sessionLimits().hours * 3600,
  });

export type SessionUser = Omit<User, "password_hash">;

function strip(u: User): SessionUser {
  const { password_hash: _, ...rest } = u;
  return rest;
}

/** A signed-in person acting: both an engine actor and a viewer for visibility. */
export type Person = Actor & Viewer;

export function actorOf(u: Pick<User, "id" | "role" | "department_id" | "enterprise_id">): Person {
  return { userId: u.id, role: u.role, departmentId: u.department_id, enterpriseId: u.enterprise_id };
}

/** Checks a username and password; null when either is wrong (never says which). */
export async function authenticate(username: string, password: string): Promise<SessionUser | null> {
  const u = await findUserByUsername(db(), username);
  if (!u?.active) {
    // Spend the same time as a real check so the answer does not reveal which usernames exist.
    await verifyPassword(
      password,
      "scrypt$32768$8$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    );
    return null;
  }
  return (await verifyPassword(password, u.password_hash)) ? strip(u) : null;
}

/**
 * Sign-in throttle: after ACCOUNT_LIMIT failures for one username, or ADDRESS_LIMIT from one
 * address, within THROTTLE_MINUTES, further attempts are refused (429) until the oldest failure
 * leaves the window, whether or not the password would now be right. Kept in the database so
 * that every instance counts the same failures.
 */
export const THROTTLE = { minutes: 15, account: 5, address: 30 } as const;

/**
 * Checks a username and password under the throttle. Throws CaseError `rate_limited` (with
 * `retryAfter` seconds and `minutes`) when too many attempts failed; null for a wrong pair.
 */
export async function signIn(
  username: string,
  password: string,
  address: string,
): Promise<SessionUser | null> {
  const now = clock.now();
  const name = username.trim().toLowerCase();
  const windowMs = THROTTLE.minutes * 60_000;
  const since = new Date(now.getTime() - windowMs).toISOString();
  const recent = await recentFailures(db(), { username: name, address, since });
  const blocked = [
    recent.account.n >= THROTTLE.account ? recent.account.first : null,
    recent.address.n >= THROTTLE.address ? recent.address.first : null,
  ].filter((x): x is string => x !== null);
  if (blocked.length) {
    const until = Math.max(...blocked.map((first) => new Date(first).getTime() + windowMs));
    const retryAfter = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
    throw new CaseError("rate_limited", "too_many_attempts", {
      params: { retryAfter, minutes: Math.ceil(retryAfter / 60) },
    });
  }
  const user = await authenticate(username, password);
  if (user) await clearFailures(db(), name);
  else {
    await recordFailure(db(), { username: name, address, at: now.toISOString() });
    // Old rows are no use to the throttle; each failure sweeps what left the window long ago.
    await pruneFailures(db(), new Date(now.getTime() - 24 * 3600_000).toISOString());
  }
  return user;
}

/**
 * Starts a fresh session (a new id on every login) and returns its Set-Cookie header. The session
 * the browser held before, if any, is ended: an id planted before sign-in is never promoted.
 */
export async function startSession(userId: number, request?: Request): Promise<string> {
  if (request) {
    const old = await sessionCookie().parse(request.headers.get("Cookie"));
    if (typeof old === "string") await deleteSession(db(), old);
  }
  const id = randomBytes(24).toString("base64url");
  const now = clock.now();
  await pruneExpiredSessions(db(), now.toISOString());
  await insertSession(db(), {
    id,
    userId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + sessionLimits().hours * 3600_000).toISOString(),
  });
  return sessionCookie().serialize(id);
}

/** "Sign out everywhere": every session and API token of the user ends. */
export async function endEverySession(userId: number) {
  return endAllSessions(db(), userId);
}

export async function endSession(request: Request): Promise<string> {
  const id = await sessionCookie().parse(request.headers.get("Cookie"));
  if (typeof id === "string") await deleteSession(db(), id);
  return sessionCookie().serialize("", { maxAge: 0 });
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  const id = await sessionCookie().parse(request.headers.get("Cookie"));
  if (typeof id !== "string") return null;
  const now = clock.now();
  const idleSince = new Date(now.getTime() - sessionLimits().idleMinutes * 60_000).toISOString();
  const row = await sessionUser(db(), id, now.toISOString(), idleSince);
  if (!row) return null;
  const { last_seen_at, ...u } = row;
  const touchBefore = new Date(now.getTime() - TOUCH_EVERY_MS).toISOString();
  if (!last_seen_at || last_seen_at <= touchBefore)
    await touchSession(db(), id, now.toISOString(), touchBefore);
  return strip(u);
}

/** For pages: the signed-in user, or a redirect to the login page that comes back here. */
export async function requireUser(request: Request, roles?: Role[]): Promise<SessionUser> {
  const u = await getUser(request);
  if (!u) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (roles && !roles.includes(u.role)) throw new Response("Forbidden", { status: 403 });
  return u;
}

const tokenHash = (t: string) => createHash("sha256").update(t).digest("hex");

export async function issueToken(userId: number): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString("base64url");
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + TOKEN_DAYS * 86400_000).toISOString();
  await insertApiToken(db(), { hash: tokenHash(token), userId, createdAt: now.toISOString(), expiresAt });
  return { token, expiresAt };
}

/** For the API: the bearer token's user (a browser session also works, for the UI's own calls). */
export async function requireApiUser(request: Request, roles?: Role[]): Promise<SessionUser> {
  const header = request.headers.get("Authorization");
  let u: SessionUser | null = null;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const row = m ? await tokenUser(db(), tokenHash(m[1]), clock.now().toISOString()) : undefined;
    u = row ? strip(row) : null;
  } else u = await getUser(request);
  if (!u) throw new CaseError("unauthenticated", "token_missing_or_invalid");
  if (roles && !roles.includes(u.role)) throw new CaseError("forbidden", "role_may_not");
  return u;
}
