import type { Kysely } from "kysely";
import type { Database } from "./schema";

type Q = Kysely<Database>;

export async function recentFailures(db: Q, p: { username: string; address: string; since: string }) {
  const count = (col: "username" | "address", value: string) =>
    db
      .selectFrom("login_failures")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("at").as("first")])
      .where(col, "=", value)
      .where("at", ">", p.since)
      .executeTakeFirstOrThrow();
  const [byAccount, byAddress] = await Promise.all([
    count("username", p.username),
    count("address", p.address),
  ]);
  return {
    account: { n: Number(byAccount.n), first: byAccount.first as string | null },
    address: { n: Number(byAddress.n), first: byAddress.first as string | null },
  };
}

export async function recordFailure(db: Q, p: { username: string; address: string; at: string }) {
  await db.insertInto("login_failures").values(p).execute();
}

/** A successful sign-in forgives the account's failures (not the address's). */
export async function clearFailures(db: Q, username: string) {
  await db.deleteFrom("login_failures").where("username", "=", username).execute();
}

export async function pruneFailures(db: Q, before: string) {
  await db.deleteFrom("login_failures").where("at", "<", before).execute();
}
