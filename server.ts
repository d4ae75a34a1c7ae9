import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { requestIds, sameOrigin, securityHeaders } from "./server-security";

const here = path.dirname(fileURLToPath(import.meta.url));
const buildPath = path.join(here, "build", "index.js");

const build = (await import(buildPath)) as ServerBuild & { entry: { module: { startup(): Promise<void> } } };
await build.entry.module.startup();

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
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req) => ({ clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown" }),
  }),
);

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => console.log(`listening on http://localhost:${port}`));

// Finish in-flight requests, then exit.
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.on(signal, async () => {
    // Stop taking new work (sweeps, mail claims), then let in-flight requests finish.
    globalThis.__sweeper?.stop();
    await globalThis.__mailWorker?.stop();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  });
