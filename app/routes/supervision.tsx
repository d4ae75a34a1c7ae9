import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { RULING_WORKING_DAYS, rulingDue } from "../../workflows/rulings";
import { useThemeName } from "../components/case/shared";
import { CaseNo, CaseTitle } from "../components/lists/CaseTitle";
import { DeadlineBoard, type RemindResult } from "../components/lists/DeadlineBoard";
import { DueCell, type DueInfo, DueLeft, dueInfo, SOON_DAYS } from "../components/lists/DueCell";
import { titled } from "../components/lists/meta";
import { StateBadge } from "../components/lists/StateBadge";
import {
  ACTIVE_STATES,
  casesWaitingIn,
  today as dateOf,
  extensionQueue,
  keyQueue,
  loadCalendar,
  objectionQueue,
  recentVisits,
  requestIntakeQueue,
  returnedRequestQueue,
  supervisionCounts,
} from "../components/lists/server.server";
import { Stat, Tabs } from "../components/lists/Tabs";
import { Passage, SearchBox } from "../components/search/Search";
import { fieldMessages } from "../i18n";
import { rolesFor } from "../models/access";
import { matchesAmong, searchWords } from "../models/search.server";
import {
  boardCounts,
  boardView,
  parseBoardFilters,
  parseRemindForm,
  remindCases,
} from "../models/supervision.server";
import searchStyles from "../styles/search.css";
import supervisionStyles from "../styles/supervision.css";
import { actorOf, requireUser } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";
import { useT } from "../utils/i18n";
import { langOf } from "../utils/lang.server";

export const meta = titled("nav.supervision");
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: supervisionStyles },
  { rel: "stylesheet", href: searchStyles },
];

/**
 * The queues in the order work flows: proposals' review and assignment, enterprise requests' intake
 * (受理 and 交办 in one queue) and returns (退单), then rulings, deadlines, key cases and 回访.
 */
