import type { Kysely } from "kysely";
import { boardPage } from "../../app/models/supervision.server";
import { loadCalendar } from "../../db/calendar";
import { listVisibleCases, type Viewer } from "../../db/cases";
import type { Database } from "../../db/schema";
import { unitStatistics } from "../../db/stats";
import { type Timing, timeRuns } from "./stats";

export interface QueryFigures {
  overdueAudit: Timing & { total: number };
  unitStatsYear: Timing & { year: number; units: number };
  searchWord: Timing & { q: string; total: number };
  searchPhrase: Timing & { q: string; total: number };
}

/**
 * The supervisors' reads, each through the function its page or API calls: the overdue audit
 * (GET /api/v1/supervision/overdue, first page), the per-unit statistics of a year, and a search
 * for a two-character word and for a phrase as a supervisor sees the case list.
 */
export async function measureQueries(
  db: Kysely<Database>,
  p: { today: string; supervisor: Viewer; runs: number },
): Promise<QueryFigures> {
  const cal = await loadCalendar(db);
  let total = 0;
  const overdue = await timeRuns(p.runs, async () => {
    const page = await boardPage(db, cal, { asOf: p.today, window: "overdue", page: 1, pageSize: 50 });
    total = page.total;
  });
  const year = Number(p.today.slice(0, 4));
  let units = 0;
  const stats = await timeRuns(Math.max(5, Math.round(p.runs / 3)), async () => {
    const r = await unitStatistics(db, cal, { from: `${year}-01-01`, to: `${year}-12-31`, asOf: p.today });
    units = r.units.length;
  });
  const search = async (q: string) => {
    let found = 0;
    const t = await timeRuns(p.runs, async () => {
      const r = await listVisibleCases(db, p.supervisor, { q, page: 1, pageSize: 20 });
      found = r.total;
    });
    return { ...t, q, total: found };
  };
  return {
    overdueAudit: { ...overdue, total },
    unitStatsYear: { ...stats, year, units },
    searchWord: await search("融资"),
    searchPhrase: await search("优化营商环境"),
  };
}
