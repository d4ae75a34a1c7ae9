import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { caseHistory } from "../../db/events";
import {
  backendTitle,
  freshDb,
  releaseTestDatabases,
  seedOrg,
  type TestDb,
  testDatabases,
} from "../helpers/db";
import {
  call,
  enableSignIn,
  proposalsAt,
  type ServerProcess,
  sessionCookie,
  spawnServer,
  TcpProxy,
  tokenFor,
} from "./fixtures";

/**
 * The database out of reach for a moment: SQLite locked by another writer, PostgreSQL gone and
 * back. The server answers 503 with Retry-After (JSON for the API, a page for people), writes
 * nothing half-way, stays up, and serves the same request once the database is back.
 */
afterAll(releaseTestDatabases);

const [sqliteBackend, pgBackend] = testDatabases();

async function remindCount(t: TestDb, caseId: number) {
  return (await caseHistory(t.db, caseId)).filter((e) => e.type === "REMIND").length;
}

describe("SQLite locked by another process", () => {
  it("answers 503 + Retry-After while the write lock is held, then succeeds", async () => {
    const t = await freshDb(sqliteBackend);
    let server: ServerProcess | null = null;
    try {
      const org = await seedOrg(t.db);
      await enableSignIn(t.db);
      const [caseId] = await proposalsAt(t.db, org, "handling", 1, "锁等待");
      server = await spawnServer({ databaseUrl: t.url, env: { SQLITE_BUSY_TIMEOUT_MS: "150" } });
      const token = await tokenFor(server.url, "supervisor");
      const before = await call(server.url, token, "GET", `/api/v1/cases/${caseId}`);
      expect(before.status).toBe(200);

      // Another process takes the write lock and keeps it.
      let requestId: string | null = null;
      const other = new SQLite(t.url);
      other.pragma("busy_timeout = 0");
      other.exec("BEGIN IMMEDIATE");
      try {
        const busy = await call(server.url, token, "POST", `/api/v1/cases/${caseId}/events`, {
          type: "REMIND",
          message: "请加快办理（锁）",
        });
        expect(busy.status, JSON.stringify(busy.body)).toBe(503);
        expect(busy.headers?.get("retry-after")).toBe("1");
        expect(busy.body.error).toMatchObject({
          code: "unavailable",
          reason: "database_busy",
          message: "数据库繁忙，请稍后重试",
        });
        const en = await call(
          server.url,
          token,
          "POST",
          `/api/v1/cases/${caseId}/events`,
          { type: "REMIND", message: "Hurry (locked)" },
          { "Accept-Language": "en" },
        );
        expect(en.status).toBe(503);
        expect(en.body.error.message).toBe("The database is busy; try again shortly");

        // A page that writes (signing in records a session) shows the outage page.
        const page = await fetch(`${server.url}/login`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            username: "supervisor",
            password: "Reliable-pass-2026",
            redirectTo: "/",
          }),
          redirect: "manual",
        });
        expect(page.status).toBe(503);
        expect(page.headers.get("retry-after")).toBe("1");
        // The log line of the outage names the request.
        requestId = page.headers.get("x-request-id");
        expect(requestId).toBeTruthy();
        expect(page.headers.get("content-type")).toContain("text/html");
        const html = await page.text();
        expect(html).toContain("系统暂时无法处理您的请求");
        expect(html).toContain("We cannot handle your request right now");
        // Reads go on: WAL readers do not wait for the writer.
        expect((await call(server.url, token, "GET", `/api/v1/cases/${caseId}`)).status).toBe(200);
      } finally {
        other.exec("ROLLBACK");
        other.close();
      }

      // Nothing was written half-way: same version, no reminder.
      const still = await call(server.url, token, "GET", `/api/v1/cases/${caseId}`);
      expect(still.body.version).toBe(before.body.version);
      expect(await remindCount(t, caseId)).toBe(0);

      // The lock is gone: the same request goes through, once.
      const ok = await call(server.url, token, "POST", `/api/v1/cases/${caseId}/events`, {
        type: "REMIND",
        message: "请加快办理（锁）",
      });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      expect(ok.body.version).toBe(before.body.version + 1);
      expect(await remindCount(t, caseId)).toBe(1);
      const outageLines = server
        .output()
        .split("\n")
        .filter((l) => l.includes('"warning":"database_outage"'))
        .map((l) => JSON.parse(l));
      expect(outageLines.map((l) => l.path)).toEqual([
        `/api/v1/cases/${caseId}/events`,
        `/api/v1/cases/${caseId}/events`,
        "/login",
      ]);
      expect(outageLines.every((l) => l.outage === "busy" && /SQLITE_BUSY/.test(l.error) && l.id)).toBe(true);
      expect(outageLines[2].id).toBe(requestId);
    } finally {
      await server?.stop();
      await t.close();
    }
  }, 60_000);
});

