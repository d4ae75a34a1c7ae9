import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { AttachmentsField, type KeptFileView } from "../components/Attachments";
import { useThemeName } from "../components/case/shared";
import { titled } from "../components/lists/meta";
import { StateBadge } from "../components/lists/StateBadge";
import { fieldMessages, t as translate } from "../i18n";
import { rolesFor } from "../models/access";
import { kindOfContentType } from "../models/file-type.server";
import {
  CaseError,
  fileRequest,
  type RequestForm,
  readRequestForm,
  requestFormOptions,
  requestFormProblems,
  type SimilarRequest,
} from "../models/request.server";
import { KEPT_FIELD, readUploadForm, receiveAttachments, UPLOAD_LIMITS } from "../models/uploads.server";
import caseStyles from "../styles/case.css";
import { actorOf, requireUser } from "../utils/auth.server";
import { useT } from "../utils/i18n";
import { langOf } from "../utils/lang.server";

export const meta = titled("nav.newRequest");

// The case page's form styles (choices with descriptions): the same controls as its event forms.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: caseStyles }];

/** The form's fields in reading order: the error summary lists problems in this order. */
const ORDER = [
  "enterpriseId",
  "channel",
  "title",
  "body",
  "attachments",
  "category",
  "theme",
  "priority",
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, rolesFor("requests.new", "get"));
  const options = await requestFormOptions(actorOf(user));
  const preset = new URL(request.url).searchParams.get("enterpriseId") ?? "";
  return {
    ...options,
    onBehalf: user.role === "supervisor",
    // An enterprise user without an enterprise cannot file anything: say so instead of failing later.
    noEnterprise: user.role === "enterprise" && !user.enterprise_id,
    ownEnterpriseId: user.enterprise_id,
    presetEnterpriseId: /^\d{1,10}$/.test(preset) ? preset : "",
    limits: { maxFiles: UPLOAD_LIMITS.maxFiles, maxFileBytes: UPLOAD_LIMITS.maxFileBytes },
  };
}

interface ActionResult {
  values: RequestForm;
  fields: Record<string, string>;
  error: string | null;
  similar: SimilarRequest[];
  /** similar requests were found when sending: shown first, sending again files it */
  confirm: boolean;
  checked: boolean;
  /** files received so far: they stay with the form until it is filed */
  attachments: KeptFileView[];
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, rolesFor("requests.new", "post"));
  const lang = await langOf(request, user);
  const { form, files } = await readUploadForm(request);
  const values = readRequestForm(form);
  const received = await receiveAttachments(
    user.id,
    files,
    form.getAll(KEPT_FIELD).filter((v): v is string => typeof v === "string"),
  );
  const attachments: KeptFileView[] = received.files.map((f) => ({
    token: f.token,
    fileName: f.fileName,
    size: f.size,
    kind: kindOfContentType(f.contentType) ?? null,
  }));
  if (received.problems.length) {
    // A refused file: nothing is filed; every other problem of the form is named with it.
    const fields = fieldMessages(lang, requestFormProblems(actorOf(user), values));
    fields.attachments = received.problems
      .map((p) => translate(lang, `field.${p.code}`, p.params))
      .join(translate(lang, "attachment.problemSep"));
    return data<ActionResult>(
      {
        values,
        fields,
        error: translate(lang, "error.validation_failed"),
        similar: [],
        confirm: false,
        checked: false,
        attachments,
      },
      { status: 422 },
    );
  }
  try {
    const result = await fileRequest(
      actorOf(user),
      values,
      received.files.map(({ token: _, ...f }) => f),
    );
    if (result.kind === "created") return redirect(`/cases/${result.caseId}?created=1`);
    return data<ActionResult>({
      values,
      fields: {},
      error: null,
      similar: result.similar,
      confirm: result.confirm,
      checked: !result.confirm,
      attachments,
    });
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    return data<ActionResult>(
      {
        values,
        fields: fieldMessages(lang, e.details.fields),
        error: translate(lang, e.code === "forbidden" ? "error.forbidden" : `error.${e.code}`),
        similar: [],
        confirm: false,
        checked: false,
        attachments,
      },
      { status: e.status },
    );
  }
}

