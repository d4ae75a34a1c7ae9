import { useT } from "../../utils/i18n";
import { lastReturn } from "./CaseRecords";
import { EventForm, isDestructive } from "./EventForm";
import {
  type ActionFeedback,
  type CaseView,
  type CaseViewer,
  type DepartmentOption,
  type FormChoices,
  formatDate,
  isOutsider,
  ownAssignment,
  useKindT,
} from "./shared";

/** The order in which a person most likely wants to act; the first allowed one is the primary action. */
const PRIORITY = [
  "PROVIDE_INFO",
  "SIGN",
  "SUBMIT_REPLY",
  "APPROVE_REPLY",
  "EVALUATE",
  "FEEDBACK",
  "CLOSE",
  "SUBMIT_OPINION",
  "RECORD_CONTACT",
  "SUBMIT",
  "ACCEPT",
  "ASSIGN",
  "APPROVE_EXTENSION",
];

/** Forms that need the page's width (long texts): drawn in the main column, linked from the panel. */
export const WIDE_EVENTS = new Set(["SUBMIT_REPLY", "UPDATE_DRAFT"]);

/**
 * The wide forms of this case: besides the long texts, an enterprise's answer to a question (shown
 * with the question, first thing on the page) and a merge among likely duplicates (shown as the
 * list of them).
 */
export function wideEvents(c: CaseView, choices: FormChoices): Set<string> {
  const out = new Set(WIDE_EVENTS);
  if (c.kind === "enterprise_request") {
    out.add("PROVIDE_INFO");
    if (choices.request?.mergeCandidates.length) out.add("MERGE");
  }
  return out;
}

/** A supervisor's standing powers over any active case, listed after the case's own next steps. */
const SUPERVISION = new Set(["FLAG_KEY", "REMIND", "SUPERVISE"]);

export function primaryEvent(allowed: string[]): string | undefined {
  const first = PRIORITY.find((e) => allowed.includes(e));
  // Recording a contact leads only while the reply cannot yet be written.
  if (first === "RECORD_CONTACT" && allowed.includes("SUBMIT_REPLY")) return "SUBMIT_REPLY";
  return first;
}

/**
 * "下一步": one form per event this person may send now, the likely one open and prominent,
 * the rest folded. The engine decided what is allowed; this only arranges it.
 */
