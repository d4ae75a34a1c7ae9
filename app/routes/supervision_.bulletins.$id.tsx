import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { BulletinDocument } from "../components/bulletin/BulletinDocument";
import { PrintButton } from "../components/bulletin/PrintButton";
import { describedBy, Field } from "../components/Field";
import { fieldMessages, t as translate } from "../i18n";
import { rolesFor } from "../models/access";
import {
  discardDraft,
  editDraftText,
  positiveId,
  publishBulletin,
  refreshDraft,
} from "../models/bulletin.server";
import { bulletinPage } from "../models/bulletin-page.server";
import bulletinStyles from "../styles/bulletin.css";
import { actorOf, requireUser } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";
import { useT } from "../utils/i18n";
import { langOf } from "../utils/lang.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: bulletinStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.title : "404" }];

/** A bulletin as the supervisor reviews it: the document, and for a draft its words, publication, recomputation. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, rolesFor("supervision_.bulletins.$id", "get"));
  return bulletinPage(user, params.id);
}

const INTENTS = ["publish", "refresh", "discard", "text"] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, rolesFor("supervision_.bulletins.$id", "post"));
  const lang = await langOf(request, user);
  const { CaseError } = await import("../../workflows/errors");
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const text = {
    title: String(form.get("title") ?? ""),
    issuer: String(form.get("issuer") ?? ""),
    intro: String(form.get("intro") ?? ""),
    closing: String(form.get("closing") ?? ""),
  };
  try {
    const id = positiveId(params.id);
    if (!(INTENTS as readonly string[]).includes(intent))
      throw new CaseError("bad_request", "unknown_intent");
    const here = `/supervision/bulletins/${id}`;
    switch (intent) {
      case "publish": {
        const seen = form.get("seen");
        const r = await publishBulletin(
          db(),
          clock,
          actorOf(user),
          id,
          typeof seen === "string" && seen ? seen : undefined,
        );
        return redirect(`${here}?published=${r.mails}.${r.cases}`);
      }
      case "refresh":
        await refreshDraft(db(), clock, id);
        return redirect(`${here}?refreshed=1`);
      case "discard":
        await discardDraft(db(), id);
        return redirect("/supervision/bulletins");
      default:
        await editDraftText(db(), clock, id, text);
        return redirect(`${here}?saved=1`);
    }
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    if (e.code === "not_found") throw new Response("Not found", { status: 404 });
    const reason = translate(lang, `reason.${e.reason}`);
    return data(
      {
        intent,
        text,
        fields: fieldMessages(lang, e.details.fields),
        error: reason !== `reason.${e.reason}` ? reason : translate(lang, `error.${e.code}`),
      },
      { status: e.status === 422 ? 400 : e.status },
    );
  }
}

function DraftPanel() {
  const b = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useT();
  const v = result?.intent === "text" ? result.text : b.content;
  const title = result?.intent === "text" ? result.text.title : b.title;
  const errors: Record<string, string> = result?.fields ?? {};
  return (
    <div className="bdoc-panel no-print">
      <details className="card" open={result?.intent === "text" ? true : undefined}>
        <summary>
          <strong>{t("bulletins.edit")}</strong>
        </summary>
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="text" />
          <Field id="title" label={t("bulletins.f.title")} error={errors.title} required>
            <input
              id="title"
              name="title"
              type="text"
              maxLength={120}
              defaultValue={title}
              {...describedBy("title", errors.title)}
            />
          </Field>
          <Field
            id="issuer"
            label={t("bulletins.f.issuer")}
            hint={t("bulletins.f.issuerHint")}
            error={errors.issuer}
          >
            <input
              id="issuer"
              name="issuer"
              type="text"
              maxLength={60}
              defaultValue={v.issuer}
              {...describedBy("issuer", errors.issuer, true)}
            />
          </Field>
          <Field id="intro" label={t("bulletins.f.intro")} error={errors.intro}>
            <textarea
              id="intro"
              name="intro"
              maxLength={4000}
              defaultValue={v.intro}
              {...describedBy("intro", errors.intro)}
            />
          </Field>
          <Field id="closing" label={t("bulletins.f.closing")} error={errors.closing}>
            <textarea
              id="closing"
              name="closing"
              maxLength={4000}
              defaultValue={v.closing}
              {...describedBy("closing", errors.closing)}
            />
          </Field>
          <div className="actions">
            <button type="submit" className="btn secondary" disabled={busy}>
              {t("bulletins.save")}
            </button>
          </div>
        </Form>
      </details>
      <div className="card">
        <p className="small">{t("bulletins.publishHint")}</p>
        <div className="row">
          <Form method="post">
            <input type="hidden" name="intent" value="publish" />
            <input type="hidden" name="seen" value={b.updatedAt} />
            <button type="submit" className="btn" disabled={busy}>
              {t("bulletins.publish")}
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="refresh" />
            <button type="submit" className="btn secondary" disabled={busy}>
              {t("bulletins.refresh")}
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="discard" />
            <button type="submit" className="btn danger" disabled={busy}>
              {t("bulletins.discard")}
            </button>
          </Form>
        </div>
      </div>
    </div>
  );
}

export default function SupervisorBulletin() {
  const b = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useT();
  const published = params.get("published")?.split(".");
  return (
    <div className="bdoc-page">
      <div className="bdoc-toolbar no-print">
        <Link to="/supervision/bulletins">← {t("bulletins.back")}</Link>
        <div className="actions">
          <span className={`bdoc-status ${b.status}`}>{t(`bulletins.status.${b.status}`)}</span>
          {b.status === "published" ? (
            <Link to={`/bulletins/${b.id}`}>{t("bulletins.readerView")}</Link>
          ) : null}
          <PrintButton />
        </div>
      </div>
      <div className="bdoc-panel no-print">
        {result?.error ? (
          <div className="alert-box error" role="alert">
            {result.error}
          </div>
        ) : null}
        {published && !result ? (
          <div className="alert-box ok" role="status">
            {t("bulletins.published", { mails: published[0], cases: published[1] ?? 0 })}
          </div>
        ) : null}
        {params.get("saved") && !result ? (
          <div className="alert-box ok" role="status">
            {t("bulletins.saved")}
          </div>
        ) : null}
        {params.get("refreshed") && !result ? (
          <div className="alert-box ok" role="status">
            {t("bulletins.refreshed")}
          </div>
        ) : null}
        <p className="small muted">
          {b.status === "draft"
            ? t("bulletins.draftNote", { at: b.generatedAtLabel })
            : t("bulletins.publishedNote", { by: b.publishedBy ?? "", at: b.publishedAtLabel ?? "" })}
        </p>
      </div>
      {b.status === "draft" ? <DraftPanel /> : null}
      <BulletinDocument content={b.content} issue={b.content.issue ?? null} date={b.date} />
    </div>
  );
}
