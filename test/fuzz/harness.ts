import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { openDb } from "../../db/client";

/**
 * The production build answering requests in this process: the same routes, models, engine and
 * database code as `npm start`, without the HTTP socket, so thousands of requests per second can
 * be sent. The environment is that of the API test servers (test/api/server.ts): a fresh SQLite
 * file, the test hooks on, the admin created at start-up, no sweeper and no mail worker.
 */
export interface InProcessApp {
  databaseUrl: string;
  call(method: string, p: string, opts?: CallOptions): Promise<Answer>;
  /** A fingerprint of everything a request may write (see `fingerprint`). */
  fingerprint(): Promise<string>;
  /** SQLite's `data_version` seen from another connection: it moves whenever the app commits. */
  dataVersion(): number;
  close(): Promise<void>;
}

export interface CallOptions {
  token?: string;
  /** serialised as JSON with `Content-Type: application/json` */
  json?: unknown;
  /** sent as it is, with `contentType` (or none) */
  raw?: string | Uint8Array;
  contentType?: string | null;
  headers?: Record<string, string>;
  /** the client address the server sees (the sign-in throttle counts per address) */
  address?: string;
}

export interface Answer {
  status: number;
  headers: Headers;
  contentType: string;
  body: any;
  text: string;
}

export const ADMIN = { username: "admin", password: "Admin-pass-2026" };

let started: Promise<InProcessApp> | null = null;

/** Builds the app once per process (one build module, one database). */
export function inProcessApp(): Promise<InProcessApp> {
  started ??= start();
  return started;
}

