import { type CaseAttachment, caseAttachments } from "../../db/attachments";
import { loadCalendar } from "../../db/calendar";
import {
  caseAssignments,
  caseCosigners,
  caseEvaluations,
  caseReplies,
  getVisibleCase,
  mergedIntoCase,
  type Viewer,
} from "../../db/cases";
import { caseDeadlines, WINDOW_TYPES } from "../../db/deadlines";
import { caseHistory } from "../../db/events";
import { getUser as getUserRow } from "../../db/users";
import type { WorkCalendar } from "../../workflows/calendar";
import { today as todayOf } from "../../workflows/dates";
import { allowedEvents, kindOf } from "../../workflows/engine";
import { CaseError } from "../../workflows/errors";
import { explainDue } from "../../workflows/explain";
import type { Actor } from "../../workflows/types";
import type { Lang } from "../i18n";
import { clock, db } from "../utils/db.server";
import { kindOfContentType } from "./file-type.server";

/** What an outside party (proposer, enterprise) must not read: the units' internal exchanges. */
const INTERNAL_EVENTS = new Set([
  "RETURN",
  "SUBMIT_OPINION",
  "WAIVE_OPINION",
  "OBJECT",
  "DISMISS_OBJECTION",
  "RETURN_REPLY",
  "REMIND",
  "SUPERVISE",
  "REQUEST_EXTENSION",
  "APPROVE_EXTENSION",
  "DENY_EXTENSION",
  "SUBMIT_REPLY",
  "DEADLINE_WARNING",
  "DEADLINE_OVERDUE",
  "DEADLINE_SUPERVISED",
  "DEADLINE_LISTED",
  "WINDOWS_LAPSED",
  "BULLETIN_PUBLISHED",
]);

export function isOutsider(role: string) {
  return role === "delegate" || role === "enterprise";
}

/** Days left (positive) or overdue (negative), in working days, for an open deadline. */
export function workingDaysLeft(cal: WorkCalendar, today: string, due: string): number {
  return due >= today ? cal.workingDaysBetween(today, due) : -cal.workingDaysBetween(due, today);
}

export type CaseDetail = Awaited<ReturnType<typeof caseDetail>>;

/**
 * One case as its viewer may see it: the same object feeds the case page and `GET /api/v1/cases/:id`.
 * A case the viewer may not see answers 404.
 */
