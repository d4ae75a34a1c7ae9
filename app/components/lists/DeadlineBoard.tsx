import { Form, Link, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useT } from "../../utils/i18n";
import { describedBy, Field } from "../Field";
import { CaseNo, CaseTitle } from "./CaseTitle";
import { DueCell, type DueInfo } from "./DueCell";
import { Pagination } from "./Pagination";
import { StateBadge } from "./StateBadge";

/** One row of the board as the page receives it. */
export interface BoardRowView {
  deadlineId: number;
  deadlineType: string;
  caseId: number;
  kind: string;
  number: number | null;
  sessionLabel: string | null;
  title: string;
  state: string;
  category: string | null;
  priority: string | null;
  isKey: boolean;
  round: number;
  departmentName: string | null;
  step: string | null;
  stepAsOf: string | null;
  nudge: { type: string; at: string | null } | null;
  due: DueInfo | null;
}

export interface BoardView {
  window: "overdue" | "due_soon";
  filters: {
    departmentId?: number;
    kind?: string;
    category?: string;
    keyOnly: boolean;
  };
  asOf: string;
  soonUntil: string;
  soonDays: number;
  total: number;
  page: number;
  pageSize: number;
  counts: { overdue: number; due_soon: number };
  departments: Array<{ id: number; name: string }>;
  categories: readonly string[];
  items: BoardRowView[];
}

/** What the bulk reminder's POST answered: per-field problems, or the outcome for every case. */
export interface RemindResult {
  problems?: Record<string, string>;
  submitted: { caseIds: number[]; message: string };
  outcomes?: Array<{
    caseId: number;
    title: string | null;
    ok: boolean;
    status: number;
    message: string | null;
    state: string | null;
    kind: string | null;
  }>;
}

const STEP_TONE: Record<string, string> = {
  prewarn: "step-prewarn",
  overdue: "step-overdue",
  supervise: "step-supervise",
  bulletin: "step-bulletin",
};

function stepKeyOf(step: string | null): string | null {
  if (!step) return null;
  if (step.startsWith("prewarn:")) return "prewarn";
  return STEP_TONE[step] ? step : null;
}

/** 预警 / 催办 / 督办 / 列入通报, or 未提醒: the highest step the ladder recorded for the deadline. */
export function StepBadge({ step, on }: { step: string | null; on?: string | null }) {
  const { t } = useT();
  const key = stepKeyOf(step);
  return (
    <span className="step" title={t("board.step.title")}>
      <span className={`badge ${key ? STEP_TONE[key] : "step-none"}`}>
        {t(key ? `board.step.${key}` : "board.step.none")}
      </span>
      {key && on ? <span className="muted small"> {t("board.step.on", { date: on })}</span> : null}
    </span>
  );
}

/**
 * 督办台: the units' deadlines overdue or due soon, filtered by unit, kind, category and key, each
 * with the step of the escalation ladder it reached; tick rows and send one reminder (催办) to all.
 */
