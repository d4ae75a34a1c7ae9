import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import pg from "pg";
import { prepareDatabase } from "../../db/bootstrap";
import { type Dialect, openDb } from "../../db/client";
import { insertDepartment } from "../../db/departments";
import type { Database, Role } from "../../db/schema";
import { insertUser } from "../../db/users";
import type { Clock } from "../../workflows/engine";
import type { Actor } from "../../workflows/types";

/**
 * Which databases the query modules and the engine are tested against. SQLite always; PostgreSQL
 * when `TEST_POSTGRES_URL` names a server (an admin URL: each test database is created beside it).
 * A backend that cannot run is still listed, with `skip` set, so the suite reports it as skipped
 * (`describe.skipIf(backend.skip)`) instead of passing without having run.
 */
export interface TestBackend {
  name: Dialect;
  /** for postgres: the admin URL used to create and drop the per-test databases */
  adminUrl: string | null;
  skip: boolean;
  /** why it is skipped, for the suite's title */
  skipReason: string | null;
}

export function testDatabases(): TestBackend[] {
  const pgUrl = process.env.TEST_POSTGRES_URL?.trim() || null;
  return [
    { name: "sqlite", adminUrl: null, skip: false, skipReason: null },
    {
      name: "postgres",
      adminUrl: pgUrl,
      skip: !pgUrl,
      skipReason: pgUrl ? null : "TEST_POSTGRES_URL is not set",
    },
  ];
}

/** A title for `describe.each`: the backend, and why it is skipped when it is. */
export function backendTitle(b: TestBackend): string {
  return b.skip ? `${b.name} (skipped: ${b.skipReason})` : b.name;
}

export interface TestDb {
  db: Kysely<Database>;
  dialect: Dialect;
  /** the DATABASE_URL of this database, for a child process to open */
  url: string;
  close(): Promise<void>;
}

const DEFAULT_NOW = "2026-01-05T02:00:00.000Z";

/**
 * A migrated database of its own for one test (or one file), with the official calendars loaded
 * (`prepareDatabase(db, now)`). SQLite: a temp file under os.tmpdir(), removed on close.
 * PostgreSQL: `t_<random>`, created through the admin URL as a copy of a prepared template; close
 * destroys the pool and issues `DROP DATABASE ... WITH (FORCE)`. A file using the postgres backend
 * calls `afterAll(releaseTestDatabases)` to await the drops and remove the template.
 */
export async function freshDb(backend: TestBackend | Dialect, now = DEFAULT_NOW): Promise<TestDb> {
  const b =
    typeof backend === "string" ? testDatabases().find((x) => x.name === backend)! : (backend as TestBackend);
  if (b.name === "postgres") return freshPostgres(b, now);
  return freshSqlite(now);
}

async function freshSqlite(now: string): Promise<TestDb> {
  const file = path.join(os.tmpdir(), `banli-test-${process.pid}-${randomBytes(6).toString("hex")}.db`);
  const handle = openDb(file);
  const remove = () => {
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
  };
  try {
    await prepareDatabase(handle.kysely, now);
  } catch (e) {
    await handle.close();
    remove();
    throw e;
  }
  let closed = false;
  return {
    db: handle.kysely,
    dialect: "sqlite",
    url: file,
    async close() {
      if (closed) return;
      closed = true;
      await handle.close();
      remove();
    },
  };
}

async function withAdmin<T>(adminUrl: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.end();
  }
}

/**
 * Per admin URL and process: one migrated, calendar-seeded database used as the TEMPLATE of every
 * test database (copying it is several times faster than migrating and seeding each one), the next
 * copy made in the background while a test runs, and the drops still under way.
 * `releaseTestDatabases()` waits for the drops and removes the template and the spare.
 */
interface PgState {
  template: Promise<string>;
  spare: Promise<string> | null;
  drops: Set<Promise<void>>;
}
const pgStates = new Map<string, PgState>();

function pgState(adminUrl: string, now: string): PgState {
  let st = pgStates.get(adminUrl);
  if (!st) {
    st = { template: makeTemplate(adminUrl, now), spare: null, drops: new Set() };
    pgStates.set(adminUrl, st);
    // A failed template is reported by the test that awaits it, and retried by the next one.
    st.template.catch(() => pgStates.delete(adminUrl));
  }
  return st;
}

async function makeTemplate(adminUrl: string, now: string): Promise<string> {
  const name = `t_tpl_${randomBytes(8).toString("hex")}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const handle = openDb(databaseUrl(adminUrl, name));
  try {
    await prepareDatabase(handle.kysely, now);
  } catch (e) {
    await handle.close();
    await dropDatabase(adminUrl, name);
    throw e;
  }
  // A template must have no open connections when it is copied.
  await handle.close();
  return name;
}

async function copyTemplate(adminUrl: string, st: PgState): Promise<string> {
  const template = await st.template;
  // Lower-case hex only: safe to quote into DDL, which takes no parameters.
  const name = `t_${randomBytes(8).toString("hex")}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return name;
}

