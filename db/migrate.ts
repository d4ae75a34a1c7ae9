import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import * as m0001 from "./migrations/2026-11-23-0001-initial";
import * as m0002 from "./migrations/2026-11-23-0002-mail";
import * as m0003 from "./migrations/2026-11-23-0003-attachments";
import * as m0004 from "./migrations/2026-11-23-0004-supervision";
import * as m0006 from "./migrations/2026-11-23-0006-bulletins";
import * as m0007 from "./migrations/2026-11-23-0007-login-throttle";
import * as m0008 from "./migrations/2026-11-23-0008-search";
import * as m0009 from "./migrations/2026-11-23-0009-session-activity";
import * as m0010 from "./migrations/2026-11-23-0010-query-indexes";
import * as m0011 from "./migrations/2026-11-23-0011-settings-version";
import * as m0012 from "./migrations/2026-11-23-0012-page-indexes";
import * as m0013 from "./migrations/2026-11-23-0013-inbox-facts";
import type { Database } from "./schema";

// Listed explicitly so the migrations ship inside the server bundle as well as run from scripts.
const migrations: Record<string, Migration> = {
  "2026-11-23-0001-initial": m0001,
  "2026-11-23-0002-mail": m0002,
  "2026-11-23-0003-attachments": m0003,
  "2026-11-23-0004-supervision": m0004,
  "2026-11-23-0006-bulletins": m0006,
  "2026-11-23-0007-login-throttle": m0007,
  "2026-11-23-0008-search": m0008,
  "2026-11-23-0009-session-activity": m0009,
  "2026-11-23-0010-query-indexes": m0010,
  "2026-11-23-0011-settings-version": m0011,
  "2026-11-23-0012-page-indexes": m0012,
  "2026-11-23-0013-inbox-facts": m0013,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** True when every known migration has been applied. */
export async function migrationsCurrent(db: Kysely<Database>): Promise<boolean> {
  const migrator = new Migrator({ db, provider });
  const list = await migrator.getMigrations();
  return list.every((m) => m.executedAt !== undefined);
}