export async function caseDetail(viewer: Viewer & Actor, id: number, lang: Lang) {
  const q = db();
  const row = await getVisibleCase(q, viewer, id);
  if (!row) throw new CaseError("not_found", "case_not_found");
  const k = kindOf(row.kind);
  const today = todayOf(clock.now());
  const [assignments, deadlines, history, replies, evaluations, cosigners, merged, author, cal] =
    await Promise.all([
      caseAssignments(q, id),
      caseDeadlines(q, id),
      caseHistory(q, id),
      caseReplies(q, id),
      caseEvaluations(q, id),
      caseCosigners(q, id),
      mergedIntoCase(q, id),
      getUserRow(q, row.author_id),
      loadCalendar(q),
    ]);
  const attachments = await caseAttachments(q, id);
  const outsider = isOutsider(viewer.role);
  const snapshot = JSON.parse(row.snapshot) as { context: Record<string, unknown> };
  const ctx = snapshot.context;
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    sessionLabel: row.session_label,
    title: row.title,
    body: row.body,
    measures: row.measures,
    state: row.state,
    version: row.version,
    isKey: row.is_key === 1,
    round: row.round,
    classification: row.classification,
    satisfaction: row.satisfaction,
    outcome: row.outcome,
    mergedIntoId: row.merged_into_id,
    category: row.category,
    theme: row.theme,
    channel: row.channel,
    priority: row.priority,
    enterpriseId: row.enterprise_id,
    leadDepartmentId: row.lead_department_id,
    author: { id: row.author_id, displayName: author?.display_name ?? "" },
    cosigners: cosigners.map((c) => ({ id: c.id, displayName: c.display_name })),
    mergedCases: merged.map((m) => ({ id: m.id, title: m.title })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
    acceptedAt: row.accepted_at,
    assignedAt: row.assigned_at,
    repliedAt: row.replied_at,
    closedAt: row.closed_at,
    nextDue: row.next_due_date ? { date: row.next_due_date, type: row.next_due_type } : null,
    pendingExtension: outsider
      ? null
      : ((ctx.pendingExtension as { until: string; reason: string } | null) ?? null),
    allowedEvents: allowedEvents(k, row, viewer, today),
    today,
    assignments: assignments.map((a) => ({
      departmentId: a.department_id,
      departmentName: a.department_name,
      role: a.role,
      status: a.status,
      active: a.active === 1,
      assignedAt: a.assigned_at,
      signedAt: a.signed_at,
      objection: outsider || !a.objection_reason ? null : { reason: a.objection_reason, at: a.objection_at },
      objectionPending: !outsider && hasPendingObjection(ctx, a.department_id),
      opinionStatus: a.opinion_status,
      opinion: outsider ? null : a.opinion,
      opinionAt: a.opinion_at,
    })),
    deadlines: deadlines.map((d) => {
      const explanation = JSON.parse(d.explanation);
      return {
        id: d.id,
        type: d.type,
        departmentId: d.department_id,
        departmentName: d.department_name,
        round: d.round,
        startDate: d.start_date,
        dueDate: d.due_date,
        status: d.status,
        metAt: d.met_at,
        // A window (申请调整期) that has passed is over, not overdue.
        overdue: d.status === "open" && d.due_date < today && !WINDOW_TYPES.includes(d.type),
        /** the due date is behind us (for a window: it has closed) */
        passed: d.due_date < today,
        workingDaysLeft: d.status === "open" ? workingDaysLeft(cal, today, d.due_date) : null,
        beyondCalendar: explanation.beyondCoverage === true,
        explanation: explainDue(explanation, lang),
        details: explanation,
      };
    }),
    history: history.map((h) => {
      const internal = outsider && INTERNAL_EVENTS.has(h.type);
      return {
        seq: h.seq,
        type: h.type,
        at: h.created_at,
        // An outsider sees that an internal step happened, not who inside a unit took it.
        actor:
          h.actor_id && !internal
            ? { id: h.actor_id, displayName: h.actor_name, role: h.actor_role }
            : { id: null, displayName: null, role: h.actor_role },
        department: internal ? null : h.actor_department_name,
        stateBefore: h.state_before,
        stateAfter: h.state_after,
        payload: internal ? {} : outsiderPayload(outsider, JSON.parse(h.payload)),
        hash: h.hash,
      };
    }),
    replies: replies
      .filter((r) => !outsider || r.status === "approved")
      .map((r) => ({
        id: r.id,
        round: r.round,
        departmentId: r.department_id,
        departmentName: r.department_name,
        classification: r.classification,
        resolution: r.resolution,
        body: r.body,
        contactName: r.contact_name,
        contactPhone: r.contact_phone,
        commitments: JSON.parse(r.commitments) as Array<{ text: string; dueDate?: string }>,
        status: r.status,
        submittedBy: r.submitted_by_name,
        submittedAt: r.submitted_at,
        reviewedBy: r.reviewed_by_name,
        reviewedAt: r.reviewed_at,
        reviewNote: outsider ? null : r.review_note,
      })),
    attachments: attachments.map((f) => attachmentView(row.id, f)),
    evaluations: evaluations.map((e) => ({
      round: e.round,
      attitude: e.attitude,
      result: e.result,
      comment: e.comment,
      at: e.created_at,
    })),
  };
}

/** Windows the units may use (objection, return) are theirs to know, not the submitter's. */
function outsiderPayload(outsider: boolean, payload: Record<string, unknown>) {
  if (!outsider) return payload;
  const { objectionUntil: _o, returnUntil: _r, ...rest } = payload;
  return rest;
}

function hasPendingObjection(ctx: Record<string, unknown>, departmentId: number): boolean {
  const list = (ctx.assignments as Array<{ departmentId: number; objection: unknown }> | undefined) ?? [];
  return list.some((a) => a.departmentId === departmentId && a.objection);
}

/** An attachment as the case page and the API show it; `url` downloads it (same visibility as the case). */
export function attachmentView(caseId: number, f: CaseAttachment) {
  return {
    id: f.id,
    fileName: f.file_name,
    contentType: f.content_type,
    kind: kindOfContentType(f.content_type) ?? null,
    size: f.size,
    sha256: f.sha256,
    uploadedBy: { id: f.uploaded_by, displayName: f.uploaded_by_name },
    createdAt: f.created_at,
    url: `/cases/${caseId}/attachments/${f.id}`,
  };
}
