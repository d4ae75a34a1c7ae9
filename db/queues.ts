import type { Expression, ExpressionBuilder, Kysely, SqlBool } from "kysely";
import { WINDOW_TYPES } from "./deadlines";
import type { Database } from "./schema";

type Q = Kysely<Database>;

/**
 * The supervisor's work queues (督办工作台): what waits for review, assignment, a ruling on an
 * objection or an extension, what is overdue and what is flagged as key. Supervisors see every
 * case that has left its author's drafts, so these queries need no visibility rule beyond that.
 * Portable Kysely only: the same SQL runs on SQLite and PostgreSQL.
 */

/** States in which units are working on a case (在办). */
export const ACTIVE_STATES = ["assigned", "handling", "awaiting_submitter", "reply_review", "rehandling"];

/** Every queue's size and the strip's figures, in one pass over the cases. */
export async function supervisionCounts(db: Q, today: string, soonUntil: string) {
  const row = await db
    .selectFrom("cases")
    .where("cases.state", "!=", "draft")
    .select((eb) => {
      const count = (cond: Expression<SqlBool>) =>
        eb.fn.sum<number | string | null>(eb.case().when(cond).then(eb.lit(1)).else(eb.lit(0)).end());
      return [
        // 待审查 / 待交办 are the proposal queues; enterprise requests have their own (诉求受理, 退单).
        count(eb.and([eb("cases.kind", "=", "proposal"), eb("cases.state", "=", "submitted")])).as(
          "submitted",
        ),
        count(eb.and([eb("cases.kind", "=", "proposal"), eb("cases.state", "=", "accepted")])).as("accepted"),
        count(
          eb.and([
            eb("cases.kind", "=", "enterprise_request"),
            eb.or([
              eb("cases.state", "=", "submitted"),
              eb.and([eb("cases.state", "=", "accepted"), eb.not(eb.exists(returnedAssignment(eb)))]),
            ]),
          ]),
        ).as("requests"),
        count(
          eb.and([
            eb("cases.kind", "=", "enterprise_request"),
            eb("cases.state", "=", "accepted"),
            eb.exists(returnedAssignment(eb)),
          ]),
        ).as("returned"),
        count(eb("cases.objections_pending", ">", 0)).as("objections"),
        count(eb("cases.extension_requested_until", "is not", null)).as("extensions"),
        count(eb("cases.next_due_date", "<", today)).as("overdue"),
        count(
          eb.and([eb("cases.next_due_date", ">=", today), eb("cases.next_due_date", "<=", soonUntil)]),
        ).as("soon"),
        count(eb("cases.is_key", "=", 1)).as("key"),
        count(eb("cases.state", "in", ACTIVE_STATES)).as("active"),
        count(eb("cases.state", "=", "replied")).as("replied"),
        count(eb("cases.state", "=", "closed")).as("closed"),
      ];
    })
    .executeTakeFirstOrThrow();
  const visits = await db
    .selectFrom("case_events")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("type", "=", "RECORD_VISIT")
    .executeTakeFirstOrThrow();
  const n = (v: number | string | null) => Number(v ?? 0);
  return {
    submitted: n(row.submitted),
    accepted: n(row.accepted),
    requests: n(row.requests),
    returned: n(row.returned),
    visits: n(visits.n),
    objections: n(row.objections),
    extensions: n(row.extensions),
    overdue: n(row.overdue),
    soon: n(row.soon),
    key: n(row.key),
    active: n(row.active),
    replied: n(row.replied),
    closed: n(row.closed),
  };
}

/** A unit's return (退单) of the case, still on record. */
function returnedAssignment(eb: ExpressionBuilder<Database, "cases">) {
  return eb
    .selectFrom("case_assignments as ra")
    .select("ra.id")
    .whereRef("ra.case_id", "=", "cases.id")
    .where("ra.status", "=", "returned");
}

function queueBase(db: Q) {
  return db
    .selectFrom("cases")
    .leftJoin("departments as lead", "lead.id", "cases.lead_department_id")
    .leftJoin("users as author", "author.id", "cases.author_id")
    .leftJoin("enterprises as ent", "ent.id", "cases.enterprise_id")
    .where("cases.state", "!=", "draft")
    .select((eb) => [
      "cases.id",
      "cases.kind",
      "cases.number",
      "cases.session_label",
      "cases.title",
      "cases.state",
      "cases.is_key",
      "cases.round",
      "cases.next_due_date",
      "cases.next_due_type",
      "cases.submitted_at",
      "cases.accepted_at",
      "cases.updated_at",
      "cases.objections_pending",
      "cases.extension_requested_until",
      "cases.category",
      "cases.theme",
      "cases.channel",
      "cases.priority",
      "cases.snapshot",
      "lead.name as lead_department_name",
      "author.display_name as author_name",
      "ent.name as enterprise_name",
      eb
        .selectFrom("case_cosigners")
        .select((c) => c.fn.countAll<number>().as("n"))
        .whereRef("case_cosigners.case_id", "=", "cases.id")
        .as("cosigner_count"),
    ]);
}

