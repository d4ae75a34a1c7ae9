import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentDownload } from "../models/attachments.server";
import { getOnly } from "../utils/api.server";
import { actorOf, requireApiUser, requireUser, type SessionUser } from "../utils/auth.server";
import { langOf } from "../utils/lang.server";

const idOf = (raw: string | undefined) => (raw && /^\d{1,10}$/.test(raw) ? Number(raw) : null);

/**
 * GET /cases/:id/attachments/:attachmentId: the file, to the people who may see the case. A
 * browser is sent to the login page first; an integration may use its bearer token.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  let user: SessionUser;
  if (request.headers.has("Authorization")) {
    try {
      user = await requireApiUser(request);
    } catch {
      return new Response("Unauthorized", { status: 401 });
    }
  } else user = await requireUser(request);
  const lang = await langOf(request, user);
  const caseId = idOf(params.id);
  const attachmentId = idOf(params.attachmentId);
  if (!caseId || !attachmentId) return new Response("Not found", { status: 404 });
  return attachmentDownload(actorOf(user), caseId, attachmentId, lang);
}

export const action = getOnly;
