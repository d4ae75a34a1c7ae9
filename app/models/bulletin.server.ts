import type { Kysely } from "kysely";
import { z } from "zod";
import {
  type BulletinRow,
  bulletinRecipients,
  deleteDraft,
  getBulletin,
  insertBulletin,
  listBulletins,
  listedDeadlines,
  publishDraft,
  updateDraft,
} from "../../db/bulletins";
import { loadCalendar } from "../../db/calendar";
import type { CaseKind, Database } from "../../db/schema";
import { unitStatistics } from "../../db/stats";
import { deadlineBoard } from "../../db/supervision";
import { enqueue, type OutboxMessage } from "../../emails/outbox";
import {
  assembleBulletin,
  type BulletinContent,
  DEFAULT_CLOSING,
  DEFAULT_INTRO,
  DEFAULT_THRESHOLDS,
  defaultTitle,
  type OverdueItem,
  type Thresholds,
  thresholdsSchema,
} from "../../workflows/bulletin";
import type { WorkCalendar } from "../../workflows/calendar";
import {
  addDays,
  dateInZone,
  type IsoDate,
  isIsoDate,
  TIME_ZONE,
  today as todayOf,
} from "../../workflows/dates";
import { type Clock, recordStepIn } from "../../workflows/engine";
import { CaseError, zodProblems } from "../../workflows/errors";
import type { Actor } from "../../workflows/types";
import { KINDS, type PeriodPreset, PRESETS } from "../components/bulletin/options";

/**
 * Supervision bulletins (督办通报): drafted from the statistics and the overdue deadlines,
 * reviewed, published once. Publication is one transaction: the content frozen with its issue
 * number, a mail to every unit, and a history event on every case the bulletin names.
 */

type Q = Kysely<Database>;

export { KINDS, type PeriodPreset, PRESETS };

/** The periods the form offers, relative to today. */
export function periodPresets(today: IsoDate): Record<PeriodPreset, { from: IsoDate; to: IsoDate }> {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const first = (yy: number, mm: number) => `${yy}-${String(mm).padStart(2, "0")}-01`;
  const monthBack = m === 1 ? { y: y - 1, m: 12 } : { y, m: m - 1 };
  const q = Math.floor((m - 1) / 3); // 0-based quarter of today
  const qBack = q === 0 ? { y: y - 1, q: 3 } : { y, q: q - 1 };
  return {
    lastMonth: { from: first(monthBack.y, monthBack.m), to: addDays(first(y, m), -1) },
    lastQuarter: {
      from: first(qBack.y, qBack.q * 3 + 1),
      to: addDays(qBack.q === 3 ? first(qBack.y + 1, 1) : first(qBack.y, qBack.q * 3 + 4), -1),
    },
    thisYear: { from: `${y}-01-01`, to: today },
  };
}

const isoDate = z.string().refine(isIsoDate, { message: "invalid_format" });
/** A percentage as typed on the form (92, 92.5), stored as a rate 0–1. */
const percentField = z.coerce.number().min(0).max(100);

export const createSchema = z
  .strictObject({
    from: isoDate,
    to: isoDate,
    kind: z.enum(KINDS).nullable(),
    onTimeRate: percentField,
    satisfactionRate: percentField,
    title: z.string().trim().max(120),
  })
  .refine((v) => v.from <= v.to, { path: ["to"], message: "period_order" });

export type CreateValues = Record<
  "from" | "to" | "kind" | "onTimeRate" | "satisfactionRate" | "title",
  string
>;

/** The create form's fields as typed, for redisplay. */
export function createValuesOf(form: FormData | URLSearchParams): CreateValues {
  const s = (k: string) => String(form.get(k) ?? "").trim();
  return {
    from: s("from"),
    to: s("to"),
    kind: s("kind"),
    onTimeRate: s("onTimeRate"),
    satisfactionRate: s("satisfactionRate"),
    title: s("title"),
  };
}

export function defaultCreateValues(today: IsoDate, preset: PeriodPreset = "thisYear"): CreateValues {
  const p = periodPresets(today)[preset];
  return {
    from: p.from,
    to: p.to,
    kind: "",
    onTimeRate: String(DEFAULT_THRESHOLDS.onTimeRate * 100),
    satisfactionRate: String(DEFAULT_THRESHOLDS.satisfactionRate * 100),
    title: "",
  };
}

