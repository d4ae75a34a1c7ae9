import { afterAll, describe, expect, it } from "vitest";
import { verifyChains } from "../../db/events";
import {
  backendTitle,
  freshDb,
  type Org,
  releaseTestDatabases,
  seedOrg,
  type TestDb,
  testDatabases,
  type UserKey,
} from "../helpers/db";
import { SmtpSink } from "../mail/smtp-sink";
import { call, enableSignIn, proposalsAt, type ServerProcess, startServers, tokenFor } from "./fixtures";

/**
 * 100 clients at once send conflicting events to the same few cases, over HTTP: on SQLite to one
 * server, on PostgreSQL to two server processes on one database (several instances behind a load
 * balancer), whose mail workers deliver at the same time. Each race has exactly one winner; every
 * loser gets 409 with the case's current state, version and the events still open to it; the
 * history holds exactly the winners, and its hash chains hold. On PostgreSQL every mail the
 * winners caused arrives once, whichever instance sent it.
 */
afterAll(releaseTestDatabases);

const CLIENTS = 100;
const CASES_PER_RACE = 4;
/** Client k sends to case k mod 4; every other client of the same case takes the other side. */
const turn = (k: number) => Math.floor(k / CASES_PER_RACE) % 2 === 1;

interface Race {
  name: string;
  cases: number[];
  /** who sends what in client k's request to `caseId` */
  request(caseId: number, k: number): { who: UserKey; event: Record<string, unknown> };
  /** event types of this race, as the history records them */
  types: string[];
}

/** The cases of the three races, brought to their states through the engine. */
async function raceCases(t: TestDb, org: Org, label: string) {
  return {
    assigned: await proposalsAt(t.db, org, "assigned", CASES_PER_RACE, `${label}签收竞争`),
    review: await proposalsAt(t.db, org, "reply_review", CASES_PER_RACE, `${label}签发竞争`),
    handling: await proposalsAt(t.db, org, "handling", CASES_PER_RACE, `${label}版本竞争`),
  };
}

async function runRaces(
  t: TestDb,
  servers: ServerProcess[],
  { assigned, review, handling }: Awaited<ReturnType<typeof raceCases>>,
): Promise<{ races: number; requests: number; conflicts: number }> {
  const tokens = {} as Record<UserKey, string>;
  for (const who of ["leadHandler", "leadHead", "supervisor"] as UserKey[])
    tokens[who] = await tokenFor(servers[0].url, who);
  const versions = new Map<number, number>();
  for (const id of handling) {
    const r = await call(servers[0].url, tokens.supervisor, "GET", `/api/v1/cases/${id}`);
    versions.set(id, r.body.version);
  }

  const races: Race[] = [
    {
      // Both people of the lead unit sign for it at once.
      name: "SIGN",
      cases: assigned,
      request: (_id, k) => ({ who: turn(k) ? "leadHead" : "leadHandler", event: { type: "SIGN" } }),
      types: ["SIGN"],
    },
    {
      // The head approves and returns the same reply draft at once.
      name: "APPROVE_REPLY / RETURN_REPLY",
      cases: review,
      request: (_id, k) => ({
        who: "leadHead",
        event: turn(k) ? { type: "APPROVE_REPLY" } : { type: "RETURN_REPLY", reason: `请补充数据（${k}）` },
      }),
      types: ["APPROVE_REPLY", "RETURN_REPLY"],
    },
    {
      // Reminders that may repeat, each sent only if the case is still as the sender saw it.
      name: "REMIND with expectedVersion",
      cases: handling,
      request: (id, k) => ({
        who: "supervisor",
        event: { type: "REMIND", message: `请加快办理（${k}）`, expectedVersion: versions.get(id) },
      }),
      types: ["REMIND"],
    },
  ];

  let conflicts = 0;
  for (const race of races) {
    const sent = Array.from({ length: CLIENTS }, (_, k) => {
      const caseId = race.cases[k % race.cases.length];
      // Spread each case's clients over every server.
      const server = servers[Math.floor(k / race.cases.length) % servers.length];
      const { who, event } = race.request(caseId, k);
      return {
        caseId,
        event,
        promise: call(server.url, tokens[who], "POST", `/api/v1/cases/${caseId}/events`, event),
      };
    });
    const answers = await Promise.all(sent.map((s) => s.promise));
    for (const caseId of race.cases) {
      const mine = answers.filter((_, k) => sent[k].caseId === caseId);
      const statuses = mine.map((a) => a.status);
      const winners = mine.filter((a) => a.status === 200);
      expect(winners, `${race.name} on case ${caseId}: ${JSON.stringify(statuses)}`).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(mine.length - 1);
      const now = (await call(servers[0].url, tokens.supervisor, "GET", `/api/v1/cases/${caseId}`)).body;
      expect(now.version).toBe(winners[0].body.version);
      for (const lost of mine.filter((a) => a.status === 409)) {
        conflicts++;
        // The case as it is after the winner: the loser can decide again from here.
        expect(["invalid_transition", "version_conflict"]).toContain(lost.body.error.code);
        expect(lost.body.error.state).toBe(now.state);
        expect(lost.body.error.version).toBe(now.version);
        expect(Array.isArray(lost.body.error.allowedEvents)).toBe(true);
        expect(lost.body.error.message).toBeTruthy();
      }
      if (race.name.startsWith("REMIND")) expect(now.allowedEvents).toContain("REMIND");
      // The history holds the one winner, and it is the event the winner sent.
      const history = await t.db
        .selectFrom("case_events")
        .select(["type", "payload"])
        .where("case_id", "=", caseId)
        .where("type", "in", race.types)
        .execute();
      expect(history).toHaveLength(1);
      const won = sent[answers.indexOf(winners[0])].event;
      expect(history[0].type).toBe(won.type);
      if (won.type !== "SIGN" && won.type !== "APPROVE_REPLY")
        expect(JSON.parse(history[0].payload)).toMatchObject(
          won.type === "REMIND" ? { message: won.message } : { reason: won.reason },
        );
    }
  }

  // Every case: one history row per version, the chain intact.
  const chains = await verifyChains(t.db);
  expect(chains.broken).toEqual([]);
  const rows = await t.db
    .selectFrom("cases")
    .leftJoin("case_events", "case_events.case_id", "cases.id")
    .select(["cases.id", "cases.version", (eb) => eb.fn.count<number>("case_events.id").as("events")])
    .groupBy(["cases.id", "cases.version"])
    .execute();
  for (const r of rows) expect(Number(r.events), `case ${r.id}`).toBe(r.version);
  return { races: races.length * CASES_PER_RACE, requests: races.length * CLIENTS, conflicts };
}

