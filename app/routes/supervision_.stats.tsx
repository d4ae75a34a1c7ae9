import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { Figures } from "../../db/stats";
import type { MetricKey } from "../../db/stats-definitions";
import { titled } from "../components/lists/meta";
import { CaseError, today as dateOf } from "../components/lists/server.server";
import { COLORS, MonthlyChart, OnTimeChart, SatisfactionChart } from "../components/stats/Charts";
import { fieldMessages, t as translate } from "../i18n";
import { rolesFor } from "../models/access";
import { computeStats, definitionsIn, PRESETS, parseStatsQuery, presetPeriod } from "../models/stats.server";
import statsStyles from "../styles/stats.css";
import { requireUser } from "../utils/auth.server";
import { clock } from "../utils/db.server";
import { useT } from "../utils/i18n";
import { langOf } from "../utils/lang.server";

export const meta = titled("stats.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: statsStyles }];

/** 统计分析: per-unit figures for a period, charts, definitions, exports. Supervisors only. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, rolesFor("supervision_.stats", "get"));
  const lang = await langOf(request, user);
  const on = dateOf(clock.now());
  const params = new URL(request.url).searchParams;
  const typed = {
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    kind: params.get("kind") ?? "",
  };
  const presets = PRESETS.map((key) => ({ key, ...presetPeriod(key, on) }));
  const definitions = definitionsIn(lang);
  try {
    const p = parseStatsQuery(params, on);
    const stats = await computeStats(p);
    const query = new URLSearchParams({
      from: p.from,
      to: p.to,
      ...(p.kind ? { kind: p.kind } : {}),
    }).toString();
    return {
      values: { from: p.from, to: p.to, kind: p.kind ?? "" },
      presets,
      definitions,
      stats,
      query,
      error: null,
    };
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    const words = fieldMessages(lang, e.details.fields);
    const fields = Object.entries(words).map(([field, message]) => ({
      field,
      label: translate(lang, `stats.${field}`),
      message,
    }));
    return { values: typed, presets, definitions, stats: null, query: "", error: { fields } };
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Stats = NonNullable<Data["stats"]>;
type Definition = Data["definitions"]["metrics"][number];

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
const days = (v: number | null) => (v === null ? "—" : v.toFixed(1));

/** Metric numbers as the definitions list numbers them (1-based, in METRICS order). */
function numbering(defs: Definition[]) {
  return new Map<MetricKey, number>(defs.map((d, i) => [d.key as MetricKey, i + 1]));
}

export default function StatisticsPage() {
  const { values, presets, definitions, stats, query, error } = useLoaderData<typeof loader>();
  const { t } = useT();
  const activePreset = presets.find((p) => p.from === values.from && p.to === values.to)?.key;
  const withKind = (from: string, to: string) =>
    `/supervision/stats?${new URLSearchParams({ from, to, ...(values.kind ? { kind: values.kind } : {}) })}`;

  return (
    <>
      <div className="page-head">
        <div>
          <p className="crumbs small">
            <Link to="/supervision">{t("nav.supervision")}</Link> /
          </p>
          <h1>{t("stats.title")}</h1>
          <p>{t("stats.subtitle")}</p>
        </div>
      </div>

      {/* Keyed by the period: a preset followed in the browser fills the fields anew. */}
      <Form
        key={`${values.from}|${values.to}|${values.kind}`}
        method="get"
        className="card filters stats-filters"
        aria-label={t("stats.filters")}
      >
        <div className="filter-row">
          <div className="field">
            <label htmlFor="from">{t("stats.from")}</label>
            <input id="from" name="from" type="date" defaultValue={values.from} required />
          </div>
          <div className="field">
            <label htmlFor="to">{t("stats.to")}</label>
            <input id="to" name="to" type="date" defaultValue={values.to} required />
          </div>
          <div className="field">
            <label htmlFor="kind">{t("stats.kind")}</label>
            <select id="kind" name="kind" defaultValue={values.kind}>
              <option value="">{t("stats.kind.all")}</option>
              <option value="proposal">{t("kind.proposal")}</option>
              <option value="enterprise_request">{t("kind.enterprise_request")}</option>
            </select>
          </div>
          <div className="field">
            <span className="field-label-spacer" aria-hidden>
              &nbsp;
            </span>
            <button type="submit" className="btn">
              {t("stats.apply")}
            </button>
          </div>
        </div>
        <nav className="chips presets" aria-label={t("stats.presets")}>
          <span className="muted small">{t("stats.presetsLead")}</span>
          {presets.map((p) => (
            <Link
              key={p.key}
              to={withKind(p.from, p.to)}
              className={p.key === activePreset ? "chip active" : "chip"}
              aria-current={p.key === activePreset ? "true" : undefined}
            >
              {t(`stats.preset.${p.key}`)}
            </Link>
          ))}
        </nav>
      </Form>

      {error ? (
        <div className="alert-box error stats-error" role="alert">
          <b>{t("stats.badQuery")}</b>
          <ul className="error-list">
            {error.fields.map((f) => (
              <li key={f.field}>
                {f.label}：{f.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {stats ? <Report stats={stats} definitions={definitions} query={query} /> : null}
    </>
  );
}

function Report({
  stats,
  definitions,
  query,
}: {
  stats: Stats;
  definitions: Data["definitions"];
  query: string;
}) {
  const { t, lang } = useT();
  const defs = definitions.metrics;
  const num = numbering(defs);
  const label = (k: MetricKey) => defs.find((d) => d.key === k)?.label ?? k;
  const tot = stats.totals;
  const unitLabel = (u: Stats["units"][number]) => u.shortName ?? u.name;
  const period = t("stats.periodValue", { from: stats.from, to: stats.to });
  const kind = stats.kind ? t(`kind.${stats.kind}`) : t("stats.kind.all");

  const onTimeRows = [
    ...stats.units
      .filter((u) => (u.figures.replyDue ?? 0) > 0 || (u.figures.signDue ?? 0) > 0)
      .map((u) => ({ label: unitLabel(u), figures: u.figures, total: false })),
    { label: t("stats.totals"), figures: tot, total: true },
  ].map((r) => ({
    label: r.label,
    total: r.total,
    bars: [
      { key: "reply", onTime: r.figures.repliedOnTime ?? 0, due: r.figures.replyDue ?? 0 },
      { key: "sign", onTime: r.figures.signedOnTime ?? 0, due: r.figures.signDue ?? 0 },
    ],
  }));
  const mixKeys: MetricKey[] = ["satisfied", "basicallySatisfied", "unsatisfied", "unevaluated"];
  const mixRows = [
    ...stats.units.map((u) => ({ label: unitLabel(u), figures: u.figures, total: false })),
    { label: t("stats.totals"), figures: tot, total: true },
  ].map((r) => ({
    label: r.label,
    total: r.total,
    parts: Object.fromEntries(mixKeys.map((k) => [k, r.figures[k] ?? 0])),
  }));
  const monthName = (m: string) => {
    const [y, mm] = m.split("-").map(Number);
    return lang === "en"
      ? new Date(Date.UTC(y, mm - 1, 1)).toLocaleString("en", { month: "short", timeZone: "UTC" })
      : `${mm}月`;
  };
  const months = stats.months.map((m, i) => ({
    label: monthName(m.month),
    sub: i === 0 || m.month.endsWith("-01") ? m.month.slice(0, 4) : undefined,
    values: m.values,
  }));

  return (
    <>
      <div className="stats-heading">
        <h2>{t("stats.heading", { period, kind })}</h2>
        <span className="muted small">{t("stats.asOf", { date: stats.asOf })}</span>
        <div className="actions">
          <a className="btn" href={`/supervision/stats/export?${query}&format=xlsx`} download>
            {t("stats.export.xlsx")}
          </a>
          <a className="btn secondary" href={`/supervision/stats/export?${query}&format=csv`} download>
            {t("stats.export.csv")}
          </a>
        </div>
      </div>

      <div className="stats">
        <Kpi
          value={String(tot.assignedLead ?? 0)}
          label={t("stats.kpi.assigned")}
          metric="assignedLead"
          note={num.get("assignedLead")}
        />
        <Kpi
          value={pct(tot.replyOnTimeRate)}
          label={t("stats.kpi.replyRate")}
          hint={t("stats.kpi.dueCount", { n: tot.replyDue ?? 0 })}
          metric="replyOnTimeRate"
          note={num.get("replyOnTimeRate")}
        />
        <Kpi
          value={String(tot.overdue ?? 0)}
          label={t("stats.kpi.overdue")}
          tone={(tot.overdue ?? 0) > 0 ? "alert" : undefined}
          metric="overdue"
          note={num.get("overdue")}
        />
        <Kpi
          value={pct(tot.satisfactionRate)}
          label={t("stats.kpi.satisfaction")}
          hint={t("stats.kpi.unevaluated", { n: tot.unevaluated ?? 0 })}
          metric="satisfactionRate"
          note={num.get("satisfactionRate")}
        />
      </div>

      <section className="stats-charts" aria-label={t("stats.charts")}>
        <div className="card chart-card">
          <h3>{t("stats.chart.onTime")}</h3>
          <OnTimeChart
            title={t("stats.chart.onTime")}
            description={t("stats.chart.onTimeNote")}
            rows={onTimeRows}
            none={t("stats.chart.noData")}
            legend={[
              { key: "reply", label: label("replyOnTimeRate"), color: COLORS.reply },
              { key: "sign", label: label("signOnTimeRate"), color: COLORS.sign },
            ]}
          />
          <p className="muted small">{t("stats.chart.onTimeNote")}</p>
        </div>
        <div className="card chart-card">
          <h3>{t("stats.chart.satisfaction")}</h3>
          <SatisfactionChart
            title={t("stats.chart.satisfaction")}
            description={t("stats.chart.satisfactionNote")}
            rows={mixRows}
            empty={t("stats.chart.empty")}
            legend={mixKeys.map((k) => ({
              key: k,
              label: label(k),
              color: COLORS[k as keyof typeof COLORS],
            }))}
          />
          <p className="muted small">{t("stats.chart.satisfactionNote")}</p>
        </div>
        <div className="card chart-card wide">
          <h3>{t("stats.chart.monthly")}</h3>
          <MonthlyChart
            title={t("stats.chart.monthly")}
            description={definitions.series.map((s) => `${s.label}: ${s.definition}`).join(" ")}
            months={months}
            legend={definitions.series.map((s) => ({
              key: s.key,
              label: s.label,
              color: COLORS[s.key as keyof typeof COLORS],
            }))}
          />
        </div>
      </section>

      <h2 className="section-title">{t("stats.table.timeliness")}</h2>
      <UnitTable
        stats={stats}
        defs={defs}
        num={num}
        columns={[
          { key: "assignedLead", cell: (f) => count(f.assignedLead) },
          { key: "assignedCo", cell: (f) => count(f.assignedCo) },
          { key: "signOnTimeRate", cell: (f) => rateCell(f.signOnTimeRate, f.signedOnTime, f.signDue) },
          { key: "replyOnTimeRate", cell: (f) => rateCell(f.replyOnTimeRate, f.repliedOnTime, f.replyDue) },
          { key: "avgReplyDays", cell: (f) => days(f.avgReplyDays) },
          { key: "open", cell: (f) => count(f.open) },
          {
            key: "overdue",
            cell: (f) => (
              <span className={(f.overdue ?? 0) > 0 ? "due overdue" : undefined}>{count(f.overdue)}</span>
            ),
          },
          { key: "returns", cell: (f) => count(f.returns) },
          { key: "extensionsRequested", cell: (f) => count(f.extensionsRequested) },
          { key: "extensionsApproved", cell: (f) => count(f.extensionsApproved) },
        ]}
      />

      <h2 className="section-title">{t("stats.table.results")}</h2>
      <UnitTable
        stats={stats}
        defs={defs}
        num={num}
        columns={[
          { key: "replied", cell: (f) => count(f.replied) },
          { key: "rehandled", cell: (f) => count(f.rehandled) },
          { key: "satisfied", cell: (f) => count(f.satisfied) },
          { key: "basicallySatisfied", cell: (f) => count(f.basicallySatisfied) },
          { key: "unsatisfied", cell: (f) => count(f.unsatisfied) },
          { key: "unevaluated", cell: (f) => count(f.unevaluated) },
          { key: "satisfactionRate", cell: (f) => pct(f.satisfactionRate) },
          { key: "classA", cell: (f) => classCell(f.classA, f.classAShare) },
          { key: "classB", cell: (f) => classCell(f.classB, f.classBShare) },
          { key: "classC", cell: (f) => classCell(f.classC, f.classCShare) },
          { key: "classD", cell: (f) => classCell(f.classD, f.classDShare) },
        ]}
      />

      <section className="card definitions" id="definitions" aria-labelledby="definitions-title">
        <h2 id="definitions-title">{t("stats.definitions")}</h2>
        <p className="muted small">{t("stats.definitionsHint")}</p>
        <ol className="def-list">
          {defs.map((d) => (
            <li key={d.key} id={`def-${d.key}`}>
              <b>{d.label}</b>
              <span>{d.definition}</span>
            </li>
          ))}
        </ol>
        <h3>{t("stats.chart.monthly")}</h3>
        <dl className="def-series">
          {definitions.series.map((s) => (
            <div key={s.key}>
              <dt>{s.label}</dt>
              <dd>{s.definition}</dd>
            </div>
          ))}
        </dl>
        <h3>{t("stats.note")}</h3>
        <ul className="def-notes">
          {definitions.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      </section>
    </>
  );
}

const count = (v: number | null) => String(v ?? 0);

function rateCell(rate: number | null, n: number | null, d: number | null) {
  return (
    <>
      <b className={rate === null || rate >= 0.95 ? "rate" : rate < 0.8 ? "rate low" : "rate mid"}>
        {pct(rate)}
      </b>
      <span className="muted small frac">
        {n ?? 0}/{d ?? 0}
      </span>
    </>
  );
}

function classCell(n: number | null, share: number | null) {
  return (
    <>
      {n ?? 0}
      {share !== null ? <span className="muted small frac">{pct(share)}</span> : null}
    </>
  );
}

function Kpi(props: {
  value: string;
  label: string;
  hint?: string;
  tone?: "alert";
  metric: MetricKey;
  note?: number;
}) {
  return (
    <div className={`stat${props.tone ? ` ${props.tone}` : ""}`}>
      <b>{props.value}</b>
      <span>
        {props.label}
        {props.note ? (
          <a href={`#def-${props.metric}`} className="def-ref">
            <sup>{props.note}</sup>
          </a>
        ) : null}
      </span>
      {props.hint ? <span className="muted small">{props.hint}</span> : null}
    </div>
  );
}

function UnitTable({
  stats,
  defs,
  num,
  columns,
}: {
  stats: Stats;
  defs: Definition[];
  num: Map<MetricKey, number>;
  columns: Array<{ key: MetricKey; cell: (f: Figures) => React.ReactNode }>;
}) {
  const { t } = useT();
  if (!stats.units.length) return <p className="empty">{t("stats.noUnits")}</p>;
  const def = (k: MetricKey) => defs.find((d) => d.key === k)!;
  return (
    <div className="table-wrap stats-table-wrap">
      <table className="list stats-table">
        <thead>
          <tr>
            <th scope="col" className="unit">
              {t("stats.col.unit")}
            </th>
            {columns.map((c) => (
              <th key={c.key} scope="col" className="num" title={def(c.key).definition}>
                <a href={`#def-${c.key}`} className="def-ref">
                  {def(c.key).label}
                  <sup>{num.get(c.key)}</sup>
                </a>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {stats.units.map((u) => (
            <tr key={u.departmentId}>
              <th scope="row" className="unit">
                {u.name}
              </th>
              {columns.map((c) => (
                <td key={c.key} className="num">
                  {c.cell(u.figures)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" className="unit">
              {t("stats.totals")}
            </th>
            {columns.map((c) => (
              <td key={c.key} className="num">
                {c.cell(stats.totals)}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
