import type { Role } from "../../db/schema";

/**
 * Who may reach each route: one row per file in `app/routes/`, and one rule per HTTP method the
 * route serves. The routes read their role lists from here (`rolesFor`), and the access walk
 * (test/api/access-walk.test.ts) requests every route as every role and compares the answer with
 * this table, so a route without a row, or a row the code does not keep, fails the build.
 *
 * Beyond the role, a route that names an object in its URL (`object`) answers 404 when the caller
 * may not see that object (db/cases.ts `visibleTo` for cases; DESIGN.md: not visible is not found).
 * What a person may then do to a case is the event permission table (workflows/permissions.ts and
 * each kind's `permissions`), checked by the engine.
 */

/** `anyone`: no sign-in needed · `signed_in`: any role · otherwise the roles listed. */
export type Who = "anyone" | "signed_in" | readonly Role[];

/**
 * How a refusal is answered:
 * - `page`: not signed in → 302 to /login?redirectTo=…; wrong role → 403
 * - `api`: JSON under /api/v1: no or bad token → 401; wrong role → 403
 * - `file`: a download: like a page for a browser, like the API with a bearer token
 */
export type Surface = "page" | "api" | "file";

/** The object a URL names, which must be visible to the caller (else 404). */
export type ObjectRule =
  | "case"
  | "case_attachment"
  /** a published bulletin: units (handlers, heads) and supervisors; a draft: supervisors */
  | "bulletin"
  /** any bulletin, drafts included: supervisors */
  | "bulletin_draft"
  /** an enterprise's profile: supervisors and admins, and that enterprise's own users */
  | "enterprise"
  /** a user account: admins */
  | "user"
  /** a department: admins */
  | "department"
  /** a deadline policy by kind: admins */
  | "policy"
  /** a rating link from a mail: the link's token itself is the credential */
  | "mail_link"
  /** an address that does not exist: 404 to everyone */
  | "nothing";

export interface RouteAccess {
  surface: Surface;
  /** the loader (GET); absent: the route answers GET with 405 or a redirect (see `note`) */
  get?: Who;
  /** the action (POST); absent: 405 */
  post?: Who;
  /** PUT, for the API routes that take it */
  put?: Who;
  object?: ObjectRule;
  note?: string;
}

const ADMIN: readonly Role[] = ["admin"];
const SUPERVISOR: readonly Role[] = ["supervisor"];
const UNITS: readonly Role[] = ["handler", "dept_head"];
/** who keeps the enterprise register (企业库) */
const REGISTRY: readonly Role[] = ["supervisor", "admin"];
/** who may file an enterprise request: the enterprise, or staff on its behalf */
const REQUEST_FILERS: readonly Role[] = ["enterprise", "supervisor"];