const [sqliteBackend, pgBackend] = testDatabases();

describe("100 clients racing on one server (SQLite)", () => {
  it("one winner per race, 409 with the current state for the rest, nothing lost", async () => {
    const t = await freshDb(sqliteBackend);
    let servers: ReturnType<typeof startServers> | null = null;
    try {
      const org = await seedOrg(t.db);
      await enableSignIn(t.db);
      // The server starts while the cases are prepared.
      servers = startServers(1, { databaseUrl: t.url });
      const cases = await raceCases(t, org, "单机");
      const r = await runRaces(t, await servers.ready, cases);
      console.log(
        `concurrency (sqlite, 1 server): ${r.races} races, ${r.requests} requests, 1 winner each, ${r.conflicts} × 409`,
      );
    } finally {
      await servers?.stopAll();
      await t.close();
    }
  }, 90_000);
});

describe.skipIf(pgBackend.skip)(`two server processes on one PostgreSQL (${backendTitle(pgBackend)})`, () => {
  it("one winner per race across instances; both mail workers deliver every mail once", async () => {
    const t = await freshDb(pgBackend);
    const sink = await new SmtpSink().start();
    // A short pause per message keeps both workers sending at the same time.
    sink.beforeAccept = () => new Promise((r) => setTimeout(r, 2));
    let servers: ReturnType<typeof startServers> | null = null;
    try {
      const org = await seedOrg(t.db);
      await enableSignIn(t.db);
      // Both instances start while the cases are prepared.
      servers = startServers(2, {
        databaseUrl: t.url,
        env: { MAIL_WORKER: "1", MAIL_WORKER_INTERVAL_MS: "200", SMTP_URL: sink.url },
      });
      const cases = await raceCases(t, org, "双实例");
      const r = await runRaces(t, await servers.ready, cases);

      // Both instances' workers drain the outbox: every mail sent once, none twice.
      const deadline = Date.now() + 30_000;
      for (;;) {
        const pending = await t.db
          .selectFrom("outbox")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("status", "=", "pending")
          .executeTakeFirstOrThrow();
        if (Number(pending.n) === 0) break;
        if (Date.now() > deadline) throw new Error(`${pending.n} mails still pending`);
        await new Promise((res) => setTimeout(res, 200));
      }
      const outbox = await t.db.selectFrom("outbox").select(["status", "message_id", "attempts"]).execute();
      const sent = outbox.filter((o) => o.status === "sent");
      expect(outbox.every((o) => o.status === "sent" || o.status === "skipped")).toBe(true);
      expect(sent.length).toBeGreaterThan(50);
      expect(sink.received).toHaveLength(sent.length);
      expect(new Set(sink.received.map((m) => m.messageId))).toEqual(new Set(sent.map((o) => o.message_id)));
      expect(sent.every((o) => o.attempts === 1)).toBe(true);
      console.log(
        `concurrency (postgres, 2 servers): ${r.races} races, ${r.requests} requests, 1 winner each, ${r.conflicts} × 409; ${sent.length} mails, each once`,
      );
    } finally {
      await servers?.stopAll();
      await sink.stop();
      await t.close();
    }
  }, 90_000);
});