/** Waits for pending drops, then drops this process's template and spare. Call from `afterAll`. */
export async function releaseTestDatabases(): Promise<void> {
  const states = [...pgStates.entries()];
  pgStates.clear();
  for (const [adminUrl, st] of states) {
    await Promise.allSettled(st.drops);
    const spare = await st.spare?.catch(() => null);
    if (spare) await dropDatabase(adminUrl, spare);
    const template = await st.template.catch(() => null);
    if (template) await dropDatabase(adminUrl, template);
  }
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function freshPostgres(b: TestBackend, now: string): Promise<TestDb> {
  if (!b.adminUrl) throw new Error("postgres backend requested but TEST_POSTGRES_URL is not set");
  const adminUrl = b.adminUrl;
  const st = pgState(adminUrl, now);
  const name = await (st.spare ?? copyTemplate(adminUrl, st));
  st.spare = copyTemplate(adminUrl, st);
  st.spare.catch(() => {}); // surfaces when the next test awaits it
  const handle = openDb(databaseUrl(adminUrl, name));
  try {
    // A no-op on the copy (already migrated and seeded), kept so every test database goes through
    // the same start-up path as the app.
    await prepareDatabase(handle.kysely, now);
  } catch (e) {
    await handle.close();
    await dropDatabase(adminUrl, name);
    throw e;
  }
  let closed = false;
  return {
    db: handle.kysely,
    dialect: "postgres",
    url: databaseUrl(adminUrl, name),
    async close() {
      if (closed) return;
      closed = true;
      await handle.close();
      // The pool is gone; the DROP itself may finish while the next test runs.
      const drop = dropDatabase(adminUrl, name).finally(() => st.drops.delete(drop));
      st.drops.add(drop);
    },
  };
}

/** A clock the test moves by hand. */
export interface FixedClock extends Clock {
  set(iso: string): void;
  iso(): string;
}

export function fixedClock(iso: string): FixedClock {
  let current = new Date(iso);
  if (Number.isNaN(current.getTime())) throw new Error(`not an instant: ${iso}`);
  return {
    now: () => new Date(current.getTime()),
    set(next: string) {
      const d = new Date(next);
      if (Number.isNaN(d.getTime())) throw new Error(`not an instant: ${next}`);
      current = d;
    },
    iso: () => current.toISOString(),
  };
}

/** Departments of a small district and the people who work a proposal through them. */
export interface Org {
  departments: {
    /** 区发展和改革局: the lead unit */
    lead: number;
    /** 区规划和自然资源分局: co-handling */
    co1: number;
    /** 区科工商信局: co-handling */
    co2: number;
    /** 区教育局: never assigned */
    other: number;
  };
  users: Record<UserKey, number>;
  actors: Record<UserKey, Actor>;
}

export type UserKey =
  | "author"
  | "cosigner"
  | "otherDelegate"
  | "supervisor"
  | "leadHandler"
  | "leadHead"
  | "co1Handler"
  | "co1Head"
  | "co2Handler"
  | "co2Head"
  | "otherHandler"
  | "otherHead"
  | "admin";

export async function seedOrg(db: Kysely<Database>, now = DEFAULT_NOW): Promise<Org> {
  const departments = {
    lead: await insertDepartment(db, { name: "区发展和改革局", shortName: "发改局", now }),
    co1: await insertDepartment(db, { name: "区规划和自然资源分局", shortName: "规资分局", now }),
    co2: await insertDepartment(db, { name: "区科工商信局", shortName: "科工商信局", now }),
    other: await insertDepartment(db, { name: "区教育局", shortName: "教育局", now }),
  };
  const people: Array<[UserKey, string, Role, number | null]> = [
    ["author", "代表 王建国", "delegate", null],
    ["cosigner", "代表 李秀英", "delegate", null],
    ["otherDelegate", "代表 赵明", "delegate", null],
    ["supervisor", "提案委 陈静", "supervisor", null],
    ["leadHandler", "发改局 承办人", "handler", departments.lead],
    ["leadHead", "发改局 负责人", "dept_head", departments.lead],
    ["co1Handler", "规资分局 承办人", "handler", departments.co1],
    ["co1Head", "规资分局 负责人", "dept_head", departments.co1],
    ["co2Handler", "科工商信局 承办人", "handler", departments.co2],
    ["co2Head", "科工商信局 负责人", "dept_head", departments.co2],
    ["otherHandler", "教育局 承办人", "handler", departments.other],
    ["otherHead", "教育局 负责人", "dept_head", departments.other],
    ["admin", "系统管理员", "admin", null],
  ];
  const users = {} as Record<UserKey, number>;
  const actors = {} as Record<UserKey, Actor>;
  for (const [key, displayName, role, departmentId] of people) {
    const id = await insertUser(db, {
      username: key.toLowerCase(),
      passwordHash: "test-only-not-a-hash",
      displayName,
      role,
      departmentId,
      email: `${key.toLowerCase()}@example.test`,
      now,
    });
    users[key] = id;
    actors[key] = { userId: id, role, departmentId, enterpriseId: null };
  }
  return { departments, users, actors };
}

/**
 * Assignments whose copy of their case's kind, category or finish (what a unit's inbox counts
 * them by) differs from the case: none, whatever happened to the cases.
 */
export async function assignmentFactsDrift(db: Kysely<Database>): Promise<unknown[]> {
  const finished = ["replied", "closed", "rejected", "merged", "withdrawn"];
  return db
    .selectFrom("case_assignments as a")
    .innerJoin("cases as c", "c.id", "a.case_id")
    .select(["a.id", "a.case_id", "c.state", "c.kind", "a.kind as a_kind", "a.category", "a.finished"])
    .where((eb) =>
      eb.or([
        eb("a.kind", "is", null),
        eb("a.kind", "!=", eb.ref("c.kind")),
        eb.and([eb("a.category", "is", null), eb("c.category", "is not", null)]),
        eb.and([eb("a.category", "is not", null), eb("c.category", "is", null)]),
        eb("a.category", "!=", eb.ref("c.category")),
        eb.and([eb("c.state", "in", finished), eb("a.finished", "!=", 1)]),
        eb.and([eb("c.state", "not in", finished), eb("a.finished", "!=", 0)]),
      ]),
    )
    .execute();
}
