import { linkKey } from "./links";

/** What the worker needs besides the database and the transport. */
export interface MailConfig {
  /** `Name <address>` */
  from: string;
  replyTo: string | null;
  /** where links in mails point, without a trailing slash */
  publicUrl: string;
  /** the right-hand side of every Message-ID */
  messageIdDomain: string;
  /** signs the one-click rating links */
  linkKey: Buffer;
}

export const DEFAULT_PUBLIC_URL = "http://localhost:3000";
const SENDER_NAME = "提案建议与企业诉求办理系统";

export function mailConfig(e: {
  MAIL_FROM?: string;
  MAIL_REPLY_TO?: string;
  PUBLIC_URL?: string;
  sessionSecret: string;
}): MailConfig {
  const publicUrl = (e.PUBLIC_URL || DEFAULT_PUBLIC_URL).replace(/\/+$/, "");
  const host = new URL(publicUrl).hostname || "localhost";
  const from = e.MAIL_FROM?.trim() || `"${SENDER_NAME}" <no-reply@${host}>`;
  return {
    from,
    replyTo: e.MAIL_REPLY_TO?.trim() || null,
    publicUrl,
    messageIdDomain: addressDomain(from) ?? host,
    linkKey: linkKey(e.sessionSecret),
  };
}

/** `"Name" <user@example.org>` or `user@example.org` → `example.org`. */
export function addressDomain(address: string): string | null {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(address.trim());
  return m ? m[1].toLowerCase() : null;
}