const TABS = [
  "submitted",
  "accepted",
  "requests",
  "returned",
  "objections",
  "extensions",
  "overdue",
  "key",
  "visits",
] as const;
/** Queues that are records to read, not work waiting: never opened by default, never "hot". */
const RECORDS: ReadonlyArray<Tab> = ["key", "visits"];
type Tab = (typeof TABS)[number];
const LIMIT = 200;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, rolesFor("supervision", "get"));
  const q = db();
  const cal = await loadCalendar(q);
  const today = dateOf(clock.now());
  const soonUntil = cal.addWorkingDays(today, SOON_DAYS).due;
  const counts = await supervisionCounts(q, today, soonUntil);
  // 逾期 is the deadline board: its figures count the units' deadlines it lists.
  const boardFigures = await boardCounts(q, today, soonUntil);
  counts.overdue = boardFigures.overdue;
  counts.soon = boardFigures.due_soon;
  const requested = new URL(request.url).searchParams.get("tab");
  // Without a choice, open the first queue that has work in it, in the order work flows.
  const tab: Tab =
    requested && (TABS as readonly string[]).includes(requested)
      ? (requested as Tab)
      : (TABS.find((k) => !RECORDS.includes(k) && counts[k] > 0) ?? "requests");

  const dayOf = (iso: string | null) => (iso ? dateOf(new Date(iso)) : null);
  const waited = (iso: string | null) => {
    const d = dayOf(iso);
    return d ? cal.workingDaysBetween(d, today) : null;
  };

  type Base = Awaited<ReturnType<typeof keyQueue>>[number];
  const common = (r: Base) => ({
    id: r.id,
    kind: r.kind,
    number: r.number,
    sessionLabel: r.session_label,
    title: r.title,
    state: r.state,
    isKey: r.is_key === 1,
    round: r.round,
    author: r.author_name,
    cosigners: Number(r.cosigner_count ?? 0),
    leadDepartment: r.lead_department_name,
    enterprise: r.enterprise_name,
    category: r.category,
    // The theme named at intake lives in the machine until acceptance writes the column.
    theme: r.theme ?? themeOfSnapshot(r.snapshot),
    channel: r.channel,
    priority: r.priority,
    due: dueInfo(cal, today, r.next_due_date, r.next_due_type),
    objections: [] as Array<{ unit: string; role: string; reason: string; on: string | null }>,
    extension: null as null | {
      until: string;
      reason: string;
      replyDue: string | null;
      requestedOn: string | null;
    },
    dueDepartment: null as string | null,
    /** when the supervisor's ruling on the unit's request is due (裁定期限) */
    ruling: null as DueInfo | null,
    since: null as string | null,
    waited: null as number | null,
    returns: [] as Array<{
      unit: string | null;
      reasonCode: string | null;
      note: string;
      suggested: string | null;
      on: string | null;
    }>,
    visit: null as null | {
      date: string | null;
      method: string | null;
      rating: string | null;
      note: string;
      by: string | null;
    },
  });

  let rows: Array<ReturnType<typeof common>>;
  let board: Awaited<ReturnType<typeof boardView>> | null = null;
  /** A ruling is due a fixed number of working days after the latest request still waiting for it. */
  const rulingOf = (kind: keyof typeof RULING_WORKING_DAYS, days: Array<string | null>) => {
    const asked = days.filter((d): d is string => !!d).sort();
    const last = asked[asked.length - 1];
    return last ? dueInfo(cal, today, rulingDue(cal, kind, last), null) : null;
  };
  switch (tab) {
    case "submitted":
    case "accepted": {
      const list = await casesWaitingIn(q, tab, LIMIT, "proposal");
      rows = list.map((r) => {
        const at = tab === "submitted" ? r.submitted_at : r.accepted_at;
        return { ...common(r), since: dayOf(at), waited: waited(at) };
      });
      break;
    }
    case "requests":
      rows = (await requestIntakeQueue(q, LIMIT)).map((r) => ({
        ...common(r),
        since: dayOf(r.submitted_at),
        waited: waited(r.submitted_at),
      }));
      break;
    case "returned":
      rows = (await returnedRequestQueue(q, LIMIT)).map((r) => ({
        ...common(r),
        ruling: rulingOf(
          "return",
          r.returns.map((x) => dayOf(x.at)),
        ),
        returns: r.returns.map((x) => ({
          unit: x.departmentName,
          reasonCode: x.reasonCode,
          note: x.note,
          suggested: x.suggestedDepartmentName,
          on: dayOf(x.at),
        })),
      }));
      break;
    case "visits":
      rows = (await recentVisits(q, LIMIT)).map((v) => ({
        id: v.id,
        kind: "enterprise_request" as const,
        number: null,
        sessionLabel: null,
        title: v.title,
        state: v.state,
        isKey: v.is_key === 1,
        round: v.round,
        author: null,
        cosigners: 0,
        leadDepartment: v.lead_department_name,
        enterprise: v.enterprise_name,
        category: v.category,
        theme: null,
        channel: null,
        priority: null,
        due: null,
        objections: [],
        extension: null,
        dueDepartment: null,
        ruling: null,
        since: dayOf(v.created_at),
        waited: null,
        returns: [],
        visit: { date: v.date, method: v.method, rating: v.rating, note: v.note, by: v.visitor_name },
      }));
      break;
    case "objections":
      rows = (await objectionQueue(q, LIMIT)).map((r) => ({
        ...common(r),
        ruling: rulingOf(
          "objection",
          r.objections.map((o) => dayOf(o.objection_at)),
        ),
        objections: r.objections.map((o) => ({
          unit: o.department_name,
          role: o.role,
          reason: o.objection_reason ?? "",
          on: dayOf(o.objection_at),
        })),
      }));
      break;
    case "extensions":
      rows = (await extensionQueue(q, LIMIT)).map((r) => {
        let reason = "";
        try {
          reason = String((JSON.parse(r.request_payload ?? "{}") as { reason?: unknown }).reason ?? "");
        } catch {
          reason = "";
        }
        return {
          ...common(r),
          ruling: rulingOf("extension", [dayOf(r.requested_at)]),
          extension: {
            until: r.extension_requested_until ?? "",
            reason,
            replyDue: r.reply_due_date,
            requestedOn: dayOf(r.requested_at),
          },
        };
      });
      break;
    case "overdue":
      rows = [];
      board = await boardView(q, cal, today, parseBoardFilters(new URL(request.url).searchParams));
      break;
    default:
      rows = (await keyQueue(q, LIMIT)).map(common);
  }
  // 检索: the queue narrowed to the cases that contain the words, best match first, with the passage.
  const search = searchWords(new URL(request.url).searchParams);
  const found =
    search && tab !== "overdue"
      ? await matchesAmong(
          actorOf(user),
          search,
          rows.map((r) => r.id),
        )
      : null;
  const shown = (found ? rows.filter((r) => found.has(r.id)) : rows)
    .map((r) => ({ ...r, snippetParts: found?.get(r.id)?.snippetParts ?? null }))
    .sort((a, b) => (found ? found.get(a.id)!.rank - found.get(b.id)!.rank : 0));
  return {
    tab,
    counts,
    rows: shown,
    board,
    search,
    truncated: rows.length >= LIMIT,
    activeStates: ACTIVE_STATES.join(","),
    rulingDays: RULING_WORKING_DAYS,
  };
}

