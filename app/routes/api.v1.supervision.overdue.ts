import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadCalendar } from "../../db/calendar";
import { rolesFor } from "../models/access";
import { apiItem, boardPage, parseOverdueApiQuery } from "../models/supervision.server";
import { api, getOnly, json } from "../utils/api.server";
import { requireApiUser } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";

/**
 * GET /api/v1/supervision/overdue?asOf=&departmentId=&kind=&category=&page=&pageSize=
 * → {asOf, items, total, page, pageSize}: the units' open deadlines past due on `asOf` (default
 * today), most overdue first, with working days overdue and the escalation step reached. Supervisors only.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return api(request, async () => {
    await requireApiUser(request, rolesFor("api.v1.supervision.overdue", "get"));
    const q = parseOverdueApiQuery(new URL(request.url).searchParams, clock.now());
    const board = await boardPage(db(), await loadCalendar(db()), { ...q, window: "overdue" });
    return json({
      asOf: board.asOf,
      items: board.items.map(apiItem),
      total: board.total,
      page: q.page,
      pageSize: q.pageSize,
    });
  });
}

export const action = getOnly;