export function DeadlineBoard({ board, result }: { board: BoardView; result?: RemindResult }) {
  const { t } = useT();
  const navigation = useNavigation();
  const sending = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";
  const f = board.filters;
  const filtered = !!(f.departmentId || f.kind || f.category || f.keyOnly);
  const query = (extra: Record<string, string>) => {
    const p = new URLSearchParams({ tab: "overdue" });
    if (f.departmentId) p.set("departmentId", String(f.departmentId));
    if (f.kind) p.set("kind", f.kind);
    if (f.category) p.set("category", f.category);
    if (f.keyOnly) p.set("key", "1");
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return `/supervision?${p}`;
  };
  // A refused submission keeps what was ticked and typed; a sent one starts afresh.
  const kept = result?.problems ? result.submitted : { caseIds: [], message: "" };
  const [selected, setSelected] = useState<Set<number>>(() => new Set(kept.caseIds));
  // After a send, the ticks go: the report above says what happened to each.
  useEffect(() => {
    if (result?.outcomes) setSelected(new Set());
  }, [result]);
  const onPage = board.items.map((i) => i.caseId);
  const allTicked = onPage.length > 0 && onPage.every((id) => selected.has(id));
  const toggle = (id: number, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const messageError = result?.problems?.message;
  const selectionError = result?.problems?.caseIds;

  return (
    <section className="board" aria-labelledby="board-title">
      <div className="board-head">
        <nav className="switch" aria-label={t("board.window")} id="board-title">
          {(["overdue", "due_soon"] as const).map((w) => (
            <Link
              key={w}
              to={query(w === "overdue" ? {} : { window: w })}
              className={board.window === w ? `active ${w}` : w}
              aria-current={board.window === w ? "page" : undefined}
              preventScrollReset
            >
              {t(`board.window.${w}`)}
              {w === "due_soon" ? (
                <span className="muted small"> {t("board.window.soonHint", { n: board.soonDays })}</span>
              ) : null}
              <span className="count">{board.counts[w]}</span>
            </Link>
          ))}
        </nav>
        <p className="muted small as-of">{t("board.asOf", { date: board.asOf })}</p>
      </div>

      <Form method="get" className="card filters board-filters" aria-label={t("board.filters")}>
        <input type="hidden" name="tab" value="overdue" />
        {board.window !== "overdue" ? <input type="hidden" name="window" value={board.window} /> : null}
        <div className="filter-row">
          <div className="field">
            <label htmlFor="board-unit">{t("board.filter.unit")}</label>
            <select id="board-unit" name="departmentId" defaultValue={f.departmentId ?? ""}>
              <option value="">{t("board.filter.anyUnit")}</option>
              {board.departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="board-kind">{t("board.filter.kind")}</label>
            <select id="board-kind" name="kind" defaultValue={f.kind ?? ""}>
              <option value="">{t("board.filter.anyKind")}</option>
              <option value="proposal">{t("kind.proposal")}</option>
              <option value="enterprise_request">{t("kind.enterprise_request")}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="board-category">{t("board.filter.category")}</label>
            <select id="board-category" name="category" defaultValue={f.category ?? ""}>
              <option value="">{t("cases.filter.any")}</option>
              {board.categories.map((c) => (
                <option key={c} value={c}>
                  {t(`category.${c}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="checks">
            <label className="choice">
              <input type="checkbox" name="key" value="1" defaultChecked={f.keyOnly} />
              <span>{t("board.filter.keyOnly")}</span>
            </label>
          </div>
          <div className="actions push-right">
            {filtered ? (
              <Link
                to={
                  board.window === "overdue"
                    ? "/supervision?tab=overdue"
                    : `/supervision?tab=overdue&window=${board.window}`
                }
                className="btn secondary"
              >
                {t("cases.filter.clear")}
              </Link>
            ) : null}
            <button type="submit" className="btn">
              {t("cases.filter.apply")}
            </button>
          </div>
        </div>
      </Form>

      <p className="tab-hint muted small">
        {board.window === "overdue"
          ? t("board.hint.overdue")
          : t("board.hint.due_soon", { n: board.soonDays, until: board.soonUntil })}
      </p>

      {result?.outcomes ? <RemindOutcomes outcomes={result.outcomes} /> : null}

      <Form method="post" className="board-form" key={result?.outcomes ? "sent" : "form"}>
        <input type="hidden" name="intent" value="remind" />
        {board.items.length === 0 ? (
          <div className="table-wrap">
            <p className="empty">{t(filtered ? "board.none.filtered" : `board.none.${board.window}`)}</p>
          </div>
        ) : (
          <div className={`table-wrap${selectionError ? " invalid" : ""}`}>
            <table className="list rows board-table">
              <thead>
                <tr>
                  <th className="pick">
                    <input
                      type="checkbox"
                      aria-label={t("board.col.selectAll")}
                      title={t("board.col.selectAll")}
                      checked={allTicked}
                      onChange={(e) =>
                        setSelected((s) => {
                          const next = new Set(s);
                          for (const id of onPage) {
                            if (e.target.checked) next.add(id);
                            else next.delete(id);
                          }
                          return next;
                        })
                      }
                    />
                  </th>
                  <th>{t("col.number")}</th>
                  <th>{t("col.title")}</th>
                  <th>{t("board.col.unit")}</th>
                  <th>{t("board.col.deadline")}</th>
                  <th>{t("board.col.step")}</th>
                  <th>
                    <span className="sr-only">{t("col.action")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {board.items.map((r) => (
                  <tr
                    key={r.deadlineId}
                    className={
                      [r.due?.overdue ? "overdue" : "", selected.has(r.caseId) ? "picked" : ""]
                        .filter(Boolean)
                        .join(" ") || undefined
                    }
                  >
                    <td className="pick">
                      <input
                        type="checkbox"
                        name="caseId"
                        value={r.caseId}
                        aria-label={r.title}
                        checked={selected.has(r.caseId)}
                        onChange={(e) => toggle(r.caseId, e.target.checked)}
                      />
                    </td>
                    <td className="num">
                      {r.kind === "enterprise_request" ? (
                        <span className="muted">#{r.caseId}</span>
                      ) : (
                        <CaseNo number={r.number} session={r.sessionLabel} />
                      )}
                    </td>
                    <td>
                      <CaseTitle id={r.caseId} title={r.title} isKey={r.isKey} round={r.round}>
                        {r.priority === "urgent" ? (
                          <span className="badge danger">{t("priority.urgent")}</span>
                        ) : null}
                      </CaseTitle>
                      <div className="muted small row-facts">
                        <span className={`badge ${r.kind === "enterprise_request" ? "info" : "state"}`}>
                          {t(`kind.${r.kind}`)}
                        </span>
                        {r.category ? <span>{t(`category.${r.category}`)}</span> : null}
                        <StateBadge state={r.state} kind={r.kind} />
                      </div>
                    </td>
                    <td className="unit">{r.departmentName ?? <span className="muted">—</span>}</td>
                    <td>
                      <DueCell due={r.due} />
                    </td>
                    <td>
                      {/* Without a recorded step, a supervisor's own reminder or notice is the step reached. */}
                      <StepBadge
                        step={
                          r.step ??
                          (r.nudge ? (r.nudge.type === "SUPERVISE" ? "supervise" : "overdue") : null)
                        }
                        on={r.step ? r.stepAsOf : null}
                      />
                      {r.nudge?.at ? (
                        <div className="muted small">
                          {t(`board.nudge.${r.nudge.type}`, { date: r.nudge.at.slice(0, 10) })}
                        </div>
                      ) : null}
                    </td>
                    <td className="row-action">
                      <Link to={`/cases/${r.caseId}#form-SUPERVISE`} className="btn small secondary">
                        {t("board.action.supervise")}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={board.page} pageSize={board.pageSize} total={board.total} />

        {board.items.length > 0 ? (
          <div className="card remind-panel">
            <div className="remind-head">
              <h2>{t("board.remind.title")}</h2>
              <span className="muted small" aria-live="polite">
                {t("board.remind.selected", { n: selected.size })}
              </span>
            </div>
            <p className="muted small">{t("board.remind.help")}</p>
            {selectionError ? (
              <div className="field-error" role="alert" id="caseIds-error">
                {selectionError}
              </div>
            ) : null}
            <Field id="remind-message" label={t("board.remind.message")} error={messageError} required>
              <textarea
                id="remind-message"
                name="message"
                rows={3}
                maxLength={2000}
                defaultValue={kept.message}
                placeholder={t("board.remind.placeholder")}
                {...describedBy("remind-message", messageError)}
              />
            </Field>
            <button type="submit" className="btn" disabled={sending}>
              {t("board.remind.submit")}
            </button>
          </div>
        ) : null}
      </Form>
    </section>
  );
}

/** Which cases got the reminder and which did not, and why: nothing fails silently. */
function RemindOutcomes({ outcomes }: { outcomes: NonNullable<RemindResult["outcomes"]> }) {
  const { t } = useT();
  const ok = outcomes.filter((o) => o.ok);
  const failed = outcomes.filter((o) => !o.ok);
  const tone = failed.length === 0 ? "ok" : ok.length === 0 ? "error" : "warn";
  return (
    <div className={`alert-box ${tone} remind-result`} role="status">
      <strong>
        {failed.length === 0
          ? t("board.remind.sentAll", { n: ok.length })
          : ok.length === 0
            ? t("board.remind.sentNone", { failed: failed.length })
            : t("board.remind.sentSome", { ok: ok.length, failed: failed.length })}
      </strong>
      <ul className="plain-list outcomes">
        {[...failed, ...ok].map((o) => (
          <li key={o.caseId} className={o.ok ? "sent" : "refused"}>
            <span className={`badge ${o.ok ? "ok" : "danger"}`}>
              {t(o.ok ? "board.remind.sent" : "board.remind.refused")}
            </span>{" "}
            {o.title ? <Link to={`/cases/${o.caseId}`}>{o.title}</Link> : <span>#{o.caseId}</span>}
            {!o.ok ? (
              <span className="muted">
                {" "}
                — {o.message}
                {o.state ? (
                  <>
                    {" "}
                    <StateBadge state={o.state} kind={o.kind ?? undefined} />
                  </>
                ) : null}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
