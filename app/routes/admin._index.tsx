import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import type { Role } from "../../db/schema";
import { AuditTable } from "../components/admin/AuditTable";
import { auditRows } from "../components/admin/audit.server";
import { FormAlert } from "../components/admin/FormAlert";
import { LocaleField, RoleField, UnitField } from "../components/admin/UserFields";
import { Field } from "../components/Field";
import { titled } from "../components/lists/meta";
import { CaseError, listDepartments, listUsers, recentAdminActions } from "../components/lists/server.server";
import { fieldMessages, t as translate } from "../i18n";
import { rolesFor } from "../models/access";
import { createDepartment, createUser } from "../models/admin.server";
import { requireUser } from "../utils/auth.server";
import { db } from "../utils/db.server";
import { useT } from "../utils/i18n";
import { langOf } from "../utils/lang.server";

export const meta = titled("nav.admin");

/**
 * Roles an admin can create here. Enterprise users (企业用户) need an enterprise from the
 * enterprise register, which has no page yet; they are created through the API for now.
 */
const CREATABLE_ROLES: Role[] = ["handler", "dept_head", "supervisor", "delegate", "admin"];
const ROLE_FILTERS: Role[] = ["supervisor", "dept_head", "handler", "delegate", "enterprise", "admin"];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, rolesFor("admin._index", "get"));
  const lang = await langOf(request, user);
  const q = db();
  const params = new URL(request.url).searchParams;
  const [departments, users, audit] = await Promise.all([
    listDepartments(q),
    listUsers(q),
    recentAdminActions(q, 30),
  ]);
  const roleFilter = ROLE_FILTERS.find((r) => r === params.get("role")) ?? null;
  const staff = new Map<number, number>();
  for (const u of users)
    if (u.department_id) staff.set(u.department_id, (staff.get(u.department_id) ?? 0) + 1);
  // After a successful create (post/redirect/get), say what was made.
  const created = /^(department|user):(\d+)$/.exec(params.get("created") ?? "");
  let notice: string | null = null;
  if (created?.[1] === "department") {
    const d = departments.find((x) => x.id === Number(created[2]));
    if (d) notice = translate(lang, "admin.created.department", { name: d.name });
  } else if (created?.[1] === "user") {
    const u = users.find((x) => x.id === Number(created[2]));
    if (u) notice = translate(lang, "admin.created.user", { name: u.display_name, username: u.username });
  }
  return {
    notice,
    roleFilter,
    roleCounts: Object.fromEntries(ROLE_FILTERS.map((r) => [r, users.filter((u) => u.role === r).length])),
    departments: departments.map((d) => ({
      id: d.id,
      name: d.name,
      shortName: d.short_name,
      email: d.email,
      staff: staff.get(d.id) ?? 0,
    })),
    users: users
      .filter((u) => !roleFilter || u.role === roleFilter)
      // Supervisors first, then units' people by unit, then delegates: the order of the work.
      .sort(
        (a, b) =>
          ROLE_FILTERS.indexOf(a.role) - ROLE_FILTERS.indexOf(b.role) ||
          (a.department_id ?? 0) - (b.department_id ?? 0) ||
          a.id - b.id,
      )
      .map((u) => ({
        id: u.id,
        username: u.username,
        displayName: u.display_name,
        role: u.role,
        department: u.department_name,
        email: u.email,
        locale: u.locale,
        active: u.active === 1,
      })),
    userTotal: users.length,
    audit: auditRows(lang, audit),
  };
}

const str = (form: FormData, k: string) => String(form.get(k) ?? "");

