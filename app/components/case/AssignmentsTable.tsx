import { useT } from "../../utils/i18n";
import { type CaseView, type CaseViewer, formatDate, isOutsider } from "./shared";

/** 承办单位: who leads, who co-handles, who has signed, whose opinion is in, who objected. */
export function AssignmentsTable({
  c,
  viewer,
  timeZone,
}: {
  c: CaseView;
  viewer: CaseViewer;
  timeZone: string;
}) {
  const { t } = useT();
  if (!c.assignments.length) return null;
  const staff = !isOutsider(viewer.role);
  const current = c.assignments.filter((a) => a.active);
  // 退单 is internal: outsiders see only the unit that has the request now.
  const returned = staff ? c.assignments.filter((a) => !a.active && a.status === "returned") : [];
  const removed = c.assignments.filter(
    (a) => !a.active && a.status !== "returned" && (staff || c.kind === "proposal"),
  );
  if (!current.length && !returned.length && !removed.length) return null;
  return (
    <section className="card" aria-labelledby="units-title">
      <h2 id="units-title">{t("case.units")}</h2>
      <ul className="units">
        {current.map((a) => (
          <li key={a.departmentId} className={a.departmentId === viewer.departmentId ? "mine" : undefined}>
            <div className="unit-head">
              <span className={`badge ${a.role === "lead" ? "info" : "state-done"}`}>
                {t(`unitRole.${a.role}`)}
              </span>
              <strong>{a.departmentName}</strong>
              {a.departmentId === viewer.departmentId ? (
                <span className="small muted">{t("case.units.yours")}</span>
              ) : null}
            </div>
            <div className="unit-status small">
              <span className={`badge ${a.status === "signed" ? "ok" : "warn"}`}>
                {t(`unitStatus.${a.status}`)}
              </span>
              {a.signedAt ? <span className="muted">{formatDate(a.signedAt, timeZone)}</span> : null}
              {a.role === "co" && staff ? (
                <span>
                  {t("case.units.opinion")}
                  {t("case.sep")}
                  <span className={a.opinionStatus === "none" ? "warn-text" : undefined}>
                    {t(`opinion.${a.opinionStatus}`)}
                  </span>
                </span>
              ) : null}
            </div>
            {staff && a.objection ? (
              <div className={`objection small${a.objectionPending ? " pending" : ""}`}>
                <strong>
                  {a.objectionPending ? t("case.units.objectionPending") : t("case.units.objection")}
                </strong>
                {a.objection.at ? (
                  <span className="muted"> {formatDate(a.objection.at, timeZone)}</span>
                ) : null}
                <div className="prose">{a.objection.reason}</div>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {returned.length ? (
        <div className="small returned-units">
          <strong>{t("case.units.returned")}</strong>
          <ul className="plain-list">
            {returned.map((a) => (
              <li key={a.departmentId}>
                {a.departmentName}
                {a.objection?.at ? (
                  <span className="muted"> {formatDate(a.objection.at, timeZone)}</span>
                ) : null}
                {a.objection ? <div className="muted">{returnReasonText(a.objection.reason, t)}</div> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {removed.length ? (
        <p className="small muted">
          {t("case.units.removed")}
          {t("case.sep")}
          {removed.map((a) => a.departmentName).join("、")}
        </p>
      ) : null}
    </section>
  );
}

/** A return's reason as stored on the assignment ("code: note"), in words. */
function returnReasonText(stored: string, t: (key: string) => string): string {
  const i = stored.indexOf(":");
  const code = i < 0 ? stored : stored.slice(0, i);
  const note = i < 0 ? "" : stored.slice(i + 1).trim();
  const label = t(`returnReason.${code}`);
  return label.startsWith("returnReason.") ? stored : note ? `${label}${t("case.sep")}${note}` : label;
}
