import type { z } from "zod";

/** A per-field problem, as a message key plus parameters; the app words it in the user's language. */
export interface FieldProblem {
  code: string;
  params?: Record<string, unknown>;
}
export type FieldProblems = Record<string, FieldProblem>;

export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "invalid_transition"
  | "version_conflict"
  | "too_large"
  | "rate_limited"
  | "unavailable";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  invalid_transition: 409,
  version_conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

/** Refusals the engine and the app answer with; `reason` names why, as a message key. */
export class CaseError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly reason: string,
    readonly details: {
      fields?: FieldProblems;
      state?: string;
      allowedEvents?: string[];
      version?: number;
      params?: Record<string, unknown>;
    } = {},
  ) {
    super(`${code}: ${reason}`);
    this.status = STATUS[code];
  }
}

/** Zod issues as field problems keyed by dotted path. The first problem per field wins. */
export function zodProblems(error: z.ZodError): FieldProblems {
  // Keys come from the sender ("__proto__", "constructor"): a map without a prototype keeps each
  // one as a field of its own.
  const out: FieldProblems = Object.create(null);
  for (const issue of error.issues) {
    const keys =
      issue.code === "unrecognized_keys"
        ? issue.keys.map((k) => [...issue.path, k].join("."))
        : [issue.path.join(".") || "_"];
    for (const key of keys) {
      if (Object.hasOwn(out, key)) continue;
      out[key] = problemOf(issue);
    }
  }
  return out;
}

function problemOf(issue: z.core.$ZodIssue): FieldProblem {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined || issue.input === null
        ? { code: "required" }
        : { code: "invalid_type", params: { expected: issue.expected } };
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) <= 1) return { code: "required" };
      return { code: "too_small", params: { minimum: Number(issue.minimum), origin: issue.origin } };
    case "too_big":
      return {
        code: issue.origin === "string" ? "too_long" : "too_big",
        params: { maximum: Number(issue.maximum), origin: issue.origin },
      };
    case "invalid_value":
      return { code: "invalid_option", params: { options: issue.values.map(String) } };
    case "unrecognized_keys":
      return { code: "unknown_field" };
    case "invalid_format":
      return { code: "invalid_format" };
    case "custom":
      return { code: String(issue.params?.key ?? "invalid") };
    default:
      return { code: "invalid" };
  }
}
