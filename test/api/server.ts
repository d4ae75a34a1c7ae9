import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnServer } from "../../scripts/server-process";
import { freshDb, releaseTestDatabases, type TestDb } from "../helpers/db";

export interface TestServer {
  url: string;
  databaseUrl: string;
  /** where this server stores attachments (a temp dir of its own, unless UPLOAD_DIR is passed) */
  uploadDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the real server (the production build) on a fresh database. SQLite by default; pass a
 * PostgreSQL URL to run against that instead, or set `API_TEST_BACKEND=postgres` (with
 * `TEST_POSTGRES_URL`) to give every server of the run a fresh PostgreSQL database of its own.
 */
export async function startServer(
  opts: { databaseUrl?: string; env?: Record<string, string> } = {},
): Promise<TestServer> {
  if (!fs.existsSync(path.resolve("build/index.js")))
    throw new Error("build/index.js is missing: run `npx remix build` first (npm test does)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "api-"));
  let pgDb: TestDb | null = null;
  if (!opts.databaseUrl && process.env.API_TEST_BACKEND === "postgres") {
    if (!process.env.TEST_POSTGRES_URL) throw new Error("API_TEST_BACKEND=postgres needs TEST_POSTGRES_URL");
    pgDb = await freshDb("postgres");
  }
  const databaseUrl = opts.databaseUrl ?? pgDb?.url ?? path.join(dir, "app.db");
  const uploadDir = opts.env?.UPLOAD_DIR ?? path.join(dir, "uploads");
  const server = await spawnServer({
    timeoutMs: 30_000,
    env: {
      DATABASE_URL: databaseUrl,
      NODE_ENV: "test",
      APP_TEST_HOOKS: "1",
      ADMIN_USERNAME: "admin",
      ADMIN_PASSWORD: "Admin-pass-2026",
      // Tests that move the clock call the sweeper themselves, when they mean to.
      SWEEPER: "0",
      UPLOAD_DIR: uploadDir,
      ...opts.env,
    },
  });
  return {
    url: server.url,
    databaseUrl,
    uploadDir,
    async stop() {
      await server.stop(3000);
      fs.rmSync(dir, { recursive: true, force: true });
      if (pgDb) {
        await pgDb.close();
        await releaseTestDatabases();
      }
    },
  };
}

/** A small JSON client for the API. */
export function client(base: string, token?: string) {
  const call = async (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(base + p, {
      method,
      headers: {
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await r.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { raw: text };
    }
    return { status: r.status, body: json, headers: r.headers };
  };
  return {
    get: (p: string, h?: Record<string, string>) => call("GET", p, undefined, h),
    post: (p: string, b?: unknown, h?: Record<string, string>) => call("POST", p, b ?? {}, h),
    put: (p: string, b?: unknown) => call("PUT", p, b ?? {}),
  };
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const r = await client(base).post("/api/v1/auth/token", { username, password });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}