function parseCreate(v: CreateValues) {
  const parsed = createSchema.safeParse({
    ...v,
    kind: v.kind === "" ? null : v.kind,
    onTimeRate: v.onTimeRate === "" ? undefined : v.onTimeRate,
    satisfactionRate: v.satisfactionRate === "" ? undefined : v.satisfactionRate,
  });
  if (!parsed.success)
    throw new CaseError("validation_failed", "invalid_fields", { fields: zodProblems(parsed.error) });
  const d = parsed.data;
  const thresholds: Thresholds = {
    onTimeRate: Math.round(d.onTimeRate * 10) / 1000,
    satisfactionRate: Math.round(d.satisfactionRate * 10) / 1000,
  };
  return {
    from: d.from,
    to: d.to,
    kind: d.kind,
    thresholds,
    title: d.title || defaultTitle(d.from, d.to, d.kind),
  };
}

const metDay = (metAt: string | null): IsoDate | null =>
  metAt === null ? null : metAt.length > 10 ? dateInZone(new Date(metAt), TIME_ZONE) : metAt;

/**
 * The overdue cases a bulletin names: units' open deadlines due on or before the period's last
 * day and past due today (the supervision board's query), plus deadlines the sweeper listed for
 * the bulletin during the period that have been met late since. Most overdue first.
 */
export async function overdueForBulletin(
  db: Q,
  cal: WorkCalendar,
  p: { from: IsoDate; to: IsoDate; kind: CaseKind | null; today: IsoDate },
): Promise<OverdueItem[]> {
  const cutoff = addDays(p.to, 1) < p.today ? addDays(p.to, 1) : p.today;
  const out: OverdueItem[] = [];
  const seen = new Set<number>();
  const pageSize = 500;
  for (let page = 1; ; page++) {
    const { items, total } = await deadlineBoard(db, {
      asOf: cutoff,
      window: "overdue",
      kind: p.kind ?? undefined,
      page,
      pageSize,
    });
    for (const r of items) {
      seen.add(r.deadline_id);
      out.push({
        caseId: r.case_id,
        kind: r.kind,
        number: r.number,
        sessionLabel: r.session_label,
        title: r.title,
        departmentId: r.department_id,
        departmentName: r.department_name,
        deadlineType: r.deadline_type,
        dueDate: r.due_date,
        workingDaysOverdue: cal.workingDaysBetween(r.due_date, p.today),
        listed: r.step === "bulletin",
        metOn: null,
      });
    }
    if (page * pageSize >= total) break;
  }
  for (const l of await listedDeadlines(db, { from: p.from, to: p.today, kind: p.kind })) {
    if (seen.has(l.deadline_id)) continue;
    const metOn = l.status === "met" ? metDay(l.met_at) : null;
    if (!metOn) continue; // still open but paused, or lifted: not the unit's delay to report
    seen.add(l.deadline_id);
    out.push({
      caseId: l.case_id,
      kind: l.kind,
      number: l.number,
      sessionLabel: l.session_label,
      title: l.title,
      departmentId: l.department_id,
      departmentName: l.department_name,
      deadlineType: l.deadline_type,
      dueDate: l.due_date,
      workingDaysOverdue: cal.workingDaysBetween(l.due_date, metOn),
      listed: true,
      metOn,
    });
  }
  return out.sort(
    (a, b) =>
      Number(a.metOn !== null) - Number(b.metOn !== null) ||
      b.workingDaysOverdue - a.workingDaysOverdue ||
      a.dueDate.localeCompare(b.dueDate) ||
      a.caseId - b.caseId,
  );
}

/** Assembles a bulletin's content from the figures as they stand now. */
export async function generateContent(
  db: Q,
  clock: Clock,
  p: {
    from: IsoDate;
    to: IsoDate;
    kind: CaseKind | null;
    thresholds: Thresholds;
    title: string;
    issuer?: string;
    intro?: string;
    closing?: string;
  },
): Promise<BulletinContent> {
  const now = clock.now();
  const today = todayOf(now);
  const cal = await loadCalendar(db);
  const [stats, overdue] = await Promise.all([
    unitStatistics(db, cal, { from: p.from, to: p.to, kind: p.kind ?? undefined, asOf: today }),
    overdueForBulletin(db, cal, { from: p.from, to: p.to, kind: p.kind, today }),
  ]);
  return assembleBulletin({
    title: p.title,
    stats,
    overdue,
    thresholds: p.thresholds,
    issuer: p.issuer ?? "",
    intro: p.intro ?? DEFAULT_INTRO,
    closing: p.closing ?? DEFAULT_CLOSING,
    generatedAt: now.toISOString(),
  });
}

