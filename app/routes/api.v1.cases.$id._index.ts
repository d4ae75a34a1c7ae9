import type { LoaderFunctionArgs } from "@remix-run/node";
import { caseDetail } from "../models/case.server";
import { api, getOnly, json, positiveIntParam } from "../utils/api.server";
import { actorOf, requireApiUser } from "../utils/auth.server";
import { langOf } from "../utils/lang.server";

/** GET /api/v1/cases/:id → the case with state, version, allowedEvents, assignments, deadlines, history */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return api(request, async () => {
    const user = await requireApiUser(request);
    const id = positiveIntParam(params.id);
    return json(await caseDetail(actorOf(user), id, await langOf(request, user)));
  });
}

export const action = getOnly;