export default function NewRequest() {
  const opts = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const { t } = useT();
  const themeName = useThemeName();
  const values = result?.values;
  const fields = result?.fields ?? {};
  const busy = navigation.state === "submitting";
  const firstInvalid = ORDER.find((f) => fields[f]);

  // Duplicate hints while typing: asked of the server a moment after the title or text changes.
  const hints = useFetcher<{ items: SimilarRequest[] }>();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [asked, setAsked] = useState(false);
  const lookUp = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const form = formRef.current;
      if (!form) return;
      const f = new FormData(form);
      const title = String(f.get("title") ?? "").trim();
      const body = String(f.get("body") ?? "").trim();
      const enterpriseId = String(f.get("enterpriseId") ?? opts.ownEnterpriseId ?? "");
      if (title.length < 4 && body.length < 10) return;
      setAsked(true);
      hints.load(
        `/requests/similar?${new URLSearchParams({ title, body: body.slice(0, 600), enterpriseId })}`,
      );
    }, 500);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  const similar = (asked ? hints.data?.items : undefined) ?? result?.similar ?? [];
  // What was shown counts as seen: sending after seeing it files the request.
  const seen = similar.map((s) => s.id).join(",");

  const labelOf: Record<string, string> = {
    enterpriseId: t("newRequest.field.enterprise"),
    channel: t("newRequest.field.channel"),
    title: t("newRequest.field.title"),
    body: t("newRequest.field.body"),
    category: t("newRequest.field.category"),
    theme: t("newRequest.field.theme"),
    priority: t("newRequest.field.priority"),
    attachments: t("attachment.field"),
  };
  const fieldClass = (name: string) => `field${fields[name] ? " invalid" : ""}`;
  const errorOf = (name: string) =>
    fields[name] ? (
      <div className="field-error" id={`${name}-error`}>
        {fields[name]}
      </div>
    ) : null;
  const described = (name: string, hint?: boolean) =>
    [hint ? `${name}-hint` : null, fields[name] ? `${name}-error` : null].filter(Boolean).join(" ") ||
    undefined;
  const label = (name: string, required: boolean) => (
    <label htmlFor={name}>
      {labelOf[name]}
      {required ? <span className="req"> *</span> : null}
    </label>
  );

  if (opts.noEnterprise)
    return (
      <div className="card">
        <h1>{t("newRequest.title")}</h1>
        <div className="alert-box warn">{t("newRequest.noEnterprise")}</div>
      </div>
    );

  return (
    <>
      <div className="page-head">
        <div>
          {opts.onBehalf ? (
            <p className="crumbs">
              <Link to="/supervision?tab=requests">{t("supervision.tab.requests")}</Link> /
            </p>
          ) : (
            <p className="crumbs">
              <Link to="/requests">{t("nav.myRequests")}</Link> /
            </p>
          )}
          <h1>{opts.onBehalf ? t("newRequest.titleOnBehalf") : t("newRequest.title")}</h1>
          <p>{opts.onBehalf ? t("newRequest.subtitleOnBehalf") : t("newRequest.subtitle")}</p>
        </div>
      </div>
      <div className="grid grid-2">
        <Form
          method="post"
          encType="multipart/form-data"
          className="card form"
          noValidate
          ref={formRef}
          onChange={lookUp}
        >
          {result?.error ? (
            <div className="alert-box error" role="alert">
              {result.error}
              <ul className="error-list">
                {ORDER.filter((f) => fields[f]).map((f) => (
                  <li key={f}>
                    <a href={`#${f}`}>{labelOf[f]}</a>
                    {t("case.sep")}
                    {fields[f]}
                  </li>
                ))}
                {Object.keys(fields)
                  .filter((f) => !(ORDER as readonly string[]).includes(f))
                  .map((f) => (
                    <li key={f}>
                      {f}
                      {t("case.sep")}
                      {fields[f]}
                    </li>
                  ))}
              </ul>
            </div>
          ) : null}
          {result?.confirm && similar.length ? (
            <div className="alert-box warn" role="alert">
              <strong>{t("newRequest.similar.confirmTitle", { n: similar.length })}</strong>{" "}
              {t("newRequest.similar.confirmBody")}
            </div>
          ) : null}

          {opts.onBehalf ? (
            <div className="row-2">
              <div className={fieldClass("enterpriseId")}>
                {label("enterpriseId", true)}
                <select
                  id="enterpriseId"
                  name="enterpriseId"
                  defaultValue={values?.enterpriseId ?? opts.presetEnterpriseId}
                  aria-invalid={fields.enterpriseId ? true : undefined}
                  aria-describedby={described("enterpriseId", true)}
                  autoFocus={firstInvalid === "enterpriseId" || undefined}
                >
                  <option value="">{t("newRequest.chooseEnterprise")}</option>
                  {opts.enterprises.map((e) => (
                    <option key={e.id} value={e.id}>
                      {e.name}
                    </option>
                  ))}
                </select>
                <div className="hint" id="enterpriseId-hint">
                  {opts.enterprises.length ? (
                    t("newRequest.hint.enterprise")
                  ) : (
                    <>
                      {t("newRequest.noEnterprises")} <Link to="/enterprises">{t("nav.enterprises")}</Link>
                    </>
                  )}
                </div>
                {errorOf("enterpriseId")}
              </div>
              <div className={fieldClass("channel")}>
                {label("channel", true)}
                <select
                  id="channel"
                  name="channel"
                  defaultValue={values?.channel ?? ""}
                  aria-invalid={fields.channel ? true : undefined}
                  aria-describedby={described("channel", true)}
                >
                  <option value="">{t("case.label.choose")}</option>
                  {opts.channels.map((c) => (
                    <option key={c} value={c}>
                      {t(`channel.${c}`)}
                    </option>
                  ))}
                </select>
                <div className="hint" id="channel-hint">
                  {t("newRequest.hint.channel")}
                </div>
                {errorOf("channel")}
              </div>
            </div>
          ) : null}

          <div className={fieldClass("title")}>
            {label("title", true)}
            <div className="hint" id="title-hint">
              {t("newRequest.hint.title")}
            </div>
            <input
              id="title"
              name="title"
              type="text"
              maxLength={200}
              defaultValue={values?.title ?? ""}
              aria-invalid={fields.title ? true : undefined}
              aria-describedby={described("title", true)}
              placeholder={t("newRequest.placeholder.title")}
              autoFocus={firstInvalid === "title" || undefined}
            />
            {errorOf("title")}
          </div>
          <div className={fieldClass("body")}>
            {label("body", true)}
            <div className="hint" id="body-hint">
              {t("newRequest.hint.body")}
            </div>
            <textarea
              id="body"
              name="body"
              rows={9}
              maxLength={20000}
              defaultValue={values?.body ?? ""}
              aria-invalid={fields.body ? true : undefined}
              aria-describedby={described("body", true)}
              autoFocus={firstInvalid === "body" || undefined}
            />
            {errorOf("body")}
          </div>

          <AttachmentsField
            label={labelOf.attachments}
            kept={result?.attachments ?? []}
            error={fields.attachments}
            limits={opts.limits}
          />

          <Radios
            name="category"
            legend={labelOf.category}
            required
            error={fields.category}
            current={values?.category ?? ""}
            options={opts.categories.map((k) => ({
              value: k,
              label: (
                <>
                  <strong>{t(`category.${k}`)}</strong>
                  <span className="choice-desc">
                    {t(`case.categoryHint.${k}`)}{" "}
                    {t("newRequest.replyWithin", { n: opts.replyDays[k as keyof typeof opts.replyDays] })}
                  </span>
                </>
              ),
            }))}
          />

          <div className="row-2">
            <div className={fieldClass("theme")}>
              {label("theme", false)}
              <select
                id="theme"
                name="theme"
                defaultValue={values?.theme ?? ""}
                aria-invalid={fields.theme ? true : undefined}
                aria-describedby={described("theme", true)}
              >
                <option value="">{t("newRequest.themeUnsure")}</option>
                {opts.themes.map((x) => (
                  <option key={x.code} value={x.code}>
                    {themeName(x.code, opts.themes)}
                  </option>
                ))}
              </select>
              <div className="hint" id="theme-hint">
                {t("newRequest.hint.theme")}
              </div>
              {errorOf("theme")}
            </div>
            <Radios
              name="priority"
              legend={labelOf.priority}
              error={fields.priority}
              current={values?.priority || "normal"}
              options={["normal", "urgent"].map((k) => ({
                value: k,
                label: (
                  <>
                    <strong>{t(`priority.${k}`)}</strong>
                    <span className="choice-desc">
                      {k === "urgent"
                        ? t("newRequest.urgentHint", { n: opts.replyDays.urgent })
                        : t("newRequest.normalHint")}
                    </span>
                  </>
                ),
              }))}
            />
          </div>

          <input type="hidden" name="seenSimilar" value={seen} />
          <div className="form-foot">
            <p className="muted small">
              {opts.onBehalf ? t("newRequest.submitHintOnBehalf") : t("newRequest.submitHint")}
            </p>
            <div className="actions">
              <button type="submit" name="intent" value="check" className="btn secondary" disabled={busy}>
                {t("newRequest.check")}
              </button>
              <button type="submit" name="intent" value="submit" className="btn" disabled={busy}>
                {busy
                  ? t("case.sending")
                  : result?.confirm
                    ? t("newRequest.submitAnyway")
                    : t("newRequest.submit")}
              </button>
            </div>
          </div>
        </Form>

        <aside>
          <SimilarPanel
            similar={similar}
            checked={!!result?.checked || (asked && hints.state === "idle" && !!hints.data)}
            loading={hints.state === "loading"}
          />
          <section className="card guide">
            <h2>{t("newRequest.guide.title")}</h2>
            <ul>
              <li>{t("newRequest.guide.one")}</li>
              <li>{t("newRequest.guide.two")}</li>
              <li>{t("newRequest.guide.three")}</li>
            </ul>
            <h3>{t("newRequest.guide.after")}</h3>
            <ol className="small guide-flow">
              <li>{t("newRequest.guide.flow1")}</li>
              <li>{t("newRequest.guide.flow2")}</li>
              <li>{t("newRequest.guide.flow3")}</li>
              <li>{t("newRequest.guide.flow4")}</li>
            </ol>
          </section>
        </aside>
      </div>
    </>
  );
}

