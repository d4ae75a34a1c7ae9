import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { listDepartments } from "../../db/departments";
import { CaseError } from "../../workflows/errors";
import { ActionPanel, WIDE_EVENTS } from "../components/case/ActionPanel";
import { AssignmentsTable } from "../components/case/AssignmentsTable";
import { Contacts, CoOpinions, Evaluations } from "../components/case/CaseRecords";
import { DeadlinesTable, DueStatus, nextObligation } from "../components/case/DeadlinesTable";
import { ConflictLine, EventForm } from "../components/case/EventForm";
import { ProgressSteps } from "../components/case/ProgressSteps";
import { ReplyView } from "../components/case/ReplyView";
import {
  type ActionFeedback,
  awaitsRevision,
  type CaseView,
  type CaseViewer,
  type DepartmentOption,
  type FormChoices,
  formatDate,
  isOutsider,
  ownAssignment,
} from "../components/case/shared";
import { Timeline } from "../components/case/Timeline";
import { fieldMessages, hasKey, type Lang, t as translate } from "../i18n";
import { caseDetail } from "../models/case.server";
import { sendEvent } from "../models/case-events.server";
import caseStyles from "../styles/case.css";
import { actorOf, requireUser } from "../utils/auth.server";
import { db } from "../utils/db.server";
import { fieldNamesForForm, formToEvent, formValues } from "../utils/event-forms";
import { useT } from "../utils/i18n";
import { langOf } from "../utils/lang.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: caseStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.case.title} · ${data.appName}` : "404" },
];

/**
 * After a refusal Remix keeps the old loader data by default. A conflict (409) or a refusal by role
 * (403) means the case has moved on: reload it, so the page shows what the message says it shows.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || actionStatus === 403 || defaultShouldRevalidate;

function caseIdOf(raw: string | undefined): number {
  const n = Number(raw);
  if (!raw || !/^\d{1,10}$/.test(raw) || !Number.isSafeInteger(n) || n <= 0)
    throw new Response("Not found", { status: 404 });
  return n;
}

/** A case the person may not see is "not found", never "forbidden" (DESIGN.md). */
function notFound(e: unknown): never {
  if (e instanceof CaseError && e.code === "not_found") throw new Response("Not found", { status: 404 });
  throw e;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const lang = await langOf(request, user);
  const id = caseIdOf(params.id);
  const c = await caseDetail(actorOf(user), id, lang).catch(notFound);
  const needsDepartments = c.allowedEvents.includes("ASSIGN") || c.allowedEvents.includes("REASSIGN");
  const departments: DepartmentOption[] = needsDepartments
    ? (await listDepartments(db())).map((d) => ({ id: d.id, name: d.name }))
    : [];
  const viewer: CaseViewer = { userId: user.id, role: user.role, departmentId: user.department_id };
  // Imported here, not at the top: these modules read process.env and build zod schemas at load
  // time, and a top-level import would carry them into the browser bundle.
  const { TIME_ZONE } = await import("../../workflows/dates");
  const { classifications, contactMethods, satisfaction } = await import("../../workflows/proposal/events");
  const choices: FormChoices = {
    classifications: [...classifications],
    contactMethods: [...contactMethods],
    satisfaction: [...satisfaction],
  };
  return { case: c, departments, viewer, choices, timeZone: TIME_ZONE, appName: translate(lang, "app.name") };
}

