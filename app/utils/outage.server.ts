import type { ServerBuild } from "@remix-run/node";
import { type Lang, t } from "../i18n";

/**
 * The database is momentarily out of reach: SQLite busy or locked by another writer past the busy
 * timeout, or PostgreSQL refusing, dropping or restarting connections. Such a request is not wrong
 * and the server is not broken: it answers 503 with Retry-After, and the same request sent again a
 * moment later succeeds. Everything else is a real failure (500).
 */
export type Outage = "busy" | "unreachable";

const NODE_NET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

// SQLSTATEs that mean "try again": connection exceptions (class 08), the server shutting down or
// starting up (57P01–57P03), too many connections (53300), a lock not granted at once (55P03).
const PG_RETRYABLE = new Set(["57P01", "57P02", "57P03", "53300", "55P03"]);

// What pg says, without a code, when a connection dies under a query or cannot be had in time.
const PG_MESSAGES = [
  /^Connection terminated/,
  /^Client has encountered a connection error/,
  /^timeout exceeded when trying to connect/,
  /^Client was closed and is not queryable/,
];

export function outageOf(e: unknown): Outage | null {
  if (!e || typeof e !== "object") return null;
  const code = String((e as { code?: unknown }).code ?? "");
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return "busy";
  if (PG_RETRYABLE.has(code) || /^08[0-9A-Z]{3}$/.test(code))
    return code === "55P03" ? "busy" : "unreachable";
  if (NODE_NET_CODES.has(code)) return "unreachable";
  const message = (e as { message?: unknown }).message;
  if (typeof message === "string" && PG_MESSAGES.some((re) => re.test(message))) return "unreachable";
  // A driver error wrapped by another (AggregateError of several addresses, `cause`).
  const inner =
    (e as { errors?: unknown[]; cause?: unknown }).errors?.[0] ?? (e as { cause?: unknown }).cause;
  return inner && inner !== e ? outageOf(inner) : null;
}

/** Seconds a client should wait before sending the request again. */
export function retryAfter(outage: Outage): number {
  return outage === "busy" ? 1 : 5;
}

/** The message key of an outage, in the API's `reason.*` namespace. */
export function outageReason(outage: Outage): string {
  return outage === "busy" ? "database_busy" : "database_unavailable";
}

/** One JSON line naming the request (its X-Request-Id), the outage and the driver's error. */
export function logOutage(request: Request, outage: Outage, e: unknown) {
  console.warn(
    JSON.stringify({
      at: new Date().toISOString(),
      id: request.headers.get("x-request-id") ?? undefined,
      warning: "database_outage",
      outage,
      method: request.method,
      path: new URL(request.url).pathname,
      error: e instanceof Error ? `${(e as { code?: string }).code ?? ""} ${e.message}`.trim() : String(e),
    }),
  );
}

/** Accept-Language alone: the database that holds the person's preference is the thing missing. */
function langOfHeaders(request: Request): Lang {
  const cookie = /(?:^|;\s*)lang=([^;]+)/.exec(request.headers.get("Cookie") ?? "")?.[1] ?? "";
  if (/en/.test(decodeURIComponent(cookie))) return "en";
  return /^en\b/i.test((request.headers.get("Accept-Language") ?? "").trim()) ? "en" : "zh-CN";
}

/**
 * The 503 a page or an API route throws when the database is out of reach. Its body is the API's
 * error shape; a page request gets the outage page instead (entry.server.tsx `outagePage`).
 */
export function outageResponse(request: Request, outage: Outage): Response {
  const lang = langOfHeaders(request);
  return new Response(
    JSON.stringify({
      error: {
        code: "unavailable",
        reason: outageReason(outage),
        message: t(lang, `reason.${outageReason(outage)}`),
      },
    }),
    {
      status: 503,
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Cache-Control": "no-store",
        "Retry-After": String(retryAfter(outage)),
        "X-Outage": outage,
      },
    },
  );
}

type Handler = (args: { request: Request }) => unknown;

function guard(fn: Handler | undefined): Handler | undefined {
  if (!fn) return fn;
  return async (args) => {
    try {
      return await fn(args);
    } catch (e) {
      const outage = e instanceof Response ? null : outageOf(e);
      if (!outage) throw e;
      logOutage(args.request, outage, e);
      throw outageResponse(args.request, outage);
    }
  };
}

/**
 * The build with every route's loader and action guarded: an outage thrown anywhere below (a page,
 * a download, an API route) becomes the 503 above, in this one place. API routes that answer their
 * own errors (app/utils/api.server.ts `api`) use the same `outageOf`.
 */
export function guardOutages<B extends ServerBuild>(build: B): B {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const m = route.module as unknown as Record<string, unknown> & { loader?: Handler; action?: Handler };
    routes[id] = {
      ...route,
      module: { ...m, loader: guard(m.loader), action: guard(m.action) } as typeof route.module,
    };
  }
  return { ...build, routes };
}

/**
 * The outage behind an error response made by `outageResponse`, as a route's error reaches the
 * document render (status and parsed body), or null for any other error.
 */
export function outageOfErrorResponse(r: unknown): Outage | null {
  if (!r || typeof r !== "object" || (r as { status?: number }).status !== 503) return null;
  const reason = (r as { data?: { error?: { code?: string; reason?: string } } }).data?.error;
  if (reason?.code !== "unavailable") return null;
  return reason.reason === outageReason("busy") ? "busy" : "unreachable";
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/**
 * The page a person sees while the database is out of reach: self-contained (no stylesheet, no
 * script, nothing that needs the database), in their language with the other one below, and a
 * link that tries the same address again.
 */
export function outagePage(request: Request): string {
  const lang = langOfHeaders(request);
  const other: Lang = lang === "en" ? "zh-CN" : "en";
  const url = new URL(request.url);
  const again = escapeHtml(url.pathname + url.search);
  const block = (l: Lang, main: boolean) =>
    `<section lang="${l}"${main ? "" : ' class="other"'}><h1>${escapeHtml(t(l, "outage.title"))}</h1><p>${escapeHtml(
      t(l, "outage.body"),
    )}</p>${main ? `<p><a class="button" href="${again}">${escapeHtml(t(l, "outage.retry"))}</a></p>` : ""}</section>`;
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>${escapeHtml(
    t(lang, "outage.title"),
  )}</title><style>
body{margin:0;font-family:system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#f4f5f7;color:#1f2933}
main{max-width:34rem;margin:12vh auto;padding:2rem 2.25rem;background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.12);border-top:4px solid #b7791f}
h1{font-size:1.35rem;margin:0 0 .75rem}p{line-height:1.7;margin:.5rem 0}
.button{display:inline-block;margin-top:.75rem;padding:.5rem 1.25rem;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none}
.other{margin-top:1.75rem;padding-top:1rem;border-top:1px solid #e4e7eb;color:#52606d}.other h1{font-size:1rem}
</style></head><body><main>${block(lang, true)}${block(other, false)}</main></body></html>`;
}
