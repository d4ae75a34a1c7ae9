import type { LoaderFunctionArgs } from "@remix-run/node";
import { rolesFor } from "../models/access";
import { bulletinFor, positiveId } from "../models/bulletin.server";
import { api, getOnly, json } from "../utils/api.server";
import { requireApiUser } from "../utils/auth.server";
import { db } from "../utils/db.server";

/**
 * GET /api/v1/bulletins/:id → the bulletin with its content exactly as frozen at publication (a
 * draft's as last generated). Supervisors only.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return api(request, async () => {
    const user = await requireApiUser(request, rolesFor("api.v1.bulletins.$id", "get"));
    return json(await bulletinFor(db(), user, positiveId(params.id)));
  });
}

export const action = getOnly;
