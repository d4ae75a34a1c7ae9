import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { KINDS, type PeriodPreset, PRESETS } from "../components/bulletin/options";
import { describedBy, Field } from "../components/Field";
import { titled } from "../components/lists/meta";
import { fieldMessages, t as translate } from "../i18n";
import { rolesFor } from "../models/access";
import {
  bulletinList,
  type CreateValues,
  createBulletin,
  createValuesOf,
  defaultCreateValues,
  periodPresets,
} from "../models/bulletin.server";
import bulletinStyles from "../styles/bulletin.css";
import { actorOf, requireUser } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";
import { useT } from "../utils/i18n";
import { langOf } from "../utils/lang.server";

export const meta = titled("bulletins.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: bulletinStyles }];

/** Supervisors' bulletins: every one so far (drafts and published, newest first) and the form for a new one. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, rolesFor("supervision_.bulletins._index", "get"));
  const { dateInZone, TIME_ZONE, today } = await import("../../workflows/dates");
  const day = today(clock.now());
  const requested = new URL(request.url).searchParams.get("preset");
  const preset = (PRESETS as readonly string[]).includes(requested ?? "")
    ? (requested as PeriodPreset)
    : "thisYear";
  return {
    bulletins: (await bulletinList(db())).map((b) => ({
      ...b,
      day: dateInZone(new Date(b.publishedAt ?? b.createdAt), TIME_ZONE),
    })),
    presets: periodPresets(day),
    preset,
    values: defaultCreateValues(day, preset),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, rolesFor("supervision_.bulletins._index", "post"));
  const lang = await langOf(request, user);
  const values = createValuesOf(await request.formData());
  const { CaseError } = await import("../../workflows/errors");
  try {
    const id = await createBulletin(db(), clock, actorOf(user), values);
    return redirect(`/supervision/bulletins/${id}`);
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    return data(
      { values, fields: fieldMessages(lang, e.details.fields), error: translate(lang, `error.${e.code}`) },
      { status: e.status === 422 ? 400 : e.status },
    );
  }
}

function CreateForm({
  values,
  errors,
  error,
}: {
  values: CreateValues;
  errors: Record<string, string>;
  error?: string;
}) {
  const { t } = useT();
  const { presets, preset } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" className="card form bulletin-form" noValidate>
      <h2>{t("bulletins.new")}</h2>
      {error ? (
        <div className="alert-box error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="presets" role="group" aria-label={t("bulletins.presets")}>
        {PRESETS.map((p) => (
          <Link
            key={p}
            to={`?preset=${p}`}
            replace
            preventScrollReset
            className={`btn small${p === preset ? "" : " secondary"}`}
            aria-current={p === preset ? "true" : undefined}
            title={`${presets[p].from} — ${presets[p].to}`}
          >
            {t(`bulletins.preset.${p}`)}
          </Link>
        ))}
      </div>
      {/* A preset link reloads the form with its dates: the inputs are keyed by them. */}
      <div className="grid-dates" key={`${values.from}:${values.to}`}>
        <Field id="from" label={t("bulletins.f.from")} error={errors.from} required>
          <input
            id="from"
            name="from"
            type="date"
            defaultValue={values.from}
            required
            {...describedBy("from", errors.from)}
          />
        </Field>
        <Field id="to" label={t("bulletins.f.to")} error={errors.to} required>
          <input
            id="to"
            name="to"
            type="date"
            defaultValue={values.to}
            required
            {...describedBy("to", errors.to)}
          />
        </Field>
        <Field id="kind" label={t("bulletins.f.kind")} error={errors.kind}>
          <select id="kind" name="kind" defaultValue={values.kind} {...describedBy("kind", errors.kind)}>
            <option value="">{t("bulletins.kind.all")}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`bulletins.kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="grid-dates">
        <Field id="onTimeRate" label={t("bulletins.f.onTimeRate")} error={errors.onTimeRate} required>
          <input
            id="onTimeRate"
            name="onTimeRate"
            type="number"
            min={0}
            max={100}
            step={0.1}
            defaultValue={values.onTimeRate}
            required
            {...describedBy("onTimeRate", errors.onTimeRate, true)}
          />
        </Field>
        <Field
          id="satisfactionRate"
          label={t("bulletins.f.satisfactionRate")}
          error={errors.satisfactionRate}
          required
        >
          <input
            id="satisfactionRate"
            name="satisfactionRate"
            type="number"
            min={0}
            max={100}
            step={0.1}
            defaultValue={values.satisfactionRate}
            required
            {...describedBy("satisfactionRate", errors.satisfactionRate, true)}
          />
        </Field>
      </div>
      <p className="hint small muted" id="onTimeRate-hint">
        {t("bulletins.thresholdsHint")}
      </p>
      <Field id="title" label={t("bulletins.f.title")} hint={t("bulletins.f.titleHint")} error={errors.title}>
        <input
          id="title"
          name="title"
          type="text"
          maxLength={120}
          defaultValue={values.title}
          {...describedBy("title", errors.title, true)}
        />
      </Field>
      <div className="actions">
        <button type="submit" className="btn" disabled={busy}>
          {t("bulletins.create")}
        </button>
      </div>
    </Form>
  );
}

export default function Bulletins() {
  const { bulletins, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("bulletins.title")}</h1>
          <p>{t("bulletins.subtitle")}</p>
        </div>
      </div>
      <CreateForm values={result?.values ?? values} errors={result?.fields ?? {}} error={result?.error} />
      <section className="section">
        <h2>{t("bulletins.list")}</h2>
        {bulletins.length ? (
          <div className="table-wrap">
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">{t("bulletins.col.issue")}</th>
                  <th scope="col">{t("bulletins.col.title")}</th>
                  <th scope="col">{t("bulletins.col.period")}</th>
                  <th scope="col">{t("bulletins.col.kind")}</th>
                  <th scope="col">{t("bulletins.col.status")}</th>
                  <th scope="col">{t("bulletins.col.date")}</th>
                </tr>
              </thead>
              <tbody>
                {bulletins.map((b) => (
                  <tr key={b.id}>
                    <td>{b.issue ?? <span className="muted">—</span>}</td>
                    <td>
                      <Link to={`/supervision/bulletins/${b.id}`}>{b.title}</Link>
                    </td>
                    <td className="nowrap">
                      {b.periodFrom} — {b.periodTo}
                    </td>
                    <td>{t(`bulletins.kind.${b.kind ?? "all"}`)}</td>
                    <td>
                      <span className={`bdoc-status ${b.status}`}>{t(`bulletins.status.${b.status}`)}</span>
                    </td>
                    <td className="nowrap">
                      {b.day}
                      {b.status === "draft" ? ` · ${b.createdBy}` : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t("bulletins.empty")}</p>
        )}
      </section>
    </>
  );
}
