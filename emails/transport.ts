import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";

/** One rendered mail, ready to hand to SMTP. */
export interface OutgoingMail {
  from: string;
  to: string;
  replyTo: string | null;
  subject: string;
  html: string;
  text: string;
  /** `<...@domain>`: the same on every attempt, so a re-send is recognisably the same mail */
  messageId: string;
  /** threads every mail about one case together in the recipient's client */
  references: string | null;
}

/**
 * Where mail goes: a real SMTP server, or (no SMTP_URL) nowhere: the worker keeps the rendered
 * mail on its outbox row as `captured`, readable by admins at /admin/mail.
 */
export interface MailTransport {
  readonly mode: "smtp" | "capture";
  /** for logs and the admin page; never includes a password */
  readonly description: string;
  /** Resolves when the server accepted the mail; rejects with the SMTP error otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export class MailConfigError extends Error {}

/** `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://...` (TLS from the start). */
export function smtpTransport(url: string, opts: { production: boolean }): MailTransport {
  if (!/^smtps?:\/\//i.test(url)) throw new MailConfigError("SMTP_URL must start with smtp:// or smtps://");
  const parsed = new URL(url);
  // nodemailer's own reading of the URL (host, port, auth, `?tls.*` and other query options),
  // without the URL itself, so nothing below is overridden by a second parse.
  const { url: _url, ...options } = nodemailer.createTransport(url).options as SMTPTransport.Options & {
    url?: string;
  };
  const loopback = ["localhost", "127.0.0.1", "[::1]", "::1"].includes(parsed.hostname);
  if (opts.production) {
    // Certificates are always verified in production, whatever the URL's query says.
    if (options.tls && (options.tls as { rejectUnauthorized?: unknown }).rejectUnauthorized === false)
      throw new MailConfigError("SMTP_URL: tls.rejectUnauthorized=false is not allowed in production");
    options.tls = { ...(options.tls ?? {}), rejectUnauthorized: true };
    // A plain smtp:// URL to another machine must upgrade with STARTTLS; a local relay may not offer it.
    if (!options.secure && !loopback) options.requireTLS = true;
  }
  const transporter = nodemailer.createTransport({
    ...options,
    // A few kept-open connections instead of a handshake per mail; broken ones are replaced.
    pool: true,
    maxConnections: 2,
    maxMessages: 100,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  const description = `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}`;
  return {
    mode: "smtp",
    description,
    async send(m) {
      await transporter.sendMail({
        from: m.from,
        to: m.to,
        replyTo: m.replyTo ?? undefined,
        subject: m.subject,
        html: m.html,
        text: m.text,
        messageId: m.messageId,
        references: m.references ?? undefined,
        headers: { "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All" },
      });
    },
    close: () => transporter.close(),
  };
}

/** Keeps mail in the database instead of sending it (development, demos, a missing SMTP_URL). */
export function captureTransport(): MailTransport {
  return {
    mode: "capture",
    description: "captured in the database (no SMTP_URL)",
    async send() {},
    close() {},
  };
}

export function transportFor(smtpUrl: string | undefined, opts: { production: boolean }): MailTransport {
  return smtpUrl ? smtpTransport(smtpUrl, opts) : captureTransport();
}

export type FailureKind = "temporary" | "permanent";

export interface Failure {
  kind: FailureKind;
  message: string;
}

/** Network trouble and configuration that an operator can fix: try again later. */
const TEMPORARY_CODES = new Set([
  "ECONNECTION",
  "ETIMEDOUT",
  "ESOCKET",
  "EDNS",
  "ETLS",
  "EPROTOCOL",
  "EAUTH",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * Temporary (try again later): connection refused or reset, timeouts, DNS, TLS, 4xx replies, and
 * authentication failures (a configuration an operator will fix). Permanent (stop, show it to an
 * admin): 5xx replies such as an unknown mailbox, and messages or addresses nodemailer refuses.
 */
export function classifyFailure(err: unknown): Failure {
  const e = (err ?? {}) as { code?: string; responseCode?: number; response?: string; message?: string };
  const message = truncate(
    [e.code, e.responseCode, e.response ?? e.message].filter((x) => x !== undefined && x !== "").join(" "),
  );
  if (e.code === "EAUTH") return { kind: "temporary", message };
  if (typeof e.responseCode === "number") {
    if (e.responseCode >= 500) return { kind: "permanent", message };
    if (e.responseCode >= 400) return { kind: "temporary", message };
  }
  if (e.code && TEMPORARY_CODES.has(e.code)) return { kind: "temporary", message };
  if (e.code === "EENVELOPE" || e.code === "EMESSAGE") return { kind: "permanent", message };
  return { kind: "temporary", message };
}

function truncate(s: string, n = 500): string {
  const one = s.replace(/\s+/g, " ").trim() || "unknown error";
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

/**
 * A deliverable address: one mailbox, no display name, no spaces or brackets, a dotted domain.
 * Anything else is a permanent failure before SMTP is even asked.
 */
export function isDeliverableAddress(address: string): boolean {
  return (
    /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+\.[^\s@<>()[\]",;:\\.]+$/.test(address) &&
    address.length <= 254
  );
}
