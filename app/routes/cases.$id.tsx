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
import { ActionPanel, wideEvents } from "../components/case/ActionPanel";
import { AssignmentsTable } from "../components/case/AssignmentsTable";
import { CaseAttachments } from "../components/case/Attachments";
import { Contacts, CoOpinions, Evaluations, InfoExchanges, Returns } from "../components/case/CaseRecords";
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
  type RequestFactsView,
  useKindT,
  useThemeName,
} from "../components/case/shared";
import { Timeline } from "../components/case/Timeline";
import { SimilarCases } from "../components/search/SimilarCases";
import { fieldMessages, hasKey, type Lang, t as translate } from "../i18n";
import { caseDetail } from "../models/case.server";
import { sendEvent } from "../models/case-events.server";
import { requestChoices } from "../models/request.server";
import { similarForCase } from "../models/search.server";
import caseStyles from "../styles/case.css";
import searchStyles from "../styles/search.css";
import { actorOf, requireUser } from "../utils/auth.server";
import { db } from "../utils/db.server";
import { fieldNamesForForm, formToEvent, formValues } from "../utils/event-forms";
import { useT } from "../utils/i18n";
import { langOf } from "../utils/lang.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: caseStyles },
  { rel: "stylesheet", href: searchStyles },
];

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
  // Staff read unit names in the history (a return's suggested unit) as well as in the forms.
  const departments: DepartmentOption[] = isOutsider(user.role)
    ? []
    : (await listDepartments(db())).map((d) => ({ id: d.id, name: d.name }));
  const viewer: CaseViewer = { userId: user.id, role: user.role, departmentId: user.department_id };
  // Imported here, not at the top: these modules read process.env and build zod schemas at load
  // time, and a top-level import would carry them into the browser bundle.
  const { TIME_ZONE } = await import("../../workflows/dates");
  const { classifications, contactMethods, satisfaction } = await import("../../workflows/proposal/events");
  const choices: FormChoices = {
    classifications: [...classifications],
    contactMethods: [...contactMethods],
    satisfaction: [...satisfaction],
    request: c.kind === "enterprise_request" ? await requestChoices(c) : undefined,
  };
  // 相似案件: for a supervisor reviewing or dispatching, merge candidates and units to suggest.
  const similar = await similarForCase(actorOf(user), c);
  return {
    case: c,
    departments,
    viewer,
    choices,
    similar,
    timeZone: TIME_ZONE,
    appName: translate(lang, "app.name"),
  };
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
    const after = await sendEvent(actorOf(user), id, { type, ...payload, expectedVersion }, lang);
    // Out of this person's sight now (e.g. returned to the author's drafts): back to their desk.
    if ("visible" in after) throw redirect("/");
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
  const { case: c, departments, viewer, choices, similar, timeZone } = useLoaderData<typeof loader>();
  const feedback = useActionData<typeof action>() as ActionFeedback | undefined;
  const [params] = useSearchParams();
  const { t, lang } = useT();
  const tk = useKindT(c.kind);
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
  const wideSet = wideEvents(c, choices);
  // Placed where they belong on the page, not in the list of wide forms at the bottom.
  const placed = new Set(["PROVIDE_INFO", "MERGE"]);
  const wide = c.allowedEvents.filter((e) => wideSet.has(e) && !placed.has(e));
  const formGone = feedback && !c.allowedEvents.includes(feedback.intent);
  const isRequest = c.kind === "enterprise_request";

  return (
    <div className="case-page">
      <CaseHeader c={c} viewer={viewer} timeZone={timeZone} facts={choices.request?.facts} />

      {params.get("created") && !done && !feedback ? (
        <div className="alert-box ok" role="status">
          {staff ? t("case.created.byStaff") : tk("case.created")}
        </div>
      ) : null}
      {done && !feedback && hasKey(lang, `event.${done}`) ? (
        <div className="alert-box ok" role="status">
          {t("case.done", { event: tk(`event.${done}`) })}
        </div>
      ) : null}
      {feedback ? (
        <div className="alert-box error" role="alert">
          <strong>{t("case.failed", { event: tk(`event.${feedback.intent}`) })}</strong> {feedback.error}
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

      {isRequest && c.state === "awaiting_submitter" ? (
        <InfoRequestCard
          c={c}
          viewer={viewer}
          departments={departments}
          choices={choices}
          feedback={feedback}
          timeZone={timeZone}
        />
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
                  // The printable letter (答复函) is addressed to a delegate: proposals only.
                  letter={r === latestApproved && !isRequest}
                />
              ))}
            </section>
          ) : null}

          {/* The rating answers the reply; in a second round it is what the unit must address. */}
          <Evaluations c={c} timeZone={timeZone} />

          <section className="card" aria-labelledby="content-title">
            <h2 id="content-title" className="sr-only">
              {tk("case.content")}
            </h2>
            <div className="content-block">
              <h2>{tk("case.body")}</h2>
              <div className="prose">{c.body}</div>
            </div>
            {c.measures ? (
              <div className="content-block">
                <h2>{t("case.measures")}</h2>
                <div className="prose">{c.measures}</div>
              </div>
            ) : null}
          </section>

          {similar ? (
            <SimilarCases
              similar={similar}
              kind={c.kind}
              mergeable={
                wideSet.has("MERGE") && c.allowedEvents.includes("MERGE")
                  ? (choices.request?.mergeCandidates.map((m) => m.id) ?? [])
                  : []
              }
            />
          ) : null}

          <CaseAttachments c={c} timeZone={timeZone} />

          <InfoExchanges c={c} timeZone={timeZone} />

          {wideSet.has("MERGE") && c.allowedEvents.includes("MERGE") ? (
            <section className="card wide-action duplicates" id="act-MERGE" aria-labelledby="dup-title">
              <h2 id="dup-title">
                {t("case.duplicates.title", { n: choices.request?.mergeCandidates.length ?? 0 })}
              </h2>
              <p className="small muted">{t("case.duplicates.hint")}</p>
              <EventForm
                type="MERGE"
                c={c}
                departments={departments}
                choices={choices}
                feedback={feedback?.intent === "MERGE" ? feedback : undefined}
              />
            </section>
          ) : null}

          {staff ? <Returns c={c} timeZone={timeZone} unitNames={unitNames} /> : null}
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
          {c.deadlines.length ? <DeadlinesTable c={c} timeZone={timeZone} outsider={!staff} /> : null}
          <AssignmentsTable c={c} viewer={viewer} timeZone={timeZone} />
        </aside>
      </div>

      <Timeline c={c} timeZone={timeZone} unitNames={unitNames} outsider={!staff} />
    </div>
  );
}

