import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { guardOutages } from "./app/utils/outage.server";
import { cspNonce, requestIds, sameOrigin, securityHeaders } from "./server-security";

const here = path.dirname(fileURLToPath(import.meta.url));
const buildPath = path.join(here, "build", "index.js");

const build = (await import(buildPath)) as ServerBuild & { entry: { module: { startup(): Promise<void> } } };
await build.entry.module.startup();
// Outage (503): a database out of reach answers "try again" from every loader and action.
const guarded = guardOutages(build);

const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy (TRUST_PROXY=1) the client's address and scheme come from X-Forwarded-*.
if (process.env.TRUST_PROXY === "1") app.set("trust proxy", 1);
const logRequests = (process.env.LOG_REQUESTS ?? (process.env.NODE_ENV === "test" ? "0" : "1")) === "1";
const writeLine = (line: string) => process.stdout.write(`${line}\n`);
app.use(requestIds(logRequests ? writeLine : null));
app.use(securityHeaders(process.env.NODE_ENV === "production"));
app.use(
  sameOrigin(process.env.PUBLIC_URL, (what) =>
    console.warn(JSON.stringify({ at: new Date().toISOString(), refused: "cross_site_request", ...what })),
  ),
);
app.use("/build", express.static(path.join(here, "public", "build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(here, "public"), { maxAge: "1h" }));
app.all(
  "*",
  createRequestHandler({
    build: guarded,
    mode: process.env.NODE_ENV,
    getLoadContext: (req, res) => ({
      clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
      cspNonce: cspNonce(res),
    }),
  }),
);

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => console.log(`listening on http://localhost:${port}`));

// Graceful shutdown: refuse new connections at once, let in-flight requests finish, stop the
// sweeper and the mail worker (which gives back the mail it claimed but has not sent), close the
// database, exit 0. SHUTDOWN_TIMEOUT_MS (default 10 s) bounds the wait; past it the exit code is 1.
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    const log = (what: Record<string, unknown>) =>
      writeLine(JSON.stringify({ at: new Date().toISOString(), shutdown: signal, ...what }));
    log({ step: "stopping" });
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    globalThis.__sweeper?.stop();
    const timeout = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 10_000);
    setTimeout(() => {
      log({ step: "timed_out", ms: timeout });
      process.exit(1);
    }, timeout).unref();
    Promise.all([closed, globalThis.__mailWorker?.stop()])
      .then(() => globalThis.__appDb?.close())
      .then(
        () => {
          log({ step: "stopped" });
          process.exit(0);
        },
        (err) => {
          log({ step: "failed", error: String(err) });
          process.exit(1);
        },
      );
  });
