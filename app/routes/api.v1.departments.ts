import type { LoaderFunctionArgs } from "@remix-run/node";
import { listDepartments } from "../../db/departments";
import { api, getOnly, json } from "../utils/api.server";
import { requireApiUser } from "../utils/auth.server";
import { db } from "../utils/db.server";

/** GET /api/v1/departments: the units cases can be assigned to (for any signed-in caller). */
export async function loader({ request }: LoaderFunctionArgs) {
  return api(request, async () => {
    await requireApiUser(request);
    const items = (await listDepartments(db())).map((d) => ({
      id: d.id,
      name: d.name,
      shortName: d.short_name,
    }));
    return json({ items });
  });
}

export const action = getOnly;