function Radios({
  name,
  legend,
  options,
  current,
  error,
  required,
}: {
  name: string;
  legend: string;
  options: Array<{ value: string; label: ReactNode }>;
  current: string;
  error?: string;
  required?: boolean;
}) {
  return (
    <fieldset
      className={`field radios stacked${error ? " invalid" : ""}`}
      id={name}
      aria-describedby={error ? `${name}-error` : undefined}
    >
      <legend>
        {legend}
        {required ? <span className="req"> *</span> : null}
      </legend>
      <div className="choices">
        {options.map((o) => (
          <label key={o.value} className="choice">
            <input type="radio" name={name} value={o.value} defaultChecked={current === o.value} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {error ? (
        <div className="field-error" id={`${name}-error`}>
          {error}
        </div>
      ) : null}
    </fieldset>
  );
}

/** 疑似重复: the enterprise's requests that look like this one, so the same matter is not filed twice. */
function SimilarPanel({
  similar,
  checked,
  loading,
}: {
  similar: SimilarRequest[];
  checked: boolean;
  loading: boolean;
}) {
  const { t } = useT();
  if (!similar.length && !checked && !loading) return null;
  return (
    <section className={`card similar${similar.length ? " found" : ""}`} aria-live="polite">
      <h2>{t("newRequest.similar.title")}</h2>
      {similar.length ? (
        <>
          <p className="small">{t("newRequest.similar.found", { n: similar.length })}</p>
          <ul className="records">
            {similar.map((s) => (
              <li key={s.id}>
                <div className="record-head">
                  <Link to={`/cases/${s.id}`} target="_blank" rel="noreferrer">
                    #{s.id} {s.title}
                  </Link>
                </div>
                <div className="small muted">
                  <StateBadge state={s.state} kind="enterprise_request" />
                  {s.submittedOn ? ` ${s.submittedOn}` : ""}
                  {s.leadDepartment ? ` · ${s.leadDepartment}` : ""}
                </div>
              </li>
            ))}
          </ul>
          <p className="small muted">{t("newRequest.similar.advice")}</p>
        </>
      ) : (
        <p className="small muted">
          {loading ? t("newRequest.similar.looking") : t("newRequest.similar.none")}
        </p>
      )}
    </section>
  );
}
