/**
 * Seeds the demo data: `tsx scripts/seed.ts` (npm run db:seed).
 * Database from DATABASE_URL (default ./data/app.db), password for every demo login from
 * DEMO_PASSWORD (default demo-pass-2026). Running it again on a seeded database changes nothing.
 */
import { prepareDatabase } from "../db/bootstrap";
import { DEFAULT_DATABASE_URL, openDb } from "../db/client";
import { seedDemo } from "../db/seed-demo";

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const password = process.env.DEMO_PASSWORD || "demo-pass-2026";

const db = openDb(url);
try {
  const now = new Date();
  await prepareDatabase(db.kysely, now.toISOString());
  const seeded = await db.kysely.selectFrom("departments").select("id").limit(1).executeTakeFirst();
  const started = performance.now();
  const { logins } = await seedDemo(db.kysely, { now, password });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    seeded
      ? `${url}: departments exist already; nothing was seeded. The demo logins are:`
      : `${url}: demo data seeded in ${seconds} s. Logins:`,
  );
  console.table(
    logins.map((l) => ({
      username: l.username,
      role: l.role,
      name: l.displayName,
      department: l.department ?? "",
    })),
  );
  console.log(`Password for every demo login: ${seeded ? "(as set when first seeded)" : password}`);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  await db.close();
}
