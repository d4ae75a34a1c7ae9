import type { LoaderFunctionArgs } from "@remix-run/node";
import { today } from "../../workflows/dates";
import { rolesFor } from "../models/access";
import { computeStats, parseStatsQuery, statsDownload, statsJson } from "../models/stats.server";
import { api, getOnly, json } from "../utils/api.server";
import { requireApiUser } from "../utils/auth.server";
import { clock } from "../utils/db.server";
import { langOf } from "../utils/lang.server";

/**
 * GET /api/v1/stats?from=&to=&kind=&format=json|csv|xlsx (supervisors): per-unit figures, totals,
 * months and every figure's definition in the caller's language; csv and xlsx are downloads of the
 * same tables.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return api(request, async () => {
    const user = await requireApiUser(request, rolesFor("api.v1.stats", "get"));
    const lang = await langOf(request, user);
    const p = parseStatsQuery(new URL(request.url).searchParams, today(clock.now()));
    const stats = await computeStats(p);
    if (p.format === "json") return json(statsJson(stats, lang));
    return statsDownload(stats, lang, p.format);
  });
}

export const action = getOnly;
