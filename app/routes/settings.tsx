import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { titled } from "../components/lists/meta";
import { CaseError } from "../components/lists/server.server";
import { fieldMessages, t as translate } from "../i18n";
import { signOutEverywhere } from "../models/accounts.server";
import { saveSettings, settingsOf } from "../models/mail.server";
import { endSession, requireUser, sessionLimits } from "../utils/auth.server";
import { useT } from "../utils/i18n";
import { langCookie, langOf } from "../utils/lang.server";

export const meta = titled("settings.title");

/** A person's own settings: the address and language of their notices, and non-essential mail on or off. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { ...(await settingsOf(user)), limits: sessionLimits() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const lang = await langOf(request, user);
  const form = await request.formData();
  if (form.get("intent") === "signout_all") {
    // Every session and token of this person ends, this one included.
    await signOutEverywhere(user);
    return redirect("/login?ended=everywhere", { headers: { "Set-Cookie": await endSession(request) } });
  }
  const values = {
    email: String(form.get("email") ?? ""),
    locale: String(form.get("locale") ?? ""),
    mailOptional: form.get("mailOptional") === "on",
  };
  try {
    const saved = await saveSettings(user, values);
    // The chosen language applies to the pages at once, not only to the mail.
    return redirect("/settings?saved=1", {
      headers: { "Set-Cookie": await langCookie.serialize(saved.locale) },
    });
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    return data(
      { values, fields: fieldMessages(lang, e.details.fields), error: translate(lang, `error.${e.code}`) },
      { status: e.status },
    );
  }
}

export default function Settings() {
  const s = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { t } = useT();
  const v = result?.values ?? { email: s.email, locale: s.locale, mailOptional: s.mailOptional };
  const errors: Record<string, string> = result?.fields ?? {};
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("settings.title")}</h1>
          <p>{t("settings.subtitle")}</p>
        </div>
      </div>
      {params.get("saved") && !result ? (
        <div className="alert-box ok" role="status">
          {t("settings.saved")}
        </div>
      ) : null}
      <div className="grid grid-2 section">
        <Form method="post" className="card form" noValidate>
          {result?.error ? (
            <div className="alert-box error" role="alert">
              {result.error}
            </div>
          ) : null}
          <div className={`field${errors.email ? " invalid" : ""}`}>
            <label htmlFor="email">{t("settings.email")}</label>
            <input
              id="email"
              name="email"
              type="email"
              maxLength={200}
              autoComplete="email"
              defaultValue={v.email}
              aria-describedby="email-hint"
            />
            <div className="hint" id="email-hint">
              {t("settings.emailHint")}
            </div>
            {errors.email ? <div className="field-error">{errors.email}</div> : null}
          </div>
          <fieldset className={`plain field${errors.locale ? " invalid" : ""}`}>
            <legend>{t("settings.locale")}</legend>
            <div className="checks">
              <label>
                <input type="radio" name="locale" value="zh-CN" defaultChecked={v.locale !== "en"} /> 中文
              </label>
              <label>
                <input type="radio" name="locale" value="en" defaultChecked={v.locale === "en"} /> English
              </label>
            </div>
            <div className="hint">{t("settings.localeHint")}</div>
            {errors.locale ? <div className="field-error">{errors.locale}</div> : null}
          </fieldset>
          <div className="field">
            <label className="choice">
              <input type="checkbox" name="mailOptional" defaultChecked={v.mailOptional} />{" "}
              {t("settings.optional")}
            </label>
            <div className="hint">{t("settings.optionalHint")}</div>
          </div>
          <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
            {t("settings.save")}
          </button>
        </Form>
        <div className="card">
          <p>{t("settings.essential")}</p>
          <ul className="plain-list">
            {s.essential.map((name) => (
              <li key={name}>{t(`mailAdmin.template.${name}`)}</li>
            ))}
          </ul>
          {s.unitMailbox ? (
            <p className="muted small">{t("settings.unitMailbox", { email: s.unitMailbox })}</p>
          ) : null}
        </div>
        <Form method="post" className="card form" id="sessions">
          <h2>{t("settings.sessions.title")}</h2>
          <p>{t("settings.sessions.body")}</p>
          <p className="muted small">
            {t("settings.sessions.limits", { idle: s.limits.idleMinutes, hours: s.limits.hours })}
          </p>
          <input type="hidden" name="intent" value="signout_all" />
          <button type="submit" className="btn secondary" disabled={navigation.state === "submitting"}>
            {t("settings.sessions.button")}
          </button>
        </Form>
      </div>
    </>
  );
}
