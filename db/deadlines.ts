import type { Kysely } from "kysely";
import type { DeadlineOp } from "../workflows/deadlines";
import type { Case, Database } from "./schema";

type Q = Kysely<Database>;

/** Deadline types that are windows for the unit's benefit, not obligations: never "next due". */
export const WINDOW_TYPES = ["objection_window", "return_window"];

export async function applyDeadlineOps(db: Q, caseId: number, ops: DeadlineOp[], today: string, now: string) {
  for (const op of ops) {
    if (op.op === "open") {
      await db
        .insertInto("case_deadlines")
        .values({
          case_id: caseId,
          department_id: op.departmentId,
          type: op.type,
          round: op.round,
          start_date: op.start,
          due_date: op.due.due,
          status: "open",
          met_at: null,
          explanation: JSON.stringify(op.due.explanation),
          created_at: now,
        })
        .execute();
    } else {
      let q = db
        .updateTable("case_deadlines")
        .set({ status: op.status, met_at: op.status === "met" ? today : null })
        .where("case_id", "=", caseId)
        .where("status", "=", "open");
      if (op.type !== "*") q = q.where("type", "=", op.type);
      if (op.departmentId === null) q = q.where("department_id", "is", null);
      else if (op.departmentId !== "*") q = q.where("department_id", "=", op.departmentId);
      await q.execute();
    }
  }
}

export async function caseDeadlines(db: Q, caseId: number) {
  return db
    .selectFrom("case_deadlines")
    .leftJoin("departments", "departments.id", "case_deadlines.department_id")
    .selectAll("case_deadlines")
    .select("departments.name as department_name")
    .where("case_id", "=", caseId)
    .orderBy("case_deadlines.id")
    .execute();
}

/** The earliest open obligation of a case (the lowest id among equal dates). */
function earliestOpen(db: Q, caseId: number) {
  return db
    .selectFrom("case_deadlines")
    .where("case_id", "=", caseId)
    .where("status", "=", "open")
    .where("type", "not in", WINDOW_TYPES)
    .orderBy("due_date")
    .orderBy("id")
    .limit(1);
}

/** The earliest open obligation of a case: what its inbox row shows as "next due". */
export async function nextDue(db: Q, caseId: number) {
  return earliestOpen(db, caseId).select(["due_date", "type"]).executeTakeFirst();
}

/**
 * Writes a case's "next due" from its open deadlines (none while `paused`: the clock stopped) and
 * answers the case row as it now is, in one statement.
 */
export async function refreshNextDue(db: Q, caseId: number, paused: boolean): Promise<Case> {
  return db
    .updateTable("cases")
    .set(
      paused
        ? { next_due_date: null, next_due_type: null }
        : {
            next_due_date: earliestOpen(db, caseId).select("due_date"),
            next_due_type: earliestOpen(db, caseId).select("type"),
          },
    )
    .where("id", "=", caseId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
