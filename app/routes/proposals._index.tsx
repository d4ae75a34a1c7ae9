import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CaseNo, CaseTitle } from "../components/lists/CaseTitle";
import { DueCell, DueLeft, dueInfo } from "../components/lists/DueCell";
import { titled } from "../components/lists/meta";
import { RowsTable } from "../components/lists/RowsTable";
import { StateBadge } from "../components/lists/StateBadge";
import { today as dateOf, loadCalendar } from "../components/lists/server.server";
import { Tabs } from "../components/lists/Tabs";
import { rolesFor } from "../models/access";
import { caseList, parseCaseListQuery } from "../models/case-list.server";
import { actorOf, requireUser } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";
import { useT } from "../utils/i18n";

export const meta = titled("nav.myProposals");

/** How a delegate thinks of their proposals: the states grouped by what is happening. */
const GROUPS = {
  draft: ["draft"],
  review: ["submitted"],
  handling: ["accepted", "assigned", "handling", "awaiting_submitter", "reply_review", "rehandling"],
  evaluate: ["replied"],
  done: ["closed", "rejected", "merged", "withdrawn"],
} as const;
type Group = keyof typeof GROUPS;
const GROUP_KEYS = Object.keys(GROUPS) as Group[];

/**
 * Deadlines a proposer follows: when the unit must contact them, reply, and when they must rate.
 * The units' internal steps (sign-for, co-handling opinions) are theirs, not the proposer's.
 */
const PROPOSER_DEADLINES = ["contact", "reply", "evaluation"];

const groupOf = (state: string): Group =>
  GROUP_KEYS.find((g) => (GROUPS[g] as readonly string[]).includes(state)) ?? "handling";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, rolesFor("proposals._index", "get"));
  const person = actorOf(user);
  const tab = new URL(request.url).searchParams.get("tab");
  // A delegate has tens of proposals at most: one page of 200 holds them all.
  const all = parseCaseListQuery(new URLSearchParams({ kind: "proposal", pageSize: "200" }));
  const mine = parseCaseListQuery(new URLSearchParams({ kind: "proposal", pageSize: "200", mine: "1" }));
  const [list, own, cal] = await Promise.all([
    caseList(person, all),
    caseList(person, mine),
    loadCalendar(db()),
  ]);
  const today = dateOf(clock.now());
  const ownIds = new Set(own.items.map((c) => c.id));
  const rows = list.items.map((c) => ({
    id: c.id,
    number: c.number,
    sessionLabel: c.sessionLabel,
    title: c.title,
    state: c.state,
    group: groupOf(c.state),
    isKey: c.isKey,
    round: c.round,
    own: ownIds.has(c.id),
    author: c.author,
    leadDepartment: c.leadDepartment?.name ?? null,
    due:
      c.nextDue && PROPOSER_DEADLINES.includes(c.nextDue.type ?? "")
        ? dueInfo(cal, today, c.nextDue.date, c.nextDue.type)
        : null,
    // Only a return for revision (退回修改) brings a submitted proposal back to draft.
    returned: c.state === "draft" && c.submittedAt !== null,
    createdOn: dateOf(new Date(c.createdAt)),
    submittedOn: c.submittedAt ? dateOf(new Date(c.submittedAt)) : null,
    updatedOn: dateOf(new Date(c.updatedAt)),
  }));
  const counts = Object.fromEntries(
    GROUP_KEYS.map((g) => [g, rows.filter((r) => r.group === g).length]),
  ) as Record<Group, number>;
  const active: Group | "all" = tab && (GROUP_KEYS as string[]).includes(tab) ? (tab as Group) : "all";
  return { rows, counts, active, total: rows.length };
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];

/** What the delegate must do next on this proposal, if anything. */
function nextAction(r: Row): "edit" | "evaluate" | null {
  if (!r.own) return null;
  if (r.state === "draft") return "edit";
  if (r.state === "replied") return "evaluate";
  return null;
}

