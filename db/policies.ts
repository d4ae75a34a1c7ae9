import type { Kysely } from "kysely";
import type { Database } from "./schema";
import { settingsVersion } from "./settings-version";

// Keyed by handle and kept while the settings version stays the same (see db/settings-version.ts).
const cache = new WeakMap<Kysely<Database>, { version: number; policies: Map<string, unknown> }>();

/**
 * Every stored policy (JSON by kind), cached per database handle. `version` is the settings
 * version when the caller has just read it; otherwise it is read here.
 */
export async function storedPolicies(
  db: Kysely<Database>,
  version?: number | null,
): Promise<ReadonlyMap<string, unknown>> {
  const current = version === undefined ? await settingsVersion(db) : version;
  const hit = cache.get(db);
  if (hit && current !== null && hit.version === current) return hit.policies;
  const rows = await db.selectFrom("policies").select(["kind", "body"]).execute();
  const policies = new Map(rows.map((r) => [r.kind, JSON.parse(r.body) as unknown]));
  if (current !== null) cache.set(db, { version: current, policies });
  return policies;
}

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
