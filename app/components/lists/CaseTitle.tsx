import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "../../utils/i18n";

/** 编号: "第 12 号" within its session (届次), or a dash before acceptance (立案). */
export function CaseNo({ number, session }: { number: number | null; session?: string | null }) {
  const { t } = useT();
  if (number === null) return <span className="muted">—</span>;
  return <span title={session ?? undefined}>{t("case.number", { n: number })}</span>;
}

/** The title as a link to the case page, with the markers a reader scans for. */
export function CaseTitle({
  id,
  title,
  isKey,
  round,
  children,
}: {
  id: number;
  title: string;
  isKey?: boolean;
  round?: number;
  children?: ReactNode;
}) {
  const { t } = useT();
  return (
    <div className="case-title">
      <Link to={`/cases/${id}`} prefetch="intent">
        {title}
      </Link>
      {isKey ? <span className="badge key">{t("badge.key")}</span> : null}
      {round && round > 1 ? (
        <span className="badge warn" title={t("badge.roundTitle", { n: round })}>
          {t("badge.rehandling")}
        </span>
      ) : null}
      {children}
    </div>
  );
}
