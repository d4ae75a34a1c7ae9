import { Link } from "@remix-run/react";
import { useT } from "../../utils/i18n";
import { type CaseView, formatDate } from "./shared";

type Reply = CaseView["replies"][number];

const STATUS_BADGE: Record<string, string> = { approved: "ok", review: "warn", returned: "danger" };

/** 办理结果 of an enterprise request's reply: solved green, the rest plain, none alarming. */
const RESOLUTION_BADGE: Record<string, string> = {
  resolved: "ok",
  partially_resolved: "info",
  explained: "info",
  unresolvable: "state-done",
};

/** One reply (答复): its class, text, contact person and commitments, with its review status. */
export function ReplyView({
  r,
  caseId,
  timeZone,
  showRound,
  folded,
  letter,
}: {
  r: Reply;
  caseId: number;
  timeZone: string;
  showRound: boolean;
  /** older or returned replies: the text folds away behind its heading */
  folded?: boolean;
  /** the reply the printable letter (答复函) shows */
  letter?: boolean;
}) {
  const { t } = useT();
  const head = (
    <div className="reply-head">
      <span className={`badge ${STATUS_BADGE[r.status] ?? "info"}`}>
        {t(`case.reply.status.${r.status}`)}
      </span>
      {r.classification ? (
        <span className="badge info">{t(`classification.${r.classification}`)}</span>
      ) : null}
      {r.resolution ? (
        <span className={`badge ${RESOLUTION_BADGE[r.resolution] ?? "info"}`}>
          {t(`resolution.${r.resolution}`)}
        </span>
      ) : null}
      {showRound ? <span className="small muted">{t("case.roundN", { n: r.round })}</span> : null}
      <span className="small muted">
        {r.departmentName}
        {r.submittedBy ? ` · ${r.submittedBy}` : ""} ·{" "}
        {formatDate(r.status === "approved" && r.reviewedAt ? r.reviewedAt : r.submittedAt, timeZone)}
      </span>
    </div>
  );
  const body = (
    <>
      {r.status === "returned" && r.reviewNote ? (
        <div className="alert-box warn small">
          <strong>{t("case.reply.returnedBecause")}</strong>
          <div className="prose">{r.reviewNote}</div>
        </div>
      ) : null}
      <div className="prose reply-body">{r.body}</div>
      <dl className="facts small">
        {r.contactName || r.contactPhone ? (
          <div>
            <dt>{t("case.reply.contact")}</dt>
            <dd>
              {r.contactName}
              {r.contactPhone ? ` · ${r.contactPhone}` : ""}
            </dd>
          </div>
        ) : null}
        {r.status === "approved" && r.reviewedAt ? (
          <div>
            <dt>{t("case.reply.approvedBy")}</dt>
            <dd>
              {r.reviewedBy} · {formatDate(r.reviewedAt, timeZone)}
            </dd>
          </div>
        ) : null}
        {r.status === "approved" && r.reviewNote ? (
          <div>
            <dt>{t("case.f.note")}</dt>
            <dd>{r.reviewNote}</dd>
          </div>
        ) : null}
      </dl>
      {r.commitments.length ? (
        <div className="commitments">
          <h3>{t("case.reply.commitments")}</h3>
          <ul>
            {r.commitments.map((cm, i) => (
              <li key={i}>
                {cm.text}
                {cm.dueDate ? (
                  <span className="muted small"> · {t("case.reply.by", { date: cm.dueDate })}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {letter ? (
        <p className="no-print">
          <Link to={`/cases/${caseId}/letter`} className="btn secondary small">
            {t("case.letter.open")}
          </Link>
        </p>
      ) : null}
    </>
  );
  if (folded)
    return (
      <details className="reply folded">
        <summary>{head}</summary>
        {body}
      </details>
    );
  return (
    <article className="reply">
      {head}
      {body}
    </article>
  );
}
