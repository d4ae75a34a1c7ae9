import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema";

type Q = Kysely<Database> | Transaction<Database>;

/**
 * Open unit deadlines due on or before `horizon`, on cases whose clock runs, each with the
 * highest ladder step already recorded for it. One query; the ladder itself is computed in
 * workflows/escalation.ts.
 */
export async function ladderCandidates(
  db: Q,
  p: { horizon: string; types: readonly string[]; pausedStates: readonly string[] },
) {
  let q = db
    .selectFrom("case_deadlines as d")
    .innerJoin("cases as c", "c.id", "d.case_id")
    .leftJoin(
      (eb) =>
        eb
          .selectFrom("deadline_alerts")
          .select(["deadline_id", (e) => e.fn.max("rank").as("top_rank")])
          .groupBy("deadline_id")
          .as("a"),
      (j) => j.onRef("a.deadline_id", "=", "d.id"),
    )
    .select([
      "d.id",
      "d.case_id",
      "d.department_id",
      "d.type",
      "d.round",
      "d.start_date",
      "d.due_date",
      "c.kind",
      "c.state",
      "a.top_rank",
    ])
    .where("d.status", "=", "open")
    .where("d.due_date", "<=", p.horizon)
    .where("d.type", "in", [...p.types])
    .where("d.department_id", "is not", null);
  if (p.pausedStates.length) q = q.where("c.state", "not in", [...p.pausedStates]);
  return q.orderBy("d.due_date").orderBy("d.id").execute();
}

/** Open deadlines of the given types whose last day has passed, by case. */
export async function passedDeadlines(db: Q, p: { asOf: string; types: readonly string[] }) {
  return db
    .selectFrom("case_deadlines")
    .select(["id", "case_id", "type", "department_id", "due_date"])
    .where("status", "=", "open")
    .where("due_date", "<", p.asOf)
    .where("type", "in", [...p.types])
    .orderBy("case_id")
    .orderBy("id")
    .execute();
}

/**
 * Claims one step of one deadline: the unique (deadline, step) row. On PostgreSQL a concurrent
 * claim of the same step waits for the first transaction and then finds the row; on SQLite
 * writers are serialised. Either way exactly one run gets `true`.
 */
export async function claimAlert(
  trx: Transaction<Database>,
  a: {
    deadlineId: number;
    caseId: number;
    departmentId: number | null;
    step: string;
    rank: number;
    asOf: string;
    workingDays: number;
    now: string;
  },
): Promise<number | null> {
  const row = await trx
    .insertInto("deadline_alerts")
    .values({
      deadline_id: a.deadlineId,
      case_id: a.caseId,
      department_id: a.departmentId,
      step: a.step,
      rank: a.rank,
      as_of: a.asOf,
      working_days: a.workingDays,
      event_id: null,
      created_at: a.now,
    })
    .onConflict((oc) => oc.columns(["deadline_id", "step"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!row) return null;
  // The deadline may have been met since it was listed: then the claim is void.
  const open = await trx
    .selectFrom("case_deadlines")
    .select("id")
    .where("id", "=", a.deadlineId)
    .where("status", "=", "open")
    .executeTakeFirst();
  return open ? row.id : null;
}

export async function linkAlertEvent(trx: Transaction<Database>, alertId: number, eventId: number) {
  await trx.updateTable("deadline_alerts").set({ event_id: eventId }).where("id", "=", alertId).execute();
}

/** Marks windows as lapsed; answers how many were still open (0: another run got there first). */
export async function lapseWindows(trx: Transaction<Database>, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  const res = await trx
    .updateTable("case_deadlines")
    .set({ status: "lapsed", met_at: null })
    .where("id", "in", ids)
    .where("status", "=", "open")
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Every step recorded for a case, oldest first (the case page and tests read it). */
export async function alertsOfCase(db: Q, caseId: number) {
  return db.selectFrom("deadline_alerts").selectAll().where("case_id", "=", caseId).orderBy("id").execute();
}

/** Cases listed for the next bulletin (step `bulletin`) since a date. */
export async function listedForBulletin(db: Q, since: string) {
  return db
    .selectFrom("deadline_alerts")
    .select(["case_id", "deadline_id", "department_id", "as_of", "working_days"])
    .where("step", "=", "bulletin")
    .where("as_of", ">=", since)
    .orderBy("as_of")
    .execute();
}
