import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { CaseNo, CaseTitle } from "../components/lists/CaseTitle";
import { DueCell, dueInfo } from "../components/lists/DueCell";
import { titled } from "../components/lists/meta";
import { Pagination } from "../components/lists/Pagination";
import { DONE_STATES, StateBadge } from "../components/lists/StateBadge";
import {
  ACTIVE_STATES,
  CaseError,
  today as dateOf,
  listDepartments,
  loadCalendar,
} from "../components/lists/server.server";
import { Passage } from "../components/search/Search";
import { fieldMessages, hasKey, t as translate } from "../i18n";
import { CASE_CATEGORIES, caseList, parseCaseListQuery } from "../models/case-list.server";
import searchStyles from "../styles/search.css";
import { actorOf, requireUser } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";
import { useT } from "../utils/i18n";
import { langOf } from "../utils/lang.server";

export const meta = titled("nav.allCases");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: searchStyles }];

const STATES = [
  "draft",
  "submitted",
  "accepted",
  "assigned",
  "handling",
  "awaiting_submitter",
  "reply_review",
  "replied",
  "rehandling",
  "closed",
  "rejected",
  "merged",
  "withdrawn",
];

/** The filter's fields as typed, to fill the form again. */
const FILTER_KEYS = [
  "kind",
  "category",
  "state",
  "departmentId",
  "overdue",
  "isKey",
  "q",
  "pageSize",
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const lang = await langOf(request, user);
  const params = new URL(request.url).searchParams;
  const values = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ""])) as Record<
    (typeof FILTER_KEYS)[number],
    string
  >;
  const isSupervisor = user.role === "supervisor";
  const q = db();
  const departments = isSupervisor ? (await listDepartments(q)).map((d) => ({ id: d.id, name: d.name })) : [];
  const base = {
    values,
    departments,
    isSupervisor,
    canDraft: user.role === "delegate" || user.role === "enterprise",
    // Categories belong to enterprise requests, which delegates never see.
    categories: user.role === "delegate" ? [] : [...CASE_CATEGORIES],
    activeStates: ACTIVE_STATES.join(","),
  };
  let filter: ReturnType<typeof parseCaseListQuery>;
  try {
    filter = parseCaseListQuery(params);
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    const problems = e.details.fields ?? {};
    const words = fieldMessages(lang, problems);
    // "state.0" is the first of a comma list: name the parameter, not the index.
    const fields = Object.entries(problems).map(([key, p]) => {
      const param = key.split(".")[0];
      const label = hasKey(lang, `cases.param.${param}`) ? translate(lang, `cases.param.${param}`) : param;
      const message =
        p.code === "too_big" && p.params?.origin === "number"
          ? translate(lang, "cases.param.max", p.params)
          : p.code === "too_small" && p.params?.origin === "number"
            ? translate(lang, "cases.param.min", p.params)
            : words[key];
      return { field: label, message };
    });
    return {
      ...base,
      error: { message: translate(lang, `error.${e.code}`), fields },
      items: [],
      total: 0,
      page: 1,
      pageSize: 20,
    };
  }
  const [result, cal] = await Promise.all([caseList(actorOf(user), filter), loadCalendar(q)]);
  const today = dateOf(clock.now());
  return {
    ...base,
    error: null,
    items: result.items.map((c) => ({
      id: c.id,
      kind: c.kind,
      number: c.number,
      sessionLabel: c.sessionLabel,
      title: c.title,
      state: c.state,
      isKey: c.isKey,
      round: c.round,
      author: c.author,
      leadDepartment: c.leadDepartment?.name ?? null,
      due: dueInfo(cal, today, c.nextDue?.date, c.nextDue?.type),
      updatedOn: dateOf(new Date(c.updatedAt)),
      // 检索: the passage where the words occur
      snippetParts: "snippetParts" in c ? (c.snippetParts ?? null) : null,
    })),
    total: result.total,
    totalCapped: "totalCapped" in result,
    page: result.page,
    pageSize: result.pageSize,
  };
}

