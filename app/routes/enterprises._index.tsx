import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CaseError } from "../../workflows/errors";
import { Field } from "../components/Field";
import { titled } from "../components/lists/meta";
import { Pagination } from "../components/lists/Pagination";
import { fieldMessages, t as translate } from "../i18n";
import { rolesFor } from "../models/access";
import {
  createEnterprise,
  enterpriseList,
  parseEnterpriseListQuery,
  REGISTRY_ROLES,
} from "../models/enterprise.server";
import { requireUser } from "../utils/auth.server";
import { useT } from "../utils/i18n";
import { langOf } from "../utils/lang.server";

export const meta = titled("nav.enterprises");

/** 企业规模 as the registry stores it (GB/T 划型: micro, small, medium, large). */
const SIZES = ["micro", "small", "medium", "large"] as const;

/** The registration form's fields as typed, to fill the form again after a refusal. */
const FORM_KEYS = [
  "name",
  "uscc",
  "region",
  "industry",
  "size",
  "contactName",
  "contactPhone",
  "overrideReason",
] as const;
type FormValues = Record<(typeof FORM_KEYS)[number], string> & { usccOverride: boolean };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // An enterprise's own user has one entry in the registry: theirs.
  if (user.role === "enterprise" && user.enterprise_id) throw redirect(`/enterprises/${user.enterprise_id}`);
  if (!REGISTRY_ROLES.includes(user.role)) throw new Response("Forbidden", { status: 403 });
  const lang = await langOf(request, user);
  const params = new URL(request.url).searchParams;
  const q = (params.get("q") ?? "").trim();
  try {
    const list = await enterpriseList(user, parseEnterpriseListQuery(params));
    return { q, error: null, ...list };
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    const fields = Object.entries(fieldMessages(lang, e.details.fields)).map(([k, m]) => `${k}: ${m}`);
    return { q, error: fields.join("; "), items: [], total: 0, page: 1, pageSize: 20 };
  }
}

const intentSchema = z.literal("create");

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, rolesFor("enterprises._index", "post"));
  const lang = await langOf(request, user);
  const form = await request.formData();
  if (!intentSchema.safeParse(form.get("intent")).success) throw new Response("Bad request", { status: 400 });
  const values = {
    ...Object.fromEntries(FORM_KEYS.map((k) => [k, String(form.get(k) ?? "")])),
    usccOverride: form.get("usccOverride") === "on",
  } as FormValues;
  try {
    const created = await createEnterprise(user, {
      ...values,
      size: values.size || undefined,
      usccOverride: values.usccOverride || undefined,
      overrideReason: values.usccOverride ? values.overrideReason : undefined,
    });
    return redirect(`/enterprises/${created.id}?created=1`);
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    return data(
      {
        values,
        fields: fieldMessages(lang, e.details.fields),
        error: translate(lang, `error.${e.code}`),
      },
      { status: e.status },
    );
  }
}

