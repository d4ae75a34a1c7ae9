import { useT } from "../../utils/i18n";
import { type CaseView, formatDate, formatDateTime } from "./shared";

/** 会办意见: what each co-handling unit sent the lead unit (staff only; outsiders get nothing here). */
export function CoOpinions({ c, timeZone }: { c: CaseView; timeZone: string }) {
  const { t } = useT();
  const co = c.assignments.filter((a) => a.role === "co" && a.active);
  if (!co.length) return null;
  return (
    <section className="card" aria-labelledby="opinions-title">
      <h2 id="opinions-title">{t("case.opinions")}</h2>
      <ul className="records">
        {co.map((a) => (
          <li key={a.departmentId}>
            <div className="record-head">
              <strong>{a.departmentName}</strong>
              <span
                className={`badge ${a.opinionStatus === "submitted" ? "ok" : a.opinionStatus === "waived" ? "state-done" : "warn"}`}
              >
                {t(`opinion.${a.opinionStatus}`)}
              </span>
              {a.opinionAt ? (
                <span className="small muted">{formatDateTime(a.opinionAt, timeZone)}</span>
              ) : null}
            </div>
            {a.opinion ? <div className="prose">{a.opinion}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** 沟通联系: the contacts the lead unit recorded with the proposer, from the case's history. */
export function Contacts({ c, timeZone }: { c: CaseView; timeZone: string }) {
  const { t } = useT();
  const contacts = c.history.filter((h) => h.type === "RECORD_CONTACT");
  if (!contacts.length) return null;
  return (
    <section className="card" aria-labelledby="contacts-title">
      <h2 id="contacts-title">{t("case.contacts")}</h2>
      <ul className="records">
        {contacts.map((h) => {
          const p = h.payload as { date?: string; method?: string; summary?: string };
          return (
            <li key={h.seq}>
              <div className="record-head">
                <strong>{p.date ?? formatDate(h.at, timeZone)}</strong>
                {p.method ? <span className="badge info">{t(`method.${p.method}`)}</span> : null}
                <span className="small muted">
                  {h.actor.displayName}
                  {h.department ? ` · ${h.department}` : ""}
                </span>
              </div>
              {p.summary ? <div className="prose">{p.summary}</div> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

const RESULT_BADGE: Record<string, string> = {
  satisfied: "ok",
  basically_satisfied: "info",
  unsatisfied: "danger",
};

/** 满意度测评: each round's rating of the reply; an expired window is shown as not rated. */
export function Evaluations({ c, timeZone }: { c: CaseView; timeZone: string }) {
  const { t } = useT();
  const unevaluated = c.state === "closed" && c.outcome === "unevaluated";
  if (!c.evaluations.length && !unevaluated) return null;
  return (
    <section className="card" aria-labelledby="evaluations-title">
      <h2 id="evaluations-title">{t("case.evaluations")}</h2>
      <ul className="records">
        {c.evaluations.map((e, i) => (
          <li key={i}>
            <div className="record-head">
              {c.evaluations.length > 1 || e.round > 1 ? (
                <strong>{t("case.roundN", { n: e.round })}</strong>
              ) : null}
              <span className="small muted">{formatDate(e.at, timeZone)}</span>
            </div>
            <dl className="facts small">
              {e.attitude ? (
                <div>
                  <dt>{t("case.f.attitude")}</dt>
                  <dd>
                    <span className={`badge ${RESULT_BADGE[e.attitude] ?? "info"}`}>
                      {t(`result.${e.attitude}`)}
                    </span>
                  </dd>
                </div>
              ) : null}
              {e.result ? (
                <div>
                  <dt>{t("case.f.result")}</dt>
                  <dd>
                    <span className={`badge ${RESULT_BADGE[e.result] ?? "info"}`}>
                      {t(`result.${e.result}`)}
                    </span>
                  </dd>
                </div>
              ) : null}
            </dl>
            {e.comment ? <div className="prose">{e.comment}</div> : null}
          </li>
        ))}
        {unevaluated ? (
          <li>
            <span className="badge state-done">{t("outcome.unevaluated")}</span>{" "}
            <span className="small muted">{t("case.evaluations.expired")}</span>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