/** 批量催办: REMIND {message} to every ticked case, each through the engine, each outcome reported. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, rolesFor("supervision", "post"));
  const lang = await langOf(request, user);
  const parsed = parseRemindForm(await request.formData());
  if (!parsed.ok) {
    const result: RemindResult = {
      problems: fieldMessages(lang, parsed.problems),
      submitted: parsed.submitted,
    };
    return data(result, { status: 400 });
  }
  const outcomes = await remindCases(
    db(),
    clock,
    actorOf(user),
    parsed.data.caseIds,
    parsed.data.message,
    lang,
  );
  const result: RemindResult = { submitted: parsed.submitted, outcomes };
  return data(result);
}

function themeOfSnapshot(snapshot: string): string | null {
  try {
    const theme = (JSON.parse(snapshot) as { context?: { theme?: unknown } }).context?.theme;
    return typeof theme === "string" ? theme : null;
  } catch {
    return null;
  }
}

type Row = Awaited<ReturnType<typeof loader>>["rows"][number];

const CTA: Record<Tab, string> = {
  submitted: "supervision.cta.review",
  accepted: "supervision.cta.assign",
  requests: "supervision.cta.intake",
  returned: "supervision.cta.redispatch",
  visits: "list.view",
  objections: "supervision.cta.rule",
  extensions: "supervision.cta.decide",
  overdue: "supervision.cta.supervise",
  key: "list.view",
};

export default function Supervision() {
  const { tab, counts, rows, board, search, truncated, activeStates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as RemindResult | undefined;
  const { t } = useT();
  const tabs = TABS.map((k) => ({
    key: k,
    label: t(`supervision.tab.${k}`),
    count: counts[k],
    hot: !RECORDS.includes(k),
    href: `/supervision?tab=${k}`,
  }));

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("nav.supervision")}</h1>
          <p>{t("supervision.subtitle")}</p>
        </div>
        <div className="actions">
          <Link to="/requests/new" className="btn secondary">
            {t("supervision.fileRequest")}
          </Link>
          <Link to="/cases" className="btn secondary">
            {t("supervision.allCases")}
          </Link>
          <Link to="/supervision/stats" className="btn secondary">
            {t("supervision.stats")}
          </Link>
        </div>
      </div>

      <div className="stats">
        <Stat
          value={counts.active}
          label={t("supervision.stat.active")}
          href={`/cases?state=${activeStates}`}
        />
        <Stat
          value={counts.overdue}
          label={t("supervision.stat.overdue")}
          href="/supervision?tab=overdue"
          tone="alert"
        />
        <Stat
          value={counts.soon}
          label={t("supervision.stat.soon", { n: SOON_DAYS })}
          href="/supervision?tab=overdue&window=due_soon"
          tone="warn"
        />
        <Stat value={counts.replied} label={t("supervision.stat.replied")} href="/cases?state=replied" />
        <Stat
          value={counts.closed}
          label={t("supervision.stat.closed")}
          href="/cases?state=closed"
          tone="good"
        />
        <Stat value={counts.key} label={t("supervision.stat.key")} href="/supervision?tab=key" />
      </div>

      <Tabs tabs={tabs} active={tab} label={t("supervision.tabs")} />
      {tab === "overdue" ? null : (
        <SearchBox
          action="/supervision"
          q={search}
          keep={{ tab }}
          total={search ? rows.length : undefined}
          clearHref={`/supervision?tab=${tab}`}
        />
      )}
      {tab === "overdue" ? null : <p className="tab-hint muted small">{t(`supervision.hint.${tab}`)}</p>}

      {tab === "overdue" && board ? (
        <DeadlineBoard board={board} result={result} />
      ) : rows.length === 0 ? (
        <div className="table-wrap">
          <p className="empty">{t(`supervision.none.${tab}`)}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="list rows">
            <thead>
              <tr>
                <th>{t("col.number")}</th>
                <th>{t("col.title")}</th>
                <Columns tab={tab} />
                <th>
                  <span className="sr-only">{t("col.action")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className={r.due?.overdue ? "overdue" : undefined}>
                  <td className="num">
                    {r.kind === "enterprise_request" ? (
                      <span className="muted">#{r.id}</span>
                    ) : (
                      <CaseNo number={r.number} session={r.sessionLabel} />
                    )}
                  </td>
                  <td>
                    <CaseTitle id={r.id} title={r.title} isKey={r.isKey} round={r.round}>
                      {r.kind === "enterprise_request" && tab !== "requests" && tab !== "returned" ? (
                        <span className="badge info">{t("kind.enterprise_request")}</span>
                      ) : null}
                      {r.priority === "urgent" ? (
                        <span className="badge danger">{t("priority.urgent")}</span>
                      ) : null}
                    </CaseTitle>
                    <Passage parts={r.snippetParts} />
                    <div className="muted small">
                      {r.kind === "enterprise_request" ? (
                        <RequestLine r={r} />
                      ) : (
                        <>
                          {t("inbox.proposer", { name: r.author ?? "—" })}
                          {r.cosigners ? ` · ${t("supervision.cosigners", { n: r.cosigners })}` : ""}
                        </>
                      )}
                    </div>
                  </td>
                  <Cells tab={tab} row={r} />
                  <td className="row-action">
                    <Link to={`/cases/${r.id}`} className={RECORDS.includes(tab) ? "small" : "btn small"}>
                      {t(CTA[tab])}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {truncated ? <p className="muted small">{t("supervision.truncated", { n: rows.length })}</p> : null}
    </>
  );
}

/** An enterprise request's line under its title: the enterprise, how it came in, what it is about. */
function RequestLine({ r }: { r: Row }) {
  const { t } = useT();
  const themeName = useThemeName();
  return (
    <>
      {t("supervision.enterprise", { name: r.enterprise ?? "—" })}
      {r.channel ? ` · ${t(`channel.${r.channel}`)}` : ""}
      {r.category ? ` · ${t(`category.${r.category}`)}` : ""}
      {r.theme ? ` · ${themeName(r.theme)}` : ""}
    </>
  );
}