export default function MyProposals() {
  const { rows, counts, active, total } = useLoaderData<typeof loader>();
  const { t } = useT();
  const todo = rows.filter((r) => nextAction(r) !== null);
  const shown = active === "all" ? rows : rows.filter((r) => r.group === active);
  const tabs = [
    { key: "all", label: t("proposals.tab.all"), count: total, href: "/proposals" },
    ...GROUP_KEYS.map((g) => ({
      key: g,
      label: t(`proposals.tab.${g}`),
      count: counts[g],
      hot: g === "evaluate" || g === "draft",
      href: `/proposals?tab=${g}`,
    })),
  ];

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("nav.myProposals")}</h1>
          <p>{t("proposals.subtitle")}</p>
        </div>
        <Link to="/proposals/new" className="btn big">
          <span aria-hidden>＋</span> {t("nav.newProposal")}
        </Link>
      </div>

      {total === 0 ? (
        <div className="card empty-state">
          <h2>{t("proposals.empty.title")}</h2>
          <ol className="steps">
            <li>{t("proposals.empty.step1")}</li>
            <li>{t("proposals.empty.step2")}</li>
            <li>{t("proposals.empty.step3")}</li>
          </ol>
          <Link to="/proposals/new" className="btn">
            {t("proposals.empty.cta")}
          </Link>
        </div>
      ) : (
        <>
          {todo.length ? (
            <section className="card todo" aria-labelledby="todo-head">
              <h2 id="todo-head">{t("proposals.todo.title", { n: todo.length })}</h2>
              <ul className="todo-list">
                {todo.map((r) => (
                  <li key={r.id}>
                    <div className="todo-text">
                      <Link to={`/cases/${r.id}`}>{r.title}</Link>
                      <span className="muted small">
                        {nextAction(r) === "edit"
                          ? t(r.returned ? "proposals.todo.returned" : "proposals.todo.draft", {
                              date: r.updatedOn,
                            })
                          : t("proposals.todo.evaluate")}
                      </span>
                    </div>
                    {nextAction(r) === "evaluate" && r.due ? (
                      <span className="small">
                        {t("proposals.todo.evaluateBy", { date: r.due.date })} <DueLeft due={r.due} />
                      </span>
                    ) : null}
                    <Link to={`/cases/${r.id}`} className="btn small">
                      {nextAction(r) === "edit" ? t("proposals.cta.edit") : t("proposals.cta.evaluate")}
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          <Tabs tabs={tabs} active={active} label={t("proposals.tabs")} />
          {shown.length === 0 ? (
            <div className="table-wrap">
              <p className="empty">{t(`proposals.none.${active}`)}</p>
            </div>
          ) : (
            <RowsTable columns={["col.number", "col.title", "col.state", "col.leadUnit", "col.dates"]} action>
              {shown.map((r) => {
                const action = nextAction(r);
                return (
                  <tr key={r.id} className={r.due?.overdue && r.group !== "done" ? "overdue" : undefined}>
                    <td className="num">
                      <CaseNo number={r.number} session={r.sessionLabel} />
                    </td>
                    <td>
                      <CaseTitle id={r.id} title={r.title} isKey={r.isKey} round={r.round}>
                        {r.returned ? <span className="badge warn">{t("proposals.returned")}</span> : null}
                        {r.own ? null : (
                          <span
                            className="badge info"
                            title={t("proposals.cosignedTitle", { name: r.author })}
                          >
                            {t("proposals.cosigned")}
                          </span>
                        )}
                      </CaseTitle>
                      {r.own ? null : (
                        <div className="muted small">{t("proposals.proposer", { name: r.author })}</div>
                      )}
                    </td>
                    <td>
                      <StateBadge state={r.state} />
                    </td>
                    <td className="nowrap">
                      {r.leadDepartment ?? (
                        <span className="muted">{r.group === "done" ? "—" : t("proposals.notAssigned")}</span>
                      )}
                    </td>
                    <td>
                      {r.due && r.group !== "done" ? (
                        <DueCell due={r.due} quiet={!(r.own && r.due.type === "evaluation")} />
                      ) : (
                        <span className="small muted">
                          {r.group === "draft"
                            ? t("proposals.updatedOn", { date: r.updatedOn })
                            : r.submittedOn
                              ? t("proposals.submittedOn", { date: r.submittedOn })
                              : t("proposals.createdOn", { date: r.createdOn })}
                        </span>
                      )}
                    </td>
                    <td className="row-action">
                      {action ? (
                        <Link
                          to={`/cases/${r.id}`}
                          className={`btn small${action === "evaluate" ? "" : " secondary"}`}
                        >
                          {action === "edit" ? t("proposals.cta.edit") : t("proposals.cta.evaluate")}
                        </Link>
                      ) : (
                        <Link to={`/cases/${r.id}`} className="small">
                          {t("list.view")}
                        </Link>
                      )}
                    </td>
                  </tr>
                );
              })}
            </RowsTable>
          )}
        </>
      )}
    </>
  );
}
