import { Form, Link } from "@remix-run/react";
import { useT } from "../../utils/i18n";

/** A passage of a case's text with the searched words marked (rendered as text: nothing is parsed as HTML). */
export function Passage({
  parts,
}: {
  parts: ReadonlyArray<{ text: string; hit: boolean }> | null | undefined;
}) {
  const { t } = useT();
  if (!parts?.length) return null;
  let at = 0;
  return (
    <p className="search-passage small">
      <span className="sr-only">{t("search.passage")}: </span>
      {parts.map((p) => {
        // Parts of one passage never move: their offset is a stable key.
        const key = at;
        at += p.text.length;
        return p.hit ? <mark key={key}>{p.text}</mark> : <span key={key}>{p.text}</span>;
      })}
    </p>
  );
}

/**
 * The search box of a list: a GET form (works without JavaScript) that keeps the list's other
 * parameters, and a line saying how many cases matched.
 */
export function SearchBox({
  action,
  q,
  keep = {},
  total,
  clearHref,
}: {
  action: string;
  q: string;
  /** the list's other parameters, sent again with the words */
  keep?: Record<string, string | null | undefined>;
  /** how many cases matched, when a search was made */
  total?: number;
  clearHref: string;
}) {
  const { t } = useT();
  return (
    <Form
      method="get"
      action={action}
      className="card search-box"
      role="search"
      aria-label={t("search.label")}
    >
      {Object.entries(keep).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))}
      <label htmlFor="search-q" className="sr-only">
        {t("search.label")}
      </label>
      <input
        id="search-q"
        name="q"
        type="search"
        defaultValue={q}
        placeholder={t("search.placeholder")}
        maxLength={100}
        title={t("search.hint")}
      />
      <button type="submit" className="btn">
        {t("search.submit")}
      </button>
      {q ? (
        <>
          <Link to={clearHref} className="btn secondary">
            {t("search.clear")}
          </Link>
          {total !== undefined ? (
            <p className="search-count small muted" role="status">
              {total ? t("search.results", { q, n: total }) : t("search.none", { q })}
            </p>
          ) : null}
        </>
      ) : null}
    </Form>
  );
}
