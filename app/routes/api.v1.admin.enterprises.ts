import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { rolesFor } from "../models/access";
import { createEnterprise, enterpriseList, parseEnterpriseListQuery } from "../models/enterprise.server";
import { api, json, methodNotAllowed, readJson } from "../utils/api.server";
import { requireApiUser } from "../utils/auth.server";

/** GET /api/v1/admin/enterprises?q=&page=&pageSize= → {items, total, page, pageSize} (企业库) */
export async function loader({ request }: LoaderFunctionArgs) {
  return api(request, async () => {
    const staff = await requireApiUser(request, rolesFor("api.v1.admin.enterprises", "get"));
    const query = parseEnterpriseListQuery(new URL(request.url).searchParams);
    return json(await enterpriseList(staff, query));
  });
}

/**
 * POST /api/v1/admin/enterprises {name, uscc, region?, industry?, size?, contactName?, contactPhone?,
 * usccOverride?, overrideReason?} → 201 {id, ...}
 */
export async function action({ request }: ActionFunctionArgs) {
  return api(request, async () => {
    if (request.method !== "POST") methodNotAllowed("GET, POST");
    const staff = await requireApiUser(request, rolesFor("api.v1.admin.enterprises", "post"));
    const created = await createEnterprise(staff, await readJson(request));
    return json(created, 201, { Location: `/enterprises/${created.id}` });
  });
}
