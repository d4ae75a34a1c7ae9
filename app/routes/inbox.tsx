import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useThemeName } from "../components/case/shared";
import { CaseNo, CaseTitle } from "../components/lists/CaseTitle";
import { DueCell } from "../components/lists/DueCell";
import { titled } from "../components/lists/meta";
import { Pagination } from "../components/lists/Pagination";
import { RowsTable } from "../components/lists/RowsTable";
import { StateBadge } from "../components/lists/StateBadge";
import { Stat, Tabs } from "../components/lists/Tabs";
import { Passage, SearchBox } from "../components/search/Search";
import { rolesFor } from "../models/access";
import { INBOX_TABS } from "../models/inbox";
import { unitInbox } from "../models/inbox.server";
import searchStyles from "../styles/search.css";
import supervisionStyles from "../styles/supervision.css";
import { requireUser } from "../utils/auth.server";
import { useT } from "../utils/i18n";

export const meta = titled("nav.inbox");
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: supervisionStyles },
  { rel: "stylesheet", href: searchStyles },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, rolesFor("inbox", "get"));
  return unitInbox(user, request);
}

type Item = Awaited<ReturnType<typeof loader>>["items"][number];

function RowAction({ item, isHead }: { item: Item; isHead: boolean }) {
  const { t } = useT();
  const href = `/cases/${item.id}`;
  switch (item.section) {
    case "pending":
      return (
        <Link to={href} className="btn small">
          {t("inbox.cta.sign")}
        </Link>
      );
    case "opinion":
      return (
        <Link to={href} className="btn small">
          {t("inbox.cta.opinion")}
        </Link>
      );
    case "handling":
      return (
        <Link to={href} className="btn small secondary">
          {t("inbox.cta.handle")}
        </Link>
      );
    case "review":
      return isHead ? (
        <Link to={href} className="btn small">
          {t("inbox.cta.approve")}
        </Link>
      ) : (
        <span className="muted small">{t("inbox.cta.awaitingHead")}</span>
      );
    default:
      return (
        <Link to={href} className="small">
          {t("list.view")}
        </Link>
      );
  }
}

