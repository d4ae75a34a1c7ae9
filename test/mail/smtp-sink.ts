import net from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerAddress } from "smtp-server";

/** One mail as the SMTP server received it. */
export interface Received {
  /** RCPT TO of the envelope */
  to: string[];
  from: string;
  messageId: string;
  subject: string;
  parsed: ParsedMail;
  raw: string;
}

/** Refuses a recipient with an SMTP reply (e.g. 550 unknown mailbox, 451 try later). */
export type RcptRule = (address: string) => { code: number; message: string } | null;

/**
 * A real SMTP server in the test process (smtp-server), every message parsed with mailparser.
 * STARTTLS is disabled: the package's built-in certificate has expired (STACK-NOTES pitfall 6),
 * and nothing here is a real mail server whose certificate matters.
 */
export class SmtpSink {
  readonly received: Received[] = [];
  rcpt: RcptRule = () => null;
  /** called with each message after it is read, before the server answers 250 */
  beforeAccept: ((raw: string) => void | Promise<void>) | null = null;
  private server: SMTPServer | null = null;
  port = 0;

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Listens on `port` (a free one when 0). Call again after `stop()` to bring the server back. */
  async start(port = this.port): Promise<this> {
    const server = new SMTPServer({
      disabledCommands: ["STARTTLS"],
      authOptional: true,
      disableReverseLookup: true,
      // stop() ends open client connections (a pooled transport keeps some) instead of waiting 30 s
      closeTimeout: 50,
      logger: false,
      onRcptTo: (address: SMTPServerAddress, _session, callback) => {
        const refusal = this.rcpt(address.address);
        if (!refusal) return callback();
        const err = new Error(refusal.message) as Error & { responseCode: number };
        err.responseCode = refusal.code;
        callback(err);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", async () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          const parsed = await simpleParser(raw);
          this.received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            messageId: parsed.messageId ?? "",
            subject: parsed.subject ?? "",
            parsed,
            raw,
          });
          if (this.beforeAccept) await this.beforeAccept(raw);
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    server.on("error", () => {});
    this.server = server;
    this.port = (server.server.address() as net.AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Mails to one address. */
  to(address: string): Received[] {
    return this.received.filter((m) => m.to.includes(address));
  }

  /** Waits until at least `n` mails have arrived. */
  async waitFor(n: number, timeoutMs = 15_000): Promise<Received[]> {
    const end = Date.now() + timeoutMs;
    while (this.received.length < n) {
      if (Date.now() > end) throw new Error(`expected ${n} mails, got ${this.received.length}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.received;
  }
}

/** A port nothing listens on right now (connections to it are refused). */
export async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** The first link in a mail's text part that starts with `prefix`. */
export function linkIn(text: string | undefined, prefix: string): string | null {
  const m = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[^\\s<>"]*`).exec(text ?? "");
  return m ? m[0] : null;
}
