import type { Role } from "../db/schema";
import type { Actor } from "./types";

/**
 * Who may send an event: the roles, and how the actor must relate to the case.
 * - author: the case's author (提案人 / the enterprise's user)
 * - assigned_unit / lead_unit / co_unit: the actor's department holds that assignment now
 * - own_enterprise: a user of the enterprise the request is for
 * - any: no relation beyond seeing the case
 */
export type Relation = "author" | "own_enterprise" | "assigned_unit" | "lead_unit" | "co_unit" | "any";

export interface EventPermission {
  roles: ReadonlyArray<Role | "system">;
  relation: Relation;
}

export interface CaseRelations {
  authorId: number;
  enterpriseId?: number | null;
  /** current assignments: department → role */
  units: ReadonlyArray<{ departmentId: number; role: "lead" | "co" }>;
}

export type PermissionVerdict = "ok" | "role" | "relation";

export function checkPermission(
  p: EventPermission | undefined,
  actor: Actor,
  c: CaseRelations,
): PermissionVerdict {
  if (!p?.roles.includes(actor.role)) return "role";
  const unit = c.units.find((u) => u.departmentId === actor.departmentId);
  switch (p.relation) {
    case "any":
      return "ok";
    case "author":
      return actor.userId === c.authorId ? "ok" : "relation";
    case "own_enterprise":
      return actor.enterpriseId !== null && actor.enterpriseId === c.enterpriseId ? "ok" : "relation";
    case "assigned_unit":
      return unit ? "ok" : "relation";
    case "lead_unit":
      return unit?.role === "lead" ? "ok" : "relation";
    case "co_unit":
      return unit?.role === "co" ? "ok" : "relation";
  }
}
