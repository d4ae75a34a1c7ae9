import type { Kysely, Transaction } from "kysely";
import type { BulletinTable, CaseKind, Database } from "./schema";

type Q = Kysely<Database> | Transaction<Database>;

/**
 * Supervision bulletins (督办通报). A draft can be rewritten or discarded; a published bulletin is
 * never changed: every write below is conditioned on `status = 'draft'` and answers how many rows
 * it touched, so a refusal is the caller's to report (409).
 */

export interface NewBulletin {
  title: string;
  periodFrom: string;
  periodTo: string;
  kind: CaseKind | null;
  thresholds: string;
  content: string;
  createdBy: number;
  now: string;
}

export async function insertBulletin(db: Q, b: NewBulletin): Promise<number> {
  const row = await db
    .insertInto("bulletins")
    .values({
      year: null,
      seq: null,
      title: b.title,
      period_from: b.periodFrom,
      period_to: b.periodTo,
      kind: b.kind,
      thresholds: b.thresholds,
      content: b.content,
      status: "draft",
      created_by: b.createdBy,
      created_at: b.now,
      updated_at: b.now,
      published_by: null,
      published_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function getBulletin(db: Q, id: number) {
  return db
    .selectFrom("bulletins as b")
    .innerJoin("users as cu", "cu.id", "b.created_by")
    .leftJoin("users as pu", "pu.id", "b.published_by")
    .selectAll("b")
    .select(["cu.display_name as created_by_name", "pu.display_name as published_by_name"])
    .where("b.id", "=", id)
    .executeTakeFirst();
}

export type BulletinRow = NonNullable<Awaited<ReturnType<typeof getBulletin>>>;

/** Every bulletin, newest first (drafts only for those who may see them). */
export async function listBulletins(db: Q, opts: { publishedOnly: boolean }) {
  return db
    .selectFrom("bulletins as b")
    .innerJoin("users as cu", "cu.id", "b.created_by")
    .select([
      "b.id",
      "b.year",
      "b.seq",
      "b.title",
      "b.period_from",
      "b.period_to",
      "b.kind",
      "b.status",
      "b.created_at",
      "b.published_at",
      "cu.display_name as created_by_name",
    ])
    .$if(opts.publishedOnly, (q) => q.where("b.status", "=", "published"))
    .orderBy("b.created_at", "desc")
    .orderBy("b.id", "desc")
    .execute();
}

/** Rewrites a draft; 0 when it is published (or gone). */
export async function updateDraft(
  db: Q,
  id: number,
  set: Partial<Pick<BulletinTable, "title" | "thresholds">> & { content: string; now: string },
): Promise<number> {
  const res = await db
    .updateTable("bulletins")
    .set({
      ...(set.title !== undefined ? { title: set.title } : {}),
      ...(set.thresholds !== undefined ? { thresholds: set.thresholds } : {}),
      content: set.content,
      updated_at: set.now,
    })
    .where("id", "=", id)
    .where("status", "=", "draft")
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Discards a draft; 0 when it is published (or gone). */
export async function deleteDraft(db: Q, id: number): Promise<number> {
  const res = await db
    .deleteFrom("bulletins")
    .where("id", "=", id)
    .where("status", "=", "draft")
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/**
 * Publishes a draft with the next issue number of the year and its final content. Answers the
 * issue, or null when it was no longer a draft (published by someone else a moment before: on
 * PostgreSQL the second UPDATE waits for the first and then finds no draft).
 */
export async function publishDraft(
  trx: Transaction<Database>,
  id: number,
  p: { year: number; by: number; at: string; content: (issue: { year: number; seq: number }) => string },
): Promise<{ year: number; seq: number } | null> {
  const last = await trx
    .selectFrom("bulletins")
    .select((eb) => eb.fn.max("seq").as("seq"))
    .where("year", "=", p.year)
    .executeTakeFirst();
  const seq = Number(last?.seq ?? 0) + 1;
  const res = await trx
    .updateTable("bulletins")
    .set({
      status: "published",
      year: p.year,
      seq,
      content: p.content({ year: p.year, seq }),
      published_by: p.by,
      published_at: p.at,
      updated_at: p.at,
    })
    .where("id", "=", id)
    .where("status", "=", "draft")
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1 ? { year: p.year, seq } : null;
}

/**
 * Who is told of a published bulletin: the handlers and heads of every active unit, and the
 * units' shared mailboxes (单位邮箱).
 */
export async function bulletinRecipients(db: Q) {
  const [people, mailboxes] = await Promise.all([
    db
      .selectFrom("users as u")
      .innerJoin("departments as d", "d.id", "u.department_id")
      .select(["u.id", "u.locale", "u.department_id"])
      .where("u.active", "=", 1)
      .where("d.active", "=", 1)
      .where("u.role", "in", ["handler", "dept_head"])
      .orderBy("u.id")
      .execute(),
    db
      .selectFrom("departments")
      .select(["id", "email"])
      .where("active", "=", 1)
      .where("email", "is not", null)
      .where("email", "!=", "")
      .orderBy("id")
      .execute(),
  ]);
  return { people, mailboxes };
}

/**
 * Deadlines the sweeper listed for the bulletin (step `bulletin`) on a day in [from, to], with
 * what became of them: still open, or met (late) since.
 */
export async function listedDeadlines(db: Q, p: { from: string; to: string; kind: CaseKind | null }) {
  return db
    .selectFrom("deadline_alerts as a")
    .innerJoin("case_deadlines as d", "d.id", "a.deadline_id")
    .innerJoin("cases as c", "c.id", "a.case_id")
    .leftJoin("departments as dept", "dept.id", "a.department_id")
    .select([
      "a.deadline_id",
      "a.as_of",
      "a.working_days",
      "d.type as deadline_type",
      "d.due_date",
      "d.status",
      "d.met_at",
      "d.department_id",
      "dept.name as department_name",
      "c.id as case_id",
      "c.kind",
      "c.number",
      "c.session_label",
      "c.title",
    ])
    .where("a.step", "=", "bulletin")
    .where("a.as_of", ">=", p.from)
    .where("a.as_of", "<=", p.to)
    .$if(p.kind !== null, (q) => q.where("c.kind", "=", p.kind!))
    .orderBy("d.due_date")
    .orderBy("a.deadline_id")
    .execute();
}
