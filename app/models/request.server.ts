import { z } from "zod";
import type { StoredAttachment } from "../../db/attachments";
import {
  enterpriseChoices,
  requestFacts,
  requestListFacts,
  similarRequests,
  suggestedUnits,
} from "../../db/suggestions";
import { today } from "../../workflows/dates";
import { createCase, kindOf, policyFor } from "../../workflows/engine";
import {
  channels,
  ratings,
  resolutions,
  returnReasons,
  visitMethods,
} from "../../workflows/enterprise/events";
import { categories, type EnterprisePolicy } from "../../workflows/enterprise/policy";
import { CaseError, type FieldProblems, zodProblems } from "../../workflows/errors";
import type { CaseView, RequestChoices } from "../components/case/shared";
import type { Person } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";
import { caseList, parseCaseListQuery } from "./case-list.server";
import { groupOf } from "./request-groups";

/**
 * The enterprise request (企业诉求) pages' work: the enterprise's own list, the intake form's
 * options, duplicate hints, and filing a request (online by the enterprise, or by staff on its
 * behalf with the channel it came through).
 */

/** Channels staff record when filing for an enterprise; "online" is the enterprise's own. */
export const STAFF_CHANNELS = channels.filter((c) => c !== "online");

export async function requestFormOptions(person: Person) {
  const q = db();
  const policy = (await policyFor(q, kindOf("enterprise_request"))) as EnterprisePolicy;
  const enterprises =
    person.role === "enterprise" ? [] : (await enterpriseChoices(q)).map((e) => ({ id: e.id, name: e.name }));
  return {
    categories: [...categories],
    themes: policy.themes.map((t) => ({ code: t.code, label: t.label })),
    channels: [...STAFF_CHANNELS],
    enterprises,
    replyDays: { ...policy.replyWorkingDays, urgent: policy.urgentReplyWorkingDays },
  };
}

/**
 * Earlier requests of the enterprise that look like this one. An enterprise user only ever asks
 * about its own enterprise, whatever it sends.
 */
export async function findSimilar(
  person: Person,
  p: { enterpriseId: number | null; title: string; body?: string; excludeCaseId?: number },
) {
  const enterpriseId = person.role === "enterprise" ? person.enterpriseId : p.enterpriseId;
  if (!enterpriseId || (person.role !== "enterprise" && person.role !== "supervisor")) return [];
  const rows = await similarRequests(db(), {
    enterpriseId,
    title: p.title,
    body: p.body,
    excludeCaseId: p.excludeCaseId,
  });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    state: r.state,
    category: r.category,
    submittedOn: r.submitted_at ? today(new Date(r.submitted_at)) : null,
    leadDepartment: r.lead_department_name,
    score: r.score,
  }));
}

export type SimilarRequest = Awaited<ReturnType<typeof findSimilar>>[number];

/**
 * The intake form as it arrives: every value kept as typed, so a refusal shows it again. What a
 * valid request is stays the engine's schema; this only shapes the form data.
 */
const requestFormSchema = z.object({
  intent: z.enum(["check", "submit"]).catch("check"),
  title: z.string().catch(""),
  body: z.string().catch(""),
  category: z.string().catch(""),
  theme: z.string().catch(""),
  priority: z.string().catch(""),
  enterpriseId: z.string().catch(""),
  channel: z.string().catch(""),
  /** the ids of the similar requests the person was shown before sending */
  seenSimilar: z.string().catch(""),
});
export type RequestForm = z.infer<typeof requestFormSchema>;

export function readRequestForm(form: FormData): RequestForm {
  const get = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  return requestFormSchema.parse({
    intent: get("intent"),
    title: get("title"),
    body: get("body"),
    category: get("category"),
    theme: get("theme"),
    priority: get("priority"),
    enterpriseId: get("enterpriseId"),
    channel: get("channel"),
    seenSimilar: get("seenSimilar"),
  });
}

export type FileResult =
  | { kind: "created"; caseId: number }
  | { kind: "similar"; similar: SimilarRequest[]; confirm: boolean };

/**
 * Files the request, unless the person has not yet seen requests of the same enterprise that look
 * like it: then they are shown first (疑似重复), and sending again files it. Refusals are CaseErrors.
 */
export async function fileRequest(
  person: Person,
  v: RequestForm,
  attachments: StoredAttachment[] = [],
): Promise<FileResult> {
  const enterpriseId = enterpriseIdOf(v);
  const similar = await findSimilar(person, { enterpriseId, title: v.title, body: v.body });
  const seen = new Set(v.seenSimilar.split(",").filter(Boolean));
  if (v.intent === "check") return { kind: "similar", similar, confirm: false };
  if (similar.some((s) => !seen.has(String(s.id)))) return { kind: "similar", similar, confirm: true };
  const created = await createCase(db(), clock, {
    actor: person,
    input: requestInput(person, v),
    attachments,
  });
  return { kind: "created", caseId: created.id };
}