/** 待审查 / 待交办: cases (of one kind, if given) waiting in one intake state, the longest-waiting first. */
export async function casesWaitingIn(
  db: Q,
  state: "submitted" | "accepted",
  limit = 200,
  kind?: "proposal" | "enterprise_request",
) {
  let q = queueBase(db).where("cases.state", "=", state);
  if (kind) q = q.where("cases.kind", "=", kind);
  return q
    .orderBy(state === "submitted" ? "cases.submitted_at" : "cases.accepted_at")
    .orderBy("cases.id")
    .limit(limit)
    .execute();
}

/** 申请调整: cases with a unit's objection awaiting a ruling, with each objecting unit and its reason. */
export async function objectionQueue(db: Q, limit = 200) {
  const cases = await queueBase(db)
    .where("cases.objections_pending", ">", 0)
    .orderBy("cases.updated_at")
    .orderBy("cases.id")
    .limit(limit)
    .execute();
  if (!cases.length) return [];
  const objections = await db
    .selectFrom("case_assignments as a")
    .innerJoin("departments as d", "d.id", "a.department_id")
    .select(["a.case_id", "a.role", "a.objection_reason", "a.objection_at", "d.name as department_name"])
    .where(
      "a.case_id",
      "in",
      cases.map((c) => c.id),
    )
    .where("a.active", "=", 1)
    .where("a.objection_reason", "is not", null)
    .orderBy("a.objection_at")
    .execute();
  return cases.map((c) => ({ ...c, objections: objections.filter((o) => o.case_id === c.id) }));
}

/** 延期申请: pending extension requests, with the current reply deadline and the request's payload. */
export async function extensionQueue(db: Q, limit = 200) {
  return queueBase(db)
    .where("cases.extension_requested_until", "is not", null)
    .select((eb) => [
      eb
        .selectFrom("case_deadlines as d")
        .select("d.due_date")
        .whereRef("d.case_id", "=", "cases.id")
        .where("d.type", "=", "reply")
        .where("d.status", "=", "open")
        .orderBy("d.due_date", "desc")
        .limit(1)
        .as("reply_due_date"),
      eb
        .selectFrom("case_events as e")
        .select("e.payload")
        .whereRef("e.case_id", "=", "cases.id")
        .where("e.type", "=", "REQUEST_EXTENSION")
        .orderBy("e.seq", "desc")
        .limit(1)
        .as("request_payload"),
      eb
        .selectFrom("case_events as e")
        .select("e.created_at")
        .whereRef("e.case_id", "=", "cases.id")
        .where("e.type", "=", "REQUEST_EXTENSION")
        .orderBy("e.seq", "desc")
        .limit(1)
        .as("requested_at"),
    ])
    .orderBy("cases.updated_at")
    .orderBy("cases.id")
    .limit(limit)
    .execute();
}

/** 逾期: cases whose earliest open obligation is past, the longest overdue first, with the unit that owes it. */
export async function overdueQueue(db: Q, today: string, limit = 200) {
  return queueBase(db)
    .where("cases.next_due_date", "<", today)
    .select((eb) => [
      eb
        .selectFrom("case_deadlines as d")
        .leftJoin("departments as dd", "dd.id", "d.department_id")
        .select("dd.name")
        .whereRef("d.case_id", "=", "cases.id")
        .where("d.status", "=", "open")
        .where("d.type", "not in", WINDOW_TYPES)
        .orderBy("d.due_date")
        .orderBy("d.id")
        .limit(1)
        .as("due_department_name"),
    ])
    .orderBy("cases.next_due_date")
    .orderBy("cases.id")
    .limit(limit)
    .execute();
}

/** 重点: cases flagged as key (重点提案), nearest deadline first. */
export async function keyQueue(db: Q, limit = 200) {
  return (
    queueBase(db)
      .where("cases.is_key", "=", 1)
      // Cases without an open deadline last, on SQLite and PostgreSQL alike.
      .orderBy((eb) =>
        eb.case().when("cases.next_due_date", "is", null).then(eb.lit(1)).else(eb.lit(0)).end(),
      )
      .orderBy("cases.next_due_date")
      .orderBy("cases.id")
      .limit(limit)
      .execute()
  );
}

/**
 * 诉求受理: enterprise requests waiting for the dispatcher: submitted ones to accept, and accepted
 * ones not yet dispatched (returned ones have their own queue). Urgent first, then the longest waiting.
 */
export async function requestIntakeQueue(db: Q, limit = 200) {
  return queueBase(db)
    .where("cases.kind", "=", "enterprise_request")
    .where((eb) =>
      eb.or([
        eb("cases.state", "=", "submitted"),
        eb.and([eb("cases.state", "=", "accepted"), eb.not(eb.exists(returnedAssignment(eb)))]),
      ]),
    )
    .orderBy((eb) => eb.case().when("cases.priority", "=", "urgent").then(eb.lit(0)).else(eb.lit(1)).end())
    .orderBy("cases.submitted_at")
    .orderBy("cases.id")
    .limit(limit)
    .execute();
}

