import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { sendEvent } from "../models/case-events.server";
import { api, json, methodNotAllowed, positiveIntParam, readJson } from "../utils/api.server";
import { actorOf, requireApiUser } from "../utils/auth.server";
import { langOf } from "../utils/lang.server";

/** POST /api/v1/cases/:id/events {type, ...payload, expectedVersion?} → 200 case */
export async function action({ request, params }: ActionFunctionArgs) {
  return api(request, async () => {
    if (request.method !== "POST") methodNotAllowed("POST");
    const user = await requireApiUser(request);
    const id = positiveIntParam(params.id);
    const body = await readJson(request);
    const detail = await sendEvent(actorOf(user), id, body, await langOf(request, user));
    return json(detail);
  });
}

export const loader = ({ request }: LoaderFunctionArgs) => api(request, async () => methodNotAllowed("POST"));
