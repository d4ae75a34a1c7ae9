import { z } from "zod";
import { updateDepartmentRow, updateUserRow } from "../../db/accounts";
import { recordAdminAction } from "../../db/audit";
import { findDepartmentByName, getDepartment } from "../../db/departments";
import { getEnterprise } from "../../db/enterprises";
import { savePolicy, storedPolicy } from "../../db/policies";
import type { Role } from "../../db/schema";
import { endAllSessions } from "../../db/sessions";
import { getUser, ROLES } from "../../db/users";
import { kinds } from "../../workflows/engine";
import { CaseError, type FieldProblems, zodProblems } from "../../workflows/errors";
import { defaultSupervisionPolicy, supervisionPolicySchema } from "../../workflows/escalation";
import { id, optionalText, text } from "../../workflows/schemas";
import type { SessionUser } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";
import { hashPassword, passwordProblem } from "../utils/password.server";
import { publicUser } from "./user.server";

/*
 * What an admin changes after creation — a user's profile, role, unit, password and whether the
 * account is active; a department; a deadline policy — and a person signing out everywhere. Every
 * change writes one `admin_audit` row per kind of change, with the actor and the time, in the same
 * transaction as the change. Deactivating an account or resetting its password ends every session
 * and API token it had.
 */

const refuse = (fields: FieldProblems) => new CaseError("validation_failed", "invalid_payload", { fields });

const email = z
  .string()
  .trim()
  .email()
  .max(200)
  .nullable()
  .optional()
  .or(z.literal("").transform(() => null));

export const userPatchSchema = z.strictObject({
  displayName: text(50).optional(),
  email,
  locale: z.enum(["zh-CN", "en"]).optional(),
  role: z.enum(ROLES as [Role, ...Role[]]).optional(),
  departmentId: id.nullable().optional(),
  enterpriseId: id.nullable().optional(),
  active: z.boolean().optional(),
  password: z.string().min(1).max(200).optional(),
});

async function userOr404(userId: number) {
  const u = await getUser(db(), userId);
  if (!u) throw new CaseError("not_found", "user_not_found");
  return u;
}

export async function userForAdmin(userId: number) {
  const { password_hash: _, ...u } = await userOr404(userId);
  return { ...publicUser(u), active: u.active === 1 };
}

/**
 * Changes a user. All problems are reported at once, per field; nothing is written unless all
 * pass. An admin may not deactivate their own account or take away their own admin role (there
 * would be nobody left to undo it).
 */
export async function updateUser(admin: SessionUser, userId: number, input: unknown) {
  const current = await userOr404(userId);
  const shape = userPatchSchema.safeParse(input, { reportInput: true });
  if (!shape.success) throw refuse(zodProblems(shape.error));
  const p = shape.data;
  const problems: FieldProblems = {};
  if (p.password !== undefined) {
    const pw = passwordProblem(p.password);
    if (pw) problems.password = { code: pw };
  }
  const self = admin.id === current.id;
  if (self && p.active === false) problems.active = { code: "own_account" };
  if (self && p.role !== undefined && p.role !== "admin") problems.role = { code: "own_account" };
  const role = p.role ?? current.role;
  const needsDept = role === "handler" || role === "dept_head";
  const deptId = p.departmentId !== undefined ? p.departmentId : current.department_id;
  if (needsDept) {
    if (!deptId) problems.departmentId = { code: "department_required" };
    else if (p.departmentId !== undefined || p.role !== undefined) {
      const d = await getDepartment(db(), deptId);
      if (!d?.active) problems.departmentId = { code: "invalid_reference" };
    }
  }
  const entId = p.enterpriseId !== undefined ? p.enterpriseId : current.enterprise_id;
  if (role === "enterprise") {
    if (!entId) problems.enterpriseId = { code: "required" };
    else if (!(await getEnterprise(db(), entId))) problems.enterpriseId = { code: "invalid_reference" };
  }
  if (Object.keys(problems).length) throw refuse(problems);

  const now = clock.now().toISOString();
  const passwordHash = p.password !== undefined ? await hashPassword(p.password) : undefined;
  const profile = {
    ...(p.displayName !== undefined && p.displayName !== current.display_name
      ? { display_name: p.displayName }
      : {}),
    ...(p.email !== undefined && p.email !== current.email ? { email: p.email } : {}),
    ...(p.locale !== undefined && p.locale !== current.locale ? { locale: p.locale } : {}),
  };
  const access = {
    ...(role !== current.role ? { role } : {}),
    ...((needsDept ? deptId : null) !== current.department_id
      ? { department_id: needsDept ? deptId : null }
      : {}),
    ...((role === "enterprise" ? entId : null) !== current.enterprise_id
      ? { enterprise_id: role === "enterprise" ? entId : null }
      : {}),
  };
  const activeNow = p.active === undefined ? current.active === 1 : p.active;
  const activeChanged = activeNow !== (current.active === 1);
  const target = `user:${userId}`;
  const ended = await db()
    .transaction()
    .execute(async (trx) => {
      await updateUserRow(trx, userId, {
        ...profile,
        ...access,
        ...(activeChanged ? { active: activeNow ? 1 : 0 } : {}),
        ...(passwordHash ? { password_hash: passwordHash } : {}),
      });
      const audit = (action: string, detail: unknown) =>
        recordAdminAction(trx, { actorId: admin.id, action, target, detail, now });
      if (Object.keys(profile).length) await audit("user.update", profile);
      if (Object.keys(access).length)
        await audit("user.role", {
          from: {
            role: current.role,
            department_id: current.department_id,
            enterprise_id: current.enterprise_id,
          },
          to: access,
        });
      let endedHere = { sessions: 0, tokens: 0 };
      if ((activeChanged && !activeNow) || passwordHash) endedHere = await endAllSessions(trx, userId);
      if (activeChanged)
        await audit(activeNow ? "user.activate" : "user.deactivate", { endedSessions: endedHere });
      if (passwordHash) await audit("user.password", { endedSessions: endedHere });
      return endedHere;
    });
  return { ...(await userForAdmin(userId)), ended };
}

