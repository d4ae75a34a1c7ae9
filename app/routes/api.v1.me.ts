import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicUser } from "../models/user.server";
import { api, getOnly, json } from "../utils/api.server";
import { requireApiUser } from "../utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return api(request, async () => json({ user: publicUser(await requireApiUser(request)) }));
}

export const action = getOnly;
