import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { CaseError } from "../../workflows/errors";
import { publicUser } from "../models/user.server";
import { api, json, methodNotAllowed, readJson } from "../utils/api.server";
import { issueToken, signIn } from "../utils/auth.server";
import { clientAddress } from "../utils/request.server";

export async function action({ request, context }: ActionFunctionArgs) {
  return api(request, async () => {
    if (request.method !== "POST") methodNotAllowed("POST");
    const body = await readJson(request);
    const fields: Record<string, { code: string }> = {};
    if (typeof body.username !== "string" || !body.username) fields.username = { code: "required" };
    if (typeof body.password !== "string" || !body.password) fields.password = { code: "required" };
    if (Object.keys(fields).length) throw new CaseError("validation_failed", "invalid_payload", { fields });
    const user = await signIn(String(body.username), String(body.password), clientAddress(context));
    if (!user) throw new CaseError("unauthenticated", "bad_credentials");
    const { token, expiresAt } = await issueToken(user.id);
    return json({ token, expiresAt, user: publicUser(user) });
  });
}

export const loader = ({ request }: LoaderFunctionArgs) => api(request, async () => methodNotAllowed("POST"));
