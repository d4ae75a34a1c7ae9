import { type Kysely, sql } from "kysely";
import { type Db, openDb } from "../../db/client";
import type { Database } from "../../db/schema";
import { mailConfig } from "../../emails/config";
import { type MailTransport, smtpTransport } from "../../emails/transport";
import { type MailWorkerDeps, workerOwner } from "../../emails/worker";
import type { Clock } from "../../workflows/engine";
import type { Org, TestDb } from "../helpers/db";

export const PUBLIC_URL = "http://banli.test";
export const SESSION_SECRET = "test-session-secret-0123456789";
export const FROM = '"提案建议与企业诉求办理系统" <notify@banli.example.org>';
export const REPLY_TO = "office@banli.example.org";

export const config = mailConfig({
  MAIL_FROM: FROM,
  MAIL_REPLY_TO: REPLY_TO,
  PUBLIC_URL,
  sessionSecret: SESSION_SECRET,
});

/** Shared mailboxes (单位邮箱) of two of the test org's units; the third has none. */
export const MAILBOX = { lead: "fgj@units.example.test", co1: "ghj@units.example.test" };

/** The org of test/helpers/db.ts, plus unit mailboxes and one English-speaking unit head. */
export async function prepareMailOrg(db: Kysely<Database>, org: Org) {
  await db
    .updateTable("departments")
    .set({ email: MAILBOX.lead })
    .where("id", "=", org.departments.lead)
    .execute();
  await db
    .updateTable("departments")
    .set({ email: MAILBOX.co1 })
    .where("id", "=", org.departments.co1)
    .execute();
  await db.updateTable("users").set({ locale: "en" }).where("id", "=", org.users.leadHead).execute();
}

export const address = (key: string) => `${key.toLowerCase()}@example.test`;

const transports = new Set<MailTransport>();

/** Closes the SMTP connections the tests' workers opened. Call from `afterEach`. */
export function closeTransports() {
  for (const t of transports) t.close();
  transports.clear();
}

/** A worker against a real SMTP URL, with a fixed jitter and no log noise. */
export function workerFor(
  db: Kysely<Database>,
  smtpUrl: string,
  clock: Clock,
  opts: { transport?: MailTransport; owner?: string; batchSize?: number } = {},
): MailWorkerDeps {
  const transport = opts.transport ?? smtpTransport(smtpUrl, { production: false });
  transports.add(transport);
  return {
    db,
    transport,
    config,
    clock,
    owner: opts.owner ?? workerOwner(),
    options: { random: () => 0.5, batchSize: opts.batchSize ?? 10 },
    log: () => {},
  };
}

/**
 * A second, independent handle on a test database (another connection pool, as another process
 * would have): the same SQLite file, or the same PostgreSQL database.
 */
export async function secondHandle(t: TestDb): Promise<Db> {
  if (t.dialect === "sqlite") {
    const rows = await sql<{ name: string; file: string }>`pragma database_list`.execute(t.db);
    const file = rows.rows.find((r) => r.name === "main")!.file;
    return openDb(file);
  }
  const r = await sql<{ name: string }>`select current_database() as name`.execute(t.db);
  const url = new URL(process.env.TEST_POSTGRES_URL!);
  url.pathname = `/${r.rows[0].name}`;
  return openDb(url.toString());
}

export async function outboxRows(db: Kysely<Database>) {
  return db.selectFrom("outbox").selectAll().orderBy("id").execute();
}
