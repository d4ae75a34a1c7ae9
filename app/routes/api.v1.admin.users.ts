import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { listUsers } from "../../db/users";
import { rolesFor } from "../models/access";
import { createUser } from "../models/admin.server";
import { api, json, methodNotAllowed, readJson } from "../utils/api.server";
import { requireApiUser } from "../utils/auth.server";
import { db } from "../utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return api(request, async () => {
    await requireApiUser(request, rolesFor("api.v1.admin.users", "get"));
    return json({ items: await listUsers(db()) });
  });
}

/** POST /api/v1/admin/users {username, password, displayName, role, departmentId?, enterpriseId?, email?} → 201 */
export async function action({ request }: ActionFunctionArgs) {
  return api(request, async () => {
    if (request.method !== "POST") methodNotAllowed("GET, POST");
    const admin = await requireApiUser(request, rolesFor("api.v1.admin.users", "post"));
    return json(await createUser(admin, await readJson(request)), 201);
  });
}
