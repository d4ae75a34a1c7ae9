import { sql } from "kysely";
import { migrationsCurrent } from "../../db/migrate";
import { getOnly } from "../utils/api.server";
import { db } from "../utils/db.server";

/**
 * Ready to serve: the database answers and its schema is current. A load balancer sends traffic
 * only to instances that answer 200 here (`/healthz` only says the process is up).
 */
export async function loader() {
  const headers = { "Content-Type": "application/json", "Cache-Control": "no-store" };
  try {
    await sql`select 1`.execute(db());
    if (!(await migrationsCurrent(db())))
      return new Response(JSON.stringify({ status: "migrations_pending" }), {
        status: 503,
        headers: { ...headers, "Retry-After": "5" },
      });
    return new Response(JSON.stringify({ status: "ready" }), { headers });
  } catch {
    return new Response(JSON.stringify({ status: "database_unreachable" }), {
      status: 503,
      headers: { ...headers, "Retry-After": "5" },
    });
  }
}

export const action = getOnly;
