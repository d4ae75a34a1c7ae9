import { useT } from "../../utils/i18n";
import { type CaseView, formatDate, formatDateTime, useKindT } from "./shared";

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

/** 满意度测评 / 评价与回访: each round's rating of the reply; an expired window is shown as not rated. */
export function Evaluations({ c, timeZone }: { c: CaseView; timeZone: string }) {
  const { t } = useT();
  const tk = useKindT(c.kind);
  const unevaluated = c.state === "closed" && (c.outcome === "unevaluated" || c.outcome === "unrated");
  if (!c.evaluations.length && !unevaluated) return null;
  return (
    <section className="card" aria-labelledby="evaluations-title">
      <h2 id="evaluations-title">{tk("case.evaluations")}</h2>
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
              {e.attitude?.startsWith("visit:") ? (
                <div>
                  <dt>{t("case.f.visit")}</dt>
                  <dd>{t(`method.${e.attitude.slice("visit:".length)}`)}</dd>
                </div>
              ) : e.attitude ? (
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
                  <dt>{tk("case.f.result")}</dt>
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
            <span className="badge state-done">{t(`outcome.${c.outcome}`)}</span>{" "}
            <span className="small muted">{tk("case.evaluations.expired")}</span>
          </li>
        ) : null}
      </ul>
    </section>
  );
}

type Entry = CaseView["history"][number];

export interface ReturnRecord {
  seq: number;
  at: string;
  department: string | null;
  actor: string | null;
  reasonCode: string | null;
  suggestedDepartmentId: number | null;
  note: string;
}

/** Every 退单 on record, oldest first (staff only: outsiders get the history without its payload). */
export function returnsOf(c: CaseView): ReturnRecord[] {
  return c.history
    .filter((h) => h.type === "RETURN")
    .map((h) => {
      const p = h.payload as { reasonCode?: unknown; suggestedDepartmentId?: unknown; note?: unknown };
      return {
        seq: h.seq,
        at: h.at,
        department: h.department,
        actor: h.actor.displayName,
        reasonCode: typeof p.reasonCode === "string" ? p.reasonCode : null,
        suggestedDepartmentId: typeof p.suggestedDepartmentId === "number" ? p.suggestedDepartmentId : null,
        note: typeof p.note === "string" ? p.note : "",
      };
    });
}

/** The return that brought the request back to dispatch, if it has not been dispatched since. */
export function lastReturn(c: CaseView): ReturnRecord | undefined {
  const r = returnsOf(c).at(-1);
  if (!r) return undefined;
  const assignedSince = c.history.some((h) => h.type === "ASSIGN" && h.seq > r.seq);
  return assignedSince ? undefined : r;
}

/** 退单记录: which unit sent the request back, why, and where it suggested it should go. */
export function Returns({
  c,
  timeZone,
  unitNames,
}: {
  c: CaseView;
  timeZone: string;
  unitNames: Record<number, string>;
}) {
  const { t } = useT();
  const list = returnsOf(c);
  if (c.kind !== "enterprise_request" || !list.length) return null;
  return (
    <section className="card" aria-labelledby="returns-title">
      <h2 id="returns-title">
        {t("case.returns")} <span className="muted small">({list.length})</span>
      </h2>
      <ul className="records">
        {list.map((r) => (
          <li key={r.seq}>
            <div className="record-head">
              <strong>{r.department ?? "—"}</strong>
              {r.reasonCode ? (
                <span className="badge danger">{t(`returnReason.${r.reasonCode}`)}</span>
              ) : null}
              <span className="small muted">
                {r.actor ? `${r.actor} · ` : ""}
                {formatDateTime(r.at, timeZone)}
              </span>
            </div>
            {r.note ? <div className="prose">{r.note}</div> : null}
            {r.suggestedDepartmentId !== null ? (
              <div className="small">
                {t("case.returns.suggested")}
                {t("case.sep")}
                <strong>
                  {unitNames[r.suggestedDepartmentId] ?? t("case.unitN", { n: r.suggestedDepartmentId })}
                </strong>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** 补充材料: each question the unit put to the enterprise, and the enterprise's answer. */
export function InfoExchanges({ c, timeZone }: { c: CaseView; timeZone: string }) {
  const { t } = useT();
  const asked = c.history.filter((h) => h.type === "REQUEST_INFO");
  if (!asked.length) return null;
  const answerTo = (q: Entry) => {
    const next = asked.find((a) => a.seq > q.seq)?.seq ?? Number.POSITIVE_INFINITY;
    return c.history.find((h) => h.type === "PROVIDE_INFO" && h.seq > q.seq && h.seq < next);
  };
  const str = (e: Entry | undefined, k: string) => {
    const v = (e?.payload as Record<string, unknown> | undefined)?.[k];
    return typeof v === "string" ? v : "";
  };
  return (
    <section className="card" aria-labelledby="info-title">
      <h2 id="info-title">{t("case.info.records")}</h2>
      <ul className="records">
        {asked.map((q) => {
          const a = answerTo(q);
          return (
            <li key={q.seq}>
              <div className="record-head">
                <strong>{t("case.info.question")}</strong>
                <span className="small muted">
                  {q.department ?? q.actor.displayName} · {formatDateTime(q.at, timeZone)}
                </span>
              </div>
              <div className="prose">{str(q, "question")}</div>
              {a ? (
                <div className="answer">
                  <div className="record-head">
                    <strong>{t("case.info.answer")}</strong>
                    <span className="small muted">
                      {a.actor.displayName} · {formatDateTime(a.at, timeZone)}
                    </span>
                  </div>
                  <div className="prose">{str(a, "answer")}</div>
                </div>
              ) : (
                <div className="small warn-text">{t("case.info.unanswered")}</div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
