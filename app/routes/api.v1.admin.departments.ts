import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { listDepartments } from "../../db/departments";
import { rolesFor } from "../models/access";
import { createDepartment } from "../models/admin.server";
import { api, json, methodNotAllowed, readJson } from "../utils/api.server";
import { requireApiUser } from "../utils/auth.server";
import { db } from "../utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return api(request, async () => {
    await requireApiUser(request, rolesFor("api.v1.admin.departments", "get"));
    return json({ items: await listDepartments(db()) });
  });
}

/** POST /api/v1/admin/departments {name, shortName?, email?} → 201 {id, ...} */
export async function action({ request }: ActionFunctionArgs) {
  return api(request, async () => {
    if (request.method !== "POST") methodNotAllowed("GET, POST");
    const admin = await requireApiUser(request, rolesFor("api.v1.admin.departments", "post"));
    return json(await createDepartment(admin, await readJson(request)), 201);
  });
}
