import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import type { Role } from "../../db/schema";
import { AuditTable } from "../components/admin/AuditTable";
import { auditRows, stamp } from "../components/admin/audit.server";
import { FormAlert } from "../components/admin/FormAlert";
import { LocaleField, RoleField, UnitField } from "../components/admin/UserFields";
import { Field } from "../components/Field";
import { CaseError } from "../components/lists/server.server";
import { fieldMessages, t as translate } from "../i18n";
import { rolesFor } from "../models/access";
import { updateUser, userForAdmin } from "../models/accounts.server";
import { userPageForAdmin } from "../models/user-admin.server";
import { requireUser } from "../utils/auth.server";
import { useT } from "../utils/i18n";
import { langOf } from "../utils/lang.server";

/*
 * 用户账号: one user as an admin sees and changes them — details, role and unit, whether the
 * account is active, a new password. Every change goes through `updateUser`, which checks it,
 * writes it and its audit row, and ends the user's sessions when it deactivates or resets.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.user.displayName} · ${data.appName}` : "404" },
];

function idOf(raw: string | undefined): number {
  const n = Number(raw);
  if (!raw || !/^\d{1,10}$/.test(raw) || !Number.isSafeInteger(n) || n <= 0 || n > 2_147_483_647)
    throw new Response("Not found", { status: 404 });
  return n;
}

const notFound = (e: unknown): never => {
  if (e instanceof CaseError && e.code === "not_found") throw new Response("Not found", { status: 404 });
  throw e;
};

/** In the order of the work, as on the user list. */
const ROLE_CHOICES: Role[] = ["supervisor", "dept_head", "handler", "delegate", "enterprise", "admin"];

const DONE = ["saved", "deactivated", "activated", "password"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireUser(request, rolesFor("admin.users.$id", "get"));
  const lang = await langOf(request, admin);
  const page = await userPageForAdmin(idOf(params.id)).catch(notFound);
  const search = new URL(request.url).searchParams;
  const done = DONE.find((d) => d === search.get("done"));
  const count = (k: string) => Math.max(0, Number.parseInt(search.get(k) ?? "0", 10) || 0);
  const names = {
    departments: new Map(page.departments.map((d) => [d.id, d.name])),
    enterprises: new Map(page.enterprises.map((e) => [e.id, e.name])),
  };
  return {
    ...page,
    appName: translate(lang, "app.name"),
    self: admin.id === page.user.id,
    createdAt: stamp(page.user.createdAt),
    lastSignIn: page.signIns.lastSignInAt ? stamp(page.signIns.lastSignInAt) : null,
    notice: done
      ? translate(lang, `adminUser.done.${done}`, { sessions: count("sessions"), tokens: count("tokens") })
      : null,
    audit: auditRows(lang, page.audit, names),
  };
}

/** The three forms of the page; the values are checked by `updateUser`, not here. */
const formSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("profile"),
    displayName: z.string(),
    email: z.string(),
    role: z.string(),
    departmentId: z.string(),
    enterpriseId: z.string(),
    locale: z.string(),
  }),
  z.object({ intent: z.literal("active"), active: z.enum(["0", "1"]) }),
  z.object({ intent: z.literal("password"), password: z.string() }),
]);

/** An empty choice is "none"; anything else is handed on for `updateUser` to judge. */
const idOrNull = (v: string) => (v === "" ? null : Number(v));

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request, rolesFor("admin.users.$id", "post"));
  const lang = await langOf(request, admin);
  const userId = idOf(params.id);
  // A missing user is not found whatever was posted.
  await userForAdmin(userId).catch(notFound);
  const form = formSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) throw new Response("Bad request", { status: 400 });
  const f = form.data;
  const change =
    f.intent === "profile"
      ? {
          displayName: f.displayName,
          email: f.email,
          role: f.role,
          departmentId: idOrNull(f.departmentId),
          enterpriseId: idOrNull(f.enterpriseId),
          locale: f.locale,
        }
      : f.intent === "active"
        ? { active: f.active === "1" }
        : { password: f.password };
  try {
    const { ended } = await updateUser(admin, userId, change);
    const done =
      f.intent === "profile"
        ? "saved"
        : f.intent === "password"
          ? "password"
          : f.active === "1"
            ? "activated"
            : "deactivated";
    return redirect(`/admin/users/${userId}?done=${done}&sessions=${ended.sessions}&tokens=${ended.tokens}`);
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    return data(
      {
        intent: f.intent,
        // What was typed goes back into the form; a password never does.
        profile: f.intent === "profile" ? f : null,
        fields: fieldMessages(lang, e.details.fields),
        error: translate(lang, `error.${e.code}`),
      },
      { status: e.status },
    );
  }
}

