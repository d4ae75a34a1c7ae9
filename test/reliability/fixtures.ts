import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { hashPassword } from "../../app/utils/password.server";
import type { Database } from "../../db/schema";
import { type ServerProcess, spawnServer as startProcess } from "../../scripts/server-process";
import { createCase, dispatch, systemClock } from "../../workflows/engine";
import type { Org, UserKey } from "../helpers/db";

/**
 * What the reliability tests share: the real server as a child process that can be killed,
 * restarted on the same database and port, and watched as it shuts down; people of the test org
 * (test/helpers/db.ts `seedOrg`) who can sign in; proposals brought to a given state through the
 * engine before the servers start.
 */

export const PASSWORD = "Reliable-pass-2026";

export { freePort, type ServerProcess } from "../../scripts/server-process";

/**
 * Starts the production build (`server.ts`) on `databaseUrl` and waits for /healthz. Unlike
 * test/api/server.ts it keeps the database and the port the caller gives (a restart after a kill
 * comes back where the clients expect it) and hands out the child process itself.
 */
export async function spawnServer(opts: {
  databaseUrl: string;
  port?: number;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  return startProcess({
    port: opts.port,
    timeoutMs: opts.timeoutMs,
    env: {
      DATABASE_URL: opts.databaseUrl,
      NODE_ENV: "test",
      SESSION_SECRET: "reliability-session-secret-0123",
      SWEEPER: "0",
      MAIL_WORKER: "0",
      UPLOAD_DIR: path.join(os.tmpdir(), "banli-reliability-uploads"),
      ...opts.env,
    },
  });
}

/**
 * Starts `n` servers on one database at once, in the background: `ready` when all are up;
 * `stopAll` stops every one that started, whatever happened meanwhile (call it from `finally`).
 */
export function startServers(n: number, opts: Parameters<typeof spawnServer>[0]) {
  const attempts = Array.from({ length: n }, () => spawnServer(opts));
  const ready = Promise.all(attempts);
  ready.catch(() => {}); // reported to whoever awaits `ready`
  return {
    ready,
    async stopAll() {
      await Promise.all(
        attempts.map((a) =>
          a.then(
            (s) => s.stop(),
            () => null,
          ),
        ),
      );
    },
  };
}

/** Gives every person of the test org the password PASSWORD (one hash for all: scrypt is slow). */
export async function enableSignIn(db: Kysely<Database>) {
  const hash = await hashPassword(PASSWORD);
  await db.updateTable("users").set({ password_hash: hash }).execute();
}

/** The username `seedOrg` gives a person. */
export const username = (key: UserKey) => key.toLowerCase();

/** A bearer token for one person, through the API. */
export async function tokenFor(base: string, key: UserKey): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: username(key), password: PASSWORD }),
  });
  const body = (await r.json()) as { token?: string };
  if (r.status !== 200 || !body.token)
    throw new Error(`sign-in of ${key}: ${r.status} ${JSON.stringify(body)}`);
  return body.token;
}

export type Stage = "assigned" | "handling" | "reply_review";

/**
 * Proposals brought to `stage` through the engine (the lead unit alone, no co-handling units), at
 * the real time of day: the servers under test run on the real clock too.
 */
export async function proposalsAt(db: Kysely<Database>, org: Org, stage: Stage, n: number, tag: string) {
  const ids: number[] = [];
  const today = new Date().toISOString().slice(0, 10);
  for (let i = 0; i < n; i++) {
    const c = await createCase(db, systemClock, {
      actor: org.actors.author,
      input: { kind: "proposal", title: `关于${tag}的提案（${i + 1}）`, body: "测试用提案正文。" },
    });
    const send = (who: UserKey, event: { type: string; [k: string]: unknown }) =>
      dispatch(db, systemClock, { caseId: c.id, actor: org.actors[who], event });
    await send("author", { type: "SUBMIT" });
    await send("supervisor", { type: "ACCEPT" });
    await send("supervisor", { type: "ASSIGN", leadDepartmentId: org.departments.lead, coDepartmentIds: [] });
    if (stage !== "assigned") await send("leadHandler", { type: "SIGN" });
    if (stage === "reply_review") {
      await send("leadHandler", {
        type: "RECORD_CONTACT",
        date: today,
        method: "phone",
        summary: "电话沟通。",
      });
      await send("leadHandler", {
        type: "SUBMIT_REPLY",
        classification: "B",
        body: "答复正文：正在推进。",
        contactName: "张三",
        contactPhone: "0571-88886666",
        commitments: [],
      });
    }
    ids.push(c.id);
  }
  return ids;
}

/** One JSON call; a refused connection (the server is down) comes back as status 0. */
export async function call(
  base: string,
  token: string | null,
  method: string,
  p: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers | null; error?: string }> {
  try {
    const r = await fetch(base + p, {
      method,
      headers: {
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { raw: text };
    }
    return { status: r.status, body: json, headers: r.headers };
  } catch (e) {
    return { status: 0, body: null, headers: null, error: String((e as Error).cause ?? e) };
  }
}

/**
 * A TCP proxy in front of a server (PostgreSQL here): `stop()` closes the port and cuts every
 * open connection, as a restarting database does; `start()` listens on the same port again.
 */
export class TcpProxy {
  port = 0;
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  constructor(
    private readonly targetPort: number,
    private readonly targetHost = "127.0.0.1",
  ) {}

  async start(): Promise<this> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** The URL of `databaseUrl` with this proxy's port. */
  urlFor(databaseUrl: string): string {
    const u = new URL(databaseUrl);
    u.hostname = "127.0.0.1";
    u.port = String(this.port);
    return u.toString();
  }
}

/** Signs in through the login form, as a browser does; answers the session cookie. */
export async function sessionCookie(base: string, key: UserKey): Promise<string> {
  const r = await fetch(`${base}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username: username(key), password: PASSWORD, redirectTo: "/" }),
    redirect: "manual",
  });
  const cookie = r.headers.getSetCookie().find((c) => !c.startsWith("lang="));
  if (r.status !== 302 || !cookie) throw new Error(`form sign-in of ${key}: ${r.status}`);
  return cookie.split(";")[0];
}