function Columns({ tab }: { tab: Tab }) {
  const { t } = useT();
  switch (tab) {
    case "requests":
      return (
        <>
          <th>{t("col.state")}</th>
          <th>{t("col.submittedOn")}</th>
          <th>{t("col.waiting")}</th>
        </>
      );
    case "returned":
      return (
        <>
          <th>{t("col.returns")}</th>
          <RulingHead kind="return" />
        </>
      );
    case "visits":
      return (
        <>
          <th>{t("col.visit")}</th>
          <th>{t("col.visitRating")}</th>
          <th>{t("col.leadUnit")}</th>
        </>
      );
    case "submitted":
      return (
        <>
          <th>{t("col.submittedOn")}</th>
          <th>{t("col.waiting")}</th>
        </>
      );
    case "accepted":
      return (
        <>
          <th>{t("col.acceptedOn")}</th>
          <th>{t("col.waiting")}</th>
        </>
      );
    case "objections":
      return (
        <>
          <th>{t("col.leadUnit")}</th>
          <th>{t("col.objections")}</th>
          <RulingHead kind="objection" />
        </>
      );
    case "extensions":
      return (
        <>
          <th>{t("col.leadUnit")}</th>
          <th>{t("col.replyDue")}</th>
          <th>{t("col.requestedUntil")}</th>
          <RulingHead kind="extension" />
        </>
      );
    case "overdue":
      return (
        <>
          <th>{t("col.state")}</th>
          <th>{t("col.overdueItem")}</th>
          <th>{t("col.owingUnit")}</th>
        </>
      );
    default:
      return (
        <>
          <th>{t("col.state")}</th>
          <th>{t("col.leadUnit")}</th>
          <th>{t("col.nextDue")}</th>
        </>
      );
  }
}