/** The refusal in words: field problems get the general "please check" line, others their reason. */
function refusalMessage(e: CaseError, lang: Lang): string {
  const reasonKey = `reason.${e.reason}`;
  if (e.code === "forbidden" && hasKey(lang, reasonKey)) return translate(lang, reasonKey);
  // The page reloads with the answer, so "reload and try again" would already be out of date.
  if (e.code === "version_conflict") return translate(lang, "case.conflict.version");
  return translate(lang, `error.${e.code}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const lang = await langOf(request, user);
  const id = caseIdOf(params.id);
  const form = await request.formData();
  const { type, payload, expectedVersion } = formToEvent(form);
  try {
    await sendEvent(actorOf(user), id, { type, ...payload, expectedVersion }, lang);
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    if (e.code === "not_found") notFound(e);
    const feedback: ActionFeedback = {
      intent: type,
      values: formValues(form),
      fields: fieldNamesForForm(form, fieldMessages(lang, e.details.fields)),
      error: refusalMessage(e, lang),
      status: e.status,
      state: e.details.state,
      allowedEvents: e.details.allowedEvents,
    };
    return data(feedback, { status: e.status });
  }
  throw redirect(`/cases/${id}?done=${encodeURIComponent(type)}`);
}

export default function CasePage() {
  const { case: c, departments, viewer, choices, timeZone } = useLoaderData<typeof loader>();
  const feedback = useActionData<typeof action>() as ActionFeedback | undefined;
  const [params] = useSearchParams();
  const { t, lang } = useT();
  const staff = !isOutsider(viewer.role);
  const done = params.get("done");

  const unitNames: Record<number, string> = {};
  for (const d of departments) unitNames[d.id] = d.name;
  for (const a of c.assignments) unitNames[a.departmentId] = a.departmentName;

  const inReview = c.replies.filter((r) => r.status === "review");
  const approved = c.replies.filter((r) => r.status === "approved");
  const returned = c.replies.filter((r) => r.status === "returned");
  const latestApproved = approved[approved.length - 1];
  const rounds = new Set(c.replies.map((r) => r.round)).size > 1 || c.round > 1;
  const wide = c.allowedEvents.filter((e) => WIDE_EVENTS.has(e));
  const formGone = feedback && !c.allowedEvents.includes(feedback.intent);

  return (
    <div className="case-page">
      <CaseHeader c={c} viewer={viewer} timeZone={timeZone} />

      {done && !feedback && hasKey(lang, `event.${done}`) ? (
        <div className="alert-box ok" role="status">
          {t("case.done", { event: t(`event.${done}`) })}
        </div>
      ) : null}
      {feedback ? (
        <div className="alert-box error" role="alert">
          <strong>{t("case.failed", { event: t(`event.${feedback.intent}`) })}</strong> {feedback.error}
          {feedback.status === 409 && feedback.state ? <ConflictLine feedback={feedback} /> : null}
          {formGone ? (
            <TypedTexts feedback={feedback} />
          ) : (
            <>
              {" "}
              <a href={`#form-${feedback.intent}`}>{t("case.toForm")}</a>
            </>
          )}
        </div>
      ) : null}

      <div className="case-grid">
        <div className="case-main">
          {staff && inReview.length ? (
            <section className="card review-card" aria-labelledby="review-title">
              <h2 id="review-title">{t("case.replyInReview")}</h2>
              {inReview.map((r) => (
                <ReplyView key={r.id} r={r} caseId={c.id} timeZone={timeZone} showRound={rounds} />
              ))}
            </section>
          ) : null}

          {approved.length ? (
            <section className="card" aria-labelledby="reply-title">
              <h2 id="reply-title">{t("case.reply")}</h2>
              {[...approved].reverse().map((r) => (
                <ReplyView
                  key={r.id}
                  r={r}
                  caseId={c.id}
                  timeZone={timeZone}
                  showRound={rounds}
                  folded={r !== latestApproved}
                  letter={r === latestApproved}
                />
              ))}
            </section>
          ) : null}

          {/* The rating answers the reply; in a second round it is what the unit must address. */}
          <Evaluations c={c} timeZone={timeZone} />

          <section className="card" aria-labelledby="content-title">
            <h2 id="content-title" className="sr-only">
              {t("case.content")}
            </h2>
            <div className="content-block">
              <h2>{t("case.body")}</h2>
              <div className="prose">{c.body}</div>
            </div>
            {c.measures ? (
              <div className="content-block">
                <h2>{t("case.measures")}</h2>
                <div className="prose">{c.measures}</div>
              </div>
            ) : null}
          </section>

          {staff ? <CoOpinions c={c} timeZone={timeZone} /> : null}
          <Contacts c={c} timeZone={timeZone} />

          {wide.map((type) => (
            <WideAction
              key={type}
              type={type}
              c={c}
              departments={departments}
              choices={choices}
              feedback={feedback}
            />
          ))}

          {staff && returned.length ? (
            <section className="card" aria-labelledby="returned-title">
              <h2 id="returned-title">{t("case.returnedReplies")}</h2>
              {returned.map((r) => (
                <ReplyView key={r.id} r={r} caseId={c.id} timeZone={timeZone} showRound={rounds} folded />
              ))}
            </section>
          ) : null}
        </div>

        <aside className="case-side" aria-label={t("case.side")}>
          <ActionPanel
            c={c}
            viewer={viewer}
            departments={departments}
            choices={choices}
            feedback={feedback}
            timeZone={timeZone}
          />
          {c.deadlines.length ? <DeadlinesTable c={c} timeZone={timeZone} /> : null}
          <AssignmentsTable c={c} viewer={viewer} timeZone={timeZone} />
        </aside>
      </div>

      <Timeline c={c} timeZone={timeZone} unitNames={unitNames} />
    </div>
  );
}

