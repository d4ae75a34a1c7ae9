import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { rolesFor } from "../models/access";
import { changePolicy, policyForAdmin } from "../models/accounts.server";
import { api, json, methodNotAllowed, readJson } from "../utils/api.server";
import { requireApiUser } from "../utils/auth.server";

/** GET /api/v1/admin/policies/:kind (proposal | enterprise_request | supervision) → {policy, defaults} (admin) */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return api(request, async () => {
    await requireApiUser(request, rolesFor("api.v1.admin.policies.$kind", "get"));
    return json(await policyForAdmin(params.kind ?? ""));
  });
}

/** PUT /api/v1/admin/policies/:kind {…the policy's values} → the policy now in force (admin) */
export async function action({ request, params }: ActionFunctionArgs) {
  return api(request, async () => {
    if (request.method !== "PUT") methodNotAllowed("GET, PUT");
    const admin = await requireApiUser(request, rolesFor("api.v1.admin.policies.$kind", "put"));
    return json(await changePolicy(admin, params.kind ?? "", await readJson(request)));
  });
}
