import type { LoaderFunctionArgs } from "@remix-run/node";
import { rolesFor } from "../models/access";
import { bulletinList } from "../models/bulletin.server";
import { api, getOnly, json } from "../utils/api.server";
import { requireApiUser } from "../utils/auth.server";
import { db } from "../utils/db.server";

/** GET /api/v1/bulletins → {items}: every bulletin, drafts and published, newest first. Supervisors only. */
export async function loader({ request }: LoaderFunctionArgs) {
  return api(request, async () => {
    await requireApiUser(request, rolesFor("api.v1.bulletins._index", "get"));
    return json({ items: await bulletinList(db()) });
  });
}

export const action = getOnly;
