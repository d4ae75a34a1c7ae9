import { afterAll, describe, expect, it } from "vitest";
import { nextDue } from "../../db/deadlines";
import { verifyChains } from "../../db/events";
import {
  backendTitle,
  freshDb,
  releaseTestDatabases,
  seedOrg,
  type TestBackend,
  testDatabases,
  type UserKey,
} from "../helpers/db";
import { prepareMailOrg } from "../mail/fixtures";
import { SmtpSink } from "../mail/smtp-sink";
import {
  call,
  enableSignIn,
  freePort,
  proposalsAt,
  type ServerProcess,
  spawnServer,
  tokenFor,
} from "./fixtures";

/**
 * Crash safety. The real server runs under load from several clients (proposals created and
 * submitted, reminders, contact records) with its mail worker sending to a real SMTP server, and
 * is killed with SIGKILL at random moments (seeded: CRASH_SEED), then restarted on the same
 * database and port. Afterwards:
 * - every event a client saw acknowledged (2xx) is in the history exactly once, found by the
 *   marker the client wrote into it; no event appears twice, acknowledged or not;
 * - every case's hash chain verifies, its version equals its number of history rows, its state is
 *   the last row's state_after, and its next due date is that of its open deadlines;
 * - every event that notifies has its outbox rows, and once the worker has drained the outbox each
 *   row is delivered: every Message-ID arrives, and a kill between the SMTP server's acceptance
 *   and the row's mark can repeat at most one mail per kill, under the same Message-ID.
 * SQLite always; PostgreSQL too with RELIABILITY_FULL=1 (and TEST_POSTGRES_URL).
 */
afterAll(releaseTestDatabases);

const SEED = Number(process.env.CRASH_SEED ?? 20261207);
const KILLS = Number(process.env.CRASH_KILLS ?? 5);
const MARKER = /crash-\d+-\d+/g;