export default function Inbox() {
  const {
    items,
    counts,
    kindCounts,
    filters,
    search,
    tab,
    page,
    pageSize,
    total,
    department,
    isHead,
    hasDepartment,
  } = useLoaderData<typeof loader>();
  const { t } = useT();
  const themeName = useThemeName();
  const filterQuery = (extra: Record<string, string>) => {
    const p = new URLSearchParams();
    if (filters.kind) p.set("kind", filters.kind);
    if (filters.category) p.set("category", filters.category);
    if (search) p.set("q", search);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return `/inbox?${p}`;
  };
  const filtered = !!(filters.kind || filters.category);
  // The same list without the words.
  const clearSearch = `/inbox?${new URLSearchParams(
    Object.entries({ kind: filters.kind ?? "", category: filters.category ?? "", tab }).filter(([, v]) => v),
  )}`;
  // The loader answers the tab's page: its rows are the ones to show.
  const shown = items;
  const tabs = INBOX_TABS.map((k) => ({
    key: k,
    label: t(`inbox.tab.${k}`),
    count: counts[k],
    hot: k === "overdue" || k === "pending" || (k === "review" && isHead),
    href: filterQuery({ tab: k }),
  }));

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("nav.inbox")}</h1>
          <p>{department ? t("inbox.subtitle", { unit: department }) : t("inbox.noDepartment")}</p>
        </div>
      </div>

      <div className="stats">
        <Stat value={counts.pending} label={t("inbox.stat.pending")} href="/inbox?tab=pending" tone="warn" />
        <Stat value={counts.handling} label={t("inbox.stat.handling")} href="/inbox?tab=handling" />
        <Stat value={counts.overdue} label={t("inbox.stat.overdue")} href="/inbox?tab=overdue" tone="alert" />
        <Stat
          value={counts.review}
          label={t("inbox.stat.review")}
          href="/inbox?tab=review"
          tone={isHead ? "alert" : undefined}
          hint={isHead && counts.review > 0 ? t("inbox.stat.reviewHint") : undefined}
        />
      </div>

      <SearchBox
        action="/inbox"
        q={search}
        keep={{ kind: filters.kind, category: filters.category }}
        total={search ? counts.all : undefined}
        clearHref={clearSearch}
      />

      {kindCounts.enterprise_request || filtered ? (
        <Form method="get" className="card filters inbox-filters" aria-label={t("inbox.filters")}>
          <input type="hidden" name="tab" value={tab} />
          {search ? <input type="hidden" name="q" value={search} /> : null}
          <div className="filter-row">
            <div className="field">
              <label htmlFor="kind">{t("cases.filter.kind")}</label>
              <select id="kind" name="kind" defaultValue={filters.kind ?? ""}>
                <option value="">
                  {t("inbox.filter.allKinds", { n: kindCounts.proposal + kindCounts.enterprise_request })}
                </option>
                <option value="proposal">{t("inbox.filter.proposals", { n: kindCounts.proposal })}</option>
                <option value="enterprise_request">
                  {t("inbox.filter.requests", { n: kindCounts.enterprise_request })}
                </option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="category">{t("inbox.filter.category")}</label>
              <select id="category" name="category" defaultValue={filters.category ?? ""}>
                <option value="">{t("cases.filter.any")}</option>
                {["consult", "help", "suggestion", "complaint"].map((c) => (
                  <option key={c} value={c}>
                    {t(`category.${c}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="actions push-right">
              {filtered ? (
                <Link to={`/inbox?tab=${tab}`} className="btn secondary">
                  {t("cases.filter.clear")}
                </Link>
              ) : null}
              <button type="submit" className="btn">
                {t("cases.filter.apply")}
              </button>
            </div>
          </div>
        </Form>
      ) : null}

      <Tabs tabs={tabs} active={tab} label={t("inbox.tabs")} />
      <p className="tab-hint muted small">{t(`inbox.hint.${tab}`)}</p>

      {!hasDepartment ? (
        <div className="alert-box warn">{t("inbox.noDepartmentHelp")}</div>
      ) : shown.length === 0 ? (
        <div className="table-wrap">
          <p className="empty">{t(`inbox.none.${tab}`)}</p>
        </div>
      ) : (
        <>
          <RowsTable columns={["col.number", "col.title", "col.unitRole", "col.state", "col.unitDue"]} action>
            {shown.map((i) => (
              <tr
                key={i.id}
                className={
                  [
                    i.due?.overdue ? "overdue" : "",
                    i.section === "review" && isHead ? "attention" : "",
                    i.supervised ? "supervised" : "",
                  ]
                    .filter(Boolean)
                    .join(" ") || undefined
                }
              >
                <td className="num">
                  {i.kind === "enterprise_request" ? (
                    <span className="muted">#{i.id}</span>
                  ) : (
                    <CaseNo number={i.number} session={i.sessionLabel} />
                  )}
                </td>
                <td>
                  <CaseTitle id={i.id} title={i.title} isKey={i.isKey} round={i.round}>
                    {i.supervised ? (
                      <span className="badge supervised" title={t("inbox.supervisedTitle")}>
                        {t("inbox.supervised")}
                      </span>
                    ) : null}
                    {i.kind === "enterprise_request" ? (
                      <span className="badge info">{t("kind.enterprise_request")}</span>
                    ) : null}
                    {i.priority === "urgent" ? (
                      <span className="badge danger">{t("priority.urgent")}</span>
                    ) : null}
                    {i.objectionPending && i.kind === "proposal" ? (
                      <span className="badge danger" title={t("inbox.objectionTitle")}>
                        {t("inbox.objection")}
                      </span>
                    ) : null}
                  </CaseTitle>
                  <Passage parts={i.snippetParts} />
                  <div className="muted small">
                    {i.kind === "enterprise_request" ? (
                      <>
                        {t("supervision.enterprise", { name: i.enterprise ?? "—" })}
                        {i.category ? ` · ${t(`category.${i.category}`)}` : ""}
                        {i.theme ? ` · ${themeName(i.theme)}` : ""}
                      </>
                    ) : (
                      <>
                        {t("inbox.proposer", { name: i.author ?? "—" })}
                        {i.role === "co" && i.leadDepartment
                          ? ` · ${t("inbox.lead", { unit: i.leadDepartment })}`
                          : ""}
                      </>
                    )}
                  </div>
                  {i.supervised ? (
                    <div className="supervised-line small">
                      {i.supervised.respondBy
                        ? t("inbox.supervisedBy", { date: i.supervised.respondBy })
                        : t("inbox.supervisedOverdue")}
                      {i.supervised.respondBy && i.supervised.late ? ` · ${t("due.overdue")}` : ""}
                    </div>
                  ) : null}
                </td>
                <td>
                  <span className={`badge ${i.role === "lead" ? "role-lead" : "role-co"}`}>
                    {t(`unitRole.${i.role}`)}
                  </span>
                  {i.role === "co" && i.unitStatus === "signed" ? (
                    <div className="muted small">{t(`inbox.opinion.${i.opinionStatus}`)}</div>
                  ) : null}
                </td>
                <td>
                  <StateBadge state={i.state} kind={i.kind} />
                  {i.unitStatus === "pending" ? (
                    <div className="small due soon">{t("unitStatus.pending")}</div>
                  ) : null}
                  {i.state === "awaiting_submitter" ? (
                    <div className="small muted">{t("inbox.paused")}</div>
                  ) : null}
                </td>
                <td>
                  <DueCell due={i.due} />
                </td>
                <td className="row-action">
                  <RowAction item={i} isHead={isHead} />
                </td>
              </tr>
            ))}
          </RowsTable>
          <Pagination page={page} pageSize={pageSize} total={total} />
        </>
      )}
    </>
  );
}
