import type { Kysely } from "kysely";
import { z } from "zod";
import { getVisibleCase, type Viewer } from "../../db/cases";
import { listDepartments } from "../../db/departments";
import type { Database } from "../../db/schema";
import { type BoardQuery, type BoardWindow, boardCounts, deadlineBoard } from "../../db/supervision";
import type { WorkCalendar } from "../../workflows/calendar";
import { isIsoDate, today } from "../../workflows/dates";
import { type Clock, dispatch } from "../../workflows/engine";
import { CaseError, zodProblems } from "../../workflows/errors";
import { text } from "../../workflows/schemas";
import type { Actor } from "../../workflows/types";
import { dueInfo, SOON_DAYS } from "../components/lists/DueCell";
import { type Lang, t } from "../i18n";

/**
 * The deadline board (督办台) as the page and the API read it: the rows of db/supervision.ts with
 * working days overdue or left counted on the calendar, and bulk reminders (催办) sent case by case
 * through the engine.
 */

export const BOARD_WINDOWS = ["overdue", "due_soon"] as const;
export const BOARD_CATEGORIES = ["consult", "help", "suggestion", "complaint"] as const;
export const BOARD_PAGE_SIZE = 50;

const id = z.coerce.number().int().positive().max(2_147_483_647);
const common = {
  departmentId: id.optional(),
  kind: z.enum(["proposal", "enterprise_request"]).optional(),
  category: z.enum(BOARD_CATEGORIES).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(BOARD_PAGE_SIZE),
};

const apiQuerySchema = z.strictObject({
  asOf: z
    .string()
    .refine(isIsoDate, { params: { key: "date" } })
    .optional(),
  ...common,
});

/** GET /api/v1/supervision/overdue: unknown or bad parameters are refused per field (422). */
export function parseOverdueApiQuery(params: URLSearchParams, now: Date) {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) if (v !== "") raw[k] = v;
  const parsed = apiQuerySchema.safeParse(raw, { reportInput: true });
  if (!parsed.success)
    throw new CaseError("validation_failed", "invalid_payload", { fields: zodProblems(parsed.error) });
  return { ...parsed.data, asOf: parsed.data.asOf ?? today(now) };
}

const pageQuerySchema = z.object({
  window: z.enum(BOARD_WINDOWS).catch("overdue"),
  departmentId: common.departmentId.catch(undefined),
  kind: common.kind.catch(undefined),
  category: common.category.catch(undefined),
  key: z.enum(["1"]).optional().catch(undefined),
  page: common.page.catch(1),
});

/** The board's filters from the page's address; a value that makes no sense is dropped, not refused. */
export function parseBoardFilters(params: URLSearchParams) {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) if (v !== "") raw[k] = v;
  const f = pageQuerySchema.parse(raw);
  return {
    window: f.window as BoardWindow,
    departmentId: f.departmentId,
    kind: f.kind,
    category: f.category,
    keyOnly: f.key === "1",
    page: f.page,
  };
}

export type BoardFilters = ReturnType<typeof parseBoardFilters>;

export type StepKey = "prewarn" | "overdue" | "supervise" | "bulletin";

/** The ladder step as the board names it: 预警 / 催办 / 督办 / 列入通报. */
export function stepKey(step: string | null): StepKey | null {
  if (!step) return null;
  if (step.startsWith("prewarn:")) return "prewarn";
  return step === "overdue" || step === "supervise" || step === "bulletin" ? step : null;
}

/**
 * One page of the board on `asOf`: `soonDays` working days ahead count as due soon. Each row
 * carries the working days overdue (positive) or left (zero or more), on the real calendar.
 */
export async function boardPage(
  db: Kysely<Database>,
  cal: WorkCalendar,
  q: Omit<BoardQuery, "soonUntil"> & { soonDays?: number },
) {
  const soonUntil = cal.addWorkingDays(q.asOf, q.soonDays ?? SOON_DAYS).due;
  const { items, total } = await deadlineBoard(db, { ...q, soonUntil });
  return {
    asOf: q.asOf,
    soonUntil,
    total,
    items: items.map((r) => {
      const overdue = r.due_date < q.asOf;
      return {
        deadlineId: r.deadline_id,
        deadlineType: r.deadline_type,
        dueDate: r.due_date,
        overdue,
        workingDaysOverdue: overdue ? cal.workingDaysBetween(r.due_date, q.asOf) : 0,
        workingDaysLeft: overdue ? 0 : cal.workingDaysBetween(q.asOf, r.due_date),
        departmentId: r.department_id,
        departmentName: r.department_name,
        caseId: r.case_id,
        kind: r.kind,
        number: r.number,
        sessionLabel: r.session_label,
        title: r.title,
        state: r.state,
        category: r.category,
        priority: r.priority,
        isKey: r.is_key === 1,
        round: r.round,
        step: r.step,
        stepRank: r.step_rank,
        stepAsOf: r.step_as_of,
        nudge: r.nudge_type ? { type: r.nudge_type, at: r.nudge_at } : null,
      };
    }),
  };
}