const enterpriseIdOf = (v: RequestForm) =>
  /^\d{1,10}$/.test(v.enterpriseId.trim()) ? Number(v.enterpriseId.trim()) : null;

/** The engine's creation payload from the form. */
function requestInput(person: Person, v: RequestForm): Record<string, unknown> {
  const enterpriseId = enterpriseIdOf(v);
  const staff = person.role !== "enterprise";
  const input: Record<string, unknown> = {
    kind: "enterprise_request",
    title: v.title,
    body: v.body,
    category: v.category || undefined,
    theme: v.theme || undefined,
    priority: v.priority || undefined,
  };
  if (staff) {
    // Kept as typed when it is not a number, so the engine names the field.
    input.enterpriseId = enterpriseId ?? (v.enterpriseId.trim() || undefined);
    input.channel = v.channel || undefined;
  }
  return input;
}

/**
 * What the engine would say about the form's fields, without filing anything: shown together
 * with a refused attachment, so every problem is named at once.
 */
export function requestFormProblems(person: Person, v: RequestForm): FieldProblems {
  const parsed = kindOf("enterprise_request").createSchema.safeParse(requestInput(person, v), {
    reportInput: true,
  });
  return parsed.success ? {} : zodProblems(parsed.error);
}

/**
 * What an enterprise request's page offers its viewer: the forms' options, the request's facts,
 * the units to suggest (only when the viewer may dispatch it) and the likely duplicates (only when
 * they may merge it).
 */
export async function requestChoices(c: CaseView): Promise<RequestChoices | undefined> {
  const q = db();
  const facts = await requestFacts(q, c.id);
  if (!facts) return undefined;
  const policy = (await policyFor(q, kindOf("enterprise_request"))) as EnterprisePolicy;
  const suggestions = c.allowedEvents.includes("ASSIGN")
    ? await suggestedUnits(q, {
        caseId: c.id,
        enterpriseId: facts.enterprise?.id ?? null,
        theme: facts.theme,
        returns: facts.returns,
      })
    : [];
  const candidates =
    c.allowedEvents.includes("MERGE") && facts.enterprise
      ? await similarRequests(q, {
          enterpriseId: facts.enterprise.id,
          title: c.title,
          body: c.body,
          excludeCaseId: c.id,
        })
      : [];
  return {
    categories: [...categories],
    themes: policy.themes.map((x) => ({ code: x.code, label: x.label })),
    priorities: ["normal", "urgent"],
    returnReasons: [...returnReasons],
    resolutions: [...resolutions],
    ratings: [...ratings],
    visitMethods: [...visitMethods],
    facts: {
      enterprise: facts.enterprise,
      category: facts.category,
      theme: facts.theme,
      channel: facts.channel,
      priority: facts.priority,
      pausedOn: facts.pausedOn,
      awaitingClose: facts.awaitingClose,
    },
    suggestions,
    mergeCandidates: candidates.map((m) => ({
      id: m.id,
      title: m.title,
      state: m.state,
      submittedOn: m.submitted_at ? today(new Date(m.submitted_at)) : null,
      leadDepartmentName: m.lead_department_name,
      score: m.score,
    })),
  };
}

/**
 * 我的诉求: every request of the person's enterprise (or filed by them), with what the enterprise
 * must do next: answer a question (补充材料) or rate a reply (评价).
 */
export async function myRequests(person: Person) {
  // An enterprise files tens of requests a year: one page of 200 holds them.
  const list = await caseList(
    person,
    parseCaseListQuery(new URLSearchParams({ kind: "enterprise_request", pageSize: "200" })),
  );
  const facts = await requestListFacts(
    db(),
    list.items.map((c) => c.id),
  );
  return list.items.map((c) => {
    const f = facts.get(c.id);
    const todo: "answer" | "rate" | null =
      c.state === "awaiting_submitter"
        ? "answer"
        : c.state === "replied" && c.satisfaction === null
          ? "rate"
          : null;
    return {
      id: c.id,
      title: c.title,
      state: c.state,
      group: groupOf(c.state),
      round: c.round,
      category: f?.category ?? c.category,
      theme: f?.theme ?? null,
      channel: f?.channel ?? null,
      priority: f?.priority ?? null,
      question: todo === "answer" ? (f?.question ?? null) : null,
      todo,
      outcome: c.outcome,
      satisfaction: c.satisfaction,
      leadDepartment: c.leadDepartment?.name ?? null,
      nextDue: c.nextDue,
      submittedAt: c.submittedAt,
      updatedAt: c.updatedAt,
    };
  });
}

export { CaseError };
