import { prepareDatabase } from "../db/bootstrap";
import { countUsers, findUserByUsername, insertUser } from "../db/users";
import { startMailDelivery } from "./models/mail.server";
import { startSweeper } from "./models/sweeper.server";
import { clock, db } from "./utils/db.server";
import { env } from "./utils/env.server";
import { hashPassword, passwordProblem } from "./utils/password.server";

/**
 * Runs once when the server starts: migrate, load official calendars for new years, create the
 * first admin from ADMIN_USERNAME / ADMIN_PASSWORD when the database has no users yet, and start
 * the outbox's mail worker (unless MAIL_WORKER=0) and the deadline sweeper (unless SWEEPER=0).
 */
export async function startup(): Promise<void> {
  const e = env();
  const now = clock.now().toISOString();
  const { migrated, calendarYears } = await prepareDatabase(db(), now);
  if (migrated.length) console.log(`migrated: ${migrated.join(", ")}`);
  if (calendarYears.length) console.log(`calendar loaded for ${calendarYears.join(", ")}`);
  if (e.ADMIN_USERNAME && e.ADMIN_PASSWORD && (await countUsers(db())) === 0) {
    const problem = passwordProblem(e.ADMIN_PASSWORD);
    if (problem) throw new Error(`ADMIN_PASSWORD: ${problem}`);
    if (!(await findUserByUsername(db(), e.ADMIN_USERNAME))) {
      await insertUser(db(), {
        username: e.ADMIN_USERNAME,
        passwordHash: await hashPassword(e.ADMIN_PASSWORD),
        displayName: "系统管理员",
        role: "admin",
        now,
      });
      console.log(`created the first admin: ${e.ADMIN_USERNAME}`);
    }
  }
  startMailDelivery();
  startSweeper();
}
