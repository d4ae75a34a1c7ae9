import { z } from "zod";
import { listVisibleCases, type Viewer } from "../../db/cases";
import { today } from "../../workflows/dates";
import { categories } from "../../workflows/enterprise/policy";
import { CaseError, zodProblems } from "../../workflows/errors";
import { clock, db } from "../utils/db.server";

const STATES = [
  "draft",
  "submitted",
  "accepted",
  "rejected",
  "merged",
  "withdrawn",
  "assigned",
  "handling",
  "awaiting_submitter",
  "reply_review",
  "replied",
  "rehandling",
  "closed",
] as const;

const querySchema = z.strictObject({
  kind: z.enum(["proposal", "enterprise_request"]).optional(),
  category: z.enum(categories).optional(),
  state: z
    .string()
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(z.array(z.enum(STATES)).max(13))
    .optional(),
  departmentId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  overdue: z.enum(["true", "false", "1", "0"]).optional(),
  isKey: z.enum(["true", "false", "1", "0"]).optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  mine: z.enum(["true", "1"]).optional(),
});

export type CaseListQuery = z.infer<typeof querySchema>;

/** The categories an enterprise request can be filed under, for the list's filter. */
export const CASE_CATEGORIES: readonly string[] = categories;

export function parseCaseListQuery(params: URLSearchParams): CaseListQuery {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) if (v !== "") raw[k] = v;
  const parsed = querySchema.safeParse(raw, { reportInput: true });
  if (!parsed.success)
    throw new CaseError("validation_failed", "invalid_payload", { fields: zodProblems(parsed.error) });
  return parsed.data;
}

const yes = (v?: string) => v === "true" || v === "1";

export async function caseList(viewer: Viewer, f: CaseListQuery) {
  const result = await listVisibleCases(db(), viewer, {
    kind: f.kind,
    category: f.category,
    states: f.state,
    departmentId: f.departmentId,
    overdueOn: yes(f.overdue) ? today(clock.now()) : undefined,
    isKey: f.isKey === undefined ? undefined : yes(f.isKey),
    q: f.q || undefined,
    authorId: f.mine ? viewer.userId : undefined,
    page: f.page,
    pageSize: f.pageSize,
  });
  const { items, total } = result;
  return {
    items: items.map((c) => ({
      id: c.id,
      kind: c.kind,
      number: c.number,
      sessionLabel: c.session_label,
      title: c.title,
      state: c.state,
      version: c.version,
      isKey: c.is_key === 1,
      category: c.category,
      classification: c.classification,
      satisfaction: c.satisfaction,
      outcome: c.outcome,
      round: c.round,
      nextDue: c.next_due_date ? { date: c.next_due_date, type: c.next_due_type } : null,
      leadDepartment: c.lead_department_id
        ? { id: c.lead_department_id, name: c.lead_department_name }
        : null,
      author: c.author_name,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
      submittedAt: c.submitted_at,
      // A search's answer: relevance and the passage where the words occur (HTML escaped, hits in
      // <mark>; `snippetParts` for rendering without HTML).
      ...("snippet" in c ? { score: c.score, snippet: c.snippet, snippetParts: c.snippetParts } : {}),
    })),
    total,
    ...("totalCapped" in result && result.totalCapped ? { totalCapped: true } : {}),
    page: f.page,
    pageSize: f.pageSize,
  };
}
