import { recentAdminActions } from "../../db/audit";
import { getDepartment, listDepartments } from "../../db/departments";
import { enterpriseChoices as enterpriseNames, getEnterprise } from "../../db/enterprises";
import { liveSessionsOf } from "../../db/sessions";
import { getUser } from "../../db/users";
import { CaseError } from "../../workflows/errors";
import { sessionLimits } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";

/*
 * What the admin's page of one user (/admin/users/:id) reads: the account, where it is signed in,
 * what admins have done to it, and the units and enterprises it may be moved to. Changes go
 * through `updateUser` (accounts.server.ts), the only writer.
 */

/** Enterprises offered on the form; the register is small (one per district), a list is enough. */
const ENTERPRISE_CHOICES = 2000;

/**
 * The live browser sessions of a user (the ones deactivating or a new password would end), and
 * when the latest of them signed in. Sign-ins are not kept beyond their session, so an account
 * signed out everywhere shows none.
 */
export async function liveSignIns(userId: number) {
  const now = clock.now();
  const idleSince = new Date(now.getTime() - sessionLimits().idleMinutes * 60_000).toISOString();
  return liveSessionsOf(db(), userId, now.toISOString(), idleSince);
}

/** The admin_audit rows about one user (newest first), with the acting person's name. */
export function userAuditTrail(userId: number, limit = 20) {
  return recentAdminActions(db(), limit, `user:${userId}`);
}

/** Everything the page shows about a user; a missing user is `not_found`. Never the password hash. */
export async function userPageForAdmin(userId: number) {
  const q = db();
  const u = await getUser(q, userId);
  if (!u) throw new CaseError("not_found", "user_not_found");
  const [department, enterprise, departments, enterprises, signIns, audit] = await Promise.all([
    u.department_id ? getDepartment(q, u.department_id) : undefined,
    u.enterprise_id ? getEnterprise(q, u.enterprise_id) : undefined,
    listDepartments(q),
    enterpriseNames(q, ENTERPRISE_CHOICES),
    liveSignIns(userId),
    userAuditTrail(userId),
  ]);
  // An inactive unit cannot be chosen, but the one the user is in still shows as theirs.
  const unitChoices = departments.map((d) => ({ id: d.id, name: d.name }));
  if (department && !department.active) unitChoices.push({ id: department.id, name: department.name });
  const enterpriseChoices = enterprises.map((e) => ({ id: e.id, name: e.name }));
  if (enterprise && !enterpriseChoices.some((e) => e.id === enterprise.id))
    enterpriseChoices.push({ id: enterprise.id, name: enterprise.name });
  return {
    user: {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      role: u.role,
      departmentId: u.department_id,
      departmentName: department?.name ?? null,
      enterpriseId: u.enterprise_id,
      enterpriseName: enterprise?.name ?? null,
      email: u.email,
      locale: u.locale,
      active: u.active === 1,
      createdAt: u.created_at,
    },
    signIns,
    audit,
    departments: unitChoices,
    enterprises: enterpriseChoices,
  };
}
