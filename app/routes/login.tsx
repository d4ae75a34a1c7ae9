import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { CaseError } from "../../workflows/errors";
import { getUser, signIn, startSession } from "../utils/auth.server";
import { useT } from "../utils/i18n";
import { safeRedirect } from "../utils/redirect";
import { clientAddress } from "../utils/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const username = String(form.get("username") ?? "").trim();
  const password = String(form.get("password") ?? "");
  const redirectTo = safeRedirect(form.get("redirectTo"));
  const fields: Partial<Record<"username" | "password", string>> = {};
  if (!username) fields.username = "field.required";
  if (!password) fields.password = "field.required";
  const answer = (error: string | null, params: Record<string, unknown> = {}, init?: ResponseInit) =>
    json({ fields, username, error, params }, init);
  if (Object.keys(fields).length) return answer(null);
  let user: Awaited<ReturnType<typeof signIn>>;
  try {
    user = await signIn(username, password, clientAddress(context));
  } catch (e) {
    if (!(e instanceof CaseError) || e.code !== "rate_limited") throw e;
    const params = e.details.params ?? {};
    return answer("reason.too_many_attempts", params, {
      status: 429,
      headers: { "Retry-After": String(params.retryAfter ?? 60) },
    });
  }
  if (!user) return answer("reason.bad_credentials");
  return redirect(redirectTo, { headers: { "Set-Cookie": await startSession(user.id, request) } });
}

export default function Login() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useT();
  return (
    <div className="login-wrap">
      <div className="card">
        <h1>{t("login.title")}</h1>
        <p className="muted">{t("login.subtitle")}</p>
        {data?.error ? (
          <div className="alert-box error" role="alert">
            {t(data.error, data.params)}
          </div>
        ) : params.get("ended") === "everywhere" ? (
          <div className="alert-box ok" role="status">
            {t("login.signedOutEverywhere")}
          </div>
        ) : null}
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
          <div className={`field${data?.fields.username ? " invalid" : ""}`}>
            <label htmlFor="username">{t("login.username")}</label>
            <input
              id="username"
              name="username"
              type="text"
              autoComplete="username"
              defaultValue={data?.username ?? ""}
              autoFocus
            />
            {data?.fields.username ? <div className="field-error">{t(data.fields.username)}</div> : null}
          </div>
          <div className={`field${data?.fields.password ? " invalid" : ""}`}>
            <label htmlFor="password">{t("login.password")}</label>
            <input id="password" name="password" type="password" autoComplete="current-password" />
            {data?.fields.password ? <div className="field-error">{t(data.fields.password)}</div> : null}
          </div>
          <button type="submit" className="btn">
            {t("login.submit")}
          </button>
        </Form>
      </div>
    </div>
  );
}
