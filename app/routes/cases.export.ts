import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { CaseError } from "../components/lists/server.server";
import { caseListDownload } from "../models/case-export.server";
import { parseCaseListQuery } from "../models/case-list.server";
import { getOnly } from "../utils/api.server";
import { actorOf, requireUser } from "../utils/auth.server";
import { langOf } from "../utils/lang.server";

/**
 * GET /cases/export?<the list's filters>&format=xlsx|csv: every case the list shows for these
 * filters (not just the page on screen), as the person may see them.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const lang = await langOf(request, user);
  const url = new URL(request.url);
  const format = url.searchParams.get("format") === "csv" ? "csv" : "xlsx";
  const params = new URLSearchParams(url.searchParams);
  for (const k of ["format", "page", "pageSize"]) params.delete(k);
  let filter: ReturnType<typeof parseCaseListQuery>;
  try {
    filter = parseCaseListQuery(params);
  } catch (e) {
    // The list page words what is wrong with the filters.
    if (e instanceof CaseError) throw redirect(`/cases?${params}`);
    throw e;
  }
  return caseListDownload(actorOf(user), filter, lang, format);
}

export const action = getOnly;
