import { CaseError } from "../../workflows/errors";
import { fieldMessages, type Lang, t } from "../i18n";
import { langOf } from "./lang.server";
import { logOutage, outageOf, outageReason, retryAfter } from "./outage.server";

const MAX_JSON_BYTES = 1_000_000;

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

/** The one error shape of the API: {error: {code, message, fields?, state?, allowedEvents?}}. */
export function errorResponse(e: CaseError, lang: Lang): Response {
  const reasonKey = `reason.${e.reason}`;
  const message =
    t(lang, reasonKey) !== reasonKey ? t(lang, reasonKey, e.details.params) : t(lang, `error.${e.code}`);
  const body: Record<string, unknown> = { code: e.code, message };
  if (e.reason) body.reason = e.reason;
  if (e.details.fields) body.fields = fieldMessages(lang, e.details.fields);
  if (e.details.state !== undefined) body.state = e.details.state;
  if (e.details.version !== undefined) body.version = e.details.version;
  if (e.details.allowedEvents) body.allowedEvents = e.details.allowedEvents;
  const headers: Record<string, string> =
    e.status === 503
      ? { "Retry-After": String(e.details.params?.retryAfter ?? 1) }
      : e.status === 429
        ? { "Retry-After": String(e.details.params?.retryAfter ?? 60) }
        : e.status === 405
          ? { Allow: String(e.details.params?.allow ?? "") }
          : {};
  return json({ error: body }, e.status, headers);
}

/** Runs an API handler, answering every refusal in the error shape and never leaking a stack. */
export async function api(request: Request, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (e) {
    const lang = await langOf(request);
    if (e instanceof CaseError) return errorResponse(e, lang);
    if (e instanceof Response) return e;
    // Outage (503): the database is momentarily out of reach; the same request will succeed later.
    const outage = outageOf(e);
    if (outage) {
      logOutage(request, outage, e);
      return errorResponse(
        new CaseError("unavailable", outageReason(outage), { params: { retryAfter: retryAfter(outage) } }),
        lang,
      );
    }
    console.error(e);
    return json({ error: { code: "internal", message: t(lang, "error.unavailable") } }, 500);
  }
}

/** The request body as a JSON object, or a 400/413 refusal. */
export async function readJson(request: Request): Promise<Record<string, unknown>> {
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > MAX_JSON_BYTES) throw new CaseError("too_large", "body_too_large");
  const text = await request.text();
  if (text.length > MAX_JSON_BYTES) throw new CaseError("too_large", "body_too_large");
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new CaseError("bad_request", "bad_json");
  }
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw new CaseError("bad_request", "bad_json");
  return body as Record<string, unknown>;
}

/** Refuses a method the address does not take (405, with `Allow` naming those it does). */
export function methodNotAllowed(allow: string): never {
  throw new CaseError("method_not_allowed", "method_not_allowed", { params: { allow } });
}

/** The action of a route that only answers GET: every other method gets 405 in the error shape. */
export const getOnly = ({ request }: { request: Request }) =>
  api(request, async () => methodNotAllowed("GET"));

export function positiveIntParam(value: string | undefined): number {
  const n = Number(value);
  if (!value || !/^\d{1,10}$/.test(value) || !Number.isSafeInteger(n) || n <= 0)
    throw new CaseError("not_found", "case_not_found");
  return n;
}
