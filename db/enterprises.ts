import type { Kysely } from "kysely";
import type { Database } from "./schema";

type Q = Kysely<Database>;

export async function getEnterprise(db: Q, id: number) {
  return db.selectFrom("enterprises").selectAll().where("id", "=", id).executeTakeFirst();
}