function CaseHeader({
  c,
  viewer,
  timeZone,
  facts,
}: {
  c: CaseView;
  viewer: CaseViewer;
  timeZone: string;
  facts?: RequestFactsView;
}) {
  const { t } = useT();
  const tk = useKindT(c.kind);
  const themeName = useThemeName();
  const lead = c.assignments.find((a) => a.active && a.role === "lead");
  const next = nextObligation(c, ownAssignment(c, viewer)?.departmentId);
  // The class is the unit's own judgement until the reply is released.
  const released = c.replies.some((r) => r.status === "approved");
  const done = ["closed", "rejected", "merged", "withdrawn"].includes(c.state);
  const staff = !isOutsider(viewer.role);
  const outcomeTone =
    c.outcome === "unsatisfied"
      ? "danger"
      : c.outcome === "unevaluated" || c.outcome === "unrated"
        ? "state-done"
        : "ok";
  return (
    <header className="card case-head">
      <div className="case-kicker">
        <span>{t(`kind.${c.kind}`)}</span>
        {c.kind === "enterprise_request" ? (
          <span className="case-number">{t("case.requestNo", { n: c.id })}</span>
        ) : c.number ? (
          <span className="case-number">
            {t("case.numberN", { n: c.number })}
            {c.sessionLabel ? ` · ${c.sessionLabel}` : ""}
          </span>
        ) : (
          <span>{t("case.noNumber")}</span>
        )}
        {c.kind === "enterprise_request" ? null : <span className="small">#{c.id}</span>}
      </div>
      <h1>{c.title}</h1>
      <div className="case-badges">
        <span className={`badge ${done ? "state-done" : "state"}`}>{tk(`state.${c.state}`)}</span>
        {facts?.priority === "urgent" ? <span className="badge danger">{t("priority.urgent")}</span> : null}
        {facts?.category ? <span className="badge info">{t(`category.${facts.category}`)}</span> : null}
        {c.isKey ? <span className="badge key">{tk("case.key")}</span> : null}
        {c.round > 1 ? <span className="badge warn">{t("case.roundN", { n: c.round })}</span> : null}
        {c.classification && released ? (
          <span className="badge info">{t(`classification.${c.classification}`)}</span>
        ) : null}
        {c.state === "closed" && c.outcome ? (
          <span className={`badge ${outcomeTone}`}>{tk(`outcome.${c.outcome}`)}</span>
        ) : null}
        {c.pendingExtension ? <span className="badge warn">{t("case.extensionPending")}</span> : null}
      </div>
      <dl className="case-facts">
        {facts?.enterprise ? (
          <div>
            <dt>{t("case.enterprise")}</dt>
            <dd>
              {staff ? (
                <Link to={`/enterprises/${facts.enterprise.id}`}>{facts.enterprise.name}</Link>
              ) : (
                facts.enterprise.name
              )}
            </dd>
          </div>
        ) : null}
        <div>
          {/* Staff who file for an enterprise (代为录入) are its recorder, not its author. */}
          <dt>
            {facts?.channel && facts.channel !== "online" ? t("case.author.onBehalf") : tk("case.author")}
          </dt>
          <dd>{c.author.displayName}</dd>
        </div>
        {facts ? (
          <>
            <div>
              <dt>{t("case.category")}</dt>
              <dd>{facts.category ? t(`category.${facts.category}`) : t("case.none")}</dd>
            </div>
            <div>
              <dt>{t("case.theme")}</dt>
              <dd>
                {facts.theme ? themeName(facts.theme) : <span className="muted">{t("case.noTheme")}</span>}
              </dd>
            </div>
            <div>
              <dt>{t("case.channel")}</dt>
              <dd>{facts.channel ? t(`channel.${facts.channel}`) : "—"}</dd>
            </div>
            <div>
              <dt>{t("case.priority")}</dt>
              <dd>{t(`priority.${facts.priority ?? "normal"}`)}</dd>
            </div>
          </>
        ) : null}
        {c.cosigners.length ? (
          <div>
            <dt>{t("case.cosigners")}</dt>
            <dd>{c.cosigners.map((p) => p.displayName).join(t("case.listSep"))}</dd>
          </div>
        ) : null}
        {lead ? (
          <div>
            <dt>{tk("case.leadUnit")}</dt>
            <dd>{lead.departmentName}</dd>
          </div>
        ) : null}
        <div>
          <dt>{c.submittedAt ? t("case.submittedAt") : t("case.createdAt")}</dt>
          <dd>{formatDate(c.submittedAt ?? c.createdAt, timeZone)}</dd>
        </div>
        {next && c.state !== "awaiting_submitter" ? (
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

/**
 * 补充材料: while the enterprise is asked for information the clock stops. Staff see that, with the
 * question; the enterprise sees the question and the form to answer it, before anything else.
 */
function InfoRequestCard({
  c,
  viewer,
  departments,
  choices,
  feedback,
  timeZone,
}: {
  c: CaseView;
  viewer: CaseViewer;
  departments: DepartmentOption[];
  choices: FormChoices;
  feedback?: ActionFeedback;
  timeZone: string;
}) {
  const { t } = useT();
  const asked = [...c.history].reverse().find((h) => h.type === "REQUEST_INFO");
  const question = (asked?.payload as { question?: string } | undefined)?.question ?? "";
  const answering = c.allowedEvents.includes("PROVIDE_INFO");
  const pausedOn = choices.request?.facts.pausedOn ?? (asked ? formatDate(asked.at, timeZone) : null);
  return (
    <section
      className={`card info-request${answering ? " answering" : ""}`}
      aria-labelledby="info-request-title"
      id="act-PROVIDE_INFO"
    >
      <h2 id="info-request-title">
        {answering ? t("case.info.titleForEnterprise") : t("case.info.titleForStaff")}
      </h2>
      {answering ? (
        <p className="small">{t("case.info.leadForEnterprise")}</p>
      ) : (
        <p className="small">
          {t("case.info.paused", { date: pausedOn ?? "" })}{" "}
          {isOutsider(viewer.role) ? "" : t("case.info.pausedHint")}
        </p>
      )}
      {asked ? (
        <blockquote className="question">
          <div className="prose">{question}</div>
          <footer className="small muted">
            {asked.department ?? asked.actor.displayName} · {formatDate(asked.at, timeZone)}
          </footer>
        </blockquote>
      ) : null}
      {answering ? (
        <EventForm
          type="PROVIDE_INFO"
          c={c}
          departments={departments}
          choices={choices}
          feedback={feedback?.intent === "PROVIDE_INFO" ? feedback : undefined}
          primary
        />
      ) : null}
    </section>
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
  const tk = useKindT(c.kind);
  const fb = feedback?.intent === type ? feedback : undefined;
  // The reply is the lead unit's work: open. Editing a draft is occasional: folded, unless the
  // draft came back for revision and the author has yet to revise it.
  const open = type === "SUBMIT_REPLY" || !!fb || (type === "UPDATE_DRAFT" && awaitsRevision(c));
  return (
    <details className="card wide-action" open={open} id={`act-${type}`}>
      <summary>{tk(`event.${type}`)}</summary>
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