export type BoardItem = Awaited<ReturnType<typeof boardPage>>["items"][number];

/** The API's item: the fields an integrating system needs, named as the rest of the API names them. */
export function apiItem(i: BoardItem) {
  return {
    caseId: i.caseId,
    kind: i.kind,
    number: i.number,
    title: i.title,
    state: i.state,
    departmentId: i.departmentId,
    departmentName: i.departmentName,
    deadlineType: i.deadlineType,
    dueDate: i.dueDate,
    workingDaysOverdue: i.workingDaysOverdue,
    step: i.step,
  };
}

// ---------------------------------------------------------------------------------------------
// Bulk reminders (批量催办)
// ---------------------------------------------------------------------------------------------

export const remindFormSchema = z.object({
  intent: z.literal("remind"),
  caseIds: z.array(z.coerce.number().int().positive().max(2_147_483_647)).min(1).max(200),
  message: z.string().trim().pipe(text(2000)),
});

export interface RemindSubmission {
  caseIds: number[];
  message: string;
}

/** The form as typed, and per-field problems; the selection and the text always come back. */
export function parseRemindForm(form: FormData) {
  const submitted: RemindSubmission = {
    caseIds: [
      ...new Set(
        form
          .getAll("caseId")
          .map(Number)
          .filter((n) => Number.isSafeInteger(n) && n > 0),
      ),
    ],
    message: String(form.get("message") ?? ""),
  };
  const parsed = remindFormSchema.safeParse({
    intent: form.get("intent"),
    caseIds: submitted.caseIds,
    message: submitted.message,
  });
  if (!parsed.success) {
    const problems = zodProblems(parsed.error);
    if (problems.caseIds) problems.caseIds = { code: "select_cases" };
    return { ok: false as const, submitted, problems };
  }
  return { ok: true as const, submitted, data: parsed.data };
}

export interface RemindOutcome {
  caseId: number;
  title: string | null;
  ok: boolean;
  status: number;
  /** why it was refused, in the reader's language */
  message: string | null;
  /** the case's state when it was refused for being in it (409) */
  state: string | null;
  kind: string | null;
}

/**
 * Sends REMIND {message} to each case, one engine dispatch each (its own transaction: one refusal
 * does not undo the others), and says for every case whether it went through. A case the actor
 * cannot see is refused as not found, like any other lookup.
 */
export async function remindCases(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor & Viewer,
  caseIds: number[],
  message: string,
  lang: Lang,
): Promise<RemindOutcome[]> {
  const out: RemindOutcome[] = [];
  for (const caseId of caseIds) {
    const visible = await getVisibleCase(db, actor, caseId);
    if (!visible) {
      const e = new CaseError("not_found", "case_not_found");
      out.push({
        caseId,
        title: null,
        ok: false,
        status: e.status,
        message: refusal(lang, e),
        state: null,
        kind: null,
      });
      continue;
    }
    const base = { caseId, title: visible.title, kind: visible.kind };
    try {
      await dispatch(db, clock, { caseId, actor, event: { type: "REMIND", message } });
      out.push({ ...base, ok: true, status: 200, message: null, state: null });
    } catch (e) {
      if (!(e instanceof CaseError)) throw e;
      out.push({
        ...base,
        ok: false,
        status: e.status,
        message: refusal(lang, e),
        state: e.details.state ?? null,
      });
    }
  }
  return out;
}

function refusal(lang: Lang, e: CaseError): string {
  const key = `reason.${e.reason}`;
  return t(lang, key) !== key ? t(lang, key) : t(lang, `error.${e.code}`);
}

/** The board as the supervision page shows it: one page of rows, the filters' choices and both windows' counts. */
export async function boardView(db: Kysely<Database>, cal: WorkCalendar, asOf: string, f: BoardFilters) {
  const [page, counts, departments] = await Promise.all([
    boardPage(db, cal, {
      asOf,
      window: f.window,
      departmentId: f.departmentId,
      kind: f.kind,
      category: f.category,
      keyOnly: f.keyOnly,
      page: f.page,
      pageSize: BOARD_PAGE_SIZE,
    }),
    boardCounts(db, asOf, cal.addWorkingDays(asOf, SOON_DAYS).due),
    listDepartments(db),
  ]);
  return {
    window: f.window,
    filters: { departmentId: f.departmentId, kind: f.kind, category: f.category, keyOnly: f.keyOnly },
    asOf,
    soonUntil: page.soonUntil,
    soonDays: SOON_DAYS,
    total: page.total,
    page: f.page,
    pageSize: BOARD_PAGE_SIZE,
    counts,
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    categories: BOARD_CATEGORIES,
    items: page.items.map((i) => ({
      ...i,
      due: dueInfo(cal, asOf, i.dueDate, i.deadlineType),
    })),
  };
}

export { supervisedCases } from "../../db/supervision";
export { boardCounts };
