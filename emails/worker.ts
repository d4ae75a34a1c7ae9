import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Kysely } from "kysely";
import {
  claimDueMail,
  fixMessageId,
  hasDueMail,
  markDelivered,
  markRetry,
  markUndelivered,
  type Rendered,
  releaseLeases,
} from "../db/mail";
import type { Database, OutboxRow } from "../db/schema";
import type { MailConfig } from "./config";
import {
  caseReference,
  messageIdFor,
  renderOutboxMail,
  resolveRecipient,
  UnknownTemplateError,
} from "./render";
import { classifyFailure, type MailTransport } from "./transport";

/**
 * The outbox's delivery worker. Rows are claimed with a lease (db/mail.ts `claimDueMail`), sent,
 * then marked; a worker that dies in between leaves the row leased, and when the lease runs out
 * another worker sends it again with the same Message-ID. Temporary failures are retried with
 * exponential backoff and jitter, permanent ones end as `dead` for an admin to see. Nothing here
 * throws past the outbox: every outcome is written to the row.
 */
export interface WorkerOptions {
  /** rows claimed at once */
  batchSize: number;
  /** how long a claim lasts; longer than the slowest send of a whole batch */
  leaseMs: number;
  /** first retry after about this long; each further one twice as long */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** claims (attempts) after which a temporary failure is given up as dead */
  maxAttempts: number;
  /** stop taking new rows of a batch this long before its lease ends */
  leaseMarginMs: number;
  random: () => number;
}

export const DEFAULT_WORKER_OPTIONS: WorkerOptions = {
  batchSize: 10,
  leaseMs: 5 * 60_000,
  backoffBaseMs: 30_000,
  backoffMaxMs: 60 * 60_000,
  // 30 s, 1, 2, 4, 8, 16, 32 min, then hourly: about a day of trying before a mail is dead.
  maxAttempts: 30,
  leaseMarginMs: 30_000,
  random: Math.random,
};

export interface MailWorkerDeps {
  db: Kysely<Database>;
  transport: MailTransport;
  config: MailConfig;
  clock?: { now(): Date };
  options?: Partial<WorkerOptions>;
  /** names this worker's leases; one per process (or per test worker) */
  owner?: string;
  log?: (line: string) => void;
}

export interface BatchResult {
  claimed: number;
  sent: number;
  captured: number;
  retried: number;
  dead: number;
  skipped: number;
  /** claimed but given back untouched (stopping, or the lease running out) */
  released: number;
}

const emptyResult = (): BatchResult => ({
  claimed: 0,
  sent: 0,
  captured: 0,
  retried: 0,
  dead: 0,
  skipped: 0,
  released: 0,
});

export function workerOwner(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

/** Equal jitter: half the exponential delay, plus a random share of the other half. */
export function backoffDelay(
  attempt: number,
  o: Pick<WorkerOptions, "backoffBaseMs" | "backoffMaxMs" | "random">,
) {
  const exp = Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + o.random() * (exp / 2));
}

function settings(deps: MailWorkerDeps) {
  return {
    o: { ...DEFAULT_WORKER_OPTIONS, ...deps.options },
    clock: deps.clock ?? { now: () => new Date() },
    owner: deps.owner ?? defaultOwner,
    log: deps.log ?? ((line: string) => console.log(line)),
  };
}

const defaultOwner = workerOwner();

/** Claims one batch of due mail and delivers it. `shouldStop` is asked between rows. */
export async function deliverDue(deps: MailWorkerDeps, shouldStop: () => boolean = () => false) {
  const { o, clock, owner, log } = settings(deps);
  const result = emptyResult();
  const claimedAt = clock.now();
  const now = claimedAt.toISOString();
  if (!(await hasDueMail(deps.db, now))) return result;
  const leaseEnd = claimedAt.getTime() + o.leaseMs;
  const rows = await claimDueMail(deps.db, {
    now,
    leaseUntil: new Date(leaseEnd).toISOString(),
    owner,
    limit: o.batchSize,
  });
  result.claimed = rows.length;
  for (let i = 0; i < rows.length; i++) {
    if (shouldStop() || clock.now().getTime() > leaseEnd - o.leaseMarginMs) {
      const rest = rows.slice(i).map((r) => r.id);
      await releaseLeases(deps.db, rest, owner).catch(() => {});
      result.released += rest.length;
      break;
    }
    const outcome = await deliverOne(deps, rows[i], owner, o, clock, log);
    result[outcome]++;
  }
  return result;
}

type Outcome = "sent" | "captured" | "retried" | "dead" | "skipped";

