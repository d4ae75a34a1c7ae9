import type { Kysely } from "kysely";
import type { Database } from "../db/schema";

/**
 * The outbox: every notification is a row written in the same transaction as the event that
 * caused it. Delivery happens after commit; the dedupe key makes a second write of the same
 * notification a no-op.
 */
export interface OutboxMessage {
  caseId: number | null;
  eventId: number | null;
  template: string;
  recipientUserId: number | null;
  recipientEmail: string | null;
  locale: string;
  payload: Record<string, unknown>;
  dedupeKey: string;
}

/** `notBefore`: the earliest moment to deliver (the sweeper's notices wait for working hours). */
export async function enqueue(
  db: Kysely<Database>,
  messages: OutboxMessage[],
  now: string,
  notBefore: string = now,
): Promise<number> {
  if (!messages.length) return 0;
  const rows = messages.map((m) => ({
    case_id: m.caseId,
    event_id: m.eventId,
    template: m.template,
    recipient_user_id: m.recipientUserId,
    recipient_email: m.recipientEmail,
    locale: m.locale,
    payload: JSON.stringify(m.payload),
    dedupe_key: m.dedupeKey,
    status: "pending" as const,
    attempts: 0,
    next_attempt_at: notBefore,
    created_at: now,
  }));
  const res = await db
    .insertInto("outbox")
    .values(rows)
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0);
}

export async function outboxForCase(db: Kysely<Database>, caseId: number) {
  return db.selectFrom("outbox").selectAll().where("case_id", "=", caseId).orderBy("id").execute();
}
