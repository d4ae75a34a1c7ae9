import type { Kysely } from "kysely";
import { ESCALATING_TYPES } from "../workflows/escalation";
import type { CaseKind, Database } from "./schema";

type Q = Kysely<Database>;

/**
 * The supervisor's deadline board (督办台): the units' open obligations that are overdue or due
 * soon, one row per deadline, with the highest step of the escalation ladder each has reached
 * (recorded by the deadline sweeper in `deadline_alerts`). Portable Kysely only: the same SQL runs
 * on SQLite and PostgreSQL. Working days are counted by the caller with the calendar.
 */

/** States whose clock is stopped (the enterprise is asked for information): nothing is due. */
export const PAUSED_STATES = ["awaiting_submitter"];

export type BoardWindow = "overdue" | "due_soon";

export interface BoardQuery {
  /** the day the board is read for */
  asOf: string;
  window: BoardWindow;
  /** the last due date that counts as "due soon" (N working days after asOf, counted by the caller) */
  soonUntil?: string;
  /** the unit that owes the deadline */
  departmentId?: number;
  kind?: CaseKind;
  category?: string;
  keyOnly?: boolean;
  page: number;
  pageSize: number;
}

/**
 * Open obligations of units on cases whose clock runs: what the board can list at all. Read from
 * the deadlines' index alone (migration 2026-11-23-0010); the paused cases are one set, looked up
 * once, not a case row visited per deadline.
 */
function openUnitDeadlines(db: Q) {
  return db
    .selectFrom("case_deadlines as d")
    .where("d.status", "=", "open")
    .where("d.type", "in", [...ESCALATING_TYPES])
    .where(
      "d.case_id",
      "not in",
      db.selectFrom("cases").select("cases.id").where("cases.state", "in", PAUSED_STATES),
    );
}

function inWindow<T extends ReturnType<typeof openUnitDeadlines>>(q: T, f: BoardQuery): T {
  const w =
    f.window === "overdue"
      ? q.where("d.due_date", "<", f.asOf)
      : q.where("d.due_date", ">=", f.asOf).where("d.due_date", "<=", f.soonUntil ?? f.asOf);
  return (f.departmentId !== undefined ? w.where("d.department_id", "=", f.departmentId) : w) as T;
}

/** The board's rows with their cases, filtered by the case's kind, category and 重点 mark. */
function boardRows(db: Q, f: BoardQuery) {
  let q = inWindow(openUnitDeadlines(db), f).innerJoin("cases as c", "c.id", "d.case_id");
  if (f.kind) q = q.where("c.kind", "=", f.kind);
  if (f.category) q = q.where("c.category", "=", f.category);
  if (f.keyOnly) q = q.where("c.is_key", "=", 1);
  return q;
}

/**
 * How many rows the board lists: from the deadlines' index, joined to the cases only when the
 * category or the 重点 mark is asked for (the kind is a set from the cases' narrow index).
 */
function boardTotal(db: Q, f: BoardQuery) {
  if (f.category || f.keyOnly)
    return boardRows(db, f).select((eb) => eb.fn.countAll<number | string>().as("n"));
  const q = inWindow(openUnitDeadlines(db), f);
  return (
    f.kind
      ? q.where("d.case_id", "in", db.selectFrom("cases").select("cases.id").where("cases.kind", "=", f.kind))
      : q
  ).select((eb) => eb.fn.countAll<number | string>().as("n"));
}