export default function CaseList() {
  const data = useLoaderData<typeof loader>();
  const { values, departments, isSupervisor, error, items, total, page, pageSize } = data;
  const { t } = useT();
  const navigation = useNavigation();
  const loading = navigation.state === "loading" && navigation.location.pathname === "/cases";
  const filtered = FILTER_KEYS.some((k) => k !== "pageSize" && values[k]);
  // The export carries the filters, not the page: every matching case.
  const exportQuery = new URLSearchParams(
    FILTER_KEYS.filter((k) => k !== "pageSize" && values[k]).map((k) => [k, values[k]]),
  ).toString();
  const stateOptions = STATES.filter((s) => s !== "draft" || data.canDraft);
  const groups = [
    { value: data.activeStates, label: t("cases.group.active") },
    { value: DONE_STATES.join(","), label: t("cases.group.done") },
  ];
  // A list of states from a link (e.g. the supervision strip) gets an option of its own.
  const custom =
    values.state &&
    !STATES.includes(values.state) &&
    !groups.some((g) => g.value === values.state) &&
    values.state.split(",").every((s) => STATES.includes(s))
      ? values.state
      : null;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("nav.allCases")}</h1>
          <p>{t(`cases.subtitle.${isSupervisor ? "supervisor" : "other"}`)}</p>
        </div>
        {!error && total > 0 ? (
          <div className="actions" role="group" aria-label={t("cases.export")}>
            <span className="muted small">{t("cases.export")}</span>
            <a className="btn secondary small" href={`/cases/export?${exportQuery}&format=xlsx`} download>
              {t("cases.export.xlsx")}
            </a>
            <a className="btn secondary small" href={`/cases/export?${exportQuery}&format=csv`} download>
              {t("cases.export.csv")}
            </a>
          </div>
        ) : null}
      </div>

      <Form method="get" className="card filters" role="search" aria-label={t("cases.filters")}>
        <div className="filter-row">
          <div className="field grow">
            <label htmlFor="q">{t("cases.filter.q")}</label>
            <input
              id="q"
              name="q"
              type="search"
              defaultValue={values.q}
              placeholder={t("cases.filter.qPlaceholder")}
              maxLength={100}
            />
          </div>
          <div className="field">
            <label htmlFor="kind">{t("cases.filter.kind")}</label>
            <select id="kind" name="kind" defaultValue={values.kind}>
              <option value="">{t("cases.filter.any")}</option>
              <option value="proposal">{t("kind.proposal")}</option>
              <option value="enterprise_request">{t("kind.enterprise_request")}</option>
            </select>
          </div>
          {data.categories.length ? (
            <div className="field">
              <label htmlFor="category">{t("cases.filter.category")}</label>
              <select id="category" name="category" defaultValue={values.category}>
                <option value="">{t("cases.filter.anyCategory")}</option>
                {data.categories.map((c) => (
                  <option key={c} value={c}>
                    {t(`category.${c}`)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="state">{t("cases.filter.state")}</label>
            <select id="state" name="state" defaultValue={values.state}>
              <option value="">{t("cases.filter.any")}</option>
              <optgroup label={t("cases.filter.groups")}>
                {groups.map((g) => (
                  <option key={g.value} value={g.value}>
                    {g.label}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t("cases.filter.states")}>
                {stateOptions.map((s) => (
                  <option key={s} value={s}>
                    {t(`state.${s}`)}
                  </option>
                ))}
              </optgroup>
              {custom ? (
                <option value={custom}>
                  {custom
                    .split(",")
                    .map((s) => t(`state.${s}`))
                    .join(" / ")}
                </option>
              ) : null}
            </select>
          </div>
          {isSupervisor ? (
            <div className="field">
              <label htmlFor="departmentId">{t("cases.filter.unit")}</label>
              <select id="departmentId" name="departmentId" defaultValue={values.departmentId}>
                <option value="">{t("cases.filter.anyUnit")}</option>
                {departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>
        <div className="filter-row">
          <div className="checks">
            <label>
              <input type="checkbox" name="overdue" value="1" defaultChecked={values.overdue === "1"} />
              {t("cases.filter.overdue")}
            </label>
            <label>
              <input type="checkbox" name="isKey" value="1" defaultChecked={values.isKey === "1"} />
              {t("cases.filter.key")}
            </label>
          </div>
          {/* Keep a chosen page size across searches, unless it is what made the search fail. */}
          {values.pageSize && !error ? <input type="hidden" name="pageSize" value={values.pageSize} /> : null}
          <div className="actions push-right">
            {filtered ? (
              <Link to="/cases" className="btn secondary">
                {t("cases.filter.clear")}
              </Link>
            ) : null}
            <button type="submit" className="btn">
              {t("cases.filter.apply")}
            </button>
          </div>
        </div>
      </Form>

      {error ? (
        <div className="alert-box error" role="alert">
          <b>{t("cases.badQuery")}</b>
          <ul className="error-list">
            {error.fields.map((f) => (
              <li key={f.field}>
                {f.field}：{f.message}
              </li>
            ))}
          </ul>
          <p className="small">
            {t("cases.badQueryHelp")} <Link to="/cases">{t("cases.filter.clear")}</Link>
          </p>
        </div>
      ) : values.q && total > 0 ? (
        <p className="search-count small muted" role="status">
          {t("search.results", { q: values.q, n: data.totalCapped ? `${total}+` : total })}
        </p>
      ) : null}
      {error ? null : items.length === 0 ? (
        <div className="table-wrap">
          <p className="empty">{t(filtered ? "cases.none.filtered" : "cases.none.all")}</p>
        </div>
      ) : (
        <>
          <div className={`table-wrap${loading ? " loading" : ""}`}>
            <table className="list rows">
              <thead>
                <tr>
                  <th>{t("col.number")}</th>
                  <th>{t("col.title")}</th>
                  <th>{t("col.state")}</th>
                  <th>{t("col.leadUnit")}</th>
                  <th>{t("col.proposer")}</th>
                  <th>{t("col.nextDue")}</th>
                  <th>{t("col.updated")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.id} className={c.due?.overdue ? "overdue" : undefined}>
                    <td className="num">
                      <CaseNo number={c.number} session={c.sessionLabel} />
                    </td>
                    <td>
                      <CaseTitle id={c.id} title={c.title} isKey={c.isKey} round={c.round}>
                        {c.kind !== "proposal" ? (
                          <span className="badge info">{t(`kind.${c.kind}`)}</span>
                        ) : null}
                      </CaseTitle>
                      <Passage parts={c.snippetParts} />
                    </td>
                    <td>
                      <StateBadge state={c.state} />
                    </td>
                    <td className="nowrap">{c.leadDepartment ?? <span className="muted">—</span>}</td>
                    <td className="nowrap">{c.author ?? "—"}</td>
                    <td>
                      <DueCell due={c.due} />
                    </td>
                    <td className="num">{c.updatedOn}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pageSize={pageSize} total={total} />
        </>
      )}
    </>
  );
}
