import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Case, CaseEvent, Database } from "./schema";

type Q = Kysely<Database>;

export const GENESIS_HASH = "0".repeat(64);

export interface NewEvent {
  caseId: number;
  type: string;
  actorId: number | null;
  actorRole: string | null;
  actorDepartmentId: number | null;
  payload: unknown;
  stateBefore: string | null;
  stateAfter: string;
  createdAt: string;
}

type HashedFields = Pick<
  CaseEvent,
  | "case_id"
  | "seq"
  | "type"
  | "actor_id"
  | "actor_role"
  | "actor_department_id"
  | "payload"
  | "state_before"
  | "state_after"
  | "created_at"
  | "prev_hash"
>;

/** The hash of one history row: every recorded field plus the previous row's hash. */
export function eventHash(e: HashedFields): string {
  const canonical = JSON.stringify([
    e.case_id,
    e.seq,
    e.type,
    e.actor_id,
    e.actor_role,
    e.actor_department_id,
    e.payload,
    e.state_before,
    e.state_after,
    e.created_at,
    e.prev_hash,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** The last row of a case's history: what the next row links to. */
export interface HistoryTip {
  seq: number;
  hash: string;
}

/**
 * A case row with the tip of its history, in one statement. The engine reads both before its
 * versioned update: if that update succeeds, no other writer appended since (every append comes
 * with a version change), so the tip is still the last row.
 */
export async function caseWithHistoryTip(db: Q, caseId: number) {
  const row = await db
    .selectFrom("cases")
    .selectAll("cases")
    .select((eb) => [
      eb
        .selectFrom("case_events")
        .select("seq")
        .whereRef("case_events.case_id", "=", "cases.id")
        .orderBy("seq", "desc")
        .limit(1)
        .as("tip_seq"),
      eb
        .selectFrom("case_events")
        .select("hash")
        .whereRef("case_events.case_id", "=", "cases.id")
        .orderBy("seq", "desc")
        .limit(1)
        .as("tip_hash"),
    ])
    .where("cases.id", "=", caseId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { tip_seq, tip_hash, ...c } = row;
  const tip: HistoryTip | null =
    tip_seq === null || tip_hash === null ? null : { seq: tip_seq, hash: tip_hash };
  return { row: c as Case, tip };
}

/**
 * Appends to a case's history. Runs inside the caller's transaction, after the versioned case
 * update, so the case row is already locked against a concurrent writer; the unique (case, seq)
 * constraint refuses a fork all the same. `tip` is the last row when the caller read it in this
 * transaction before its versioned update (null: the history is empty); otherwise it is read here.
 */
export async function appendEvent(
  db: Q,
  e: NewEvent,
  tip?: HistoryTip | null,
): Promise<{ id: number; seq: number; hash: string }> {
  const last =
    tip !== undefined
      ? tip
      : await db
          .selectFrom("case_events")
          .select(["seq", "hash"])
          .where("case_id", "=", e.caseId)
          .orderBy("seq", "desc")
          .limit(1)
          .executeTakeFirst();
  const row: HashedFields = {
    case_id: e.caseId,
    seq: (last?.seq ?? 0) + 1,
    type: e.type,
    actor_id: e.actorId,
    actor_role: e.actorRole,
    actor_department_id: e.actorDepartmentId,
    payload: JSON.stringify(e.payload ?? {}),
    state_before: e.stateBefore,
    state_after: e.stateAfter,
    created_at: e.createdAt,
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const hash = eventHash(row);
  const inserted = await db
    .insertInto("case_events")
    .values({ ...row, hash })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: inserted.id, seq: row.seq, hash };
}

export async function caseHistory(db: Q, caseId: number) {
  return db
    .selectFrom("case_events")
    .leftJoin("users", "users.id", "case_events.actor_id")
    .leftJoin("departments", "departments.id", "case_events.actor_department_id")
    .select([
      "case_events.id",
      "case_events.seq",
      "case_events.type",
      "case_events.actor_id",
      "case_events.actor_role",
      "case_events.actor_department_id",
      "case_events.payload",
      "case_events.state_before",
      "case_events.state_after",
      "case_events.created_at",
      "case_events.hash",
      "users.display_name as actor_name",
      "departments.name as actor_department_name",
    ])
    .where("case_events.case_id", "=", caseId)
    .orderBy("case_events.seq")
    .execute();
}

export interface ChainReport {
  cases: number;
  events: number;
  broken: Array<{ caseId: number; seq: number; problem: string }>;
}

/** Walks every case's history and checks each row's hash and link. */
export async function verifyChains(db: Q, batch = 5000): Promise<ChainReport> {
  const report: ChainReport = { cases: 0, events: 0, broken: [] };
  let lastCase = 0;
  let lastSeq = 0;
  let prev: { caseId: number; hash: string; seq: number } | null = null;
  for (;;) {
    const rows = await db
      .selectFrom("case_events")
      .selectAll()
      .where((eb) =>
        eb.or([
          eb("case_id", ">", lastCase),
          eb.and([eb("case_id", "=", lastCase), eb("seq", ">", lastSeq)]),
        ]),
      )
      .orderBy("case_id")
      .orderBy("seq")
      .limit(batch)
      .execute();
    if (!rows.length) break;
    for (const r of rows) {
      report.events++;
      if (!prev || prev.caseId !== r.case_id) {
        report.cases++;
        if (r.seq !== 1)
          report.broken.push({ caseId: r.case_id, seq: r.seq, problem: "history does not start at 1" });
        if (r.prev_hash !== GENESIS_HASH)
          report.broken.push({
            caseId: r.case_id,
            seq: r.seq,
            problem: "first row does not link to genesis",
          });
      } else {
        if (r.seq !== prev.seq + 1)
          report.broken.push({ caseId: r.case_id, seq: r.seq, problem: "gap in sequence" });
        if (r.prev_hash !== prev.hash)
          report.broken.push({ caseId: r.case_id, seq: r.seq, problem: "link to previous row broken" });
      }
      if (eventHash(r) !== r.hash)
        report.broken.push({ caseId: r.case_id, seq: r.seq, problem: "row altered" });
      prev = { caseId: r.case_id, hash: r.hash, seq: r.seq };
    }
    const last = rows[rows.length - 1];
    lastCase = last.case_id;
    lastSeq = last.seq;
  }
  return report;
}