/** A small seeded generator (mulberry32): the same kill moments and choices for a given seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Acked {
  marker: string | null;
  caseId: number;
  type: string;
}

const backends = testDatabases().filter(
  (b) => b.name === "sqlite" || (process.env.RELIABILITY_FULL === "1" && !b.skip),
);

describe.each(backends)("crash safety on $name", (backend: TestBackend) => {
  it(`survives ${KILLS} SIGKILLs under load (${backendTitle(backend)}, seed ${SEED})`, async () => {
    const rnd = random(SEED);
    const t = await freshDb(backend);
    const sink = await new SmtpSink().start();
    let server: ServerProcess | null = null;
    let stopClients = false;
    try {
      const org = await seedOrg(t.db);
      await prepareMailOrg(t.db, org);
      await enableSignIn(t.db);
      const handling = await proposalsAt(t.db, org, "handling", 4, "崩溃恢复");
      const port = await freePort();
      const start = () =>
        spawnServer({
          databaseUrl: t.url,
          port,
          env: { MAIL_WORKER: "1", MAIL_WORKER_INTERVAL_MS: "100", SMTP_URL: sink.url, APP_TEST_HOOKS: "1" },
        });
      server = await start();
      const url = server.url;
      const people: UserKey[] = ["author", "cosigner", "supervisor", "leadHandler", "leadHead"];
      const tokens = Object.fromEntries(
        await Promise.all(people.map(async (p) => [p, await tokenFor(url, p)] as const)),
      ) as Record<UserKey, string>;

      const acked: Acked[] = [];
      let refused = 0;
      let cutOff = 0;
      let sent = 0;
      const unexpected: string[] = [];
      const lost: string[] = [];
      const today = new Date().toISOString().slice(0, 10);

      /** One request; answers the body when acknowledged, null when the outcome is unknown. */
      async function send(who: UserKey, path: string, body: Record<string, unknown>) {
        sent++;
        const r = await call(url, tokens[who], "POST", path, body);
        if (r.status === 0) {
          // Refused: the server is down and never saw it. Otherwise it was cut off by a kill, and
          // may or may not have been written: the checks below hold either way.
          if (r.error?.includes("ECONNREFUSED")) refused++;
          else cutOff++;
          await sleep(100);
          return null;
        }
        if (r.status === 409 && r.body?.error?.code === "version_conflict") {
          // Two clients on one case at once (PostgreSQL runs them side by side): the loser was
          // told so, and nothing of its event may be written.
          lost.push(String(body.message ?? body.summary ?? body.title ?? ""));
          return null;
        }
        if (r.status < 200 || r.status >= 300) {
          unexpected.push(`${who} ${path} ${r.status} ${JSON.stringify(r.body)}`);
          return null;
        }
        return r.body;
      }

      const loops: Array<Promise<void>> = [];
      // Delegates draft and submit proposals.
      for (const [c, who] of (["author", "cosigner"] as UserKey[]).entries())
        loops.push(
          (async () => {
            for (let n = 0; !stopClients; n++) {
              const marker = `crash-${c}-${n}`;
              const created = await send(who, "/api/v1/cases", {
                kind: "proposal",
                title: `关于崩溃恢复测试的提案 ${marker}`,
                body: "提案正文。",
              });
              if (!created) continue;
              acked.push({ marker, caseId: created.id, type: "CREATE" });
              const submitted = await send(who, `/api/v1/cases/${created.id}/events`, { type: "SUBMIT" });
              if (submitted) acked.push({ marker: null, caseId: created.id, type: "SUBMIT" });
            }
          })(),
        );
      // The supervisor reminds, the lead unit records its contacts, on the cases being handled.
      const workers: Array<[UserKey, string]> = [
        ["supervisor", "REMIND"],
        ["supervisor", "REMIND"],
        ["leadHandler", "RECORD_CONTACT"],
        ["leadHead", "RECORD_CONTACT"],
      ];
      for (const [i, [who, type]] of workers.entries())
        loops.push(
          (async () => {
            for (let n = 0; !stopClients; n++) {
              const marker = `crash-${i + 2}-${n}`;
              const caseId = handling[(n + i) % handling.length];
              const event =
                type === "REMIND"
                  ? { type, message: `请加快办理 ${marker}` }
                  : { type, date: today, method: "phone", summary: `电话沟通 ${marker}` };
              if (await send(who, `/api/v1/cases/${caseId}/events`, event))
                acked.push({ marker, caseId, type });
            }
          })(),
        );

      // Kill the server at random moments, and bring it back on the same database and port.
      let kills = 0;
      for (let i = 0; i < KILLS; i++) {
        // Under load: a few events acknowledged by this life of the server, then a random moment.
        const ackedBefore = acked.length;
        while (acked.length < ackedBefore + 3) await sleep(20);
        await sleep(Math.floor(rnd() * 800));
        const dead = server;
        dead.child.kill("SIGKILL");
        expect((await dead.exited).signal).toBe("SIGKILL");
        kills++;
        server = await start();
      }
      await sleep(300);
      stopClients = true;
      await Promise.all(loops);
      expect(unexpected.slice(0, 5)).toEqual([]);
      expect(acked.length).toBeGreaterThan(3 * KILLS);

      // The history: every acknowledged event once; no event twice.
      const events = await t.db
        .selectFrom("case_events")
        .select(["id", "case_id", "type", "payload", "state_after", "seq"])
        .orderBy("case_id")
        .orderBy("seq")
        .execute();
      const seen = new Map<string, number>();
      for (const e of events)
        for (const m of e.payload.match(MARKER) ?? []) seen.set(m, (seen.get(m) ?? 0) + 1);
      for (const [m, n] of seen) expect(n, `marker ${m}`).toBe(1);
      for (const text of lost)
        for (const m of text.match(MARKER) ?? []) expect(seen.has(m), `lost ${m}`).toBe(false);
      for (const a of acked) {
        const mine = events.filter((e) => e.case_id === a.caseId && e.type === a.type);
        if (a.marker) {
          expect(seen.get(a.marker), `${a.type} ${a.marker}`).toBe(1);
          expect(mine.filter((e) => e.payload.match(MARKER)?.includes(a.marker!))).toHaveLength(1);
        } else expect(mine, `${a.type} on case ${a.caseId}`).toHaveLength(1);
      }

      // Every case whole: chain, version, state, deadlines; every notifying event has its mail.
      expect((await verifyChains(t.db)).broken).toEqual([]);
      const cases = await t.db.selectFrom("cases").selectAll().execute();
      for (const c of cases) {
        const history = events.filter((e) => e.case_id === c.id);
        expect(history.length, `case ${c.id} version`).toBe(c.version);
        expect(history.at(-1)!.state_after, `case ${c.id} state`).toBe(c.state);
        expect(JSON.parse(c.snapshot).value).toBe(c.state);
        expect(c.next_due_date).toBe((await nextDue(t.db, c.id))?.due_date ?? null);
        if (c.state === "handling") expect(c.next_due_date, `case ${c.id} due`).not.toBeNull();
      }
      const mailed = new Set(
        (await t.db.selectFrom("outbox").select("event_id").execute()).map((o) => o.event_id),
      );
      for (const e of events.filter((x) => x.type === "REMIND" || x.type === "SUBMIT"))
        expect(mailed.has(e.id), `${e.type} #${e.id} has its mail`).toBe(true);

      // Mail: once the leases of the killed workers have run out (the server's clock moves on
      // 10 minutes), the last worker delivers whatever is left.
      const later = new Date(Date.now() + 10 * 60_000).toISOString();
      expect((await call(url, null, "POST", "/api/v1/test/clock", { now: later })).status).toBe(200);
      const deadline = Date.now() + 30_000;
      for (;;) {
        const pending = await t.db
          .selectFrom("outbox")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("status", "=", "pending")
          .executeTakeFirstOrThrow();
        if (Number(pending.n) === 0) break;
        if (Date.now() > deadline) throw new Error(`${pending.n} mails still pending`);
        await sleep(100);
      }
      const outbox = await t.db.selectFrom("outbox").select(["status", "message_id"]).execute();
      expect(outbox.every((o) => o.status === "sent" || o.status === "skipped")).toBe(true);
      const delivered = outbox.filter((o) => o.status === "sent");
      const ids = sink.received.map((m) => m.messageId);
      expect(new Set(ids)).toEqual(new Set(delivered.map((o) => o.message_id)));
      const repeats = ids.length - new Set(ids).size;
      expect(repeats).toBeLessThanOrEqual(kills);

      // A last, graceful stop.
      const last = server;
      server = null;
      expect((await last.stop()).code).toBe(0);
      console.log(
        `crash safety (${backend.name}, seed ${SEED}): ${kills} kills, ${sent} requests, ${acked.length} acknowledged and each in the history once, ${cutOff} cut off by a kill, ${refused} refused while down, ${lost.length} lost a race (409, not written), ${cases.length} cases whole; ${delivered.length} mails delivered, ${repeats} sent again after a kill under the same Message-ID`,
      );
    } finally {
      stopClients = true;
      if (server) {
        server.child.kill("SIGKILL");
        await server.exited;
      }
      await sink.stop();
      await t.close();
    }
  }, 180_000);
});
