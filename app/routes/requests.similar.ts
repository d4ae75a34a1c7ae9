import type { LoaderFunctionArgs } from "@remix-run/node";
import { rolesFor } from "../models/access";
import { findSimilar } from "../models/request.server";
import { getOnly } from "../utils/api.server";
import { actorOf, requireUser } from "../utils/auth.server";

/**
 * GET /requests/similar?title=&body=&enterpriseId=: the duplicate hints (疑似重复) the intake form
 * shows while a request is written. An enterprise user only ever sees its own enterprise's.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, rolesFor("requests.similar", "get"));
  const params = new URL(request.url).searchParams;
  const title = (params.get("title") ?? "").slice(0, 200);
  const body = (params.get("body") ?? "").slice(0, 2000);
  const rawEnterprise = params.get("enterpriseId") ?? "";
  const enterpriseId = /^\d{1,10}$/.test(rawEnterprise) ? Number(rawEnterprise) : null;
  const items = await findSimilar(actorOf(user), { enterpriseId, title, body });
  return { items };
}

export const action = getOnly;
