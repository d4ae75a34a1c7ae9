import { z } from "zod";
import { recordAdminAction } from "../../db/audit";
import { setCalendarDay } from "../../db/calendar";
import { findDepartmentByName, getDepartment, insertDepartment } from "../../db/departments";
import { getEnterprise } from "../../db/enterprises";
import { findUserByUsername, insertUser, ROLES } from "../../db/users";
import { isIsoDate } from "../../workflows/dates";
import { CaseError, type FieldProblems, zodProblems } from "../../workflows/errors";
import { optionalText, text } from "../../workflows/schemas";
import type { SessionUser } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";
import { hashPassword, passwordProblem } from "../utils/password.server";

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input, { reportInput: true });
  if (!r.success)
    throw new CaseError("validation_failed", "invalid_payload", { fields: zodProblems(r.error) });
  return r.data;
}

export const departmentSchema = z.strictObject({
  name: text(100),
  shortName: optionalText(30),
  email: z
    .string()
    .trim()
    .email()
    .max(200)
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export async function createDepartment(admin: SessionUser, input: unknown) {
  const d = parse(departmentSchema, input);
  if (await findDepartmentByName(db(), d.name))
    throw new CaseError("validation_failed", "invalid_payload", { fields: { name: { code: "name_taken" } } });
  const now = clock.now().toISOString();
  const id = await db()
    .transaction()
    .execute(async (trx) => {
      const id = await insertDepartment(trx, { name: d.name, shortName: d.shortName, email: d.email, now });
      await recordAdminAction(trx, {
        actorId: admin.id,
        action: "department.create",
        target: `department:${id}`,
        detail: d,
        now,
      });
      return id;
    });
  return { id, ...d };
}

export const userSchema = z.strictObject({
  username: z
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9_.-]{3,40}$/),
  password: z.string().min(1).max(200),
  displayName: text(50),
  role: z.enum(ROLES as [string, ...string[]]),
  departmentId: z.number().int().positive().nullable().optional(),
  enterpriseId: z.number().int().positive().nullable().optional(),
  email: z
    .string()
    .trim()
    .email()
    .max(200)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  locale: z.enum(["zh-CN", "en"]).optional(),
});

export async function createUser(admin: SessionUser, input: unknown) {
  // Every problem at once: the format checks and the ones that need the database.
  const raw = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  const shape = userSchema.safeParse(input, { reportInput: true });
  const early: FieldProblems = shape.success ? {} : zodProblems(shape.error);
  if (
    typeof raw.username === "string" &&
    !early.username &&
    (await findUserByUsername(db(), raw.username.trim()))
  )
    early.username = { code: "username_taken" };
  if (typeof raw.password === "string" && !early.password) {
    const pw = passwordProblem(raw.password);
    if (pw) early.password = { code: pw };
  }
  const problems = early;
  const needsDept = raw.role === "handler" || raw.role === "dept_head";
  const deptId = typeof raw.departmentId === "number" ? raw.departmentId : null;
  if (needsDept && !deptId && !problems.departmentId) problems.departmentId = { code: "department_required" };
  if (deptId && !problems.departmentId && !(await getDepartment(db(), deptId)))
    problems.departmentId = { code: "invalid_reference" };
  if (raw.role === "enterprise" && !problems.enterpriseId) {
    // An enterprise user (企业用户) acts for one registered enterprise: it must exist.
    if (!raw.enterpriseId) problems.enterpriseId = { code: "required" };
    else if (
      typeof raw.enterpriseId === "number" &&
      (raw.enterpriseId > 2_147_483_647 || !(await getEnterprise(db(), raw.enterpriseId)))
    )
      problems.enterpriseId = { code: "invalid_reference" };
  }
  if (!shape.success || Object.keys(problems).length)
    throw new CaseError("validation_failed", "invalid_payload", { fields: problems });
  const u = shape.data;
  const now = clock.now().toISOString();
  const passwordHash = await hashPassword(u.password);
  const id = await db()
    .transaction()
    .execute(async (trx) => {
      const id = await insertUser(trx, {
        username: u.username,
        passwordHash,
        displayName: u.displayName,
        role: u.role as SessionUser["role"],
        departmentId: needsDept ? u.departmentId : null,
        enterpriseId: u.role === "enterprise" ? u.enterpriseId : null,
        email: u.email ?? null,
        locale: u.locale ?? "zh-CN",
        now,
      });
      const { password: _, ...detail } = u;
      await recordAdminAction(trx, {
        actorId: admin.id,
        action: "user.create",
        target: `user:${id}`,
        detail,
        now,
      });
      return id;
    });
  const { password: _, ...rest } = u;
  return { id, ...rest };
}

export const calendarDaySchema = z.strictObject({
  kind: z.enum(["holiday", "workday", "normal"]),
  name: optionalText(60),
});

/** Marks a date as holiday or make-up working day, or back to normal. */
export async function changeCalendarDay(admin: SessionUser, date: string, input: unknown) {
  if (!isIsoDate(date))
    throw new CaseError("validation_failed", "invalid_payload", { fields: { date: { code: "date" } } });
  const d = parse(calendarDaySchema, input);
  const now = clock.now().toISOString();
  await db()
    .transaction()
    .execute(async (trx) => {
      await setCalendarDay(trx, date, d.kind === "normal" ? null : d.kind, d.name ?? null, now);
      await recordAdminAction(trx, {
        actorId: admin.id,
        action: "calendar.set",
        target: `date:${date}`,
        detail: d,
        now,
      });
    });
  return { date, kind: d.kind, name: d.name ?? null };
}
