import { z } from "zod";
import { recordAdminAction } from "../../db/audit";
import type { Viewer } from "../../db/cases";
import {
  enterpriseCaseCounts,
  enterpriseCases,
  enterpriseUsers,
  findByUscc,
  getEnterprise,
  insertEnterprise,
  listEnterprises,
} from "../../db/enterprises";
import type { Role } from "../../db/schema";
import { today as dateOf } from "../../workflows/dates";
import { defaultEnterprisePolicy } from "../../workflows/enterprise/policy";
import { CaseError, type FieldProblems, zodProblems } from "../../workflows/errors";
import { optionalText, text } from "../../workflows/schemas";
import { normaliseUscc, usccProblem } from "../../workflows/uscc";
import type { SessionUser } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";

/** Who keeps the enterprise registry (企业库): the business-environment office and administrators. */
export const REGISTRY_ROLES: Role[] = ["supervisor", "admin"];

export const ENTERPRISE_SIZES = ["micro", "small", "medium", "large"] as const;

/**
 * Registering an enterprise. The code is normalised to upper case before it is checked; a code
 * whose check character fails may still be recorded by staff with `usccOverride` and a reason
 * (old pilot codes, 试点期间核发的代码), and that override is written to the audit log.
 */
export const enterpriseSchema = z.strictObject({
  name: text(100),
  uscc: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .transform((v) => normaliseUscc(v)),
  region: optionalText(50),
  industry: optionalText(50),
  size: z
    .enum(ENTERPRISE_SIZES)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  contactName: optionalText(50),
  contactPhone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{5,30}$/)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  usccOverride: z.boolean().optional(),
  overrideReason: optionalText(500),
});
export type EnterpriseInput = z.input<typeof enterpriseSchema>;

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505";
}

/** Every problem of an enterprise registration at once: format, check character, duplicate. */
async function registrationProblems(input: unknown) {
  const raw = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  const shape = enterpriseSchema.safeParse(input, { reportInput: true });
  const problems: FieldProblems = shape.success ? {} : zodProblems(shape.error);
  const override = raw.usccOverride === true;
  let overridden = false;
  if (typeof raw.uscc === "string" && !problems.uscc) {
    const uscc = normaliseUscc(raw.uscc);
    const problem = usccProblem(uscc);
    if (problem === "uscc_check" && override) {
      overridden = true;
      const why = typeof raw.overrideReason === "string" ? raw.overrideReason.trim() : "";
      if (!why && !problems.overrideReason) problems.overrideReason = { code: "override_reason_required" };
    } else if (problem) {
      problems.uscc = { code: problem, params: { length: uscc.length } };
      // Wrong length or characters is not a code at all: no override makes it one.
      if (override) problems.usccOverride = { code: "override_not_applicable" };
    }
    if (!problems.uscc) {
      const taken = await findByUscc(db(), uscc);
      if (taken) problems.uscc = { code: "uscc_taken", params: { name: taken.name } };
    }
  }
  return { shape, problems, overridden };
}

/**
 * Registers an enterprise for staff (supervisor, admin). Refusals are per field: `uscc` with
 * uscc_length / uscc_charset / uscc_check / uscc_taken.
 */
export async function createEnterprise(staff: SessionUser, input: unknown) {
  if (!REGISTRY_ROLES.includes(staff.role)) throw new CaseError("forbidden", "role_may_not");
  const { shape, problems, overridden } = await registrationProblems(input);
  if (!shape.success || Object.keys(problems).length)
    throw new CaseError("validation_failed", "invalid_payload", { fields: problems });
  const e = shape.data;
  const now = clock.now().toISOString();
  const { usccOverride: _o, overrideReason, ...detail } = e;
  let id: number;
  try {
    id = await db()
      .transaction()
      .execute(async (trx) => {
        const id = await insertEnterprise(trx, { ...e, now });
        await recordAdminAction(trx, {
          actorId: staff.id,
          action: "enterprise.create",
          target: `enterprise:${id}`,
          detail,
          now,
        });
        if (overridden)
          await recordAdminAction(trx, {
            actorId: staff.id,
            action: "enterprise.uscc_override",
            target: `enterprise:${id}`,
            detail: { uscc: e.uscc, problem: "uscc_check", reason: overrideReason },
            now,
          });
        return id;
      });
  } catch (err) {
    // Two registrations of one code at once: the unique index decides, the loser is told why.
    if (!isUniqueViolation(err)) throw err;
    const taken = await findByUscc(db(), e.uscc);
    throw new CaseError("validation_failed", "invalid_payload", {
      fields: { uscc: { code: "uscc_taken", params: { name: taken?.name ?? "" } } },
    });
  }
  return {
    id,
    name: e.name,
    uscc: e.uscc,
    region: e.region ?? null,
    industry: e.industry ?? null,
    size: e.size ?? null,
    contactName: e.contactName ?? null,
    contactPhone: e.contactPhone ?? null,
    usccOverride: overridden,
    createdAt: now,
  };
}