export const departmentPatchSchema = z.strictObject({
  name: text(100).optional(),
  shortName: optionalText(30).nullable(),
  email,
  active: z.boolean().optional(),
});

async function departmentOr404(departmentId: number) {
  const d = await getDepartment(db(), departmentId);
  if (!d) throw new CaseError("not_found", "department_not_found");
  return d;
}

const departmentView = (d: Awaited<ReturnType<typeof departmentOr404>>) => ({
  id: d.id,
  name: d.name,
  shortName: d.short_name,
  email: d.email,
  active: d.active === 1,
});

export async function departmentForAdmin(departmentId: number) {
  return departmentView(await departmentOr404(departmentId));
}

/**
 * Renames a department, changes its shared mailbox, or takes it out of use (an inactive
 * department can no longer be chosen for an assignment; its past cases stay as they are).
 */
export async function updateDepartment(admin: SessionUser, departmentId: number, input: unknown) {
  const current = await departmentOr404(departmentId);
  const shape = departmentPatchSchema.safeParse(input, { reportInput: true });
  if (!shape.success) throw refuse(zodProblems(shape.error));
  const p = shape.data;
  if (p.name !== undefined && p.name !== current.name) {
    const other = await findDepartmentByName(db(), p.name);
    if (other && other.id !== departmentId) throw refuse({ name: { code: "name_taken" } });
  }
  const change = {
    ...(p.name !== undefined && p.name !== current.name ? { name: p.name } : {}),
    ...(p.shortName !== undefined && (p.shortName ?? null) !== current.short_name
      ? { short_name: p.shortName ?? null }
      : {}),
    ...(p.email !== undefined && p.email !== current.email ? { email: p.email } : {}),
  };
  const activeChanged = p.active !== undefined && p.active !== (current.active === 1);
  const now = clock.now().toISOString();
  const target = `department:${departmentId}`;
  await db()
    .transaction()
    .execute(async (trx) => {
      await updateDepartmentRow(trx, departmentId, {
        ...change,
        ...(activeChanged ? { active: p.active ? 1 : 0 } : {}),
      });
      if (Object.keys(change).length)
        await recordAdminAction(trx, {
          actorId: admin.id,
          action: "department.update",
          target,
          detail: change,
          now,
        });
      if (activeChanged)
        await recordAdminAction(trx, {
          actorId: admin.id,
          action: p.active ? "department.activate" : "department.deactivate",
          target,
          detail: {},
          now,
        });
    });
  return departmentForAdmin(departmentId);
}

/** The policies an admin may change: each case kind's deadlines, and the escalation ladder. */
function policyDefinition(kind: string) {
  if (kind === "supervision") return { schema: supervisionPolicySchema, defaults: defaultSupervisionPolicy };
  const k = kinds[kind as keyof typeof kinds];
  if (!k) throw new CaseError("not_found", "policy_not_found");
  return { schema: k.policySchema, defaults: k.defaultPolicy as object };
}

export async function policyForAdmin(kind: string) {
  const { schema, defaults } = policyDefinition(kind);
  const stored = await storedPolicy(db(), kind);
  const parsed = stored === undefined ? null : schema.safeParse({ ...defaults, ...(stored as object) });
  return {
    kind,
    policy: parsed?.success ? parsed.data : defaults,
    defaults,
    customised: stored !== undefined,
  };
}

/** Replaces a policy with the given values (missing keys keep their defaults); checked whole. */
export async function changePolicy(admin: SessionUser, kind: string, input: unknown) {
  const { schema, defaults } = policyDefinition(kind);
  if (!input || typeof input !== "object" || Array.isArray(input))
    throw refuse({ _: { code: "invalid_type" } });
  const parsed = schema.safeParse({ ...defaults, ...input }, { reportInput: true });
  if (!parsed.success) throw refuse(zodProblems(parsed.error));
  const now = clock.now().toISOString();
  const before = await storedPolicy(db(), kind);
  await db()
    .transaction()
    .execute(async (trx) => {
      await savePolicy(trx, kind, parsed.data, now);
      await recordAdminAction(trx, {
        actorId: admin.id,
        action: "policy.update",
        target: `policy:${kind}`,
        detail: { before: before ?? null, after: parsed.data },
        now,
      });
    });
  return policyForAdmin(kind);
}

/**
 * "Sign out everywhere": every browser session and API token of this person ends, this one
 * included; recorded with the person as actor.
 */
export async function signOutEverywhere(user: SessionUser) {
  const now = clock.now().toISOString();
  return db()
    .transaction()
    .execute(async (trx) => {
      const ended = await endAllSessions(trx, user.id);
      await recordAdminAction(trx, {
        actorId: user.id,
        action: "session.end_all",
        target: `user:${user.id}`,
        detail: ended,
        now,
      });
      return ended;
    });
}
