import net from "node:net";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { caseHistory } from "../../db/events";
import { drainOutbox } from "../../emails/worker";
import { systemClock } from "../../workflows/engine";
import { backendTitle, freshDb, releaseTestDatabases, seedOrg, testDatabases } from "../helpers/db";
import { closeTransports, prepareMailOrg, workerFor } from "../mail/fixtures";
import { SmtpSink } from "../mail/smtp-sink";
import { call, enableSignIn, proposalsAt, type ServerProcess, spawnServer, tokenFor } from "./fixtures";

/**
 * Graceful shutdown (SIGTERM, as a process manager or a rolling deploy sends it): the server stops
 * taking connections at once, finishes the request in flight, lets its mail worker finish the mail
 * it is sending and give back the rest of its claim, and exits 0. Another worker then picks the
 * given-back mail up at once, without waiting for a lease to run out. On PostgreSQL, where a
 * request can be held in flight by a row lock without blocking the server's event loop.
 */
afterAll(releaseTestDatabases);

const pgBackend = testDatabases()[1];

/** Does anything accept connections on this port? */
function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(false);
    });
    s.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED"));
  });
}

async function until(what: string, ok: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(pgBackend.skip)(`graceful shutdown (${backendTitle(pgBackend)})`, () => {
  it("finishes the request in flight, refuses new connections, gives back claimed mail, exits 0", async () => {
    const t = await freshDb(pgBackend);
    const sink = await new SmtpSink().start();
    const locker = new pg.Client({ connectionString: t.url });
    let server: ServerProcess | null = null;
    let releaseMail: () => void = () => {};
    const mailHeld = new Promise<void>((r) => {
      releaseMail = r;
    });
    try {
      const org = await seedOrg(t.db);
      await prepareMailOrg(t.db, org);
      await enableSignIn(t.db);
      const [caseId] = await proposalsAt(t.db, org, "handling", 1, "平稳停机");
      const waiting = await t.db.selectFrom("outbox").select("id").where("status", "=", "pending").execute();
      expect(waiting.length).toBeGreaterThan(3);

      // The SMTP server holds the first mail until told to accept it.
      let first = true;
      sink.beforeAccept = async () => {
        if (!first) return;
        first = false;
        await mailHeld;
      };
      server = await spawnServer({
        databaseUrl: t.url,
        env: { MAIL_WORKER: "1", MAIL_WORKER_INTERVAL_MS: "100", SMTP_URL: sink.url, LOG_REQUESTS: "1" },
      });
      const token = await tokenFor(server.url, "supervisor");
      const before = await call(server.url, token, "GET", `/api/v1/cases/${caseId}`);
      await until("the first mail reaches the SMTP server", async () => sink.received.length === 1);

      // Another session holds the case's row: the next event on it waits, in flight.
      await locker.connect();
      await locker.query("BEGIN");
      await locker.query("SELECT id FROM cases WHERE id = $1 FOR UPDATE", [caseId]);
      const inFlight = call(server.url, token, "POST", `/api/v1/cases/${caseId}/events`, {
        type: "REMIND",
        message: "停机前发出的催办",
      });
      await until("the event waits for the row lock", async () => {
        const r = await locker.query(
          "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()",
        );
        return r.rows[0].n > 0;
      });

      server.child.kill("SIGTERM");
      await until("new connections are refused", () => refuses(server!.port));
      expect(server.child.exitCode).toBeNull();

      // The mail being sent completes; the row lock goes; the request in flight answers.
      releaseMail();
      await locker.query("COMMIT");
      const answered = await inFlight;
      expect(answered.status, JSON.stringify(answered.body)).toBe(200);
      expect(answered.body.version).toBe(before.body.version + 1);
      const exit = await server.exited;
      expect(exit, server.output()).toEqual({ code: 0, signal: null });
      expect(server.output()).toContain('"step":"stopped"');
      expect((await caseHistory(t.db, caseId)).filter((e) => e.type === "REMIND")).toHaveLength(1);

      // One mail sent; the rest of the claim given back (no lease, no attempt counted).
      const rows = await t.db
        .selectFrom("outbox")
        .select(["id", "status", "lease_until", "attempts"])
        .where(
          "id",
          "in",
          waiting.map((w) => w.id),
        )
        .execute();
      expect(rows.filter((r) => r.status === "sent")).toHaveLength(1);
      const back = rows.filter((r) => r.status === "pending");
      expect(back).toHaveLength(waiting.length - 1);
      expect(back.every((r) => r.lease_until === null && r.attempts === 0)).toBe(true);

      // Another worker takes them at once, with the REMIND's mail.
      const next = await drainOutbox(workerFor(t.db, sink.url, systemClock));
      expect(next.claimed).toBeGreaterThanOrEqual(back.length);
      expect(next.sent).toBe(next.claimed);
      expect(new Set(sink.received.map((m) => m.messageId)).size).toBe(sink.received.length);
      server = null;
    } finally {
      releaseMail();
      await locker.end().catch(() => {});
      if (server) {
        server.child.kill("SIGKILL");
        await server.exited;
      }
      closeTransports();
      await sink.stop();
      await t.close();
    }
  }, 90_000);
});
