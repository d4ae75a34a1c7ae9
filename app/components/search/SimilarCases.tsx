import { Link } from "@remix-run/react";
import { useT } from "../../utils/i18n";
import { useKindT } from "../case/shared";
import { CaseNo } from "../lists/CaseTitle";

export interface SimilarView {
  cases: Array<{
    id: number;
    kind: string;
    number: number | null;
    sessionLabel: string | null;
    title: string;
    state: string;
    sameEnterprise: boolean;
    leadDepartment: string | null;
    submittedOn: string | null;
    score: number;
  }>;
  units: Array<{ departmentId: number; name: string; count: number; caseIds: number[] }>;
}

/**
 * 相似案件 on a case a supervisor reviews or dispatches: the most similar other cases (merge
 * candidates, same enterprise first) and the units that answered similar ones (dispatch hints).
 */
export function SimilarCases({
  similar,
  kind,
  mergeable = [],
}: {
  similar: SimilarView;
  kind: string;
  /** cases the merge form on this page offers (并案): each links to that form */
  mergeable?: readonly number[];
}) {
  const { t } = useT();
  const tk = useKindT(kind);
  return (
    <section className="card similar-cases" aria-labelledby="similar-title">
      <h2 id="similar-title">{t("similar.title")}</h2>
      <p className="small muted">{t("similar.hint")}</p>
      {similar.cases.length ? (
        <ul className="similar-list">
          {similar.cases.map((s) => (
            <li key={s.id}>
              <Link to={`/cases/${s.id}`}>
                {s.kind === "proposal" && s.number ? (
                  <CaseNo number={s.number} session={s.sessionLabel} />
                ) : (
                  <span className="muted">#{s.id}</span>
                )}{" "}
                {s.title}
              </Link>
              <div className="similar-meta small muted">
                <span className="similar-score">{t("similar.score", { p: Math.round(s.score * 100) })}</span>
                {s.sameEnterprise ? <span className="badge info">{t("similar.sameEnterprise")}</span> : null}
                <span>{tk(`state.${s.state}`)}</span>
                {s.leadDepartment ? <span>· {s.leadDepartment}</span> : null}
                {s.submittedOn ? <span>· {s.submittedOn}</span> : null}
                {mergeable.includes(s.id) ? (
                  <a href="#act-MERGE" className="similar-merge">
                    {t("similar.mergeInto")}
                  </a>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty small">{t("similar.none")}</p>
      )}
      <h3>{t("similar.units.title")}</h3>
      {similar.units.length ? (
        <>
          <p className="small muted">{t("similar.units.hint")}</p>
          <ul className="similar-list">
            {similar.units.map((u) => (
              <li key={u.departmentId}>
                <strong>{u.name}</strong>{" "}
                <span className="small muted">
                  {t("similar.units.count", { n: u.count })}（
                  {u.caseIds.map((id, i) => (
                    <span key={id}>
                      {i ? "、" : ""}
                      <Link to={`/cases/${id}`}>#{id}</Link>
                    </span>
                  ))}
                  ）
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="empty small">{t("similar.units.none")}</p>
      )}
    </section>
  );
}
