import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { titled } from "../components/lists/meta";
import { CaseError, createCase, listDelegates } from "../components/lists/server.server";
import { fieldMessages, t } from "../i18n";
import { rolesFor } from "../models/access";
import { sendEvent } from "../models/case-events.server";
import { actorOf, requireUser } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";
import { useT } from "../utils/i18n";
import { langOf } from "../utils/lang.server";

export const meta = titled("nav.newProposal");

/**
 * The form as it arrives: every value kept as typed so a refusal can show it again. What a valid
 * proposal is (lengths, co-signers) is the engine's schema; this one only shapes the form data.
 */
const formSchema = z.object({
  intent: z.enum(["draft", "submit"]),
  title: z.string(),
  body: z.string(),
  measures: z.string(),
  cosignerIds: z.array(z.coerce.number().int()),
});
type ProposalForm = z.infer<typeof formSchema>;

function readForm(form: FormData): ProposalForm {
  const parsed = formSchema.safeParse({
    intent: form.get("intent"),
    title: String(form.get("title") ?? ""),
    body: String(form.get("body") ?? ""),
    measures: String(form.get("measures") ?? ""),
    cosignerIds: form.getAll("cosignerIds").map(String),
  });
  if (parsed.success) return parsed.data;
  // An unknown intent or a mangled id: keep the text, save as a draft at most.
  return {
    intent: "draft",
    title: String(form.get("title") ?? ""),
    body: String(form.get("body") ?? ""),
    measures: String(form.get("measures") ?? ""),
    cosignerIds: [],
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, rolesFor("proposals.new", "get"));
  const delegates = (await listDelegates(db())).filter((d) => d.id !== user.id);
  return { delegates: delegates.map((d) => ({ id: d.id, name: d.display_name, username: d.username })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, rolesFor("proposals.new", "post"));
  const lang = await langOf(request, user);
  const person = actorOf(user);
  const values = readForm(await request.formData());
  let caseId: number;
  try {
    const created = await createCase(db(), clock, {
      actor: person,
      input: {
        kind: "proposal",
        title: values.title,
        body: values.body,
        measures: values.measures,
        cosignerIds: values.cosignerIds,
      },
    });
    caseId = created.id;
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    const fields = fieldMessages(lang, e.details.fields);
    // Problems with one co-signer ("cosignerIds.2") belong to the co-signer list.
    for (const key of Object.keys(fields))
      if (key.startsWith("cosignerIds.")) fields.cosignerIds ??= fields[key];
    return data(
      { values, fields, error: t(lang, `error.${e.code}`) },
      { status: e.status === 422 ? 422 : e.status },
    );
  }
  if (values.intent === "submit") {
    try {
      await sendEvent(person, caseId, { type: "SUBMIT" }, lang);
    } catch (e) {
      // The draft is saved; the case page shows it and offers to submit again.
      if (!(e instanceof CaseError)) throw e;
      return redirect(`/cases/${caseId}?notice=submit_failed`);
    }
  }
  return redirect(`/cases/${caseId}`);
}

export default function NewProposal() {
  const { delegates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useT();
  const values = result?.values;
  const fields: Record<string, string> = result?.fields ?? {};
  const busy = navigation.state === "submitting";
  const ORDER = ["title", "body", "measures", "cosignerIds"];
  const firstInvalid = ORDER.find((f) => fields[f]);
  const labelOf: Record<string, string> = {
    title: t("newProposal.field.title"),
    body: t("newProposal.field.body"),
    measures: t("newProposal.field.measures"),
    cosignerIds: t("newProposal.field.cosigners"),
  };
  const chosen = new Set(values?.cosignerIds ?? []);
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

  return (
    <>
      <div className="page-head">
        <div>
          <p className="crumbs">
            <Link to="/proposals">{t("nav.myProposals")}</Link> /
          </p>
          <h1>{t("newProposal.title")}</h1>
          <p>{t("newProposal.subtitle")}</p>
        </div>
      </div>
      <div className="grid grid-2">
        <Form method="post" className="card form" noValidate>
          {result?.error ? (
            <div className="alert-box error" role="alert">
              {result.error}
              <ul className="error-list">
                {ORDER.filter((f) => fields[f]).map((f) => (
                  <li key={f}>
                    <a href={`#${f === "cosignerIds" ? "cosigners" : f}`}>{labelOf[f]}</a>：{fields[f]}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className={fieldClass("title")}>
            <label htmlFor="title">
              {t("newProposal.field.title")} <span className="req">*</span>
            </label>
            <div className="hint" id="title-hint">
              {t("newProposal.hint.title")}
            </div>
            <input
              id="title"
              name="title"
              type="text"
              maxLength={200}
              required
              defaultValue={values?.title ?? ""}
              aria-invalid={fields.title ? true : undefined}
              aria-describedby={described("title", true)}
              placeholder={t("newProposal.placeholder.title")}
              autoFocus={firstInvalid === "title" || undefined}
            />
            {errorOf("title")}
          </div>
          <div className={fieldClass("body")}>
            <label htmlFor="body">
              {t("newProposal.field.body")} <span className="req">*</span>
            </label>
            <div className="hint" id="body-hint">
              {t("newProposal.hint.body")}
            </div>
            <textarea
              id="body"
              name="body"
              rows={10}
              maxLength={20000}
              required
              defaultValue={values?.body ?? ""}
              autoFocus={firstInvalid === "body" || undefined}
              aria-invalid={fields.body ? true : undefined}
              aria-describedby={described("body", true)}
            />
            {errorOf("body")}
          </div>
          <div className={fieldClass("measures")}>
            <label htmlFor="measures">{t("newProposal.field.measures")}</label>
            <div className="hint" id="measures-hint">
              {t("newProposal.hint.measures")}
            </div>
            <textarea
              id="measures"
              name="measures"
              rows={8}
              maxLength={20000}
              defaultValue={values?.measures ?? ""}
              autoFocus={firstInvalid === "measures" || undefined}
              aria-invalid={fields.measures ? true : undefined}
              aria-describedby={described("measures", true)}
            />
            {errorOf("measures")}
          </div>
          <fieldset
            className={`${fieldClass("cosignerIds")} plain`}
            aria-describedby={described("cosignerIds", true)}
          >
            <legend>{t("newProposal.field.cosigners")}</legend>
            <div className="hint" id="cosignerIds-hint">
              {t("newProposal.hint.cosigners")}
            </div>
            {delegates.length ? (
              <div className="checks scroll">
                {delegates.map((d) => (
                  <label key={d.id}>
                    <input
                      type="checkbox"
                      name="cosignerIds"
                      value={d.id}
                      defaultChecked={chosen.has(d.id)}
                    />
                    {d.name}
                  </label>
                ))}
              </div>
            ) : (
              <p className="muted small">{t("newProposal.noDelegates")}</p>
            )}
            {errorOf("cosignerIds")}
          </fieldset>
          <div className="form-foot">
            <p className="muted small">{t("newProposal.submitHint")}</p>
            <div className="actions">
              {/* First in the form, so Enter in a text box saves a draft rather than submitting. */}
              <button type="submit" name="intent" value="draft" className="btn secondary" disabled={busy}>
                {t("newProposal.saveDraft")}
              </button>
              <button type="submit" name="intent" value="submit" className="btn" disabled={busy}>
                {t("newProposal.submit")}
              </button>
            </div>
          </div>
        </Form>
        <aside className="card guide">
          <h2>{t("newProposal.guide.title")}</h2>
          <ul>
            <li>{t("newProposal.guide.one")}</li>
            <li>{t("newProposal.guide.two")}</li>
            <li>{t("newProposal.guide.three")}</li>
            <li>{t("newProposal.guide.four")}</li>
          </ul>
          <h3>{t("newProposal.guide.after")}</h3>
          <ol className="steps small">
            <li>{t("newProposal.guide.flow1")}</li>
            <li>{t("newProposal.guide.flow2")}</li>
            <li>{t("newProposal.guide.flow3")}</li>
            <li>{t("newProposal.guide.flow4")}</li>
          </ol>
        </aside>
      </div>
    </>
  );
}
