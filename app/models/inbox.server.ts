import type { InboxSection } from "../../db/cases";
import { dueInfo } from "../components/lists/DueCell";
import {
  today as dateOf,
  departmentCaseIds,
  departmentInbox,
  departmentInboxCounts,
  getDepartment,
  loadCalendar,
  requestListFacts,
} from "../components/lists/server.server";
import type { SessionUser } from "../utils/auth.server";
import { actorOf } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";
import { INBOX_TABS, type InboxTab } from "./inbox";
import { matchesAmong, searchWords } from "./search.server";
import { supervisedCases } from "./supervision.server";

/** Rows per page of the inbox. */
const PAGE_SIZE = 50;

const KINDS = ["proposal", "enterprise_request"] as const;
const CATEGORIES = ["consult", "help", "suggestion", "complaint"] as const;

/** The list's filters from the address: kind (提案/诉求) and an enterprise request's category. */
function filtersOf(params: URLSearchParams) {
  const kind = params.get("kind");
  const category = params.get("category");
  return {
    kind: (KINDS as readonly string[]).includes(kind ?? "") ? (kind as (typeof KINDS)[number]) : null,
    category: (CATEGORIES as readonly string[]).includes(category ?? "") ? category : null,
  };
}

function pageOf(params: URLSearchParams) {
  const n = Number(params.get("page"));
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

/**
 * What a unit's inbox shows for the address's tab, filters, search words and page: the page's rows
 * with their due dates and 督办 marks, and the figures of every tab and filter.
 */
export async function unitInbox(user: SessionUser, request: Request) {
  const q = db();
  const params = new URL(request.url).searchParams;
  const filters = filtersOf(params);
  const search = searchWords(params);
  const today = dateOf(clock.now());
  const departmentId = user.department_id;
  const [cal, dept, supervised] = await Promise.all([
    loadCalendar(q),
    departmentId ? getDepartment(q, departmentId) : Promise.resolve(undefined),
    // 督办: an open supervision notice to this unit, shown first and in red.
    departmentId
      ? supervisedCases(q, departmentId)
      : Promise.resolve(new Map<number, { respondBy: string | null }>()),
  ]);
  // 检索: only the unit's cases that contain the words, best match first, with the passage.
  const found =
    search && departmentId
      ? await matchesAmong(actorOf(user), search, await departmentCaseIds(q, departmentId))
      : null;
  const caseIds = found ? [...found.keys()] : null;

  // The figures of the tabs, the switches and the filter, from one aggregate query.
  const groups = departmentId ? await departmentInboxCounts(q, { departmentId, today, caseIds }) : [];
  const kindCounts = { proposal: 0, enterprise_request: 0 };
  const counts = { pending: 0, opinion: 0, handling: 0, review: 0, done: 0, overdue: 0, all: 0 };
  for (const g of groups) {
    kindCounts[g.kind] += g.n;
    // A category picks enterprise requests: proposals have none.
    if ((filters.kind && g.kind !== filters.kind) || (filters.category && g.category !== filters.category))
      continue;
    if (g.section !== "other") counts[g.section] += g.n;
    if (g.overdue) counts.overdue += g.n;
    counts.all += g.n;
  }
  const requested = params.get("tab");
  // Without a choice, open the most urgent non-empty list: a head's signatures, then sign-for, …
  const order: InboxTab[] =
    user.role === "dept_head"
      ? ["review", "pending", "opinion", "handling"]
      : ["pending", "opinion", "handling"];
  const tab: InboxTab =
    requested && (INBOX_TABS as string[]).includes(requested)
      ? (requested as InboxTab)
      : search
        ? "all"
        : (order.find((s) => s !== "overdue" && s !== "all" && counts[s] > 0) ?? "all");
  const total = counts[tab];
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(pageOf(params), pages);

  const query = {
    departmentId: departmentId ?? -1,
    today,
    kind: filters.kind,
    category: filters.category,
    tab,
    caseIds,
  };
  let rows: Awaited<ReturnType<typeof departmentInbox>> = [];
  if (departmentId && found) {
    // A search lists the best match first: the matches in this tab, ranked, then the page.
    const all = await departmentInbox(q, { ...query, page: 1, pageSize: Math.max(1, found.size) });
    rows = all
      .sort((a, b) => (found.get(a.id)?.rank ?? 0) - (found.get(b.id)?.rank ?? 0))
      .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  } else if (departmentId) {
    rows = await departmentInbox(q, { ...query, first: [...supervised.keys()], page, pageSize: PAGE_SIZE });
  }
  const facts = await requestListFacts(
    q,
    rows.filter((r) => r.kind === "enterprise_request").map((r) => r.id),
  );
  const items = rows.map((r) => {
    const f = facts.get(r.id);
    // Finished cases keep the unit's follow-up commitments (承诺事项), which are supervised too.
    const due = dueInfo(cal, today, r.unit_due_date, r.unit_due_type);
    return {
      id: r.id,
      kind: r.kind,
      enterprise: f?.enterpriseName ?? null,
      category: f?.category ?? null,
      theme: f?.theme ?? null,
      priority: f?.priority ?? null,
      number: r.number,
      sessionLabel: r.session_label,
      title: r.title,
      state: r.state,
      isKey: r.is_key === 1,
      round: r.round,
      role: r.unit_role as "lead" | "co",
      unitStatus: r.unit_status,
      opinionStatus: r.opinion_status,
      objectionPending: r.objection_reason !== null,
      leadDepartment: r.lead_department_name,
      author: r.author_name,
      section: r.section as InboxSection,
      due,
      supervised: supervisionOf(supervised.get(r.id), today),
      updatedAt: r.updated_at,
      snippetParts: found?.get(r.id)?.snippetParts ?? null,
    };
  });
  return {
    items,
    counts,
    kindCounts,
    filters,
    search,
    tab,
    page,
    pageSize: PAGE_SIZE,
    total,
    department: dept?.name ?? null,
    isHead: user.role === "dept_head",
    hasDepartment: user.department_id !== null,
  };
}

/** 督办 as a row shows it: the respond-by date (none when only the escalation rules recorded it). */
function supervisionOf(s: { respondBy: string | null } | undefined, today: string) {
  if (!s) return null;
  return { respondBy: s.respondBy, late: s.respondBy !== null && s.respondBy < today };
}
