import fs from "node:fs";
import autocannon from "autocannon";
import { spawnServer } from "../server-process";
import { percentile, round } from "./stats";

export interface HttpTarget {
  name: string;
  path: string;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** reqPerSec / the bare route's */
  ratio: number | null;
}

export interface HttpFigures {
  connections: number;
  seconds: number;
  targets: HttpTarget[];
  /** the server's peak resident memory (VmHWM), MB */
  serverPeakRssMb: number;
}

interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** The production server (build/ must exist: `npx remix build`) on the given database. */
async function startServer(databaseUrl: string, port: number): Promise<Server> {
  const url = `http://127.0.0.1:${port}`;
  const server = await spawnServer({
    port,
    timeoutMs: 60_000,
    env: {
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      SESSION_SECRET: "bench-session-secret-0123456789",
      PUBLIC_URL: url,
      SWEEPER: "0",
      MAIL_WORKER: "0",
      LOG_REQUESTS: "0",
    },
  });
  return {
    url,
    pid: server.child.pid!,
    stop: async () => {
      await server.stop();
    },
  };
}

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return round(kb / 1024, 1);
}

async function signIn(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/login`, {
    method: "POST",
    body: new URLSearchParams({ username, password, redirectTo: "/" }),
    redirect: "manual",
  });
  const cookie = res.headers.get("set-cookie");
  if (!cookie) throw new Error(`sign-in as ${username} failed: ${res.status}`);
  return cookie.split(";")[0];
}

async function token(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`token for ${username} failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** autocannon at `connections` for `seconds`; p95 from every response's own time. */
function load(url: string, headers: Record<string, string>, connections: number, seconds: number) {
  return new Promise<Omit<HttpTarget, "name" | "path" | "ratio">>((resolve, reject) => {
    const times: number[] = [];
    const instance = autocannon({ url, connections, duration: seconds, headers }, (err, r) => {
      if (err) return reject(err);
      times.sort((a, b) => a - b);
      resolve({
        reqPerSec: round(r.requests.average, 0),
        p50: round(percentile(times, 50), 1),
        p95: round(percentile(times, 95), 1),
        p99: round(percentile(times, 99), 1),
        requests: r.requests.total,
        non2xx: r.non2xx,
        errors: r.errors + r.timeouts,
      });
    });
    instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => {
      times.push(ms);
    });
  });
}

export async function measureHttp(p: {
  databaseUrl: string;
  port: number;
  connections: number;
  seconds: number;
  handler: string;
  password: string;
  caseId: number;
  log: (s: string) => void;
}): Promise<HttpFigures> {
  const server = await startServer(p.databaseUrl, p.port);
  try {
    const cookie = await signIn(server.url, p.handler, p.password);
    const bearer = await token(server.url, p.handler, p.password);
    const plan: Array<{ name: string; path: string; headers: Record<string, string> }> = [
      { name: "bare route (/healthz)", path: "/healthz", headers: {} },
      { name: "inbox page (SSR)", path: "/inbox", headers: { cookie } },
      {
        name: "API case list",
        path: "/api/v1/cases?pageSize=20",
        headers: { authorization: `Bearer ${bearer}` },
      },
      { name: "case page (SSR)", path: `/cases/${p.caseId}`, headers: { cookie } },
    ];
    // Each target answers once before it is loaded: a wrong status here is a broken benchmark.
    for (const t of plan) {
      const res = await fetch(server.url + t.path, { headers: t.headers, redirect: "manual" });
      if (res.status !== 200) throw new Error(`${t.path} answered ${res.status}`);
      await res.arrayBuffer();
    }
    const targets: HttpTarget[] = [];
    for (const t of plan) {
      p.log(`  ${t.name}: ${p.seconds} s at ${p.connections} connections`);
      const r = await load(server.url + t.path, t.headers, p.connections, p.seconds);
      targets.push({ name: t.name, path: t.path, ...r, ratio: null });
    }
    const bare = targets[0].reqPerSec;
    for (const t of targets.slice(1)) t.ratio = round(t.reqPerSec / bare, 3);
    return {
      connections: p.connections,
      seconds: p.seconds,
      targets,
      serverPeakRssMb: peakRssMb(server.pid),
    };
  } finally {
    await server.stop();
  }
}
