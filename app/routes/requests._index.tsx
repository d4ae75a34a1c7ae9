import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useThemeName } from "../components/case/shared";
import { DueLeft, dueInfo } from "../components/lists/DueCell";
import { titled } from "../components/lists/meta";
import { RowsTable } from "../components/lists/RowsTable";
import { StateBadge } from "../components/lists/StateBadge";
import { today as dateOf, loadCalendar } from "../components/lists/server.server";
import { Tabs } from "../components/lists/Tabs";
import { rolesFor } from "../models/access";
import { myRequests } from "../models/request.server";
import { REQUEST_GROUPS, type RequestGroup } from "../models/request-groups";
import { actorOf, requireUser } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";
import { useT } from "../utils/i18n";

export const meta = titled("nav.myRequests");

const GROUP_KEYS = Object.keys(REQUEST_GROUPS) as RequestGroup[];

/** Deadlines an enterprise follows: the unit's reply, and its own rating. The units' internal ones are theirs. */
const ENTERPRISE_DEADLINES = ["reply", "feedback"];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, rolesFor("requests._index", "get"));
  const [list, cal] = await Promise.all([myRequests(actorOf(user)), loadCalendar(db())]);
  const today = dateOf(clock.now());
  const rows = list.map((r) => ({
    ...r,
    due:
      r.nextDue && ENTERPRISE_DEADLINES.includes(r.nextDue.type ?? "") && r.state !== "awaiting_submitter"
        ? dueInfo(cal, today, r.nextDue.date, r.nextDue.type)
        : null,
    submittedOn: r.submittedAt ? dateOf(new Date(r.submittedAt)) : null,
    updatedOn: dateOf(new Date(r.updatedAt)),
  }));
  const counts = Object.fromEntries(
    GROUP_KEYS.map((g) => [g, rows.filter((r) => r.group === g).length]),
  ) as Record<RequestGroup, number>;
  const tab = new URL(request.url).searchParams.get("tab");
  const active: RequestGroup | "all" =
    tab && (GROUP_KEYS as string[]).includes(tab) ? (tab as RequestGroup) : "all";
  return { rows, counts, active, total: rows.length, noEnterprise: !user.enterprise_id };
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];

/** Where the request stands, from the enterprise's side: whose move it is and what comes next. */
function NextStep({ r }: { r: Row }) {
  const { t } = useT();
  const unit = r.leadDepartment ?? "";
  switch (r.state) {
    case "awaiting_submitter":
      return <strong className="warn-text">{t("requests.next.answer")}</strong>;
    case "replied":
      return r.todo === "rate" ? (
        <strong className="warn-text">{t("requests.next.rate")}</strong>
      ) : (
        <span>{t("requests.next.closing")}</span>
      );
    case "handling":
    case "rehandling":
    case "assigned":
    case "reply_review":
      return (
        <span>
          {t(`requests.next.${r.state}`, { unit })}
          {r.due ? (
            <span className="small">
              {" "}
              · {t("requests.replyBy", { date: r.due.date })} <DueLeft due={r.due} quiet />
            </span>
          ) : null}
        </span>
      );
    case "closed":
      return (
        <span>
          {t("requests.next.closed", {
            outcome: r.outcome ? t(`outcome.${r.outcome}`) : "",
          })}
        </span>
      );
    default:
      return <span>{t(`requests.next.${r.state}`)}</span>;
  }
}

