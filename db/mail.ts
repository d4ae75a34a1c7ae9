import { type Kysely, PostgresAdapter } from "kysely";
import type { Database, Locale, OutboxRow, OutboxStatus } from "./schema";

type Q = Kysely<Database>;

const isPostgres = (db: Q) => db.getExecutor().adapter instanceof PostgresAdapter;

// ---------------------------------------------------------------------------------------------
// Recipients

/** Shared mailboxes (单位邮箱) of these departments, when they have one. */
export async function departmentMailboxes(db: Q, departmentIds: number[]) {
  if (!departmentIds.length) return [];
  return db
    .selectFrom("departments")
    .select(["id", "name", "email"])
    .where("id", "in", departmentIds)
    .where("active", "=", 1)
    .where("email", "is not", null)
    .where("email", "!=", "")
    .orderBy("id")
    .execute() as Promise<Array<{ id: number; name: string; email: string }>>;
}

/** Who a personal notification goes to, as they are now (address, language and choice). */
export async function mailRecipient(db: Q, userId: number) {
  return db
    .selectFrom("users")
    .leftJoin("departments", "departments.id", "users.department_id")
    .select([
      "users.id",
      "users.display_name",
      "users.email",
      "users.locale",
      "users.mail_optional",
      "users.active",
      "users.role",
      "users.department_id",
      "users.enterprise_id",
      "departments.name as department_name",
    ])
    .where("users.id", "=", userId)
    .executeTakeFirst();
}

export async function mailSettings(db: Q, userId: number) {
  return db
    .selectFrom("users")
    .select(["id", "email", "locale", "mail_optional"])
    .where("id", "=", userId)
    .executeTakeFirst();
}