function Cells({ tab, row: r }: { tab: Tab; row: Row }) {
  const { t } = useT();
  const none = <span className="muted">—</span>;
  switch (tab) {
    case "requests":
      return (
        <>
          <td>
            <StateBadge state={r.state} kind="enterprise_request" />
          </td>
          <td className="nowrap">{r.since ?? none}</td>
          <td>
            {r.waited === null ? (
              none
            ) : (
              <span className={r.waited >= 1 ? "due soon" : "due"}>
                {r.waited === 0 ? t("supervision.waitedToday") : t("supervision.waited", { n: r.waited })}
              </span>
            )}
          </td>
        </>
      );
    case "returned":
      return (
        <>
          <td>
            <ul className="plain-list">
              {r.returns.map((x, i) => (
                <li key={i}>
                  <b>{x.unit ?? "—"}</b>
                  {x.reasonCode ? (
                    <span className="badge danger">{t(`returnReason.${x.reasonCode}`)}</span>
                  ) : null}
                  {x.on ? <span className="muted small"> {x.on}</span> : null}
                  {x.note ? <div className="reason">{x.note}</div> : null}
                  {x.suggested ? (
                    <div className="small">{t("supervision.returnSuggested", { unit: x.suggested })}</div>
                  ) : null}
                </li>
              ))}
            </ul>
          </td>
          <RulingCell due={r.ruling} />
        </>
      );
    case "visits":
      return (
        <>
          <td>
            <b className="nowrap">{r.visit?.date ?? r.since}</b>
            {r.visit?.method ? <span className="muted small"> {t(`method.${r.visit.method}`)}</span> : null}
            {r.visit?.by ? <span className="muted small"> · {r.visit.by}</span> : null}
            {r.visit?.note ? <div className="reason">{r.visit.note}</div> : null}
          </td>
          <td>
            {r.visit?.rating ? (
              <span className={`badge ${r.visit.rating === "unsatisfied" ? "danger" : "ok"}`}>
                {t(`result.${r.visit.rating}`)}
              </span>
            ) : (
              none
            )}
          </td>
          <td className="nowrap">{r.leadDepartment ?? none}</td>
        </>
      );
    case "submitted":
    case "accepted":
      return (
        <>
          <td className="nowrap">{r.since ?? none}</td>
          <td>
            {r.waited === null ? (
              none
            ) : (
              <span className={r.waited > SOON_DAYS ? "due soon" : "due"}>
                {r.waited === 0 ? t("supervision.waitedToday") : t("supervision.waited", { n: r.waited })}
              </span>
            )}
          </td>
        </>
      );
    case "objections":
      return (
        <>
          <td className="nowrap">{r.leadDepartment ?? none}</td>
          <td>
            <ul className="plain-list">
              {r.objections.map((o) => (
                <li key={o.unit}>
                  <b>{o.unit}</b> <span className="muted small">（{t(`unitRole.${o.role}`)}）</span>
                  {o.on ? <span className="muted small"> {o.on}</span> : null}
                  <div className="reason">{o.reason}</div>
                </li>
              ))}
            </ul>
          </td>
          <RulingCell due={r.ruling} />
        </>
      );
    case "extensions":
      return (
        <>
          <td className="nowrap">{r.leadDepartment ?? none}</td>
          <td className="nowrap">
            {r.extension?.replyDue ?? none}
            {r.due && r.due.type === "reply" ? (
              <div>
                <DueLeft due={r.due} />
              </div>
            ) : null}
          </td>
          <td>
            <b className="nowrap">{r.extension?.until}</b>
            {r.extension?.requestedOn ? (
              <span className="muted small">
                {" "}
                {t("supervision.requestedOn", { date: r.extension.requestedOn })}
              </span>
            ) : null}
            {r.extension?.reason ? <div className="reason">{r.extension.reason}</div> : null}
          </td>
          <RulingCell due={r.ruling} />
        </>
      );
    case "overdue":
      return (
        <>
          <td>
            <StateBadge state={r.state} kind={r.kind} />
          </td>
          <td>
            <DueCell due={r.due} />
          </td>
          <td>
            {r.dueDepartment ?? <span className="muted">{t("supervision.owingProposer")}</span>}
            {r.leadDepartment && r.dueDepartment !== r.leadDepartment ? (
              <div className="muted small">{t("inbox.lead", { unit: r.leadDepartment })}</div>
            ) : null}
          </td>
        </>
      );
    default:
      return (
        <>
          <td>
            <StateBadge state={r.state} kind={r.kind} />
          </td>
          <td className="nowrap">{r.leadDepartment ?? none}</td>
          <td>
            <DueCell due={r.due} />
          </td>
        </>
      );
  }
}

/** 裁定期限: when the supervisor's ruling on the unit's request is due (workflows/rulings.ts). */
function RulingHead({ kind }: { kind: keyof typeof RULING_WORKING_DAYS }) {
  const { t } = useT();
  const { rulingDays } = useLoaderData<typeof loader>();
  return <th title={t("ruling.title", { n: rulingDays[kind] })}>{t("ruling.col")}</th>;
}

function RulingCell({ due }: { due: DueInfo | null }) {
  return (
    <td>
      <DueCell due={due} showType={false} />
    </td>
  );
}
