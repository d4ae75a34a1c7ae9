import { useT } from "../../utils/i18n";
import { type CaseView, formatDate } from "./shared";

type Deadline = CaseView["deadlines"][number];

/** Working days before a deadline at which it turns amber (the default pre-warning point). */
export const SOON_WORKING_DAYS = 5;

/**
 * Periods a unit MAY use (申请调整期, 退单期) rather than things it must do: when
 * they pass nothing is late, they are simply closed.
 */
const WINDOWS = new Set(["objection_window", "return_window"]);

/** A window whose last day has gone: settled, not overdue. */
export function isClosedWindow(d: Deadline): boolean {
  return WINDOWS.has(d.type) && d.status === "open" && d.passed;
}

/** Open deadlines, soonest first; windows that have passed are settled, not open. */
export function openDeadlines(c: CaseView): Deadline[] {
  return c.deadlines
    .filter((d) => d.status === "open" && !isClosedWindow(d))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
}

/**
 * The next date someone must meet (no windows), for the page header: a unit's own deadline first
 * when the viewer works for an assigned unit.
 */
export function nextObligation(c: CaseView, ownDepartmentId?: number): Deadline | undefined {
  const due = openDeadlines(c).filter((d) => !WINDOWS.has(d.type));
  return (ownDepartmentId !== undefined && due.find((d) => d.departmentId === ownDepartmentId)) || due[0];
}

/** How an open deadline stands today, in words and colour: overdue red, due soon amber. */
export function DueStatus({ d }: { d: Deadline }) {
  const { t } = useT();
  if (isClosedWindow(d)) return <span className="badge state-done">{t("case.due.windowClosed")}</span>;
  if (d.status !== "open") {
    const cls = d.status === "met" ? "ok" : d.status === "missed" ? "danger" : "state-done";
    return (
      <span className={`badge ${cls}`}>
        {t(`deadlineStatus.${d.status}`)}
        {d.status === "met" && d.metAt ? ` ${d.metAt.slice(0, 10)}` : ""}
      </span>
    );
  }
  const left = d.workingDaysLeft ?? 0;
  if (d.overdue)
    return (
      <span className="due overdue">
        {left < 0 ? t("case.due.overdueBy", { n: -left }) : t("case.due.overdue")}
      </span>
    );
  // A window still open is a possibility, not a task: stated plainly, never in warning colours.
  if (WINDOWS.has(d.type)) return <span className="due">{t("case.due.left", { n: left })}</span>;
  if (left === 0) return <span className="due soon">{t("case.due.today")}</span>;
  return (
    <span className={`due${left <= SOON_WORKING_DAYS ? " soon" : ""}`}>
      {t("case.due.left", { n: left })}
    </span>
  );
}

function Row({ d, timeZone }: { d: Deadline; timeZone: string }) {
  const { t } = useT();
  const late = d.status === "open" && d.overdue && !isClosedWindow(d);
  const cls = late ? "overdue" : d.status === "superseded" ? "superseded" : "";
  return (
    <tr className={cls}>
      <td>
        <div className="dl-type">{t(`deadline.${d.type}`)}</div>
        {d.departmentName ? <div className="small muted">{d.departmentName}</div> : null}
        {d.round > 1 ? <div className="small muted">{t("case.roundN", { n: d.round })}</div> : null}
      </td>
      <td className="num">
        <span className={late ? "due overdue" : "due"}>{formatDate(d.dueDate, timeZone)}</span>
        {d.beyondCalendar ? (
          <div>
            <span className="badge warn" title={t("case.due.beyondCalendarHint")}>
              {t("case.due.beyondCalendar")}
            </span>
          </div>
        ) : null}
      </td>
      <td>
        <DueStatus d={d} />
        <details className="explain">
          <summary>{t("case.due.how")}</summary>
          <p className="small">{d.explanation}</p>
        </details>
      </td>
    </tr>
  );
}

function Table({ rows, timeZone }: { rows: Deadline[]; timeZone: string }) {
  const { t } = useT();
  return (
    <div className="table-wrap">
      <table className="list deadlines">
        <thead>
          <tr>
            <th scope="col">{t("case.due.type")}</th>
            <th scope="col">{t("case.due.date")}</th>
            <th scope="col">{t("case.due.status")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <Row key={d.id} d={d} timeZone={timeZone} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Open deadlines first and always visible; settled ones folded away below them. */
export function DeadlinesTable({
  c,
  timeZone,
  outsider = false,
}: {
  c: CaseView;
  timeZone: string;
  /** an enterprise: a unit's return (退单) is internal, so is its window and the returning unit's dates */
  outsider?: boolean;
}) {
  const { t } = useT();
  const returnedUnits = new Set(
    c.assignments.filter((a) => !a.active && a.status === "returned").map((a) => a.departmentId),
  );
  const shown = (d: Deadline) =>
    !outsider ||
    c.kind !== "enterprise_request" ||
    (d.type !== "return_window" && (d.departmentId === null || !returnedUnits.has(d.departmentId)));
  const open = openDeadlines(c).filter(shown);
  const settled = c.deadlines.filter((d) => (d.status !== "open" || isClosedWindow(d)) && shown(d));
  return (
    <section className="card" aria-labelledby="deadlines-title">
      <h2 id="deadlines-title">{t("case.deadlines")}</h2>
      {c.state === "awaiting_submitter" ? <p className="pending-box small">{t("case.due.paused")}</p> : null}
      {open.length ? (
        <Table rows={open} timeZone={timeZone} />
      ) : (
        <p className="muted small">{t("case.due.noneOpen")}</p>
      )}
      {settled.length ? (
        <details className="settled">
          <summary>{t("case.due.settled", { n: settled.length })}</summary>
          <Table rows={settled} timeZone={timeZone} />
        </details>
      ) : null}
    </section>
  );
}
