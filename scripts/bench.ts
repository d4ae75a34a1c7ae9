import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { BENCH_PASSWORD, seedBenchDatabase } from "../db/bench-seed";
import { openDb } from "../db/client";
import { today as todayOf } from "../workflows/dates";
import { systemClock } from "../workflows/engine";
import { measureEngine } from "./bench/engine";
import { measureHttp } from "./bench/http";
import { measureQueries } from "./bench/queries";
import { round } from "./bench/stats";

/*
 * npm run bench [-- --cases N] [--db FILE] [--out FILE] [--reuse] [--skip-http] [--skip-engine]
 *               [--seconds S] [--port P] [--smoke]
 *
 * Seeds a SQLite database of N cases (db/bench-seed.ts), then measures in one run, each beside
 * its baseline: engine dispatch against the same writes done raw; the inbox page, the API case list
 * and a case page over HTTP against a bare route of the same server; the supervisors' queries;
 * seeding time, database size and the server's peak memory. Prints a table, writes JSON.
 * Not a test: nothing is asserted about speed. `--smoke` keeps every part short (CI).
 */

const { values: args } = parseArgs({
  options: {
    cases: { type: "string", default: "200000" },
    db: { type: "string" },
    out: { type: "string" },
    reuse: { type: "boolean", default: false },
    "skip-http": { type: "boolean", default: false },
    "skip-engine": { type: "boolean", default: false },
    seconds: { type: "string" },
    port: { type: "string", default: "3481" },
    smoke: { type: "boolean", default: false },
  },
});

const cases = Number(args.cases);
if (!Number.isInteger(cases) || cases < 500)
  throw new Error("--cases must be a whole number of at least 500");
const smoke = args.smoke;
const file = path.resolve(args.db ?? `bench/tmp/bench-${cases}.db`);
const now = new Date();
const today = todayOf(now);
const log = (s: string) => console.log(s);

/* seed */
let seed: Awaited<ReturnType<typeof seedBenchDatabase>> | null = null;
if (args.reuse && fs.existsSync(file)) log(`using the existing ${file}`);
else {
  log(`seeding ${cases.toLocaleString("en")} cases into ${file}`);
  seed = await seedBenchDatabase({ file, cases, now, few: smoke, log });
  log(`  seeded in ${seed.timings.total.toFixed(1)} s (CPU ${seed.cpu.total.toFixed(1)} s)`);
}
const dbBytes = fs.statSync(file).size;

const handle = openDb(file);
const db = handle.kysely;
const handler = await db
  .selectFrom("users")
  .select(["id", "username", "department_id"])
  .where("role", "=", "handler")
  .orderBy("id")
  .executeTakeFirstOrThrow();
const supervisor = await db
  .selectFrom("users")
  .select(["id"])
  .where("role", "=", "supervisor")
  .orderBy("id")
  .executeTakeFirstOrThrow();
const inboxSize = await db
  .selectFrom("case_assignments")
  .select((eb) => eb.fn.countAll<number>().as("n"))
  .where("department_id", "=", handler.department_id!)
  .where("active", "=", 1)
  .executeTakeFirstOrThrow();
// A case the handler's unit leads, in handling: a full page (history, deadlines, next actions).
const pageCase = await db
  .selectFrom("cases")
  .select("id")
  .where("lead_department_id", "=", handler.department_id!)
  .where("state", "=", "handling")
  .orderBy("id", "desc")
  .executeTakeFirstOrThrow();

/* queries */
log("queries");
const queries = await measureQueries(db, {
  today,
  supervisor: { userId: supervisor.id, role: "supervisor", departmentId: null, enterpriseId: null },
  runs: smoke ? 5 : 30,
});

/* engine */
let engine: Awaited<ReturnType<typeof measureEngine>> | null = null;
if (!args["skip-engine"]) {
  log("engine dispatch vs raw writes");
  engine = await measureEngine(db, file, { events: smoke ? 100 : 2000, today, clock: systemClock });
}
await handle.close();