export async function updateMailSettings(
  db: Q,
  userId: number,
  s: { email: string | null; locale: Locale; mailOptional: boolean },
) {
  await db
    .updateTable("users")
    .set({ email: s.email, locale: s.locale, mail_optional: s.mailOptional ? 1 : 0 })
    .where("id", "=", userId)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// The worker's queue: claim with a lease, then mark the outcome

/** Is anything due? A read, so an idle worker never takes SQLite's write lock. */
export async function hasDueMail(db: Q, now: string): Promise<boolean> {
  const row = await db
    .selectFrom("outbox")
    .select("id")
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", now)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Takes up to `limit` due rows for one worker, in one statement: the lease is written by the same
 * UPDATE that picks the rows, so two workers can never take the same row. PostgreSQL: the
 * picking SELECT locks with `FOR UPDATE SKIP LOCKED` (a row another worker is claiming is
 * skipped, not waited for). SQLite: one writer at a time, and the UPDATE re-checks the lease.
 * Each claim counts as an attempt, so a row whose worker keeps dying still ends up dead.
 */
export async function claimDueMail(
  db: Q,
  c: { now: string; leaseUntil: string; owner: string; limit: number },
): Promise<OutboxRow[]> {
  const due = db
    .selectFrom("outbox")
    .select("id")
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", c.now)
    .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", c.now)]))
    .orderBy("next_attempt_at")
    .orderBy("id")
    .limit(c.limit);
  const lease = {
    lease_until: c.leaseUntil,
    lease_owner: c.owner,
  };
  let rows: OutboxRow[];
  if (isPostgres(db)) {
    // A materialized CTE runs the locking SELECT exactly once. (As `id IN (SELECT … LIMIT n FOR
    // UPDATE SKIP LOCKED)` PostgreSQL may run the subquery again per row, skipping the rows this
    // very statement already updated, and claim every due row instead of n.)
    rows = await db
      .with(
        (cte) => cte("due").materialized(),
        () => due.forUpdate().skipLocked(),
      )
      .updateTable("outbox")
      .from("due")
      .set((eb) => ({ ...lease, attempts: eb("outbox.attempts", "+", 1) }))
      .whereRef("outbox.id", "=", "due.id")
      .returningAll("outbox")
      .execute();
  } else {
    // SQLite: one writer at a time; the uncorrelated subquery is evaluated once, and the UPDATE
    // re-checks the lease under the write lock.
    rows = await db
      .updateTable("outbox")
      .set((eb) => ({ ...lease, attempts: eb("attempts", "+", 1) }))
      .where("id", "in", due)
      .where("status", "=", "pending")
      .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", c.now)]))
      .returningAll()
      .execute();
  }
  return rows.sort((a, b) => a.id - b.id);
}

/** Fixes a row's Message-ID the first time it is needed; later attempts read the stored one. */
export async function fixMessageId(db: Q, id: number, messageId: string): Promise<string> {
  await db
    .updateTable("outbox")
    .set({ message_id: messageId })
    .where("id", "=", id)
    .where("message_id", "is", null)
    .execute();
  const row = await db.selectFrom("outbox").select("message_id").where("id", "=", id).executeTakeFirst();
  return row?.message_id ?? messageId;
}

export interface Rendered {
  subject: string;
  html: string;
  text: string;
}

/**
 * Sent (or captured): final. Only a row still pending is marked, but the lease owner is not
 * checked: if this worker's lease ran out and another worker took the row, the mail has gone out
 * all the same, and saying so stops a further copy.
 */
export async function markDelivered(
  db: Q,
  id: number,
  d: {
    status: Extract<OutboxStatus, "sent" | "captured">;
    now: string;
    to: string;
    locale: string;
    rendered: Rendered;
  },
): Promise<boolean> {
  const r = await db
    .updateTable("outbox")
    .set({
      status: d.status,
      sent_at: d.now,
      lease_until: null,
      lease_owner: null,
      last_error: null,
      recipient_email: d.to,
      locale: d.locale,
      subject: d.rendered.subject,
      body_html: d.rendered.html,
      body_text: d.rendered.text,
    })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A temporary failure: try again at `nextAttemptAt`. Only while this worker still holds the lease. */
export async function markRetry(
  db: Q,
  id: number,
  owner: string,
  f: { nextAttemptAt: string; error: string },
): Promise<boolean> {
  const r = await db
    .updateTable("outbox")
    .set({ next_attempt_at: f.nextAttemptAt, last_error: f.error, lease_until: null, lease_owner: null })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where("lease_owner", "=", owner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Final without sending: dead (a permanent failure) or skipped (nobody to send to). */
export async function markUndelivered(
  db: Q,
  id: number,
  owner: string,
  f: {
    status: Extract<OutboxStatus, "dead" | "skipped">;
    error: string;
    to?: string | null;
    rendered?: Rendered | null;
  },
): Promise<boolean> {
  const r = await db
    .updateTable("outbox")
    .set({
      status: f.status,
      last_error: f.error,
      lease_until: null,
      lease_owner: null,
      ...(f.to !== undefined ? { recipient_email: f.to } : {}),
      ...(f.rendered
        ? { subject: f.rendered.subject, body_html: f.rendered.html, body_text: f.rendered.text }
        : {}),
    })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where("lease_owner", "=", owner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Gives back rows this worker claimed but did not get to (stopping, or its lease is running out). */
export async function releaseLeases(db: Q, ids: number[], owner: string) {
  if (!ids.length) return;
  await db
    .updateTable("outbox")
    .set((eb) => ({ lease_until: null, lease_owner: null, attempts: eb("attempts", "-", 1) }))
    .where("id", "in", ids)
    .where("status", "=", "pending")
    .where("lease_owner", "=", owner)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// What a template needs to know about its case and event

export async function mailContextRows(db: Q, row: Pick<OutboxRow, "case_id" | "event_id">) {
  const c = row.case_id
    ? await db
        .selectFrom("cases")
        .innerJoin("users as author", "author.id", "cases.author_id")
        .leftJoin("departments as lead", "lead.id", "cases.lead_department_id")
        .select([
          "cases.id",
          "cases.kind",
          "cases.title",
          "cases.number",
          "cases.session_label",
          "cases.state",
          "cases.round",
          "cases.classification",
          "cases.author_id",
          "cases.enterprise_id",
          "author.display_name as author_name",
          "lead.name as lead_name",
        ])
        .where("cases.id", "=", row.case_id)
        .executeTakeFirst()
    : undefined;
  const event = row.event_id
    ? await db
        .selectFrom("case_events")
        .leftJoin("users as actor", "actor.id", "case_events.actor_id")
        .leftJoin("departments as unit", "unit.id", "case_events.actor_department_id")
        .select([
          "case_events.type",
          "case_events.payload",
          "case_events.created_at",
          "case_events.actor_department_id",
          "actor.display_name as actor_name",
          "unit.name as actor_unit",
        ])
        .where("case_events.id", "=", row.event_id)
        .executeTakeFirst()
    : undefined;
  const [assignments, deadlines, reply] = row.case_id
    ? await Promise.all([
        db
          .selectFrom("case_assignments")
          .innerJoin("departments", "departments.id", "case_assignments.department_id")
          .select([
            "case_assignments.department_id",
            "case_assignments.role",
            "case_assignments.active",
            "departments.name",
          ])
          .where("case_assignments.case_id", "=", row.case_id)
          .orderBy("case_assignments.id")
          .execute(),
        db
          .selectFrom("case_deadlines")
          .select(["type", "department_id", "due_date", "round"])
          .where("case_id", "=", row.case_id)
          .where("status", "=", "open")
          .orderBy("id")
          .execute(),
        db
          .selectFrom("replies")
          .select(["classification", "resolution", "round"])
          .where("case_id", "=", row.case_id)
          .where("status", "=", "approved")
          .orderBy("id", "desc")
          .executeTakeFirst(),
      ])
    : [[], [], undefined];
  return { case: c, event, assignments, deadlines, reply };
}

export async function departmentName(db: Q, id: number) {
  const r = await db.selectFrom("departments").select("name").where("id", "=", id).executeTakeFirst();
  return r?.name ?? null;
}

export async function caseTitleById(db: Q, id: number) {
  return db
    .selectFrom("cases")
    .select(["id", "title", "number", "session_label"])
    .where("id", "=", id)
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// The admin's view: counts, lists, one mail, retry and discard

export async function mailCounts(db: Q): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("outbox")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("status")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function listMail(db: Q, f: { statuses?: OutboxStatus[]; limit: number; offset?: number }) {
  let q = db
    .selectFrom("outbox")
    .leftJoin("users", "users.id", "outbox.recipient_user_id")
    .leftJoin("cases", "cases.id", "outbox.case_id")
    .select([
      "outbox.id",
      "outbox.case_id",
      "outbox.template",
      "outbox.recipient_user_id",
      "outbox.recipient_email",
      "outbox.locale",
      "outbox.status",
      "outbox.attempts",
      "outbox.next_attempt_at",
      "outbox.lease_until",
      "outbox.last_error",
      "outbox.created_at",
      "outbox.sent_at",
      "outbox.subject",
      "users.display_name as recipient_name",
      "cases.title as case_title",
    ]);
  if (f.statuses?.length) q = q.where("outbox.status", "in", f.statuses);
  return q
    .orderBy("outbox.id", "desc")
    .limit(f.limit)
    .offset(f.offset ?? 0)
    .execute();
}

export async function getMail(db: Q, id: number) {
  return db
    .selectFrom("outbox")
    .leftJoin("users", "users.id", "outbox.recipient_user_id")
    .selectAll("outbox")
    .select("users.display_name as recipient_name")
    .where("outbox.id", "=", id)
    .executeTakeFirst();
}

/** Back to the queue, due now, with a fresh set of attempts: only dead (or discarded) rows. */
export async function retryMail(db: Q, id: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable("outbox")
    .set({ status: "pending", attempts: 0, next_attempt_at: now, lease_until: null, lease_owner: null })
    .where("id", "=", id)
    .where("status", "in", ["dead", "discarded"])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function discardMail(db: Q, id: number): Promise<boolean> {
  const r = await db
    .updateTable("outbox")
    .set({ status: "discarded", lease_until: null, lease_owner: null })
    .where("id", "=", id)
    .where("status", "=", "dead")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------------------------------------
// Single-use links

export interface LinkScope {
  purpose: string;
  caseId: number;
  round: number;
  userId: number;
}

export async function linkUsedAt(db: Q, s: LinkScope): Promise<string | null> {
  const r = await db
    .selectFrom("mail_link_uses")
    .select("used_at")
    .where("purpose", "=", s.purpose)
    .where("case_id", "=", s.caseId)
    .where("round", "=", s.round)
    .where("user_id", "=", s.userId)
    .executeTakeFirst();
  return r?.used_at ?? null;
}

/** Records the use; false when it was already used (the primary key refuses a second row). */
export async function claimLinkUse(db: Q, s: LinkScope, now: string): Promise<boolean> {
  const r = await db
    .insertInto("mail_link_uses")
    .values({ purpose: s.purpose, case_id: s.caseId, round: s.round, user_id: s.userId, used_at: now })
    .onConflict((oc) => oc.columns(["purpose", "case_id", "round", "user_id"]).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Undoes a claim whose rating was refused (e.g. a missing field), so the person can try again. */
export async function releaseLinkUse(db: Q, s: LinkScope) {
  await db
    .deleteFrom("mail_link_uses")
    .where("purpose", "=", s.purpose)
    .where("case_id", "=", s.caseId)
    .where("round", "=", s.round)
    .where("user_id", "=", s.userId)
    .execute();
}

/** The reply a rating link is about: the approved one of that round. */
export async function approvedReply(db: Q, caseId: number, round: number) {
  return db
    .selectFrom("replies")
    .innerJoin("departments", "departments.id", "replies.department_id")
    .select([
      "replies.id",
      "replies.classification",
      "replies.resolution",
      "replies.body",
      "replies.contact_name",
      "replies.contact_phone",
      "replies.reviewed_at",
      "departments.name as department_name",
    ])
    .where("replies.case_id", "=", caseId)
    .where("replies.round", "=", round)
    .where("replies.status", "=", "approved")
    .orderBy("replies.id", "desc")
    .executeTakeFirst();
}

/** Used by tests and the worker's log: rows by status. */
export async function outboxByStatus(db: Q, status: OutboxStatus) {
  return db.selectFrom("outbox").selectAll().where("status", "=", status).orderBy("id").execute();
}