describe.skipIf(pgBackend.skip)(`PostgreSQL restarting (${backendTitle(pgBackend)})`, () => {
  it("answers 503 + Retry-After while the database is gone, stays up, and recovers", async () => {
    const t = await freshDb(pgBackend);
    const target = new URL(t.url);
    const proxy = await new TcpProxy(Number(target.port || 5432), target.hostname).start();
    let server: ServerProcess | null = null;
    try {
      const org = await seedOrg(t.db);
      await enableSignIn(t.db);
      const [caseId] = await proposalsAt(t.db, org, "handling", 1, "数据库重启");
      server = await spawnServer({
        databaseUrl: proxy.urlFor(t.url),
        env: { PG_CONNECT_TIMEOUT_MS: "2000" },
      });
      const token = await tokenFor(server.url, "supervisor");
      const cookie = await sessionCookie(server.url, "supervisor");
      const remind = (message: string) =>
        call(server!.url, token, "POST", `/api/v1/cases/${caseId}/events`, { type: "REMIND", message });
      const first = await remind("第一次催办");
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect((await call(server.url, null, "GET", "/readyz")).status).toBe(200);

      // The database goes away: its port closes and every open connection is cut.
      await proxy.stop();
      const down = await remind("停机时的催办");
      expect(down.status, JSON.stringify(down.body)).toBe(503);
      expect(down.headers?.get("retry-after")).toBe("5");
      expect(down.body.error).toMatchObject({
        code: "unavailable",
        reason: "database_unavailable",
        message: "数据库暂时无法连接，请稍后重试",
      });
      const list = await call(server.url, token, "GET", "/api/v1/cases", undefined, {
        "Accept-Language": "en",
      });
      expect(list.status).toBe(503);
      expect(list.body.error.message).toBe("The database cannot be reached right now; try again shortly");
      // A person's page: the outage page, in their language, with a way to try again.
      const page = await fetch(`${server.url}/cases?state=handling`, {
        headers: { Cookie: cookie, "Accept-Language": "en-GB,en;q=0.9" },
      });
      expect(page.status).toBe(503);
      expect(page.headers.get("retry-after")).toBe("5");
      const html = await page.text();
      expect(html).toMatch(/<html lang="en">/);
      expect(html).toContain('href="/cases?state=handling"');
      expect(html).toContain("数据库正忙或暂时无法连接");
      // Load balancers stop sending traffic here; the process itself is up.
      const ready = await call(server.url, null, "GET", "/readyz");
      expect(ready.status).toBe(503);
      expect(ready.body.status).toBe("database_unreachable");
      expect((await call(server.url, null, "GET", "/healthz")).status).toBe(200);
      expect(server.child.exitCode).toBeNull();

      // The database is back on the same address: the pool connects again by itself.
      await proxy.start();
      const again = await remind("恢复后的催办");
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect(again.body.version).toBe(first.body.version + 1);
      expect((await call(server.url, null, "GET", "/readyz")).status).toBe(200);
      expect((await fetch(`${server.url}/cases`, { headers: { Cookie: cookie } })).status).toBe(200);
      const reminders = (await caseHistory(t.db, caseId))
        .filter((e) => e.type === "REMIND")
        .map((e) => JSON.parse(e.payload).message);
      expect(reminders).toEqual(["第一次催办", "恢复后的催办"]);
    } finally {
      await server?.stop();
      await proxy.stop();
      await t.close();
    }
  }, 60_000);
});
