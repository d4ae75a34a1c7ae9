import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSqliteFile } from "../../db/backup";
import { freshDb, seedOrg, type UserKey } from "../helpers/db";
import {
  call,
  enableSignIn,
  PASSWORD,
  proposalsAt,
  type ServerProcess,
  spawnServer,
  tokenFor,
  username,
} from "./fixtures";

/**
 * `npm run backup` taken while clients keep writing to the real server, then `npm run restore`
 * into a new path and a server started on it: the copy is consistent (integrity, every case's
 * hash chain), holds every event acknowledged before the backup began, and serves the API and the
 * case pages. Restoring over a database a server is using, or over an existing file without
 * --force, is refused.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `npm run <name> -- args` as a child process (the clients keep running meanwhile). */
function script(name: "backup" | "restore", args: string[], databaseUrl: string) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", `scripts/${name}.ts`, ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

interface Ack {
  caseId: number;
  version: number;
  type: string;
  /** when the answer arrived */
  at: number;
}

describe("online backup and restore (SQLite)", () => {
  it("a backup taken under load restores whole and serves", async () => {
    const t = await freshDb("sqlite");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "banli-backup-"));
    const backupFile = path.join(dir, "under-load.db");
    const restored = path.join(dir, "restored", "app.db");
    let server: ServerProcess | null = null;
    let second: ServerProcess | null = null;
    let stop = false;
    try {
      const org = await seedOrg(t.db);
      await enableSignIn(t.db);
      const cases = await proposalsAt(t.db, org, "handling", 6, "备份恢复");
      server = await spawnServer({ databaseUrl: t.url });
      const url = server.url;
      const people: UserKey[] = ["supervisor", "leadHandler"];
      const tokens = Object.fromEntries(
        await Promise.all(people.map(async (p) => [p, await tokenFor(url, p)] as const)),
      ) as Record<UserKey, string>;

      const acks: Ack[] = [];
      const failures: string[] = [];
      const today = new Date().toISOString().slice(0, 10);
      const client = async (who: UserKey, caseId: number, event: (n: number) => Record<string, unknown>) => {
        for (let n = 0; !stop; n++) {
          const body = event(n);
          const r = await call(url, tokens[who], "POST", `/api/v1/cases/${caseId}/events`, body);
          if (r.status === 200)
            acks.push({ caseId, version: r.body.version, type: String(body.type), at: Date.now() });
          else failures.push(`${who} ${body.type} ${r.status} ${JSON.stringify(r.body)}`);
        }
      };
      // Six clients at once: reminders and key flags from the supervisor, contacts from the unit.
      const loops = cases.map((id, i) =>
        i % 3 === 0
          ? client("leadHandler", id, (n) => ({
              type: "RECORD_CONTACT",
              date: today,
              method: "phone",
              summary: `第 ${n + 1} 次电话沟通`,
            }))
          : i % 3 === 1
            ? client("supervisor", id, (n) => ({ type: "REMIND", message: `第 ${n + 1} 次催办` }))
            : client("supervisor", id, (n) => ({ type: "FLAG_KEY", isKey: n % 2 === 0 })),
      );

      while (acks.length < 60) await sleep(20);
      // Everything acknowledged before the backup begins must be in it.
      const began = Date.now();
      const before = acks.filter((a) => a.at <= began);
      const backup = await script("backup", ["--out", backupFile], t.url);
      const during = acks.filter((a) => a.at > began).length;
      expect(backup.code, backup.out).toBe(0);
      expect(backup.out).toMatch(/\d+ cases, \d+ history rows/);
      expect(backup.out).toContain("history chain intact");

      // The live database cannot be restored over while the server has it open, --force or not.
      const busy = await script("restore", [backupFile, "--force"], t.url);
      expect(busy.code).toBe(1);
      expect(busy.out).toContain("in use");

      stop = true;
      await Promise.all(loops);
      expect(failures).toEqual([]);
      expect(during, "the clients kept writing while the backup ran").toBeGreaterThan(0);
      await server.stop();
      server = null;

      const first = await script("restore", [backupFile], restored);
      expect(first.code, first.out).toBe(0);
      expect(first.out).toContain("history chain intact");
      // A second restore over it is refused without --force, and done with it.
      const again = await script("restore", [backupFile], restored);
      expect(again.code).toBe(1);
      expect(again.out).toContain("--force");
      expect((await script("restore", [backupFile, "--force"], restored)).code).toBe(0);

      const check = await checkSqliteFile(restored);
      expect(check.integrity).toEqual(["ok"]);
      expect(check.chain.broken).toEqual([]);

      second = await spawnServer({ databaseUrl: restored });
      const sup = await tokenFor(second.url, "supervisor");
      const latest = new Map<number, number>();
      for (const a of before) latest.set(a.caseId, Math.max(latest.get(a.caseId) ?? 0, a.version));
      for (const [caseId, version] of latest) {
        const r = await call(second.url, sup, "GET", `/api/v1/cases/${caseId}`);
        expect(r.status).toBe(200);
        expect(r.body.version, `case ${caseId}`).toBeGreaterThanOrEqual(version);
        // Each acknowledged event is a history row; the case's own rows before it are there too.
        const types = (r.body.history as Array<{ type: string }>).map((h) => h.type);
        const acked = before.filter((a) => a.caseId === caseId).length;
        const own = types.filter((x) => ["RECORD_CONTACT", "REMIND", "FLAG_KEY"].includes(x)).length;
        expect(own, `case ${caseId} history`).toBeGreaterThanOrEqual(acked);
      }
      // The restored database serves the case pages to a signed-in person.
      const login = await fetch(`${second.url}/login`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: username("supervisor"), password: PASSWORD, redirectTo: "/" }),
        redirect: "manual",
      });
      const cookie = login.headers.get("set-cookie")?.split(";")[0];
      expect(cookie, `login: ${login.status}`).toBeTruthy();
      const page = await fetch(`${second.url}/cases/${cases[0]}`, { headers: { Cookie: cookie! } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("关于备份恢复的提案（1）");
      // And takes new work.
      const more = await call(second.url, sup, "POST", `/api/v1/cases/${cases[1]}/events`, {
        type: "REMIND",
        message: "恢复后催办",
      });
      expect(more.status).toBe(200);
    } finally {
      stop = true;
      await server?.stop();
      await second?.stop();
      await t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("refuses a backup file that is not there or not a database, and leaves the target alone", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "banli-backup-"));
    try {
      const target = path.join(dir, "app.db");
      const missing = await script("restore", [path.join(dir, "nope.db")], target);
      expect(missing.code).toBe(1);
      expect(missing.out).toContain("no backup");
      const junk = path.join(dir, "junk.db");
      fs.writeFileSync(junk, "not a database");
      const bad = await script("restore", [junk], target);
      expect(bad.code).toBe(1);
      expect(bad.out).toContain("not a readable database");
      expect(fs.existsSync(target)).toBe(false);
      const noArgs = await script("restore", [], target);
      expect(noArgs.code).toBe(2);
      const pg = await script("backup", [], "postgres://backup@db.example:5432/banli");
      expect(pg.code).toBe(0);
      expect(pg.out).toContain("pg_dump --format=custom");
      expect(pg.out).toContain("pg_restore");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
