import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareDatabase } from "../../db/bootstrap";
import { type Db, openDb } from "../../db/client";
import { drainOutbox } from "../../emails/worker";
import { createCase, dispatch } from "../../workflows/engine";
import { fixedClock, type Org, seedOrg } from "../helpers/db";
import {
  closeTransports,
  FROM,
  outboxRows,
  PUBLIC_URL,
  prepareMailOrg,
  REPLY_TO,
  SESSION_SECRET,
  workerFor,
} from "./fixtures";
import { SmtpSink } from "./smtp-sink";

/**
 * The worker process dies after the SMTP server has the mail but before the row is marked sent:
 * `npm run mail:worker -- --once` in a child process, killed (SIGKILL) by the SMTP server the
 * moment the message data has arrived, before it answers 250. Nothing catches that, nothing marks
 * the row. Restarted once the lease has run out, a worker sends the mail again, under the same
 * Message-ID, and the rest of the batch as well: nothing is lost.
 */
let handle: Db;
let file: string;
let org: Org;
const sink = new SmtpSink();

beforeAll(async () => {
  file = path.join(os.tmpdir(), `banli-mail-crash-${randomBytes(6).toString("hex")}.db`);
  handle = openDb(file);
  await prepareDatabase(handle.kysely, "2026-09-01T00:00:00.000Z");
  org = await seedOrg(handle.kysely, "2026-09-01T00:00:00.000Z");
  await prepareMailOrg(handle.kysely, org);
  await sink.start();
});

afterAll(async () => {
  closeTransports();
  await sink.stop();
  await handle?.close();
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
});

function workerProcess(): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/mail-worker.ts", "--once"], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      DATABASE_URL: file,
      SMTP_URL: sink.url,
      MAIL_FROM: FROM,
      MAIL_REPLY_TO: REPLY_TO,
      PUBLIC_URL,
      SESSION_SECRET,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

describe("a worker killed between send and mark", () => {
  it("loses no mail, and the re-send carries the same Message-ID", async () => {
    const clock = fixedClock("2026-09-21T02:00:00.000Z");
    const c = await createCase(handle.kysely, clock, {
      actor: org.actors.author,
      input: {
        kind: "proposal",
        title: "关于优化公交线路的提案",
        body: "公交线路重复。",
        cosignerIds: [org.users.cosigner],
      },
    });
    clock.set("2026-09-22T02:00:00.000Z");
    await dispatch(handle.kysely, clock, {
      caseId: c.id,
      actor: org.actors.author,
      event: { type: "SUBMIT" },
    });
    clock.set("2026-09-24T02:00:00.000Z");
    await dispatch(handle.kysely, clock, {
      caseId: c.id,
      actor: org.actors.supervisor,
      event: { type: "ACCEPT" },
    });
    expect(await outboxRows(handle.kysely)).toHaveLength(3);

    const child = workerProcess();
    let output = "";
    child.stdout?.on("data", (d) => {
      output += d;
    });
    child.stderr?.on("data", (d) => {
      output += d;
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once("exit", (_code, signal) => resolve(signal)),
    );
    // The server has the whole message; the worker dies before it hears "250 OK".
    sink.beforeAccept = async () => {
      sink.beforeAccept = null;
      child.kill("SIGKILL");
      await exited;
    };
    expect(await exited, output).toBe("SIGKILL");
    expect(sink.received).toHaveLength(1);
    const first = sink.received[0];

    // The dead worker's claim: the whole batch leased, one mail out, nothing marked.
    let rows = await outboxRows(handle.kysely);
    expect(rows.every((o) => o.status === "pending" && o.attempts === 1 && o.lease_until !== null)).toBe(
      true,
    );
    const sentRow = rows.find((o) => o.message_id === first.messageId)!;
    expect(sentRow).toBeDefined();

    // While the lease holds, no other worker touches those rows.
    const now = Date.now();
    const early = workerFor(handle.kysely, sink.url, fixedClock(new Date(now + 60_000).toISOString()));
    expect(await drainOutbox(early)).toMatchObject({ claimed: 0 });

    // After it ends (5 minutes), a restarted worker delivers everything.
    const later = workerFor(handle.kysely, sink.url, fixedClock(new Date(now + 6 * 60_000).toISOString()));
    expect(await drainOutbox(later)).toMatchObject({ claimed: 3, sent: 3 });
    rows = await outboxRows(handle.kysely);
    expect(rows.every((o) => o.status === "sent" && o.attempts === 2)).toBe(true);

    expect(sink.received).toHaveLength(4);
    const again = sink.received.filter((m) => m.messageId === first.messageId);
    expect(again).toHaveLength(2);
    // The same mail: same Message-ID, subject, recipient and text, so the recipient's server and
    // client can tell it is a repeat.
    expect(again[1].subject).toBe(first.subject);
    expect(again[1].to).toEqual(first.to);
    expect(again[1].parsed.text).toBe(first.parsed.text);
    // Every other mail arrived exactly once.
    const others = sink.received.filter((m) => m.messageId !== first.messageId);
    expect(new Set(others.map((m) => m.messageId)).size).toBe(2);
    expect(new Set(sink.received.map((m) => m.messageId))).toEqual(new Set(rows.map((o) => o.message_id)));
  }, 60_000);
});