/** A new draft from the form. */
export async function createBulletin(
  db: Q,
  clock: Clock,
  actor: Actor,
  values: CreateValues,
): Promise<number> {
  const p = parseCreate(values);
  const content = await generateContent(db, clock, p);
  return insertBulletin(db, {
    title: p.title,
    periodFrom: p.from,
    periodTo: p.to,
    kind: p.kind,
    thresholds: JSON.stringify(p.thresholds),
    content: JSON.stringify(content),
    createdBy: actor.userId!,
    now: clock.now().toISOString(),
  });
}

function contentOf(row: BulletinRow): BulletinContent {
  return JSON.parse(row.content) as BulletinContent;
}

async function draftOrRefuse(db: Q, id: number) {
  const row = await getBulletin(db, id);
  if (!row) throw new CaseError("not_found", "bulletin_not_found");
  if (row.status !== "draft") throw new CaseError("invalid_transition", "bulletin_published");
  return row;
}

export const textSchema = z.strictObject({
  title: z.string().trim().min(1).max(120),
  issuer: z.string().trim().max(60),
  intro: z.string().trim().max(4000),
  closing: z.string().trim().max(4000),
});

/** The supervisor's words: the title, the opening and the closing. A published bulletin refuses. */
export async function editDraftText(db: Q, clock: Clock, id: number, values: Record<string, string>) {
  const parsed = textSchema.safeParse(values);
  if (!parsed.success)
    throw new CaseError("validation_failed", "invalid_fields", { fields: zodProblems(parsed.error) });
  const row = await draftOrRefuse(db, id);
  const content = { ...contentOf(row), ...parsed.data };
  const n = await updateDraft(db, id, {
    title: parsed.data.title,
    content: JSON.stringify(content),
    now: clock.now().toISOString(),
  });
  if (!n) throw new CaseError("invalid_transition", "bulletin_published");
}

/** Recomputes a draft's figures as they stand now, keeping its period, thresholds and words. */
export async function refreshDraft(db: Q, clock: Clock, id: number) {
  const row = await draftOrRefuse(db, id);
  const old = contentOf(row);
  const content = await generateContent(db, clock, {
    from: row.period_from,
    to: row.period_to,
    kind: row.kind,
    thresholds: thresholdsSchema.parse(JSON.parse(row.thresholds)),
    title: row.title,
    issuer: old.issuer,
    intro: old.intro,
    closing: old.closing,
  });
  const n = await updateDraft(db, id, { content: JSON.stringify(content), now: clock.now().toISOString() });
  if (!n) throw new CaseError("invalid_transition", "bulletin_published");
}

export async function discardDraft(db: Q, id: number) {
  await draftOrRefuse(db, id);
  if (!(await deleteDraft(db, id))) throw new CaseError("invalid_transition", "bulletin_published");
}

/** 2026年第3期 */
export function issueLabel(year: number | null, seq: number | null): string | null {
  return year !== null && seq !== null ? `${year}年第${seq}期` : null;
}

/**
 * Publishes a draft, exactly as the supervisor last saw it (`seenUpdatedAt`, when given, must
 * still be the draft's): in one transaction the issue number and the frozen content, a
 * `bulletin_published` mail to every active unit's handlers and head and to its shared mailbox
 * (dedupe key `bulletin:<id>:…`: never twice), and a BULLETIN_PUBLISHED history event on each
 * case the bulletin names, recorded through the engine. Publishing again answers 409.
 */
