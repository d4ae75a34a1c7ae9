import { searchAmong, similarCases, unitsForSimilar } from "../../db/search";
import { today } from "../../workflows/dates";
import type { Person } from "../utils/auth.server";
import { db } from "../utils/db.server";

/**
 * Search and similar cases as the pages use them. The lists' own search (`/cases`,
 * `GET /api/v1/cases?q=`) goes through `listVisibleCases`; the inbox and the supervision queues,
 * which hold at most a few hundred rows, narrow what they already hold with `matchesAmong`.
 */

/** The words typed in a list's search box, or "" (at most 100 characters, like the case list's). */
export function searchWords(params: URLSearchParams): string {
  return (params.get("q") ?? "").trim().slice(0, 100);
}

/** Which of these cases contain the words, for this person: rank (1 = best) and passage. */
export async function matchesAmong(person: Person, q: string, ids: number[]) {
  return searchAmong(db(), person, q, ids);
}

/** Review (立案审查/受理) and dispatch (交办) states, where similar cases help a supervisor decide. */
const DECIDING = ["submitted", "accepted"];

/**
 * For a supervisor reviewing or dispatching a case: the most similar other cases (merge
 * candidates, same enterprise first) and the units that answered similar cases. Null otherwise.
 */
export async function similarForCase(person: Person, c: { id: number; state: string }) {
  if (person.role !== "supervisor" || !DECIDING.includes(c.state)) return null;
  const q = db();
  const [cases, units] = await Promise.all([
    similarCases(q, c.id, { limit: 5 }),
    unitsForSimilar(q, c.id, { limit: 5 }),
  ]);
  return {
    cases: cases.map((s) => ({
      id: s.id,
      kind: s.kind,
      number: s.number,
      sessionLabel: s.session_label,
      title: s.title,
      state: s.state,
      sameEnterprise: s.sameEnterprise,
      leadDepartment: s.lead_department_name,
      submittedOn: s.submitted_at ? today(new Date(s.submitted_at)) : null,
      score: s.score,
    })),
    units: units.map((u) => ({
      departmentId: u.departmentId,
      name: u.name,
      count: u.count,
      caseIds: u.caseIds,
    })),
  };
}

export type SimilarForCase = NonNullable<Awaited<ReturnType<typeof similarForCase>>>;