/**
 * 退单待重派: accepted enterprise requests that a unit sent back, with every return on record
 * (the unit, its reason code and note, the unit it suggested), the latest first.
 */
export async function returnedRequestQueue(db: Q, limit = 200) {
  const cases = await queueBase(db)
    .where("cases.kind", "=", "enterprise_request")
    .where("cases.state", "=", "accepted")
    .where((eb) => eb.exists(returnedAssignment(eb)))
    .orderBy("cases.updated_at")
    .orderBy("cases.id")
    .limit(limit)
    .execute();
  if (!cases.length) return [];
  const ids = cases.map((c) => c.id);
  const [assignments, events] = await Promise.all([
    db
      .selectFrom("case_assignments as a")
      .innerJoin("departments as d", "d.id", "a.department_id")
      .select([
        "a.case_id",
        "a.department_id",
        "a.objection_reason",
        "a.objection_at",
        "d.name as department_name",
      ])
      .where("a.case_id", "in", ids)
      .where("a.status", "=", "returned")
      .execute(),
    db
      .selectFrom("case_events as e")
      .leftJoin("departments as d", "d.id", "e.actor_department_id")
      .select([
        "e.case_id",
        "e.seq",
        "e.payload",
        "e.created_at",
        "e.actor_department_id",
        "d.name as department_name",
      ])
      .where("e.case_id", "in", ids)
      .where("e.type", "=", "RETURN")
      .orderBy("e.seq", "desc")
      .execute(),
  ]);
  const suggestedIds = new Set<number>();
  const parsed = events.map((e) => {
    let p: { reasonCode?: unknown; suggestedDepartmentId?: unknown; note?: unknown } = {};
    try {
      p = JSON.parse(e.payload);
    } catch {
      p = {};
    }
    const suggested = typeof p.suggestedDepartmentId === "number" ? p.suggestedDepartmentId : null;
    if (suggested !== null) suggestedIds.add(suggested);
    return {
      caseId: e.case_id,
      departmentId: e.actor_department_id,
      departmentName: e.department_name,
      reasonCode: typeof p.reasonCode === "string" ? p.reasonCode : null,
      note: typeof p.note === "string" ? p.note : "",
      suggestedDepartmentId: suggested,
      at: e.created_at,
    };
  });
  const names = suggestedIds.size
    ? await db
        .selectFrom("departments")
        .select(["id", "name"])
        .where("id", "in", [...suggestedIds])
        .execute()
    : [];
  const nameOf = new Map(names.map((d) => [d.id, d.name]));
  return cases.map((c) => {
    const returns = parsed
      .filter((e) => e.caseId === c.id)
      .map((e) => ({
        ...e,
        suggestedDepartmentName:
          e.suggestedDepartmentId === null ? null : (nameOf.get(e.suggestedDepartmentId) ?? null),
      }));
    // A return written before its event carried a payload still shows, from its assignment row.
    for (const a of assignments.filter((x) => x.case_id === c.id))
      if (!returns.some((r) => r.departmentId === a.department_id))
        returns.push({
          caseId: c.id,
          departmentId: a.department_id,
          departmentName: a.department_name,
          reasonCode: a.objection_reason?.split(":")[0] ?? null,
          note: a.objection_reason?.split(":").slice(1).join(":").trim() ?? "",
          suggestedDepartmentId: null,
          suggestedDepartmentName: null,
          at: a.objection_at ?? "",
        });
    return { ...c, returns };
  });
}

/** 回访记录: the supervisors' follow-up visits (RECORD_VISIT), the latest first. */
export async function recentVisits(db: Q, limit = 200) {
  const rows = await db
    .selectFrom("case_events as e")
    .innerJoin("cases", "cases.id", "e.case_id")
    .leftJoin("enterprises as ent", "ent.id", "cases.enterprise_id")
    .leftJoin("departments as lead", "lead.id", "cases.lead_department_id")
    .leftJoin("users as u", "u.id", "e.actor_id")
    .select([
      "e.id as event_id",
      "e.payload",
      "e.created_at",
      "e.state_after",
      "cases.id",
      "cases.title",
      "cases.state",
      "cases.round",
      "cases.is_key",
      "cases.category",
      "ent.name as enterprise_name",
      "lead.name as lead_department_name",
      "u.display_name as visitor_name",
    ])
    .where("e.type", "=", "RECORD_VISIT")
    .orderBy("e.created_at", "desc")
    .orderBy("e.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => {
    let p: { date?: unknown; method?: unknown; rating?: unknown; note?: unknown } = {};
    try {
      p = JSON.parse(r.payload);
    } catch {
      p = {};
    }
    const s = (v: unknown) => (typeof v === "string" ? v : null);
    return { ...r, date: s(p.date), method: s(p.method), rating: s(p.rating), note: s(p.note) ?? "" };
  });
}
