import type { LoaderFunctionArgs } from "@remix-run/node";
import { listAttachments } from "../models/attachments.server";
import { api, getOnly, json, positiveIntParam } from "../utils/api.server";
import { actorOf, requireApiUser } from "../utils/auth.server";

/** GET /api/v1/cases/:id/attachments → {items: [{id, fileName, contentType, size, sha256, url, …}]} */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return api(request, async () => {
    const user = await requireApiUser(request);
    return json(await listAttachments(actorOf(user), positiveIntParam(params.id)));
  });
}

export const action = getOnly;