export async function deadlineBoard(db: Q, f: BoardQuery) {
  // The page first (ordering keys only), then the page's rows with their ladder steps and nudges:
  // the look-ups run for the rows shown, not for every row the ordering reads.
  const page = boardRows(db, f)
    .select(["d.id", "d.due_date", "c.is_key"])
    .orderBy("d.due_date")
    .orderBy("c.is_key", "desc")
    .orderBy("d.id")
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  const [items, total] = await Promise.all([
    db
      .selectFrom(page.as("p"))
      .innerJoin("case_deadlines as d", "d.id", "p.id")
      .innerJoin("cases as c", "c.id", "d.case_id")
      .leftJoin("departments as dept", "dept.id", "d.department_id")
      .select((eb) => {
        // The highest step recorded for the deadline: an indexed look-up (deadline_id leads the unique key).
        const topAlert = () =>
          eb
            .selectFrom("deadline_alerts as a")
            .whereRef("a.deadline_id", "=", "d.id")
            .orderBy("a.rank", "desc")
            .orderBy("a.id", "desc")
            .limit(1);
        // The supervisors' own latest nudge of the case (催办 REMIND or 督办 SUPERVISE), if any.
        const lastNudge = () =>
          eb
            .selectFrom("case_events as e")
            .whereRef("e.case_id", "=", "c.id")
            .where("e.type", "in", ["REMIND", "SUPERVISE"])
            .orderBy("e.seq", "desc")
            .limit(1);
        return [
          "d.id as deadline_id",
          "d.type as deadline_type",
          "d.due_date",
          "d.start_date",
          "d.department_id",
          "dept.name as department_name",
          "c.id as case_id",
          "c.kind",
          "c.number",
          "c.session_label",
          "c.title",
          "c.state",
          "c.category",
          "c.priority",
          "c.is_key",
          "c.round",
          eb
            .selectFrom("deadline_alerts as m")
            .select((x) => x.fn.max("m.rank").as("r"))
            .whereRef("m.deadline_id", "=", "d.id")
            .as("step_rank"),
          topAlert().select("a.step").as("step"),
          topAlert().select("a.as_of").as("step_as_of"),
          lastNudge().select("e.type").as("nudge_type"),
          lastNudge().select("e.created_at").as("nudge_at"),
        ];
      })
      .orderBy("p.due_date")
      .orderBy("p.is_key", "desc")
      .orderBy("p.id")
      .execute(),
    boardTotal(db, f).executeTakeFirstOrThrow(),
  ]);
  return {
    items: items.map((r) => ({ ...r, step_rank: r.step_rank === null ? null : Number(r.step_rank) })),
    total: Number(total.n),
  };
}

export type BoardRow = Awaited<ReturnType<typeof deadlineBoard>>["items"][number];

/**
 * 督办 for a unit's inbox: the unit's cases with an open supervision notice, either a
 * supervision response the unit owes (the supervisor's SUPERVISE with its respond-by date) or a
 * `supervise` step the sweeper recorded on one of the unit's open deadlines. One row per case:
 * the earliest respond-by date (null when only the sweeper's step is on record). Without case ids:
 * every such case of the unit (few: read from the unit's open deadlines and recorded steps).
 */
export async function supervisedCases(db: Q, departmentId: number, caseIds?: number[]) {
  if (caseIds && !caseIds.length) return new Map<number, { respondBy: string | null }>();
  const [responses, steps] = await Promise.all([
    db
      .selectFrom("case_deadlines as d")
      .select(["d.case_id", (eb) => eb.fn.min("d.due_date").as("respond_by")])
      .where("d.department_id", "=", departmentId)
      .where("d.type", "=", "supervision_response")
      .where("d.status", "=", "open")
      .$if(!!caseIds, (b) => b.where("d.case_id", "in", caseIds!))
      .groupBy("d.case_id")
      .execute(),
    db
      .selectFrom("deadline_alerts as a")
      .innerJoin("case_deadlines as d", "d.id", "a.deadline_id")
      .select("a.case_id")
      .distinct()
      .where("a.department_id", "=", departmentId)
      .where("a.step", "in", ["supervise", "bulletin"])
      .where("d.status", "=", "open")
      .$if(!!caseIds, (b) => b.where("a.case_id", "in", caseIds!))
      .execute(),
  ]);
  const out = new Map<number, { respondBy: string | null }>();
  for (const s of steps) out.set(s.case_id, { respondBy: null });
  for (const r of responses) out.set(r.case_id, { respondBy: r.respond_by });
  return out;
}

/** How many deadlines the board lists in each window, without filters: the tab's and the switch's figures. */
export async function boardCounts(db: Q, asOf: string, soonUntil: string) {
  const row = await openUnitDeadlines(db)
    .select((eb) => [
      eb.fn
        .sum<number | string | null>(
          eb.case().when("d.due_date", "<", asOf).then(eb.lit(1)).else(eb.lit(0)).end(),
        )
        .as("overdue"),
      eb.fn
        .sum<number | string | null>(
          eb
            .case()
            .when(eb.and([eb("d.due_date", ">=", asOf), eb("d.due_date", "<=", soonUntil)]))
            .then(eb.lit(1))
            .else(eb.lit(0))
            .end(),
        )
        .as("due_soon"),
    ])
    .executeTakeFirstOrThrow();
  return { overdue: Number(row.overdue ?? 0), due_soon: Number(row.due_soon ?? 0) };
}
