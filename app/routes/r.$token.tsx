import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { fieldMessages, hasKey, type Lang, t as translate } from "../i18n";
import { type RatingPage, ratingPage, submitRating } from "../models/mail.server";
import { langOf } from "../utils/lang.server";

/**
 * The one-click rating page (满意度测评 / 企业反馈) opened from the reply mail, without logging in.
 * The signed token names the case, round and person; opening the page never uses the link (mail
 * scanners open links too), only an accepted rating does. Refusals are pages a person can act on.
 */

// The token is a credential: out of caches, search engines, and Referer headers to other sites.
export const meta: MetaFunction = () => [
  { title: "满意度测评 · Rate the reply" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];

export const headers: HeadersFunction = () => ({
  "Cache-Control": "no-store",
  "X-Robots-Tag": "noindex",
});

const STATUS: Record<RatingPage["kind"], number> = {
  open: 200,
  invalid: 400,
  expired: 410,
  used: 410,
  closed: 409,
};

/**
 * The reader's language, by the same rule as the page header (a choice made on this site, else the
 * browser's): nobody is signed in here, and one page should not speak two languages.
 */
async function pageLang(request: Request): Promise<Lang> {
  return langOf(request, null);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await ratingPage(params.token ?? "");
  const { satisfaction } = await import("../../workflows/proposal/events");
  const lang = await pageLang(request);
  // Where a successful rating lands (post, redirect, get): thanks, instead of "already used".
  const done = page.kind === "used" && new URL(request.url).searchParams.get("done") === "1";
  return data({ page, done, lang, choices: [...satisfaction] }, { status: done ? 200 : STATUS[page.kind] });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const form = await request.formData();
  const values = {
    attitude: String(form.get("attitude") ?? ""),
    result: String(form.get("result") ?? ""),
    comment: String(form.get("comment") ?? ""),
  };
  const lang = await pageLang(request);
  const outcome = await submitRating(token, values, lang);
  switch (outcome.kind) {
    case "done":
      return redirect(`/r/${token}?done=1`, 303);
    case "refused":
      return data(
        { ...outcome, fields: {} as Record<string, string>, values },
        { status: STATUS[outcome.page.kind] },
      );
    case "invalid_fields":
      return data({ ...outcome, fields: fieldMessages(lang, outcome.fields), values }, { status: 422 });
  }
}

/**
 * This page's words, with a variant for enterprise requests where one exists
 * (`rate.used.body.enterprise_request`).
 */
function usePageT(caseKind?: string) {
  const { lang } = useLoaderData<typeof loader>();
  const t = (key: string, params?: Record<string, unknown>) =>
    translate(lang, caseKind && hasKey(lang, `${key}.${caseKind}`) ? `${key}.${caseKind}` : key, params);
  return { lang, t };
}

export default function RatePage() {
  const { page: loaded, done, choices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = usePageT(loaded.kind === "used" ? loaded.caseKind : undefined);
  if (done && loaded.kind === "used") {
    return (
      <div className="login-wrap">
        <div className="card" role="status">
          <h1>{t("rate.done.title")}</h1>
          <p>{t("rate.done.recorded")}</p>
          <p>{loaded.caseState === "rehandling" ? t("rate.done.rehandling") : t("rate.done.closed")}</p>
          <p>
            <Link to="/login">{t("rate.openCase")}</Link>
          </p>
        </div>
      </div>
    );
  }
  const page = result?.kind === "refused" ? result.page : loaded;
  if (page.kind !== "open") return <Refusal page={page} />;
  return <RatingForm page={page} choices={choices} fields={result?.fields ?? {}} values={result?.values} />;
}

function RatingForm({
  page,
  choices,
  fields,
  values,
}: {
  page: Extract<RatingPage, { kind: "open" }>;
  choices: string[];
  fields: Record<string, string>;
  values?: { attitude: string; result: string; comment: string };
}) {
  const { t } = usePageT(page.caseKind);
  const busy = useNavigation().state === "submitting";
  const enterprise = page.caseKind === "enterprise_request";
  const radios = (name: "attitude" | "result", legend: string) => (
    <fieldset className={`plain field${fields[name] ? " invalid" : ""}`}>
      <legend>{legend}</legend>
      <div className="checks">
        {choices.map((c) => (
          <label key={c}>
            <input type="radio" name={name} value={c} defaultChecked={values?.[name] === c} required />{" "}
            {t(`result.${c}`)}
          </label>
        ))}
      </div>
      {fields[name] ? <div className="field-error">{fields[name]}</div> : null}
    </fieldset>
  );
  return (
    <div className="rate-page">
      <div className="page-head">
        <div>
          <h1>{t("rate.title")}</h1>
          <p>{t("rate.intro", { name: page.name })}</p>
        </div>
      </div>
      <section className="card section">
        <h2>
          {page.caseTitle}
          {page.number !== null ? (
            <span className="muted small">
              {" "}
              {page.sessionLabel
                ? t("mail.numberLabel", { n: page.number, session: page.sessionLabel })
                : t("mail.numberOnly", { n: page.number })}
            </span>
          ) : null}
        </h2>
        {page.reply ? (
          <>
            <h3>
              {t("rate.replyFrom", { unit: page.reply.department })}
              {page.reply.classification ? (
                <span className="badge info">{t(`classification.${page.reply.classification}`)}</span>
              ) : null}
              {page.reply.resolution ? (
                <span className="badge info">{t(`mail.resolution.${page.reply.resolution}`)}</span>
              ) : null}
            </h3>
            <div className="prose" style={{ whiteSpace: "pre-wrap", maxHeight: "28rem", overflowY: "auto" }}>
              {page.reply.body}
            </div>
            {page.reply.contactName ? (
              <p className="muted small">
                {t("rate.contact", { name: page.reply.contactName, phone: page.reply.contactPhone ?? "" })}
              </p>
            ) : null}
          </>
        ) : null}
      </section>
      <Form method="post" className="card form section" noValidate>
        {enterprise ? null : radios("attitude", t("case.label.attitude"))}
        {radios("result", enterprise ? t("rate.label.rating") : t("case.label.result"))}
        <div className={`field${fields.comment ? " invalid" : ""}`}>
          <label htmlFor="comment">{t("case.label.comment")}</label>
          <textarea
            id="comment"
            name="comment"
            rows={3}
            maxLength={5000}
            defaultValue={values?.comment ?? ""}
          />
          {fields.comment ? <div className="field-error">{fields.comment}</div> : null}
        </div>
        <button type="submit" className="btn" disabled={busy}>
          {t("rate.submit")}
        </button>
        <p className="muted small">{t("rate.noLogin")}</p>
      </Form>
    </div>
  );
}

/** A refused link, said in the reader's language and, beneath, in the other one. */
function Refusal({ page }: { page: Exclude<RatingPage, { kind: "open" }> }) {
  const { lang } = usePageT();
  const other: Lang = lang === "en" ? "zh-CN" : "en";
  const params = page.kind === "expired" ? { date: page.validUntil } : undefined;
  const kind = "caseKind" in page ? page.caseKind : undefined;
  const key = (l: Lang, k: string) => (kind && hasKey(l, `${k}.${kind}`) ? `${k}.${kind}` : k);
  const say = (l: Lang) => ({
    title: translate(l, key(l, `rate.${page.kind}.title`)),
    body: translate(l, key(l, `rate.${page.kind}.body`), params),
    login: translate(l, "rate.login"),
  });
  const main = say(lang);
  const second = say(other);
  return (
    <div className="login-wrap">
      <div className="card error-page" data-refusal={page.kind}>
        <h1>{main.title}</h1>
        <p>{main.body}</p>
        <p>
          <Link to="/login" className="btn">
            {main.login}
          </Link>
        </p>
        <hr />
        <div lang={other} className="muted small">
          <p>
            <b>{second.title}</b>
          </p>
          <p>{second.body}</p>
        </div>
      </div>
    </div>
  );
}