export async function publishBulletin(
  db: Q,
  clock: Clock,
  actor: Actor,
  id: number,
  seenUpdatedAt?: string,
): Promise<{ year: number; seq: number; mails: number; cases: number }> {
  return db.transaction().execute(async (trx) => {
    const row = await getBulletin(trx, id);
    if (!row) throw new CaseError("not_found", "bulletin_not_found");
    if (row.status !== "draft") throw new CaseError("invalid_transition", "bulletin_published");
    if (seenUpdatedAt !== undefined && seenUpdatedAt !== row.updated_at)
      throw new CaseError("version_conflict", "bulletin_changed");
    const now = clock.now();
    const at = now.toISOString();
    const content = contentOf(row);
    const issue = await publishDraft(trx, id, {
      year: Number(todayOf(now).slice(0, 4)),
      by: actor.userId!,
      at,
      content: (issue) => JSON.stringify({ ...content, issue, publishedAt: at } satisfies BulletinContent),
    });
    if (!issue) throw new CaseError("invalid_transition", "bulletin_published");

    const payload = { bulletinTitle: row.title, path: `/bulletins/${id}` };
    const { people, mailboxes } = await bulletinRecipients(trx);
    const messages: OutboxMessage[] = [
      ...people.map((u) => ({
        caseId: null,
        eventId: null,
        template: "bulletin_published",
        recipientUserId: u.id,
        recipientEmail: null,
        locale: u.locale,
        payload,
        dedupeKey: `bulletin:${id}:user:${u.id}`,
      })),
      ...mailboxes.map((d) => ({
        caseId: null,
        eventId: null,
        template: "bulletin_published",
        recipientUserId: null,
        recipientEmail: d.email,
        locale: "zh-CN",
        payload: { ...payload, departmentId: d.id },
        dedupeKey: `bulletin:${id}:dept:${d.id}`,
      })),
    ];
    const mails = await enqueue(trx, messages, at);

    // One history event per case named, with the deadlines it is named for.
    const byCase = new Map<number, BulletinContent["overdue"]>();
    for (const o of content.overdue) byCase.set(o.caseId, [...(byCase.get(o.caseId) ?? []), o]);
    for (const [caseId, items] of byCase) {
      await recordStepIn(trx, clock, {
        caseId,
        type: "BULLETIN_PUBLISHED",
        payload: {
          bulletinId: id,
          bulletinTitle: row.title,
          issue: issueLabel(issue.year, issue.seq),
          deadlines: items.map((o) => ({
            departmentId: o.departmentId,
            deadlineType: o.deadlineType,
            dueDate: o.dueDate,
            workingDays: o.workingDaysOverdue,
            metOn: o.metOn,
          })),
        },
        // The bulletin's own status change above is the claim: it succeeds once.
        claim: async () => true,
        actor,
      });
    }
    return { ...issue, mails, cases: byCase.size };
  });
}

/** A bulletin as its pages and the API show it. */
export function bulletinView(row: BulletinRow) {
  const content = JSON.parse(row.content) as BulletinContent;
  return {
    id: row.id,
    status: row.status,
    title: row.title,
    issue: issueLabel(row.year, row.seq),
    year: row.year,
    seq: row.seq,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    kind: row.kind,
    createdBy: row.created_by_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedBy: row.published_by_name,
    publishedAt: row.published_at,
    content,
  };
}
export type BulletinView = ReturnType<typeof bulletinView>;

/**
 * A bulletin for a reader: supervisors see drafts and published ones; units' handlers and heads
 * only published ones (a draft is not there for them: 404). Others: 404.
 */
export async function bulletinFor(db: Q, reader: { role: string }, id: number): Promise<BulletinView> {
  const row = await getBulletin(db, id);
  const mayRead =
    row &&
    (reader.role === "supervisor" ||
      ((reader.role === "handler" || reader.role === "dept_head") && row.status === "published"));
  if (!row || !mayRead) throw new CaseError("not_found", "bulletin_not_found");
  return bulletinView(row);
}

export async function bulletinList(db: Q) {
  const rows = await listBulletins(db, { publishedOnly: false });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    issue: issueLabel(r.year, r.seq),
    status: r.status,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    kind: r.kind,
    createdBy: r.created_by_name,
    createdAt: r.created_at,
    publishedAt: r.published_at,
  }));
}

export function positiveId(v: string | undefined): number {
  const n = Number(v);
  if (!v || !/^\d{1,10}$/.test(v) || !Number.isSafeInteger(n) || n <= 0)
    throw new CaseError("not_found", "bulletin_not_found");
  return n;
}
