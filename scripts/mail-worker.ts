import { env, sessionSecret } from "../app/utils/env.server";
import { openDb } from "../db/client";
import { migrationsCurrent } from "../db/migrate";
import { mailConfig } from "../emails/config";
import { transportFor } from "../emails/transport";
import { drainOutbox, startMailWorker } from "../emails/worker";

/**
 * The outbox's mail worker as a process of its own, beside (or instead of) the one inside the
 * server (MAIL_WORKER=0 there). Any number may run against one database: rows are leased.
 *
 *   npm run mail:worker            deliver until stopped (SIGINT / SIGTERM)
 *   npm run mail:worker -- --once  deliver what is due now, then exit
 *
 * Reads DATABASE_URL, SMTP_URL, MAIL_FROM, MAIL_REPLY_TO, PUBLIC_URL and SESSION_SECRET (which must
 * be the server's: it signs the rating links) like the server does.
 */
const e = env();
const once = process.argv.includes("--once");
const { kysely, close } = openDb(e.DATABASE_URL);
if (!(await migrationsCurrent(kysely))) {
  console.error("mail worker: the database schema is not current; run `npm run db:migrate` first");
  await close();
  process.exit(1);
}
const config = mailConfig({ ...e, sessionSecret: sessionSecret() });
const transport = transportFor(e.SMTP_URL, { production: e.NODE_ENV === "production" });
console.log(`mail worker: ${transport.description}, from ${config.from}, links to ${config.publicUrl}`);

if (once) {
  const r = await drainOutbox({ db: kysely, transport, config }, { maxBatches: 10_000 });
  console.log(
    `mail worker: ${r.sent} sent, ${r.captured} captured, ${r.skipped} not sent, ${r.dead} failed, ${r.retried} to retry later`,
  );
  transport.close();
  await close();
} else {
  const worker = startMailWorker({ db: kysely, transport, config, intervalMs: e.MAIL_WORKER_INTERVAL_MS });
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, async () => {
      console.log("mail worker: stopping after the mail in hand");
      await worker.stop();
      await close();
      process.exit(0);
    });
  // The worker's timers do not hold the process open; this does, until a signal.
  setInterval(() => {}, 1 << 30);
}
