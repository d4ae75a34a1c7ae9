import SQLite from "better-sqlite3";
import type { Kysely } from "kysely";
import { WINDOW_TYPES } from "../../db/deadlines";
import { eventHash, GENESIS_HASH } from "../../db/events";
import type { Database } from "../../db/schema";
import { searchMayChange } from "../../db/search";
import { indexText } from "../../db/search-text";
import { type Clock, dispatch } from "../../workflows/engine";
import type { Actor } from "../../workflows/types";
import { round } from "./stats";

export interface EngineFigures {
  events: number;
  /** events/s through dispatch: load, permission, payload, transition, versioned write, history, deadlines, outbox */
  dispatchPerSec: number;
  /** events/s of the same writes as plain prepared statements, one transaction each */
  rawPerSec: number;
  ratio: number;
  /**
   * CPU time of this process per event (JavaScript and SQLite, which runs in-process): unlike
   * events/s it does not move with what else the machine runs.
   */
  dispatchCpuMs: number;
  rawCpuMs: number;
  /** rawCpuMs / dispatchCpuMs: the ratio on a machine busy with other work */
  cpuRatio: number;
  outboxRowsPerEvent: number;
  mix: Record<string, number>;
}

interface Job {
  caseId: number;
  actor: Actor;
  event: { type: string; [k: string]: unknown };
}

/**
 * Events valid in the seeded states, on distinct cases: 催办 (REMIND) by a supervisor on cases
 * being handled, and 沟通联系 (RECORD_CONTACT) by the lead unit's handler on proposals in handling.
 */