export function ActionPanel({
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
  const tk = useKindT(c.kind);
  const allowed = c.allowedEvents;
  const wide = wideEvents(c, choices);
  const primary = primaryEvent(allowed);
  const rest = allowed.filter((e) => e !== primary && !wide.has(e));
  const ordered = [
    ...rest.filter((e) => !SUPERVISION.has(e) && !isDestructive(e)),
    ...rest.filter((e) => !SUPERVISION.has(e) && isDestructive(e)),
  ];
  const supervision = rest.filter((e) => SUPERVISION.has(e));
  const fb = (type: string) => (feedback?.intent === type ? feedback : undefined);

  return (
    <section className="card next-panel" aria-labelledby="next-title" id="next">
      <h2 id="next-title">{t("case.next")}</h2>
      <Situation c={c} viewer={viewer} hasPrimary={!!primary} />
      <Notices c={c} viewer={viewer} timeZone={timeZone} />
      <PendingDecisions c={c} viewer={viewer} />
      <ReturnNotice c={c} viewer={viewer} departments={departments} timeZone={timeZone} />
      <CloseDecision c={c} />
      <ReplyChecklist c={c} viewer={viewer} />

      {primary && wide.has(primary) ? (
        <div className="primary-action">
          <p className="small">{tk(`case.wide.${primary}`)}</p>
          <a href={`#form-${primary}`} className="btn big">
            {tk(`event.${primary}`)} {primary === "PROVIDE_INFO" ? "↑" : "↓"}
          </a>
        </div>
      ) : primary ? (
        <div className="primary-action">
          <h3>{tk(`event.${primary}`)}</h3>
          <EventForm
            type={primary}
            c={c}
            departments={departments}
            choices={choices}
            feedback={fb(primary)}
            primary
          />
        </div>
      ) : null}

      {ordered.length ? (
        <div className="more-actions">
          {primary ? <h3 className="small muted">{t("case.otherActions")}</h3> : null}
          {ordered.map((type) => (
            <FoldedForm
              key={type}
              type={type}
              c={c}
              departments={departments}
              choices={choices}
              feedback={fb(type)}
            />
          ))}
        </div>
      ) : null}

      {supervision.length ? (
        <div className="more-actions">
          <h3 className="small muted">{t("case.supervisionActions")}</h3>
          {supervision.map((type) => (
            <FoldedForm
              key={type}
              type={type}
              c={c}
              departments={departments}
              choices={choices}
              feedback={fb(type)}
            />
          ))}
        </div>
      ) : null}

      {allowed
        .filter((e) => wide.has(e) && e !== primary)
        .map((type) => (
          <p key={type} className="small">
            <a href={type === "MERGE" ? "#act-MERGE" : `#form-${type}`}>
              {type === "MERGE"
                ? t("case.duplicates.link", { n: choices.request?.mergeCandidates.length ?? 0 })
                : tk(`event.${type}`)}{" "}
              ↓
            </a>
          </p>
        ))}
    </section>
  );
}

function FoldedForm({
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
  return (
    <details className={`action-fold${isDestructive(type) ? " destructive" : ""}`} open={!!feedback}>
      <summary>{tk(`event.${type}`)}</summary>
      <EventForm type={type} c={c} departments={departments} choices={choices} feedback={feedback} />
    </details>
  );
}

/** Where the case stands and whose move it is, for anyone without a primary action of their own. */
function Situation({ c, viewer, hasPrimary }: { c: CaseView; viewer: CaseViewer; hasPrimary: boolean }) {
  const { t } = useT();
  const tk = useKindT(c.kind);
  if (hasPrimary) return null;
  const outcome = c.state === "closed" && c.outcome ? tk(`outcome.${c.outcome}`) : "";
  return (
    <p className="situation">
      {tk(`case.waiting.${c.state}`, { outcome })}
      {!c.allowedEvents.length && !isOutsider(viewer.role) ? (
        <span className="small muted"> {t("case.nothingForYou")}</span>
      ) : null}
    </p>
  );
}

type Entry = CaseView["history"][number];

/**
 * Words addressed to whoever acts next that would otherwise sit deep in the history: why a draft
 * or a reply came back, and the latest reminder or supervision notice not yet answered by a reply.
 */
function Notices({ c, viewer, timeZone }: { c: CaseView; viewer: CaseViewer; timeZone: string }) {
  const { t } = useT();
  const last = (...types: string[]) => [...c.history].reverse().find((h) => types.includes(h.type));
  const after = (a: Entry | undefined, b: Entry | undefined) => !!a && (!b || a.seq > b.seq);
  const notices: Array<{ key: string; title: string; entry: Entry; text: string }> = [];
  const text = (e: Entry, field: string) => {
    const v = (e.payload as Record<string, unknown>)[field];
    return typeof v === "string" ? v : "";
  };

  const returnedDraft = last("RETURN_FOR_REVISION");
  if (c.state === "draft" && returnedDraft && after(returnedDraft, last("SUBMIT")))
    notices.push({
      key: "draft",
      title: t("case.notice.revision"),
      entry: returnedDraft,
      text: text(returnedDraft, "reason"),
    });

  // Both are addressed to the lead unit: others see them in the history.
  const lead = ownAssignment(c, viewer)?.role === "lead";
  if (lead && (c.state === "handling" || c.state === "rehandling")) {
    const returnedReply = last("RETURN_REPLY");
    if (returnedReply && after(returnedReply, last("SUBMIT_REPLY")))
      notices.push({
        key: "reply",
        title: t("case.notice.replyReturned"),
        entry: returnedReply,
        text: text(returnedReply, "reason"),
      });
  }

  // 交办意见: the dispatcher's instructions, for the unit while it works on the request.
  if (lead && c.kind === "enterprise_request" && ["assigned", "handling"].includes(c.state)) {
    const assigned = last("ASSIGN");
    if (assigned && text(assigned, "note") && after(assigned, last("SUBMIT_REPLY")))
      notices.push({
        key: "assignNote",
        title: t("case.notice.assignNote"),
        entry: assigned,
        text: text(assigned, "note"),
      });
  }

  // The enterprise's answer to the unit's question: what the unit works on next.
  if (lead && (c.state === "handling" || c.state === "rehandling")) {
    const answer = last("PROVIDE_INFO");
    if (answer && after(answer, last("SUBMIT_REPLY")))
      notices.push({
        key: "answer",
        title: t("case.notice.infoProvided"),
        entry: answer,
        text: text(answer, "answer"),
      });
  }

  const active = !["draft", "submitted", "closed", "rejected", "merged", "withdrawn"].includes(c.state);
  if (lead && active) {
    const nudge = last("REMIND", "SUPERVISE");
    if (nudge && after(nudge, last("SUBMIT_REPLY"))) {
      const by = text(nudge, "respondBy");
      notices.push({
        key: "nudge",
        title:
          nudge.type === "SUPERVISE" ? t("case.notice.supervise", { date: by }) : t("case.notice.remind"),
        entry: nudge,
        text: text(nudge, "message"),
      });
    }
  }
  if (!notices.length) return null;
  return (
    <>
      {notices.map((n) => (
        <div key={n.key} className="alert-box warn small notice">
          <strong>{n.title}</strong>
          {n.text ? <div className="prose">{n.text}</div> : null}
          <div className="muted">
            {n.entry.actor.displayName ?? t("role.system")} · {formatDate(n.entry.at, timeZone)}
          </div>
        </div>
      ))}
    </>
  );
}

/** What a supervisor must rule on: objections (申请调整) and extension requests (延期申请). */
function PendingDecisions({ c, viewer }: { c: CaseView; viewer: CaseViewer }) {
  const { t } = useT();
  if (isOutsider(viewer.role)) return null;
  const objections = c.assignments.filter((a) => a.active && a.objectionPending && a.objection);
  const ext = c.pendingExtension;
  if (!objections.length && !ext) return null;
  return (
    <div className="pending-decisions">
      {objections.map((a) => (
        <div key={a.departmentId} className="alert-box warn small">
          <strong>{t("case.pending.objection", { unit: a.departmentName })}</strong>
          <div className="prose">{a.objection?.reason}</div>
        </div>
      ))}
      {ext && !c.allowedEvents.includes("APPROVE_EXTENSION") ? (
        // For the unit that asked, a status rather than an alarm.
        <div className="pending-box small">
          <strong>{t("case.pending.extension", { until: ext.until })}</strong>
          <div className="prose">{ext.reason}</div>
          <div className="muted">{t("case.pending.extensionWaiting")}</div>
        </div>
      ) : null}
    </div>
  );
}

/**
 * For the lead unit while the reply is not yet allowed: what is still missing, so nobody has to
 * guess why the reply form is not there.
 */
function ReplyChecklist({ c, viewer }: { c: CaseView; viewer: CaseViewer }) {
  const { t } = useT();
  const mine = ownAssignment(c, viewer);
  // An enterprise request's unit has nothing to gather before replying once it has signed.
  if (c.kind !== "proposal") return null;
  if (mine?.role !== "lead") return null;
  if (c.state !== "handling" && c.state !== "rehandling") return null;
  if (c.allowedEvents.includes("SUBMIT_REPLY")) return null;
  const roundStart = [...c.history]
    .reverse()
    .find((h) => h.stateAfter === "rehandling" && h.stateBefore === "replied")?.seq;
  const contacted = c.history.some(
    (h) => h.type === "RECORD_CONTACT" && (roundStart === undefined || h.seq > roundStart),
  );
  const waitingOpinions = c.assignments.filter(
    (a) => a.active && a.role === "co" && a.opinionStatus === "none",
  );
  return (
    <div className="checklist small">
      <p>
        <strong>{t("case.checklist.title")}</strong>
      </p>
      <ul>
        {!mine.status || mine.status !== "signed" ? (
          <li className="todo">{t("case.checklist.sign")}</li>
        ) : null}
        <li className={contacted ? "done" : "todo"}>{t("case.checklist.contact")}</li>
        <li className={waitingOpinions.length ? "todo" : "done"}>
          {waitingOpinions.length
            ? t("case.checklist.opinionsWaiting", {
                units: waitingOpinions.map((a) => a.departmentName).join(t("case.listSep")),
              })
            : t("case.checklist.opinions")}
        </li>
        {mine.objectionPending ? <li className="todo">{t("case.checklist.objection")}</li> : null}
      </ul>
    </div>
  );
}

/**
 * 退单: after a unit sent the request back, the dispatcher sees which unit, why, and which unit it
 * named instead, before choosing where it goes next.
 */
function ReturnNotice({
  c,
  viewer,
  departments,
  timeZone,
}: {
  c: CaseView;
  viewer: CaseViewer;
  departments: DepartmentOption[];
  timeZone: string;
}) {
  const { t } = useT();
  if (c.kind !== "enterprise_request" || c.state !== "accepted" || isOutsider(viewer.role)) return null;
  const r = lastReturn(c);
  if (!r) return null;
  const suggested = departments.find((d) => d.id === r.suggestedDepartmentId)?.name;
  return (
    <div className="alert-box warn small notice">
      <strong>
        {t("case.notice.returned", {
          unit: r.department ?? t("case.none"),
          reason: r.reasonCode ? t(`returnReason.${r.reasonCode}`) : "",
        })}
      </strong>
      {r.note ? <div className="prose">{r.note}</div> : null}
      {suggested ? <div>{t("case.notice.returnSuggested", { unit: suggested })}</div> : null}
      <div className="muted">
        {r.actor ?? ""} · {formatDate(r.at, timeZone)}
      </div>
    </div>
  );
}

/** After an unsatisfied rating in the last round there are no rounds left: a supervisor decides to close. */
function CloseDecision({ c }: { c: CaseView }) {
  const { t } = useT();
  if (!c.allowedEvents.includes("CLOSE")) return null;
  const rating = [...c.evaluations].reverse()[0];
  return (
    <div className="alert-box warn small notice">
      <strong>{t("case.notice.closeDecision", { n: c.round })}</strong>
      {rating?.comment ? <div className="prose">{rating.comment}</div> : null}
    </div>
  );
}
