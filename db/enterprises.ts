import { type Kysely, sql } from "kysely";
import { type Viewer, visibleTo } from "./cases";
import type { Database } from "./schema";

type Q = Kysely<Database>;

/** 企业库: the registry of enterprises that file requests (企业诉求). */

export async function getEnterprise(db: Q, id: number) {
  return db.selectFrom("enterprises").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The enterprise holding this unified social credit code (统一社会信用代码), stored upper-case. */
export async function findByUscc(db: Q, uscc: string) {
  return db.selectFrom("enterprises").selectAll().where("uscc", "=", uscc).executeTakeFirst();
}

export interface NewEnterprise {
  name: string;
  uscc: string;
  region?: string | null;
  industry?: string | null;
  size?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  now: string;
}

export async function insertEnterprise(db: Q, e: NewEnterprise): Promise<number> {
  const row = await db
    .insertInto("enterprises")
    .values({
      name: e.name,
      uscc: e.uscc,
      region: e.region ?? null,
      industry: e.industry ?? null,
      size: e.size ?? null,
      contact_name: e.contactName ?? null,
      contact_phone: e.contactPhone ?? null,
      created_at: e.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** `%text%` for LIKE, with the pattern characters of the text itself escaped. */
function likeOf(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A page of enterprises, searched by name (any part) or by code (any part, case-insensitive: codes
 * are stored upper-case), with how many users and requests each has.
 */
/** Enterprises by name, ids and names only: a form's choice list. */
export async function enterpriseChoices(db: Q, limit: number) {
  return db
    .selectFrom("enterprises")
    .select(["id", "name"])
    .orderBy("name")
    .orderBy("id")
    .limit(limit)
    .execute();
}

export async function listEnterprises(db: Q, f: { q?: string; page: number; pageSize: number }) {
  let q = db.selectFrom("enterprises");
  const text = f.q?.trim();
  if (text) {
    const byName = likeOf(text);
    const byCode = likeOf(text.toUpperCase());
    q = q.where((eb) =>
      eb.or([
        eb("enterprises.name", "like", sql<string>`${byName} escape '\\'`),
        eb("enterprises.uscc", "like", sql<string>`${byCode} escape '\\'`),
      ]),
    );
  }
  const [items, total] = await Promise.all([
    q
      .selectAll("enterprises")
      .select((eb) => [
        eb
          .selectFrom("users")
          .select((u) => u.fn.countAll<number>().as("n"))
          .whereRef("users.enterprise_id", "=", "enterprises.id")
          .as("user_count"),
        eb
          .selectFrom("cases")
          .select((c) => c.fn.countAll<number>().as("n"))
          .whereRef("cases.enterprise_id", "=", "enterprises.id")
          .where("cases.kind", "=", "enterprise_request")
          .as("case_count"),
      ])
      .orderBy("enterprises.name")
      .orderBy("enterprises.id")
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    items: items.map((e) => ({
      ...e,
      user_count: Number(e.user_count ?? 0),
      case_count: Number(e.case_count ?? 0),
    })),
    total: Number(total.n),
  };
}

/** The people who act for this enterprise (企业用户). */
export async function enterpriseUsers(db: Q, enterpriseId: number) {
  return db
    .selectFrom("users")
    .select(["id", "username", "display_name", "email", "phone", "locale", "active", "created_at"])
    .where("enterprise_id", "=", enterpriseId)
    .orderBy("id")
    .execute();
}

/**
 * The enterprise's requests as a viewer may see them (pass no viewer for the whole history, e.g.
 * for an administrator who sees no case pages), newest first.
 */
export async function enterpriseCases(db: Q, enterpriseId: number, viewer?: Viewer, limit = 500) {
  let q = db
    .selectFrom("cases")
    .leftJoin("departments as lead", "lead.id", "cases.lead_department_id")
    .where("cases.enterprise_id", "=", enterpriseId)
    .where("cases.kind", "=", "enterprise_request");
  if (viewer) q = q.where(visibleTo(viewer));
  return q
    .select([
      "cases.id",
      "cases.title",
      "cases.state",
      "cases.category",
      "cases.theme",
      "cases.channel",
      "cases.priority",
      "cases.round",
      "cases.is_key",
      "cases.outcome",
      "cases.satisfaction",
      "cases.next_due_date",
      "cases.next_due_type",
      "cases.created_at",
      "cases.updated_at",
      "cases.closed_at",
      "lead.name as lead_department_name",
    ])
    .orderBy("cases.created_at", "desc")
    .orderBy("cases.id", "desc")
    .limit(limit)
    .execute();
}

/** How many of the enterprise's requests are in each state and in each category. */
export async function enterpriseCaseCounts(db: Q, enterpriseId: number, viewer?: Viewer) {
  const base = () => {
    let q = db
      .selectFrom("cases")
      .where("cases.enterprise_id", "=", enterpriseId)
      .where("cases.kind", "=", "enterprise_request");
    if (viewer) q = q.where(visibleTo(viewer));
    return q;
  };
  const [byState, byCategory] = await Promise.all([
    base()
      .select(["cases.state", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("cases.state")
      .execute(),
    base()
      .select(["cases.category", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("cases.category")
      .execute(),
  ]);
  return {
    byState: Object.fromEntries(byState.map((r) => [r.state, Number(r.n)])) as Record<string, number>,
    byCategory: Object.fromEntries(byCategory.map((r) => [r.category ?? "none", Number(r.n)])) as Record<
      string,
      number
    >,
    total: byState.reduce((s, r) => s + Number(r.n), 0),
  };
}