async function pickJobs(db: Kysely<Database>, n: number, today: string): Promise<Job[]> {
  const supervisor = await db
    .selectFrom("users")
    .select("id")
    .where("role", "=", "supervisor")
    .orderBy("id")
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom("cases")
    .select(["id", "kind", "state", "lead_department_id"])
    .where("state", "in", ["handling", "rehandling"])
    .orderBy("id", "desc")
    .limit(n * 2)
    .execute();
  const handlers = new Map<number, number>();
  for (const h of await db
    .selectFrom("users")
    .select(["id", "department_id"])
    .where("role", "=", "handler")
    .orderBy("id")
    .execute())
    if (h.department_id !== null && !handlers.has(h.department_id)) handlers.set(h.department_id, h.id);
  const jobs: Job[] = [];
  for (const [i, r] of rows.entries()) {
    if (jobs.length >= n) break;
    if (r.kind === "proposal" && i % 2 === 0 && r.lead_department_id !== null) {
      jobs.push({
        caseId: r.id,
        actor: {
          userId: handlers.get(r.lead_department_id)!,
          role: "handler",
          departmentId: r.lead_department_id,
          enterpriseId: null,
        },
        event: {
          type: "RECORD_CONTACT",
          date: today,
          method: "phone",
          summary: "电话联系提案人，通报办理进展。",
        },
      });
    } else {
      jobs.push({
        caseId: r.id,
        actor: { userId: supervisor.id, role: "supervisor", departmentId: null, enterpriseId: null },
        event: { type: "REMIND", message: "请抓紧办理，按期答复。" },
      });
    }
  }
  if (jobs.length < n) throw new Error(`only ${jobs.length} cases in handling for ${n} events`);
  return jobs;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

export async function measureEngine(
  db: Kysely<Database>,
  file: string,
  p: { events: number; today: string; clock: Clock },
): Promise<EngineFigures> {
  // Twice the events: the first half goes through the engine, the second through the raw path.
  const jobs = await pickJobs(db, p.events * 2, p.today);
  const engineJobs = jobs.filter((_, i) => i % 2 === 0);
  const rawJobs = jobs.filter((_, i) => i % 2 === 1);

  const emitted: number[] = [];
  const warm = Math.min(50, Math.floor(engineJobs.length / 10));
  let t0 = 0;
  let c0 = process.cpuUsage();
  for (const [i, j] of engineJobs.entries()) {
    if (i === warm) {
      t0 = performance.now();
      c0 = process.cpuUsage();
    }
    const r = await dispatch(db, p.clock, { caseId: j.caseId, actor: j.actor, event: j.event });
    emitted.push(r.emitted.length);
  }
  const engineMs = performance.now() - t0;
  const engineCpu = cpuMs(c0);

  const raw = new SQLite(file);
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = NORMAL");
  raw.pragma("busy_timeout = 5000");
  const getCase = raw.prepare("select * from cases where id = ?");
  const updateCase = raw.prepare(
    "update cases set state = ?, snapshot = ?, version = ?, updated_at = ? where id = ? and version = ?",
  );
  const lastEvent = raw.prepare(
    "select seq, hash from case_events where case_id = ? order by seq desc limit 1",
  );
  const insertEvent = raw.prepare(
    `insert into case_events (case_id, seq, type, actor_id, actor_role, actor_department_id, payload, state_before, state_after, created_at, prev_hash, hash)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const nextDue = raw.prepare(
    `select due_date, type from case_deadlines where case_id = ? and status = 'open' and type not in (${WINDOW_TYPES.map(() => "?").join(", ")}) order by due_date limit 1`,
  );
  const setDue = raw.prepare("update cases set next_due_date = ?, next_due_type = ? where id = ?");
  // RECORD_CONTACT meets the lead unit's contact deadline.
  const meetDeadline = raw.prepare(
    "update case_deadlines set status = 'met', met_at = ? where case_id = ? and status = 'open' and type = ? and department_id = ?",
  );
  // The engine rewrites the case's row of the full-text index when the event may change it.
  const unindex = raw.prepare("delete from case_search where rowid = ?");
  const index = raw.prepare("insert into case_search (rowid, tokens) values (?, ?)");
  const insertOutbox = raw.prepare(
    `insert into outbox (case_id, event_id, template, recipient_user_id, recipient_email, locale, payload, dedupe_key, status, attempts, next_attempt_at, created_at)
     values (?, ?, 'reminder', null, ?, 'zh-CN', ?, ?, 'pending', 0, ?, ?) on conflict (dedupe_key) do nothing`,
  );
  const perEvent = emitted.length ? Math.round(emitted.reduce((a, b) => a + b, 0) / emitted.length) : 0;
  const write = raw.transaction((j: Job, now: string) => {
    const row = getCase.get(j.caseId) as {
      snapshot: string;
      version: number;
      state: string;
      title: string;
      body: string;
      measures: string | null;
    };
    const u = updateCase.run(row.state, row.snapshot, row.version + 1, now, j.caseId, row.version);
    if (u.changes !== 1) throw new Error("version conflict");
    const last = lastEvent.get(j.caseId) as { seq: number; hash: string } | undefined;
    const e = {
      case_id: j.caseId,
      seq: (last?.seq ?? 0) + 1,
      type: j.event.type,
      actor_id: j.actor.userId,
      actor_role: j.actor.role,
      actor_department_id: j.actor.departmentId,
      payload: JSON.stringify({ ...j.event, type: undefined }),
      state_before: row.state,
      state_after: row.state,
      created_at: now,
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    const id = insertEvent.run(...Object.values(e), eventHash(e)).lastInsertRowid;
    if (j.event.type === "RECORD_CONTACT")
      meetDeadline.run(now.slice(0, 10), j.caseId, "contact", j.actor.departmentId);
    const due = nextDue.get(j.caseId, ...WINDOW_TYPES) as { due_date: string; type: string } | undefined;
    setDue.run(due?.due_date ?? null, due?.type ?? null, j.caseId);
    // Neither event changes the words, the state or the units; the same rule as the engine's.
    if (searchMayChange(row, row, j.event.type, [], [])) {
      unindex.run(j.caseId);
      index.run(j.caseId, indexText([row.title, row.body, row.measures]));
    }
    const payload = JSON.stringify({
      caseId: j.caseId,
      title: row.title,
      state: row.state,
      event: j.event.type,
    });
    for (let k = 0; k < perEvent; k++)
      insertOutbox.run(j.caseId, id, `raw${k}@bench.example.gov.cn`, payload, `raw:${id}:${k}`, now, now);
  });
  for (const [i, j] of rawJobs.entries()) {
    if (i === warm) {
      t0 = performance.now();
      c0 = process.cpuUsage();
    }
    write.immediate(j, p.clock.now().toISOString());
  }
  const rawMs = performance.now() - t0;
  const rawCpu = cpuMs(c0);
  raw.close();

  const counted = engineJobs.length - warm;
  const dispatchPerSec = (counted / engineMs) * 1000;
  const rawPerSec = ((rawJobs.length - warm) / rawMs) * 1000;
  const mix: Record<string, number> = {};
  for (const j of engineJobs) mix[j.event.type] = (mix[j.event.type] ?? 0) + 1;
  return {
    events: counted,
    dispatchPerSec: round(dispatchPerSec, 0),
    rawPerSec: round(rawPerSec, 0),
    ratio: round(dispatchPerSec / rawPerSec, 3),
    dispatchCpuMs: round(engineCpu / counted, 2),
    rawCpuMs: round(rawCpu / (rawJobs.length - warm), 2),
    cpuRatio: round(rawCpu / (rawJobs.length - warm) / (engineCpu / counted), 3),
    outboxRowsPerEvent: perEvent,
    mix,
  };
}
