import { Link, useLocation } from "@remix-run/react";
import { useT } from "../../utils/i18n";

/** Page links that keep every other filter of the URL. */
export function Pagination({ page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  const { t } = useT();
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    if (p === 1) params.delete("page");
    else params.set("page", String(p));
    const qs = params.toString();
    return qs ? `?${qs}` : location.pathname;
  };
  const shown = new Set(
    [1, pages, page - 2, page - 1, page, page + 1, page + 2].filter((p) => p >= 1 && p <= pages),
  );
  const list = [...shown].sort((a, b) => a - b);
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav className="pagination" aria-label={t("pager.label")}>
      <span className="muted">{t("pager.summary", { from, to, total })}</span>
      {pages > 1 ? (
        <span className="pager-links">
          {page > 1 ? (
            <Link to={href(page - 1)} rel="prev">
              {t("pager.prev")}
            </Link>
          ) : (
            <span className="disabled">{t("pager.prev")}</span>
          )}
          {list.map((p, i) => (
            <span key={p} className="pager-item">
              {i > 0 && p - list[i - 1] > 1 ? <span className="gap">…</span> : null}
              {p === page ? (
                <span className="current" aria-current="page">
                  {p}
                </span>
              ) : (
                <Link to={href(p)}>{p}</Link>
              )}
            </span>
          ))}
          {page < pages ? (
            <Link to={href(page + 1)} rel="next">
              {t("pager.next")}
            </Link>
          ) : (
            <span className="disabled">{t("pager.next")}</span>
          )}
        </span>
      ) : null}
    </nav>
  );
}