const PROFILE_FIELDS = new Set(["displayName", "email", "role", "departmentId", "enterpriseId", "locale"]);
const ACTIVE_FIELDS = new Set(["active"]);
const PASSWORD_FIELDS = new Set(["password"]);

export default function AdminUser() {
  const { user, signIns, lastSignIn, createdAt, audit, departments, enterprises, notice, self } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useT();
  const busy = navigation.state === "submitting";
  const password = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (result && password.current) password.current.value = "";
  }, [result]);
  const errorsOf = (intent: string): Record<string, string> =>
    result?.intent === intent ? result.fields : {};
  const pe = errorsOf("profile");
  const ae = errorsOf("active");
  const we = errorsOf("password");
  const typed = result?.profile;
  // After a change the form starts again from what is stored (the newest audit row names it).
  const version = audit[0]?.id ?? 0;

  return (
    <>
      <p className="crumbs">
        <Link to="/admin#users">{t("adminUser.back")}</Link> /
      </p>
      <div className="page-head">
        <div>
          <h1>
            {user.displayName}{" "}
            {user.active ? null : <span className="badge danger">{t("admin.user.inactive")}</span>}
          </h1>
          <p>
            <code>{user.username}</code> · {t(`role.${user.role}`)}
            {user.departmentName ? ` · ${user.departmentName}` : ""}
            {user.enterpriseName ? ` · ${user.enterpriseName}` : ""}
          </p>
        </div>
      </div>
      {notice ? (
        <div className="alert-box ok" role="status">
          {notice}
        </div>
      ) : null}

      <div className="grid grid-2 section">
        <div>
          <section className="card" aria-labelledby="facts-title">
            <h2 id="facts-title">{t("adminUser.facts")}</h2>
            <dl className="facts">
              <dt>{t("admin.user.username")}</dt>
              <dd>
                <code>{user.username}</code>
              </dd>
              <dt>{t("admin.user.role")}</dt>
              <dd>{t(`role.${user.role}`)}</dd>
              <dt>{t("admin.user.department")}</dt>
              <dd>{user.departmentName ?? <span className="muted">—</span>}</dd>
              <dt>{t("adminUser.enterprise")}</dt>
              <dd>
                {user.enterpriseId ? (
                  <Link to={`/enterprises/${user.enterpriseId}`}>{user.enterpriseName}</Link>
                ) : (
                  <span className="muted">—</span>
                )}
              </dd>
              <dt>{t("admin.user.email")}</dt>
              <dd>{user.email ?? <span className="muted">—</span>}</dd>
              <dt>{t("admin.user.locale")}</dt>
              <dd>{user.locale === "en" ? "English" : "中文"}</dd>
              <dt>{t("adminUser.status")}</dt>
              <dd>
                {user.active ? (
                  t("adminUser.active")
                ) : (
                  <span className="badge danger">{t("admin.user.inactive")}</span>
                )}
              </dd>
              <dt>{t("adminUser.lastSignIn")}</dt>
              <dd>
                {lastSignIn ? (
                  t("adminUser.signIns", { at: lastSignIn, n: signIns.sessions })
                ) : (
                  <span className="muted">{t("adminUser.noSignIn")}</span>
                )}
              </dd>
              <dt>{t("adminUser.createdAt")}</dt>
              <dd className="num">{createdAt}</dd>
            </dl>
          </section>

          <div className="grid grid-even">
            <Form method="post" className="card form" id="active" noValidate>
              <h3>{t(user.active ? "adminUser.deactivate.title" : "adminUser.activate.title")}</h3>
              <input type="hidden" name="intent" value="active" />
              <input type="hidden" name="active" value={user.active ? "0" : "1"} />
              {result?.intent === "active" ? (
                <FormAlert error={result.error} fields={ae} shown={ACTIVE_FIELDS} />
              ) : null}
              <p className="small">
                {t(user.active ? "adminUser.deactivate.body" : "adminUser.activate.body")}
              </p>
              {ae.active ? (
                <div className="field-error" role="alert">
                  {ae.active}
                </div>
              ) : null}
              <button type="submit" className={user.active ? "btn danger" : "btn"} disabled={busy}>
                {t(user.active ? "adminUser.deactivate.button" : "adminUser.activate.button")}
              </button>
            </Form>

            <Form method="post" className="card form" id="password" noValidate autoComplete="off">
              <h3>{t("adminUser.password.title")}</h3>
              <input type="hidden" name="intent" value="password" />
              {result?.intent === "password" ? (
                <FormAlert error={result.error} fields={we} shown={PASSWORD_FIELDS} />
              ) : null}
              <p className="small">{t("adminUser.password.body")}</p>
              <Field
                id="new-password"
                label={t("adminUser.password.label")}
                error={we.password}
                hint={t("admin.user.passwordHint")}
              >
                <input
                  ref={password}
                  id="new-password"
                  name="password"
                  type="password"
                  required
                  autoComplete="new-password"
                />
              </Field>
              <button type="submit" className="btn danger" disabled={busy}>
                {t("adminUser.password.button")}
              </button>
            </Form>
          </div>

          <section aria-labelledby="audit-title">
            <h2 id="audit-title">{t("adminUser.audit")}</h2>
            <AuditTable rows={audit} emptyKey="adminUser.noAudit" />
          </section>
        </div>

        <div>
          <Form
            method="post"
            className="card form"
            id="profile"
            noValidate
            key={`profile-${version}`}
            autoComplete="off"
          >
            <h3>{t("adminUser.edit")}</h3>
            <input type="hidden" name="intent" value="profile" />
            {result?.intent === "profile" ? (
              <FormAlert error={result.error} fields={pe} shown={PROFILE_FIELDS} />
            ) : null}
            <Field id="displayName" label={t("admin.user.displayName")} error={pe.displayName}>
              <input
                id="displayName"
                name="displayName"
                type="text"
                maxLength={50}
                required
                defaultValue={typed?.displayName ?? user.displayName}
              />
            </Field>
            <Field id="email" label={t("admin.user.email")} error={pe.email} hint={t("admin.user.emailHint")}>
              <input
                id="email"
                name="email"
                type="email"
                maxLength={200}
                defaultValue={typed?.email ?? user.email ?? ""}
              />
            </Field>
            <RoleField roles={ROLE_CHOICES} value={typed?.role ?? user.role} error={pe.role} />
            <UnitField
              units={departments}
              value={typed?.departmentId ?? String(user.departmentId ?? "")}
              error={pe.departmentId}
              noneKey="adminUser.none"
            />
            <Field
              id="enterpriseId"
              label={t("adminUser.enterprise")}
              error={pe.enterpriseId}
              hint={t("adminUser.enterpriseHint")}
            >
              <select
                id="enterpriseId"
                name="enterpriseId"
                defaultValue={typed?.enterpriseId ?? String(user.enterpriseId ?? "")}
              >
                <option value="">{t("adminUser.none")}</option>
                {enterprises.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name}
                  </option>
                ))}
              </select>
            </Field>
            <LocaleField value={typed?.locale ?? user.locale} error={pe.locale} />
            {self ? <p className="small muted">{t("adminUser.self")}</p> : null}
            <button type="submit" className="btn" disabled={busy}>
              {t("adminUser.save")}
            </button>
          </Form>
        </div>
      </div>
    </>
  );
}