async function start(): Promise<InProcessApp> {
  const buildPath = path.resolve("build/index.js");
  if (!fs.existsSync(buildPath))
    throw new Error("build/index.js is missing: run `npx remix build` first (npm test does)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fuzz-"));
  const databaseUrl = path.join(dir, "app.db");
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    NODE_ENV: "test",
    APP_TEST_HOOKS: "1",
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    SWEEPER: "0",
    MAIL_WORKER: "0",
    UPLOAD_DIR: path.join(dir, "uploads"),
  });
  const build = (await import(/* @vite-ignore */ pathToFileURL(buildPath).href)) as ServerBuild & {
    entry: { module: { startup(): Promise<void> } };
  };
  await build.entry.module.startup();
  const handler = createRequestHandler(build, "production");
  const reader = openDb(databaseUrl);
  const watcher = new SQLite(databaseUrl, { readonly: true });

  async function call(method: string, p: string, opts: CallOptions = {}): Promise<Answer> {
    const headers = new Headers(opts.headers);
    if (opts.token) headers.set("Authorization", `Bearer ${opts.token}`);
    let body: string | Uint8Array | undefined;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers.set("Content-Type", "application/json");
    } else if (opts.raw !== undefined) body = opts.raw;
    if (opts.contentType === null) headers.delete("Content-Type");
    else if (opts.contentType) headers.set("Content-Type", opts.contentType);
    const request = new Request(`http://app.test${p}`, {
      method,
      headers,
      body: body as BodyInit | undefined,
    });
    const response = await handler(request, { clientAddress: opts.address ?? "198.51.100.7" });
    const text = await response.text();
    const contentType = response.headers.get("Content-Type") ?? "";
    let parsed: unknown = null;
    if (contentType.includes("json")) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = { unparsable: text.slice(0, 200) };
      }
    }
    return { status: response.status, headers: response.headers, contentType, body: parsed, text };
  }

  return {
    databaseUrl,
    call,
    fingerprint: () => fingerprint(reader.kysely),
    dataVersion: () => watcher.pragma("data_version", { simple: true }) as number,
    async close() {
      watcher.close();
      await reader.close();
      await (globalThis as { __appDb?: { close(): Promise<void> } }).__appDb?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Every table a refused request must leave alone, as row counts, plus the cases' versions (every
 * engine write bumps one) and the settings version (database triggers move it with every change
 * to a calendar day or a deadline policy). Left out on purpose: sign-in failures (the
 * throttle counts refusals by design), sessions and API tokens.
 */
const COUNTED = [
  "departments",
  "users",
  "enterprises",
  "cases",
  "case_cosigners",
  "case_assignments",
  "case_events",
  "case_deadlines",
  "case_numbers",
  "replies",
  "evaluations",
  "calendar_days",
  "calendar_years",
  "policies",
  "outbox",
  "admin_audit",
  "attachments",
  "deadline_alerts",
  "bulletins",
] as const;

async function fingerprint(db: ReturnType<typeof openDb>["kysely"]): Promise<string> {
  const counts = COUNTED.map((t) => sql`(SELECT count(*) FROM ${sql.table(t)})`);
  const row = await sql<Record<string, unknown>>`SELECT ${sql.join(counts)},
      (SELECT coalesce(sum(version), 0) FROM cases),
      (SELECT coalesce(max(updated_at), '') FROM cases),
      (SELECT version FROM settings_version WHERE id = 1)`.execute(db);
  return JSON.stringify(Object.values(row.rows[0] ?? {}));
}

/** The error codes of the API and the status each answers with (workflows/errors.ts, api.server.ts). */
export const ERROR_STATUS: Record<string, number> = {
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

const ERROR_KEYS = new Set(["code", "message", "reason", "fields", "state", "version", "allowedEvents"]);
const UNWORDED = /^(field|reason|error)\.[\w.]+$/;
const CJK = /[\u3400-\u9fff]/;

/**
 * Problems with a refusal's shape, or [] when it is exactly `{error: {code, message, fields?, ...}}`
 * with a known code, the status of that code, and every message worded in the caller's language.
 */
export function errorShapeProblems(a: Answer, lang: "zh-CN" | "en"): string[] {
  const problems: string[] = [];
  if (!a.contentType.includes("application/json")) problems.push(`content type ${a.contentType || "none"}`);
  const b = a.body;
  if (!b || typeof b !== "object" || Array.isArray(b)) return [...problems, "body is not an object"];
  const top = Object.keys(b);
  if (top.length !== 1 || top[0] !== "error") problems.push(`top-level keys ${top.join(",")}`);
  const e = b.error;
  if (!e || typeof e !== "object" || Array.isArray(e)) return [...problems, "error is not an object"];
  for (const k of Object.keys(e)) if (!ERROR_KEYS.has(k)) problems.push(`unexpected error.${k}`);
  if (typeof e.code !== "string" || !(e.code in ERROR_STATUS)) problems.push(`unknown code ${e.code}`);
  else if (ERROR_STATUS[e.code] !== a.status) problems.push(`code ${e.code} with status ${a.status}`);
  if (typeof e.message !== "string" || !e.message.trim()) problems.push("no message");
  else if (UNWORDED.test(e.message)) problems.push(`message not worded: ${e.message}`);
  else if (lang === "zh-CN" && !CJK.test(e.message)) problems.push(`message not in Chinese: ${e.message}`);
  if (e.fields !== undefined) {
    if (!e.fields || typeof e.fields !== "object" || Array.isArray(e.fields))
      problems.push("fields not a map");
    else {
      if (Object.keys(e.fields).length === 0) problems.push("fields empty");
      for (const [k, v] of Object.entries(e.fields)) {
        if (typeof v !== "string" || !v.trim()) problems.push(`field ${k} without a message`);
        else if (UNWORDED.test(v)) problems.push(`field ${k} not worded: ${v}`);
        else if (lang === "zh-CN" && !CJK.test(v)) problems.push(`field ${k} not in Chinese: ${v}`);
      }
    }
  }
  if (e.code === "validation_failed" && e.fields === undefined) problems.push("422 without fields");
  if (e.allowedEvents !== undefined && !Array.isArray(e.allowedEvents))
    problems.push("allowedEvents not a list");
  return problems;
}
