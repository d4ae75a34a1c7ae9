import { randomBytes, randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

/**
 * What every response of the server carries, and what every request must pass before it reaches
 * a route: security headers, a request id for the logs, and the same-origin rule for form posts.
 */

/**
 * Scripts come from this origin, or inline only with this response's nonce (Remix's hydration
 * data and module loader carry it: see app/utils/nonce.tsx); no other inline script runs.
 */
const csp = (nonce: string) =>
  [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

/** The nonce of the response being written, for the page's inline scripts (see getLoadContext). */
export function cspNonce(res: Response): string {
  return String(res.locals.cspNonce ?? "");
}

/**
 * Security headers on every response. Applied when the head is written, and only where the
 * route did not set its own (a download sets its own Content-Type and disposition, for example).
 */
export function securityHeaders(production: boolean) {
  const defaults: Array<[string, string]> = [
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "same-origin"],
    ["X-Frame-Options", "DENY"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ...(production ? [["Strict-Transport-Security", "max-age=31536000"] as [string, string]] : []),
  ];
  return (_req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    const headers: Array<[string, string]> = [...defaults, ["Content-Security-Policy", csp(nonce)]];
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      for (const [name, value] of headers) if (!this.hasHeader(name)) this.setHeader(name, value);
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as typeof res.writeHead;
    next();
  };
}

/**
 * An id per request, which the response carries (X-Request-Id) and the log line names; with `log`,
 * one line of JSON per request.
 */
export function requestIds(log: ((line: string) => void) | null) {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.get("x-request-id");
    const id = given && /^[\w.-]{1,80}$/.test(given) ? given : randomUUID();
    res.setHeader("X-Request-Id", id);
    // The request id reaches the routes too, so that their own log lines (an outage) name it.
    req.headers["x-request-id"] = id;
    const started = process.hrtime.bigint();
    if (log)
      res.on("finish", () => {
        if (req.path.startsWith("/build/") || req.path === "/healthz") return;
        log(
          JSON.stringify({
            at: new Date().toISOString(),
            id,
            method: req.method,
            path: req.path,
            status: res.statusCode,
            ms: Number((process.hrtime.bigint() - started) / 100_000n) / 10,
          }),
        );
      });
    next();
  };
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * A state-changing request from another site is refused: the browser says where a request comes
 * from (Origin, or Sec-Fetch-Site), and a form posted from elsewhere must not act with our
 * session cookie. API calls with a bearer token carry no cookie and are not at risk.
 */
export function sameOrigin(publicUrl: string | undefined, record: (what: Record<string, unknown>) => void) {
  const allowed = new Set<string>();
  if (publicUrl) allowed.add(new URL(publicUrl).origin);
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE.has(req.method)) return next();
    if (req.get("authorization")?.startsWith("Bearer ") && !req.get("cookie")) return next();
    const origin = req.get("origin");
    const site = req.get("sec-fetch-site");
    // Compared by host: behind a TLS-terminating proxy the scheme seen here may differ.
    const ok = origin
      ? hostOf(origin) === req.get("host") || allowed.has(origin)
      : site === undefined || site === "same-origin" || site === "none";
    if (ok) return next();
    record({ method: req.method, path: req.path, origin: origin ?? null, site: site ?? null, ip: req.ip });
    res
      .status(403)
      .type("application/json")
      .send(
        JSON.stringify({
          error: {
            code: "forbidden",
            reason: "cross_site_request",
            message: "跨站提交已拒绝：请在本系统页面内操作。Cross-site request refused.",
          },
        }),
      );
  };
}