function CaseHeader({ c, viewer, timeZone }: { c: CaseView; viewer: CaseViewer; timeZone: string }) {
  const { t } = useT();
  const lead = c.assignments.find((a) => a.active && a.role === "lead");
  const next = nextObligation(c, ownAssignment(c, viewer)?.departmentId);
  // The class is the unit's own judgement until the reply is released.
  const released = c.replies.some((r) => r.status === "approved");
  const done = ["closed", "rejected", "merged", "withdrawn"].includes(c.state);
  return (
    <header className="card case-head">
      <div className="case-kicker">
        <span>{t(`kind.${c.kind}`)}</span>
        {c.number ? (
          <span className="case-number">
            {t("case.numberN", { n: c.number })}
            {c.sessionLabel ? ` · ${c.sessionLabel}` : ""}
          </span>
        ) : (
          <span>{t("case.noNumber")}</span>
        )}
        <span className="small">#{c.id}</span>
      </div>
      <h1>{c.title}</h1>
      <div className="case-badges">
        <span className={`badge ${done ? "state-done" : "state"}`}>{t(`state.${c.state}`)}</span>
        {c.isKey ? <span className="badge key">{t("case.key")}</span> : null}
        {c.round > 1 ? <span className="badge warn">{t("case.roundN", { n: c.round })}</span> : null}
        {c.classification && released ? (
          <span className="badge info">{t(`classification.${c.classification}`)}</span>
        ) : null}
        {c.state === "closed" && c.outcome ? (
          <span
            className={`badge ${c.outcome === "unsatisfied" ? "danger" : c.outcome === "unevaluated" ? "state-done" : "ok"}`}
          >
            {t(`outcome.${c.outcome}`)}
          </span>
        ) : null}
        {c.pendingExtension ? <span className="badge warn">{t("case.extensionPending")}</span> : null}
      </div>
      <dl className="case-facts">
        <div>
          <dt>{t("case.author")}</dt>
          <dd>{c.author.displayName}</dd>
        </div>
        {c.cosigners.length ? (
          <div>
            <dt>{t("case.cosigners")}</dt>
            <dd>{c.cosigners.map((p) => p.displayName).join(t("case.listSep"))}</dd>
          </div>
        ) : null}
        {lead ? (
          <div>
            <dt>{t("case.leadUnit")}</dt>
            <dd>{lead.departmentName}</dd>
          </div>
        ) : null}
        <div>
          <dt>{c.submittedAt ? t("case.submittedAt") : t("case.createdAt")}</dt>
          <dd>{formatDate(c.submittedAt ?? c.createdAt, timeZone)}</dd>
        </div>
        {next ? (
          <div>
            <dt>{t("case.nextDue")}</dt>
            <dd>
              {t(`deadline.${next.type}`)} {next.dueDate} <DueStatus d={next} />
            </dd>
          </div>
        ) : null}
        {c.mergedIntoId ? (
          <div>
            <dt>{t("case.mergedInto")}</dt>
            <dd>
              <Link to={`/cases/${c.mergedIntoId}`}>#{c.mergedIntoId}</Link>
            </dd>
          </div>
        ) : null}
        {c.mergedCases.length ? (
          <div>
            <dt>{t("case.mergedHere")}</dt>
            <dd>
              {c.mergedCases.map((m, i) => (
                <span key={m.id}>
                  {i ? t("case.listSep") : ""}
                  <Link to={`/cases/${m.id}`}>{m.title}</Link>
                </span>
              ))}
            </dd>
          </div>
        ) : null}
      </dl>
      <ProgressSteps c={c} timeZone={timeZone} />
    </header>
  );
}

/** A form that needs the page's width (the reply, the draft), in the main column. */
function WideAction({
  type,
  c,
  departments,
  choices,
  feedback,
}: {
  type: string;
  c: CaseView;
  departments: DepartmentOption[];
  choices: FormChoices;
  feedback?: ActionFeedback;
}) {
  const { t } = useT();
  const fb = feedback?.intent === type ? feedback : undefined;
  // The reply is the lead unit's work: open. Editing a draft is occasional: folded, unless the
  // draft came back for revision and the author has yet to revise it.
  const open = type === "SUBMIT_REPLY" || !!fb || (type === "UPDATE_DRAFT" && awaitsRevision(c));
  return (
    <details className="card wide-action" open={open} id={`act-${type}`}>
      <summary>{t(`event.${type}`)}</summary>
      <EventForm
        type={type}
        c={c}
        departments={departments}
        choices={choices}
        feedback={fb}
        primary={type === "SUBMIT_REPLY"}
      />
    </details>
  );
}

/** When the form is gone (the case moved on), the longer texts typed into it, so nothing is lost. */
function TypedTexts({ feedback }: { feedback: ActionFeedback }) {
  const { t } = useT();
  const texts = Object.entries(feedback.values).filter(
    (e): e is [string, string] => typeof e[1] === "string" && e[1].trim().length > 0,
  );
  if (!texts.length) return null;
  return (
    <details className="typed-texts small" open>
      <summary>{t("case.typedTexts")}</summary>
      {texts.map(([k, v]) => (
        <div key={k} className="prose">
          {v}
        </div>
      ))}
    </details>
  );
}