export default function Enterprises() {
  const { q, error, items, total, page, pageSize } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useT();
  const busy = navigation.state === "submitting";
  const errors: Record<string, string> = result?.fields ?? {};
  const v = result?.values;
  const described = (name: string) => (errors[name] ? { "aria-describedby": `${name}-error` } : {});
  const shown = new Set<string>([...FORM_KEYS, "usccOverride"]);
  const stray = Object.entries(errors).filter(([k]) => !shown.has(k));

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("nav.enterprises")}</h1>
          <p>{t("enterprises.subtitle")}</p>
        </div>
      </div>

      <section className="grid grid-2 section">
        <div>
          <Form method="get" className="card filters" role="search" aria-label={t("enterprises.search")}>
            <div className="filter-row">
              <div className="field grow">
                <label htmlFor="q">{t("enterprises.search.label")}</label>
                <input
                  id="q"
                  name="q"
                  type="search"
                  defaultValue={q}
                  maxLength={100}
                  placeholder={t("enterprises.search.placeholder")}
                />
              </div>
              <div className="actions push-right">
                {q ? (
                  <Link to="/enterprises" className="btn secondary">
                    {t("enterprises.search.clear")}
                  </Link>
                ) : null}
                <button type="submit" className="btn">
                  {t("enterprises.search.submit")}
                </button>
              </div>
            </div>
          </Form>
          {error ? (
            <div className="alert-box error" role="alert">
              {error}
            </div>
          ) : null}
          <h2>
            {t("nav.enterprises")} <span className="muted small">{t("enterprises.count", { n: total })}</span>
          </h2>
          <div className="table-wrap">
            {items.length === 0 ? (
              <p className="empty">{q ? t("enterprises.noMatch", { q }) : t("enterprises.none")}</p>
            ) : (
              <table className="list rows">
                <thead>
                  <tr>
                    <th>{t("enterprises.col.name")}</th>
                    <th>{t("enterprises.col.uscc")}</th>
                    <th>{t("enterprises.col.region")}</th>
                    <th>{t("enterprises.col.industry")}</th>
                    <th className="right">{t("enterprises.col.users")}</th>
                    <th className="right">{t("enterprises.col.cases")}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((e) => (
                    <tr key={e.id}>
                      <td>
                        <Link to={`/enterprises/${e.id}`} prefetch="intent">
                          {e.name}
                        </Link>
                        {e.size ? (
                          <span className="muted small nowrap"> · {t(`enterprises.size.${e.size}`)}</span>
                        ) : null}
                      </td>
                      <td className="nowrap">
                        <code>{e.uscc}</code>
                        {e.usccChecked ? null : (
                          <span className="badge warn" title={t("enterprise.usccUnchecked")}>
                            !
                          </span>
                        )}
                      </td>
                      <td>{e.region ?? <span className="muted">—</span>}</td>
                      <td>{e.industry ?? <span className="muted">—</span>}</td>
                      <td className="right">{e.userCount}</td>
                      <td className="right">{e.caseCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <Pagination page={page} pageSize={pageSize} total={total} />
        </div>

        <Form method="post" className="card form" noValidate>
          <h3>{t("enterprises.new")}</h3>
          <input type="hidden" name="intent" value="create" />
          {result ? (
            <div className="alert-box error" role="alert">
              {result.error}
              {stray.map(([k, m]) => (
                <div key={k} className="small">
                  {k}: {m}
                </div>
              ))}
            </div>
          ) : null}
          <Field id="name" label={t("enterprises.field.name")} error={errors.name}>
            <input
              id="name"
              name="name"
              type="text"
              required
              maxLength={100}
              defaultValue={v?.name ?? ""}
              aria-invalid={errors.name ? true : undefined}
              {...described("name")}
            />
          </Field>
          <Field
            id="uscc"
            label={t("enterprises.field.uscc")}
            error={errors.uscc}
            hint={t("enterprises.field.usccHint")}
          >
            <input
              id="uscc"
              name="uscc"
              type="text"
              required
              maxLength={40}
              autoComplete="off"
              spellCheck={false}
              defaultValue={v?.uscc ?? ""}
              aria-invalid={errors.uscc ? true : undefined}
              {...described("uscc")}
            />
          </Field>
          <div className={`field${errors.usccOverride ? " invalid" : ""}`}>
            <div className="checks">
              <label>
                <input
                  type="checkbox"
                  name="usccOverride"
                  defaultChecked={v?.usccOverride ?? false}
                  {...described("usccOverride")}
                />
                {t("enterprises.field.usccOverride")}
              </label>
            </div>
            <div className="hint">{t("enterprises.field.usccOverrideHint")}</div>
            {errors.usccOverride ? (
              <div className="field-error" id="usccOverride-error">
                {errors.usccOverride}
              </div>
            ) : null}
          </div>
          <Field
            id="overrideReason"
            label={t("enterprises.field.overrideReason")}
            error={errors.overrideReason}
            hint={t("enterprises.field.overrideReasonHint")}
          >
            <input
              id="overrideReason"
              name="overrideReason"
              type="text"
              maxLength={500}
              defaultValue={v?.overrideReason ?? ""}
              {...described("overrideReason")}
            />
          </Field>
          <Field
            id="region"
            label={t("enterprises.field.region")}
            error={errors.region}
            hint={t("enterprises.optional")}
          >
            <input id="region" name="region" type="text" maxLength={50} defaultValue={v?.region ?? ""} />
          </Field>
          <Field
            id="industry"
            label={t("enterprises.field.industry")}
            error={errors.industry}
            hint={t("enterprises.optional")}
          >
            <input
              id="industry"
              name="industry"
              type="text"
              maxLength={50}
              defaultValue={v?.industry ?? ""}
            />
          </Field>
          <Field id="size" label={t("enterprises.field.size")} error={errors.size}>
            <select id="size" name="size" defaultValue={v?.size ?? ""}>
              <option value="">{t("enterprises.size.none")}</option>
              {SIZES.map((s) => (
                <option key={s} value={s}>
                  {t(`enterprises.size.${s}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field
            id="contactName"
            label={t("enterprises.field.contactName")}
            error={errors.contactName}
            hint={t("enterprises.optional")}
          >
            <input
              id="contactName"
              name="contactName"
              type="text"
              maxLength={50}
              defaultValue={v?.contactName ?? ""}
            />
          </Field>
          <Field
            id="contactPhone"
            label={t("enterprises.field.contactPhone")}
            error={errors.contactPhone}
            hint={t("enterprises.optional")}
          >
            <input
              id="contactPhone"
              name="contactPhone"
              type="text"
              inputMode="tel"
              maxLength={30}
              defaultValue={v?.contactPhone ?? ""}
              {...described("contactPhone")}
            />
          </Field>
          <button type="submit" className="btn" disabled={busy}>
            {t("enterprises.create")}
          </button>
        </Form>
      </section>
    </>
  );
}
