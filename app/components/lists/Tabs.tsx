import { Link } from "@remix-run/react";

export interface TabDef {
  key: string;
  label: string;
  count?: number;
  /** a count that asks for attention (overdue, waiting for a signature) */
  hot?: boolean;
  href: string;
}

/** Tabs as plain links: they work without JavaScript and can be bookmarked. */
export function Tabs({ tabs, active, label }: { tabs: TabDef[]; active: string; label: string }) {
  return (
    <nav className="tabs" aria-label={label}>
      {tabs.map((tab) => (
        <Link
          key={tab.key}
          to={tab.href}
          className={tab.key === active ? "active" : undefined}
          aria-current={tab.key === active ? "page" : undefined}
          preventScrollReset
        >
          {tab.label}
          {tab.count !== undefined ? (
            <span className={`count${tab.hot && tab.count > 0 ? " hot" : ""}`}>{tab.count}</span>
          ) : null}
        </Link>
      ))}
    </nav>
  );
}

/** One figure of a summary strip; a link when it leads to the matching list. */
export function Stat({
  value,
  label,
  href,
  tone,
  hint,
}: {
  value: number;
  label: string;
  href?: string;
  tone?: "alert" | "warn" | "good";
  hint?: string;
}) {
  const cls = `stat${tone && value > 0 ? ` ${tone}` : ""}${href ? " link" : ""}`;
  const inner = (
    <>
      <b>{value}</b>
      <span>{label}</span>
      {hint ? <small>{hint}</small> : null}
    </>
  );
  return href ? (
    <Link to={href} className={cls} preventScrollReset>
      {inner}
    </Link>
  ) : (
    <div className={cls}>{inner}</div>
  );
}