async function deliverOne(
  deps: MailWorkerDeps,
  row: OutboxRow,
  owner: string,
  o: WorkerOptions,
  clock: { now(): Date },
  log: (line: string) => void,
): Promise<Outcome> {
  const { db, transport, config } = deps;
  const label = `mail #${row.id} ${row.template}`;
  let rendered: Rendered | null = null;
  let to: string | null = null;
  try {
    const who = await resolveRecipient(db, row);
    if (!who.ok) {
      await markUndelivered(db, row.id, owner, { status: who.status, error: who.reason, to: who.to });
      if (who.status === "dead") log(`${label}: dead (${who.reason})`);
      return who.status;
    }
    to = who.to;
    rendered = await renderOutboxMail(db, row, who, config);
    const messageId =
      row.message_id ?? (await fixMessageId(db, row.id, messageIdFor(row, config.messageIdDomain)));
    try {
      await transport.send({
        from: config.from,
        to: who.to,
        replyTo: config.replyTo,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        messageId,
        references: caseReference(row.case_id, config.messageIdDomain),
      });
    } catch (err) {
      const f = classifyFailure(err);
      if (f.kind === "permanent" || row.attempts >= o.maxAttempts) {
        const error =
          f.kind === "permanent" ? f.message : `gave up after ${row.attempts} attempts: ${f.message}`;
        await markUndelivered(db, row.id, owner, { status: "dead", error, to, rendered });
        log(`${label} → ${to}: dead (${error})`);
        return "dead";
      }
      const next = new Date(clock.now().getTime() + backoffDelay(row.attempts, o)).toISOString();
      await markRetry(db, row.id, owner, { nextAttemptAt: next, error: f.message });
      log(`${label} → ${to}: will retry at ${next} (${f.message})`);
      return "retried";
    }
    const status = transport.mode === "smtp" ? "sent" : "captured";
    const mark = () =>
      markDelivered(db, row.id, {
        status,
        now: clock.now().toISOString(),
        to: who.to,
        locale: who.lang,
        rendered: rendered!,
      });
    // Sent but not yet marked is the one window for a duplicate: give a failed mark a second chance.
    await mark().catch(async () => {
      await new Promise((r) => setTimeout(r, 200));
      await mark();
    });
    return status;
  } catch (err) {
    if (err instanceof UnknownTemplateError) {
      await markUndelivered(db, row.id, owner, { status: "dead", error: err.message, to }).catch(() => {});
      log(`${label}: dead (${err.message})`);
      return "dead";
    }
    // The database or a template failed: try again later. If even this write fails, the lease runs
    // out and the row is claimed again.
    const message = err instanceof Error ? err.message : String(err);
    const next = new Date(clock.now().getTime() + backoffDelay(row.attempts, o)).toISOString();
    await markRetry(db, row.id, owner, { nextAttemptAt: next, error: `internal: ${message}` }).catch(
      () => {},
    );
    log(`${label}: will retry at ${next} (internal: ${message})`);
    return "retried";
  }
}

/** Delivers batches until nothing is due (or `maxBatches`, or a stop is asked). */
export async function drainOutbox(
  deps: MailWorkerDeps,
  opts: { maxBatches?: number; shouldStop?: () => boolean } = {},
): Promise<BatchResult> {
  const total = emptyResult();
  const { o } = settings(deps);
  for (let i = 0; i < (opts.maxBatches ?? 100); i++) {
    const r = await deliverDue(deps, opts.shouldStop);
    for (const k of Object.keys(total) as Array<keyof BatchResult>) total[k] += r[k];
    if (r.claimed < o.batchSize || r.released > 0 || opts.shouldStop?.()) break;
  }
  return total;
}

export interface MailWorkerHandle {
  /** Finishes the mail being sent, gives back the rest of the batch, and stops. */
  stop(): Promise<void>;
  /** Looks for due mail now instead of at the next interval. */
  kick(): void;
}

/** The loop: drain, wait `intervalMs`, again. Errors are logged, never thrown. */
export function startMailWorker(deps: MailWorkerDeps & { intervalMs: number }): MailWorkerHandle {
  const log = deps.log ?? ((line: string) => console.log(line));
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  const tick = () => {
    timer = null;
    if (running || stopped) return;
    running = (async () => {
      try {
        const r = await drainOutbox(deps, { shouldStop: () => stopped });
        const done = r.sent + r.captured + r.dead + r.skipped;
        if (done)
          log(
            `mail: ${r.sent} sent, ${r.captured} captured, ${r.skipped} not sent (no address or opted out), ${r.dead} failed, ${r.retried} to retry`,
          );
        else if (r.retried) log(`mail: ${r.retried} to retry`);
      } catch (err) {
        log(`mail: worker pass failed, will try again: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        running = null;
        schedule(deps.intervalMs);
      }
    })();
  };
  schedule(0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      deps.transport.close();
    },
    kick() {
      if (!running) schedule(0);
    },
  };
}