export const ROUTE_ACCESS = {
  _index: { surface: "page", get: "signed_in", note: "redirects each role to its home page" },
  "admin._index": { surface: "page", get: ADMIN, post: ADMIN },
  "admin.calendar": { surface: "page", get: ADMIN, post: ADMIN },
  "admin.mail": { surface: "page", get: ADMIN, post: ADMIN },
  "admin.users.$id": { surface: "page", get: ADMIN, post: ADMIN, object: "user" },
  "api.v1.admin.departments": { surface: "api", get: ADMIN, post: ADMIN },
  "api.v1.admin.departments.$id": { surface: "api", get: ADMIN, post: ADMIN, object: "department" },
  "api.v1.admin.enterprises": { surface: "api", get: REGISTRY, post: REGISTRY },
  "api.v1.admin.policies.$kind": { surface: "api", get: ADMIN, put: ADMIN, object: "policy" },
  "api.v1.admin.users": { surface: "api", get: ADMIN, post: ADMIN },
  "api.v1.admin.users.$id": { surface: "api", get: ADMIN, post: ADMIN, object: "user" },
  "api.v1.auth.token": { surface: "api", post: "anyone", note: "rate-limited per account and address" },
  "api.v1.bulletins.$id": { surface: "api", get: SUPERVISOR, object: "bulletin_draft" },
  "api.v1.bulletins._index": { surface: "api", get: SUPERVISOR },
  "api.v1.calendar.$key": {
    surface: "api",
    get: "anyone",
    put: ADMIN,
    note: "the working-day calendar is public information",
  },
  "api.v1.calendar.add": { surface: "api", get: "anyone" },
  "api.v1.$": {
    surface: "api",
    get: "anyone",
    post: "anyone",
    put: "anyone",
    object: "nothing",
    note: "any other /api/v1/ address: 404 in the error shape, whoever asks",
  },
  "api.v1.calendar.import": { surface: "api", post: ADMIN },
  "api.v1.cases.$id._index": { surface: "api", get: "signed_in", object: "case" },
  "api.v1.cases.$id.attachments": { surface: "api", get: "signed_in", object: "case" },
  "api.v1.cases.$id.events": {
    surface: "api",
    post: "signed_in",
    object: "case",
    note: "then the event permission table decides (403 role or relation, 409 state)",
  },
  "api.v1.cases._index": {
    surface: "api",
    get: "signed_in",
    post: "signed_in",
    note: "creating: each kind's creatorRoles (proposal: delegate; request: enterprise, supervisor)",
  },
  "api.v1.departments": { surface: "api", get: "signed_in" },
  "api.v1.me": { surface: "api", get: "signed_in" },
  "api.v1.stats": { surface: "api", get: SUPERVISOR },
  "api.v1.supervision.overdue": { surface: "api", get: SUPERVISOR },
  "api.v1.test.clock": {
    surface: "api",
    post: "anyone",
    note: "exists only with APP_TEST_HOOKS=1 (tests and demos); 404 otherwise",
  },
  "bulletins.$id": { surface: "page", get: "signed_in", object: "bulletin" },
  "cases.$id": { surface: "page", get: "signed_in", post: "signed_in", object: "case" },
  "cases.$id_.attachments.$attachmentId": { surface: "file", get: "signed_in", object: "case_attachment" },
  "cases.$id_.letter": {
    surface: "page",
    get: "signed_in",
    object: "case",
    note: "404 until a reply exists",
  },
  "cases._index": { surface: "page", get: "signed_in" },
  "cases.export": { surface: "page", get: "signed_in", note: "only the cases the caller may see" },
  "enterprises.$id": { surface: "page", get: "signed_in", object: "enterprise" },
  "enterprises._index": {
    surface: "page",
    get: ["supervisor", "admin", "enterprise"],
    post: REGISTRY,
    note: "an enterprise user is sent to its own enterprise's page",
  },
  healthz: { surface: "api", get: "anyone" },
  inbox: { surface: "page", get: UNITS },
  lang: { surface: "page", get: "anyone", post: "anyone", note: "GET redirects home" },
  login: { surface: "page", get: "anyone", post: "anyone", note: "rate-limited per account and address" },
  logout: { surface: "page", get: "anyone", post: "anyone", note: "GET redirects home" },
  "proposals._index": { surface: "page", get: ["delegate"] },
  "proposals.new": { surface: "page", get: ["delegate"], post: ["delegate"] },
  "r.$token": { surface: "page", get: "anyone", post: "anyone", object: "mail_link" },
  readyz: { surface: "api", get: "anyone" },
  "requests._index": { surface: "page", get: ["enterprise"] },
  "requests.new": { surface: "page", get: REQUEST_FILERS, post: REQUEST_FILERS },
  "requests.similar": { surface: "page", get: REQUEST_FILERS },
  settings: { surface: "page", get: "signed_in", post: "signed_in" },
  supervision: { surface: "page", get: SUPERVISOR, post: SUPERVISOR },
  "supervision_.bulletins.$id": {
    surface: "page",
    get: SUPERVISOR,
    post: SUPERVISOR,
    object: "bulletin_draft",
  },
  "supervision_.bulletins._index": { surface: "page", get: SUPERVISOR, post: SUPERVISOR },
  "supervision_.stats": { surface: "page", get: SUPERVISOR },
  "supervision_.stats_.export": { surface: "page", get: SUPERVISOR },
} as const satisfies Record<string, RouteAccess>;

export type RouteId = keyof typeof ROUTE_ACCESS;
export type Method = "get" | "post" | "put";

/**
 * The roles a route's method admits, for `requireUser` / `requireApiUser`: undefined when any
 * signed-in person may (the object rule or the engine decides the rest).
 */
export function rolesFor(route: RouteId, method: Method): Role[] | undefined {
  const who = (ROUTE_ACCESS[route] as RouteAccess)[method];
  if (who === undefined) throw new Error(`${route} does not serve ${method.toUpperCase()}`);
  return who === "anyone" || who === "signed_in" ? undefined : [...who];
}

/** Whether a role (or nobody, for a visitor) passes a route's role rule. */
export function admits(who: Who, role: Role | null): boolean {
  if (who === "anyone") return true;
  if (role === null) return false;
  return who === "signed_in" || who.includes(role);
}

/** Whether a person of this role may open a page at all: for links and menus. */
export function mayReach(route: RouteId, role: Role | null, method: Method = "get"): boolean {
  const who = (ROUTE_ACCESS[route] as RouteAccess)[method];
  return who !== undefined && admits(who, role);
}