const intentSchema = z.enum(["department", "user"]);

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, rolesFor("admin._index", "post"));
  const lang = await langOf(request, admin);
  const form = await request.formData();
  const intent = intentSchema.safeParse(form.get("intent"));
  if (!intent.success) throw new Response("Bad request", { status: 400 });
  const department = {
    name: str(form, "name"),
    shortName: str(form, "shortName"),
    email: str(form, "email"),
  };
  // The password is read but never sent back to the page.
  const user = {
    username: str(form, "username"),
    displayName: str(form, "displayName"),
    role: str(form, "role"),
    departmentId: str(form, "departmentId"),
    email: str(form, "email"),
    locale: str(form, "locale"),
  };
  try {
    if (intent.data === "department") {
      const created = await createDepartment(admin, department);
      return redirect(`/admin?created=department:${created.id}#departments`);
    }
    const created = await createUser(admin, {
      ...user,
      password: str(form, "password"),
      departmentId: user.departmentId ? Number(user.departmentId) : null,
      locale: user.locale || undefined,
    });
    return redirect(`/admin?created=user:${created.id}#users`);
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    return data(
      {
        intent: intent.data,
        department: intent.data === "department" ? department : null,
        user: intent.data === "user" ? user : null,
        fields: fieldMessages(lang, e.details.fields),
        error: translate(lang, `error.${e.code}`),
      },
      { status: e.status },
    );
  }
}