const listQuerySchema = z.strictObject({
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function parseEnterpriseListQuery(params: URLSearchParams) {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) if (v !== "") raw[k] = v;
  const parsed = listQuerySchema.safeParse(raw, { reportInput: true });
  if (!parsed.success)
    throw new CaseError("validation_failed", "invalid_payload", { fields: zodProblems(parsed.error) });
  return parsed.data;
}

/** A page of the registry for staff, searched by name or code. */
export async function enterpriseList(staff: Pick<SessionUser, "role">, f: z.output<typeof listQuerySchema>) {
  if (!REGISTRY_ROLES.includes(staff.role)) throw new CaseError("forbidden", "role_may_not");
  const { items, total } = await listEnterprises(db(), { q: f.q, page: f.page, pageSize: f.pageSize });
  return {
    items: items.map((e) => ({
      id: e.id,
      name: e.name,
      uscc: e.uscc,
      usccChecked: usccProblem(e.uscc) === null,
      region: e.region,
      industry: e.industry,
      size: e.size,
      contactName: e.contact_name,
      contactPhone: e.contact_phone,
      userCount: e.user_count,
      caseCount: e.case_count,
      createdAt: e.created_at,
    })),
    total,
    page: f.page,
    pageSize: f.pageSize,
  };
}

/** Staff see every enterprise; an enterprise user only their own. Anyone else: not found. */
export function maySeeEnterprise(viewer: Pick<SessionUser, "role" | "enterprise_id">, enterpriseId: number) {
  if (REGISTRY_ROLES.includes(viewer.role)) return true;
  return viewer.role === "enterprise" && viewer.enterprise_id === enterpriseId;
}

const themeLabel = (code: string | null) =>
  code ? (defaultEnterprisePolicy.themes.find((t) => t.code === code)?.label ?? code) : null;

/**
 * An enterprise's page: profile, its users, and its whole request history with counts by state and
 * category. Administrators (who see no case pages) get the history without links.
 */
export async function enterpriseProfile(viewer: SessionUser, enterpriseId: number) {
  if (!maySeeEnterprise(viewer, enterpriseId)) throw new CaseError("not_found", "enterprise_not_found");
  const q = db();
  const e = await getEnterprise(q, enterpriseId);
  if (!e) throw new CaseError("not_found", "enterprise_not_found");
  // Supervisors and the enterprise's own users see the cases as their case pages would; the
  // administrator keeps the registry and sees the history as a record only.
  const caseViewer: Viewer | undefined =
    viewer.role === "admin"
      ? undefined
      : {
          userId: viewer.id,
          role: viewer.role,
          departmentId: viewer.department_id,
          enterpriseId: viewer.enterprise_id,
        };
  const [users, cases, counts] = await Promise.all([
    enterpriseUsers(q, enterpriseId),
    enterpriseCases(q, enterpriseId, caseViewer),
    enterpriseCaseCounts(q, enterpriseId, caseViewer),
  ]);
  return {
    enterprise: {
      id: e.id,
      name: e.name,
      uscc: e.uscc,
      usccChecked: usccProblem(e.uscc) === null,
      region: e.region,
      industry: e.industry,
      size: e.size,
      contactName: e.contact_name,
      contactPhone: e.contact_phone,
      createdAt: e.created_at,
      registeredOn: dateOf(new Date(e.created_at)),
    },
    users: users.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      email: u.email,
      active: u.active === 1,
    })),
    casesLinked: caseViewer !== undefined,
    cases: cases.map((c) => ({
      id: c.id,
      title: c.title,
      state: c.state,
      category: c.category,
      theme: c.theme,
      themeLabel: themeLabel(c.theme),
      channel: c.channel,
      urgent: c.priority === "urgent",
      round: c.round,
      isKey: c.is_key === 1,
      outcome: c.outcome,
      nextDue: c.next_due_date ? { date: c.next_due_date, type: c.next_due_type } : null,
      leadDepartment: c.lead_department_name,
      createdAt: c.created_at,
      filedOn: dateOf(new Date(c.created_at)),
      closedAt: c.closed_at,
    })),
    counts,
  };
}
