import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { CaseError, today } from "../components/lists/server.server";
import { rolesFor } from "../models/access";
import { computeStats, parseStatsQuery, statsDownload } from "../models/stats.server";
import { getOnly } from "../utils/api.server";
import { requireUser } from "../utils/auth.server";
import { clock } from "../utils/db.server";
import { langOf } from "../utils/lang.server";

/** GET /supervision/stats/export?from=&to=&kind=&format=xlsx|csv: the statistics page as a download. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, rolesFor("supervision_.stats_.export", "get"));
  const lang = await langOf(request, user);
  const url = new URL(request.url);
  let p: ReturnType<typeof parseStatsQuery>;
  try {
    p = parseStatsQuery(url.searchParams, today(clock.now()));
  } catch (e) {
    // The page says what is wrong with the query, field by field.
    if (e instanceof CaseError) {
      url.searchParams.delete("format");
      throw redirect(`/supervision/stats?${url.searchParams}`);
    }
    throw e;
  }
  return statsDownload(await computeStats(p), lang, p.format === "csv" ? "csv" : "xlsx");
}

export const action = getOnly;