export default function MyRequests() {
  const { rows, counts, active, total, noEnterprise } = useLoaderData<typeof loader>();
  const { t } = useT();
  const themeName = useThemeName();
  const todo = rows.filter((r) => r.todo !== null);
  const shown = active === "all" ? rows : rows.filter((r) => r.group === active);
  const tabs = [
    { key: "all", label: t("requests.tab.all"), count: total, href: "/requests" },
    ...GROUP_KEYS.map((g) => ({
      key: g,
      label: t(`requests.tab.${g}`),
      count: counts[g],
      hot: g === "replied",
      href: `/requests?tab=${g}`,
    })),
  ];

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("nav.myRequests")}</h1>
          <p>{t("requests.subtitle")}</p>
        </div>
        {noEnterprise ? null : (
          <Link to="/requests/new" className="btn big">
            <span aria-hidden>＋</span> {t("nav.newRequest")}
          </Link>
        )}
      </div>

      {noEnterprise ? <div className="alert-box warn">{t("newRequest.noEnterprise")}</div> : null}

      {total === 0 ? (
        <div className="card empty-state">
          <h2>{t("requests.empty.title")}</h2>
          <ol className="steps">
            <li>{t("requests.empty.step1")}</li>
            <li>{t("requests.empty.step2")}</li>
            <li>{t("requests.empty.step3")}</li>
          </ol>
          {noEnterprise ? null : (
            <Link to="/requests/new" className="btn">
              {t("requests.empty.cta")}
            </Link>
          )}
        </div>
      ) : (
        <>
          {todo.length ? (
            <section className="card todo" aria-labelledby="todo-head">
              <h2 id="todo-head">{t("requests.todo.title", { n: todo.length })}</h2>
              <ul className="todo-list">
                {todo.map((r) => (
                  <li key={r.id}>
                    <div className="todo-text">
                      <Link to={`/cases/${r.id}`}>{r.title}</Link>
                      <span className="muted small">
                        {r.todo === "answer"
                          ? t("requests.todo.answer", { unit: r.leadDepartment ?? "" })
                          : t("requests.todo.rate", { unit: r.leadDepartment ?? "" })}
                      </span>
                      {r.todo === "answer" && r.question ? (
                        <div className="reason small">
                          {r.question.length > 140 ? `${r.question.slice(0, 140)}…` : r.question}
                        </div>
                      ) : null}
                    </div>
                    {r.todo === "rate" && r.due ? (
                      <span className="small">
                        {t("requests.todo.rateBy", { date: r.due.date })} <DueLeft due={r.due} />
                      </span>
                    ) : null}
                    <Link to={`/cases/${r.id}`} className="btn small">
                      {r.todo === "answer" ? t("requests.cta.answer") : t("requests.cta.rate")}
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          <Tabs tabs={tabs} active={active} label={t("requests.tabs")} />
          {shown.length === 0 ? (
            <div className="table-wrap">
              <p className="empty">{t(`requests.none.${active}`)}</p>
            </div>
          ) : (
            <RowsTable
              columns={["col.requestNo", "col.request", "col.state", "col.nextStep", "col.submittedOn"]}
              action
            >
              {shown.map((r) => (
                <tr key={r.id} className={r.todo ? "attention" : undefined}>
                  <td className="num">#{r.id}</td>
                  <td>
                    <div className="case-title">
                      <Link to={`/cases/${r.id}`} prefetch="intent">
                        {r.title}
                      </Link>
                      {r.priority === "urgent" ? (
                        <span className="badge danger">{t("priority.urgent")}</span>
                      ) : null}
                      {r.state === "rehandling" ? (
                        <span className="badge warn">{t("badge.rehandling")}</span>
                      ) : null}
                    </div>
                    <div className="muted small">
                      {r.category ? t(`category.${r.category}`) : ""}
                      {r.theme ? ` · ${themeName(r.theme)}` : ""}
                      {r.channel && r.channel !== "online" ? ` · ${t(`channel.${r.channel}`)}` : ""}
                    </div>
                  </td>
                  <td>
                    <StateBadge state={r.state} kind="enterprise_request" />
                  </td>
                  <td>
                    <NextStep r={r} />
                  </td>
                  <td className="num">{r.submittedOn ?? r.updatedOn}</td>
                  <td className="row-action">
                    {r.todo ? (
                      <Link to={`/cases/${r.id}`} className="btn small">
                        {r.todo === "answer" ? t("requests.cta.answer") : t("requests.cta.rate")}
                      </Link>
                    ) : (
                      <Link to={`/cases/${r.id}`} className="small">
                        {t("list.view")}
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </RowsTable>
          )}
        </>
      )}
    </>
  );
}
