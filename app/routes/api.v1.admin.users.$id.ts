import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { rolesFor } from "../models/access";
import { updateUser, userForAdmin } from "../models/accounts.server";
import { api, json, methodNotAllowed, positiveIntParam, readJson } from "../utils/api.server";
import { requireApiUser } from "../utils/auth.server";

/** GET /api/v1/admin/users/:id → the user (admin) */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return api(request, async () => {
    await requireApiUser(request, rolesFor("api.v1.admin.users.$id", "get"));
    return json(await userForAdmin(positiveIntParam(params.id)));
  });
}

/**
 * POST (or PATCH) /api/v1/admin/users/:id {displayName?, email?, locale?, role?, departmentId?,
 * enterpriseId?, active?, password?} → the user, and the sessions and tokens ended (admin)
 */
export async function action({ request, params }: ActionFunctionArgs) {
  return api(request, async () => {
    if (request.method !== "POST" && request.method !== "PATCH") methodNotAllowed("GET, POST, PATCH");
    const admin = await requireApiUser(request, rolesFor("api.v1.admin.users.$id", "post"));
    return json(await updateUser(admin, positiveIntParam(params.id), await readJson(request)));
  });
}
