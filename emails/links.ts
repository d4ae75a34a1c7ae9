import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

/**
 * Signed one-click links: the proposer opens the rating form (满意度测评) from the mail without
 * logging in. A link names one case, one handling round and one person, carries its expiry, and is
 * signed with a key derived from SESSION_SECRET (never the secret itself). Single use is recorded
 * in `mail_link_uses` when the rating is accepted (db/mail.ts), not here.
 *
 * Token: `<caseId>.<round>.<userId>.<expires, unix seconds, base 36>.<HMAC-SHA256, base64url>`.
 * Only digits, letters, `-`, `_` and `.`: safe in a path segment and in any mail client.
 */
export type LinkPurpose = "evaluate";

export interface LinkClaims {
  purpose: LinkPurpose;
  caseId: number;
  round: number;
  userId: number;
  expiresAt: Date;
}

export type LinkCheck =
  | { ok: true; claims: LinkClaims }
  | { ok: false; reason: "malformed" | "tampered" | "expired"; claims?: LinkClaims };

/** How long an evaluation link stays valid after the reply is released. */
export const EVALUATION_LINK_DAYS = 30;

/** A key for one purpose, derived from the session secret (HKDF-SHA256). */
export function linkKey(sessionSecret: string, purpose: LinkPurpose = "evaluate"): Buffer {
  return Buffer.from(hkdfSync("sha256", sessionSecret, "banli-mail-links", `link:${purpose}:v1`, 32));
}

function mac(key: Buffer, body: string): string {
  return createHmac("sha256", key).update(body).digest("base64url");
}

export function signLink(key: Buffer, c: Omit<LinkClaims, "purpose">): string {
  const exp = Math.floor(c.expiresAt.getTime() / 1000).toString(36);
  const body = `${c.caseId}.${c.round}.${c.userId}.${exp}`;
  return `${body}.${mac(key, body)}`;
}

const TOKEN = /^(\d{1,10})\.(\d{1,4})\.(\d{1,10})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{43})$/;

/** Checks signature first, then expiry: an expired link is reported as expired only if it is genuine. */
export function verifyLink(
  key: Buffer,
  token: string,
  now: Date,
  purpose: LinkPurpose = "evaluate",
): LinkCheck {
  const m = TOKEN.exec(token);
  if (!m) return { ok: false, reason: "malformed" };
  const body = `${m[1]}.${m[2]}.${m[3]}.${m[4]}`;
  const expected = Buffer.from(mac(key, body));
  const given = Buffer.from(m[5]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: "tampered" };
  const claims: LinkClaims = {
    purpose,
    caseId: Number(m[1]),
    round: Number(m[2]),
    userId: Number(m[3]),
    expiresAt: new Date(Number.parseInt(m[4], 36) * 1000),
  };
  if (now.getTime() >= claims.expiresAt.getTime()) return { ok: false, reason: "expired", claims };
  return { ok: true, claims };
}
