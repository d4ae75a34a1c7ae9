import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createCase } from "../../workflows/engine";
import { caseDetail } from "../models/case.server";
import { caseList, parseCaseListQuery } from "../models/case-list.server";
import { api, json, methodNotAllowed, readJson } from "../utils/api.server";
import { actorOf, requireApiUser } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";
import { langOf } from "../utils/lang.server";

/** GET /api/v1/cases?kind=&state=&departmentId=&overdue=&q=&page=&pageSize= → {items, total} */
export async function loader({ request }: LoaderFunctionArgs) {
  return api(request, async () => {
    const user = await requireApiUser(request);
    const filter = parseCaseListQuery(new URL(request.url).searchParams);
    return json(await caseList(actorOf(user), filter));
  });
}

/** POST /api/v1/cases {kind, title, body, ...} → 201 case */
export async function action({ request }: ActionFunctionArgs) {
  return api(request, async () => {
    if (request.method !== "POST") methodNotAllowed("GET, POST");
    const user = await requireApiUser(request);
    const input = await readJson(request);
    const created = await createCase(db(), clock, { actor: actorOf(user), input });
    const lang = await langOf(request, user);
    return json(await caseDetail(actorOf(user), created.id, lang), 201, {
      Location: `/api/v1/cases/${created.id}`,
    });
  });
}
