import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { rolesFor } from "../models/access";
import { departmentForAdmin, updateDepartment } from "../models/accounts.server";
import { api, json, methodNotAllowed, positiveIntParam, readJson } from "../utils/api.server";
import { requireApiUser } from "../utils/auth.server";

/** GET /api/v1/admin/departments/:id → the department (admin) */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return api(request, async () => {
    await requireApiUser(request, rolesFor("api.v1.admin.departments.$id", "get"));
    return json(await departmentForAdmin(positiveIntParam(params.id)));
  });
}

/** POST (or PATCH) /api/v1/admin/departments/:id {name?, shortName?, email?, active?} (admin) */
export async function action({ request, params }: ActionFunctionArgs) {
  return api(request, async () => {
    if (request.method !== "POST" && request.method !== "PATCH") methodNotAllowed("GET, POST, PATCH");
    const admin = await requireApiUser(request, rolesFor("api.v1.admin.departments.$id", "post"));
    return json(await updateDepartment(admin, positiveIntParam(params.id), await readJson(request)));
  });
}