/* HTTP */
let http: Awaited<ReturnType<typeof measureHttp>> | null = null;
if (!args["skip-http"]) {
  log("HTTP");
  http = await measureHttp({
    databaseUrl: file,
    port: Number(args.port),
    connections: 16,
    seconds: Number(args.seconds ?? (smoke ? 1 : 10)),
    handler: handler.username,
    password: BENCH_PASSWORD,
    caseId: pageCase.id,
    log,
  });
}

/* report */
const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? "unknown",
  memoryGb: round(os.totalmem() / 2 ** 30, 1),
  node: process.version,
  platform: `${os.type()} ${os.release()}`,
};
const result = {
  date: now.toISOString(),
  cases,
  smoke,
  machine,
  database: {
    file: path.relative(process.cwd(), file),
    sizeMb: round(dbBytes / 2 ** 20, 1),
    seedSeconds: seed ? round(seed.timings.total, 1) : null,
    seed: seed && {
      timings: Object.fromEntries(Object.entries(seed.timings).map(([k, v]) => [k, round(v, 1)])),
      cpuSeconds: Object.fromEntries(Object.entries(seed.cpu).map(([k, v]) => [k, round(v, 1)])),
      events: seed.events,
      assignments: seed.assignments,
      deadlines: seed.deadlines,
      replies: seed.replies,
      templates: seed.templates,
      departments: seed.departments,
      users: seed.users,
      enterprises: seed.enterprises,
      stateMix: seed.stateMix,
    },
    inboxAssignments: Number(inboxSize.n),
  },
  engine,
  http,
  queries,
};

const rows: Array<[string, string, string]> = [];
const ms = (t: { median: number; p95: number }) => `median ${t.median} ms, p95 ${t.p95} ms`;
rows.push([
  "seeding",
  seed ? `${seed.timings.total.toFixed(1)} s` : "(reused)",
  `${result.database.sizeMb} MB on disk`,
]);
if (engine)
  rows.push([
    "engine dispatch",
    `${engine.dispatchPerSec} events/s`,
    `raw writes ${engine.rawPerSec}/s, ratio ${engine.ratio}; CPU ${engine.dispatchCpuMs} ms/event, raw ${engine.rawCpuMs} ms, ratio ${engine.cpuRatio}`,
  ]);
if (http) {
  for (const t of http.targets)
    rows.push([
      t.name,
      `${t.reqPerSec} req/s`,
      `p50 ${t.p50} / p95 ${t.p95} / p99 ${t.p99} ms${t.ratio !== null ? `, ratio ${t.ratio}` : ""}${t.non2xx || t.errors ? `, ${t.non2xx} non-2xx, ${t.errors} errors` : ""}`,
    ]);
  rows.push(["server peak RSS", `${http.serverPeakRssMb} MB`, ""]);
}
rows.push(["overdue audit", ms(queries.overdueAudit), `${queries.overdueAudit.total} overdue deadlines`]);
rows.push(["unit statistics (year)", ms(queries.unitStatsYear), `${queries.unitStatsYear.units} units`]);
rows.push([`search ${queries.searchWord.q}`, ms(queries.searchWord), `${queries.searchWord.total} cases`]);
rows.push([
  `search ${queries.searchPhrase.q}`,
  ms(queries.searchPhrase),
  `${queries.searchPhrase.total} cases`,
]);

const widths = [0, 1].map((i) => Math.max(...rows.map((r) => [...r[i]].length)) + 2);
const pad = (s: string, w: number) => s + " ".repeat(Math.max(0, w - [...s].length));
log(`\n${cases.toLocaleString("en")} cases · ${machine.cpus} cores · Node ${machine.node} · ${today}`);
for (const r of rows) log(`${pad(r[0], widths[0])}${pad(r[1], widths[1])}${r[2]}`);

const out = path.resolve(
  args.out ?? (smoke ? `bench/tmp/smoke-${cases}.json` : `bench/results/${today}-${cases}.json`),
);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
log(`\nwritten to ${path.relative(process.cwd(), out)}`);