export default function Admin() {
  const { notice, departments, users, audit, roleFilter, roleCounts, userTotal } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useT();
  const busy = navigation.state === "submitting";
  // A refused form comes back with what was typed, except the password: clear the one the browser kept.
  const password = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (result && password.current) password.current.value = "";
  }, [result]);
  const deptErrors: Record<string, string> = result?.intent === "department" ? result.fields : {};
  const userErrors: Record<string, string> = result?.intent === "user" ? result.fields : {};
  const dv = result?.department;
  const uv = result?.user;
  // Problems with fields the form does not show (e.g. enterpriseId) still need to be seen.
  const shown = new Set([
    "name",
    "shortName",
    "email",
    "username",
    "password",
    "displayName",
    "role",
    "departmentId",
    "locale",
  ]);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("nav.admin")}</h1>
          <p>{t("admin.subtitle")}</p>
        </div>
        <Link to="/admin/calendar" className="btn secondary">
          {t("nav.calendar")}
        </Link>
      </div>
      {notice ? (
        <div className="alert-box ok" role="status">
          {notice}
        </div>
      ) : null}

      <section id="departments" className="grid grid-2 section">
        <div>
          <h2>
            {t("admin.departments")}{" "}
            <span className="muted small">{t("admin.count", { n: departments.length })}</span>
          </h2>
          <div className="table-wrap">
            {departments.length === 0 ? (
              <p className="empty">{t("admin.noDepartments")}</p>
            ) : (
              <table className="list">
                <thead>
                  <tr>
                    <th>{t("admin.dept.name")}</th>
                    <th>{t("admin.dept.shortName")}</th>
                    <th>{t("admin.dept.email")}</th>
                    <th className="right">{t("admin.dept.staff")}</th>
                  </tr>
                </thead>
                <tbody>
                  {departments.map((d) => (
                    <tr key={d.id}>
                      <td>{d.name}</td>
                      <td>{d.shortName ?? <span className="muted">—</span>}</td>
                      <td className="small">{d.email ?? <span className="muted">—</span>}</td>
                      <td className="right">{d.staff}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </div>
        <Form method="post" className="card form" noValidate key={`dept-${departments.length}`}>
          <h3>{t("admin.newDepartment")}</h3>
          <input type="hidden" name="intent" value="department" />
          {result?.intent === "department" ? (
            <FormAlert error={result.error} fields={deptErrors} shown={shown} />
          ) : null}
          <Field id="name" label={t("admin.dept.name")} error={deptErrors.name}>
            <input id="name" name="name" type="text" required maxLength={100} defaultValue={dv?.name ?? ""} />
          </Field>
          <Field
            id="shortName"
            label={t("admin.dept.shortName")}
            error={deptErrors.shortName}
            hint={t("admin.optional")}
          >
            <input
              id="shortName"
              name="shortName"
              type="text"
              maxLength={30}
              defaultValue={dv?.shortName ?? ""}
            />
          </Field>
          <Field
            id="dept-email"
            label={t("admin.dept.email")}
            error={deptErrors.email}
            hint={t("admin.dept.emailHint")}
          >
            <input id="dept-email" name="email" type="email" maxLength={200} defaultValue={dv?.email ?? ""} />
          </Field>
          <button type="submit" className="btn" disabled={busy}>
            {t("admin.createDepartment")}
          </button>
        </Form>
      </section>

      <section id="users" className="grid grid-2 section">
        <div>
          <h2>
            {t("admin.users")} <span className="muted small">{t("admin.count", { n: userTotal })}</span>
          </h2>
          <nav className="chips" aria-label={t("admin.roleFilter")}>
            <Link to="/admin#users" className={roleFilter ? undefined : "active"} preventScrollReset>
              {t("admin.allRoles")}
            </Link>
            {ROLE_FILTERS.map((r) =>
              roleCounts[r] ? (
                <Link
                  key={r}
                  to={`/admin?role=${r}#users`}
                  className={roleFilter === r ? "active" : undefined}
                  preventScrollReset
                >
                  {t(`role.${r}`)} <span className="muted">{roleCounts[r]}</span>
                </Link>
              ) : null,
            )}
          </nav>
          <div className="table-wrap">
            <table className="list">
              <thead>
                <tr>
                  <th>{t("admin.user.displayName")}</th>
                  <th>{t("admin.user.username")}</th>
                  <th>{t("admin.user.role")}</th>
                  <th>{t("admin.user.department")}</th>
                  <th>{t("admin.user.email")}</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id} className={u.active ? undefined : "inactive"}>
                    <td>
                      <Link to={`/admin/users/${u.id}`}>{u.displayName}</Link>
                      {u.active ? null : <span className="badge state-done">{t("admin.user.inactive")}</span>}
                      {u.locale === "en" ? <span className="badge info">EN</span> : null}
                    </td>
                    <td>
                      <code>{u.username}</code>
                    </td>
                    <td className="nowrap">{t(`role.${u.role}`)}</td>
                    <td>{u.department ?? <span className="muted">—</span>}</td>
                    <td className="small">{u.email ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
        <Form method="post" className="card form" noValidate key={`user-${userTotal}`} autoComplete="off">
          <h3>{t("admin.newUser")}</h3>
          <input type="hidden" name="intent" value="user" />
          {result?.intent === "user" ? (
            <FormAlert error={result.error} fields={userErrors} shown={shown} />
          ) : null}
          <Field id="displayName" label={t("admin.user.displayName")} error={userErrors.displayName}>
            <input
              id="displayName"
              name="displayName"
              type="text"
              maxLength={50}
              required
              defaultValue={uv?.displayName ?? ""}
            />
          </Field>
          <Field
            id="username"
            label={t("admin.user.username")}
            error={userErrors.username}
            hint={t("admin.user.usernameHint")}
          >
            <input
              id="username"
              name="username"
              type="text"
              maxLength={40}
              required
              autoComplete="off"
              defaultValue={uv?.username ?? ""}
            />
          </Field>
          <Field
            id="password"
            label={t("admin.user.password")}
            error={userErrors.password}
            hint={t("admin.user.passwordHint")}
          >
            <input
              ref={password}
              id="password"
              name="password"
              type="password"
              required
              autoComplete="new-password"
            />
          </Field>
          <RoleField roles={CREATABLE_ROLES} value={uv?.role ?? "handler"} error={userErrors.role} />
          <UnitField
            units={departments}
            value={uv?.departmentId ?? ""}
            error={userErrors.departmentId}
            noneKey="admin.user.noDepartment"
          />
          <Field
            id="user-email"
            label={t("admin.user.email")}
            error={userErrors.email}
            hint={t("admin.user.emailHint")}
          >
            <input id="user-email" name="email" type="email" maxLength={200} defaultValue={uv?.email ?? ""} />
          </Field>
          <LocaleField value={uv?.locale ?? "zh-CN"} error={userErrors.locale} />
          <button type="submit" className="btn" disabled={busy}>
            {t("admin.createUser")}
          </button>
        </Form>
      </section>

      <section className="section">
        <h2>{t("admin.audit")}</h2>
        <AuditTable rows={audit} emptyKey="admin.noAudit" />
      </section>
    </>
  );
}
