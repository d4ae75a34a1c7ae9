import type { Kysely } from "kysely";
import type { Database } from "./schema";

/** A kind's stored policy (JSON), or undefined when the defaults apply. */
export async function storedPolicy(db: Kysely<Database>, kind: string): Promise<unknown | undefined> {
  const row = await db.selectFrom("policies").select("body").where("kind", "=", kind).executeTakeFirst();
  return row ? JSON.parse(row.body) : undefined;
}

export async function savePolicy(db: Kysely<Database>, kind: string, body: unknown, now: string) {
  const text = JSON.stringify(body);
  await db
    .insertInto("policies")
    .values({ kind, body: text, updated_at: now })
    .onConflict((oc) => oc.column("kind").doUpdateSet({ body: text, updated_at: now }))
    .execute();
}
