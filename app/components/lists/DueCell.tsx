import { useT } from "../../utils/i18n";

/** A due date as a row shows it: what is due, when, and how many working days are left or overdue. */
export interface DueInfo {
  date: string;
  /** deadline type (sign, opinion, reply, evaluation …), if known */
  type: string | null;
  overdue: boolean;
  /** working days left (not overdue) or working days overdue (overdue) */
  days: number;
  isToday: boolean;
}

/** Working days at or under which a deadline counts as close (shown amber). */
export const SOON_DAYS = 5;

/**
 * Builds a DueInfo on the server. The calendar is passed in (any object that counts working days),
 * so this stays a pure function usable from every loader.
 */
export function dueInfo(
  cal: { workingDaysBetween(from: string, to: string): number },
  today: string,
  date: string | null | undefined,
  type: string | null | undefined,
): DueInfo | null {
  if (!date) return null;
  const overdue = date < today;
  return {
    date,
    type: type ?? null,
    overdue,
    days: overdue ? cal.workingDaysBetween(date, today) : cal.workingDaysBetween(today, date),
    isToday: date === today,
  };
}

/**
 * "剩 N 个工作日" / "逾期 N 个工作日" / "今日到期". `quiet` is for a reader who only follows the
 * deadline (a proposer watching the unit's reply date): no amber warning, red only when overdue.
 */
export function DueLeft({ due, quiet = false }: { due: DueInfo; quiet?: boolean }) {
  const { t } = useT();
  if (due.overdue)
    return (
      <span className="due overdue">
        {due.days > 0 ? t("due.overdueDays", { n: due.days }) : t("due.overdue")}
      </span>
    );
  const soon = !quiet && (due.isToday || due.days <= SOON_DAYS);
  return (
    <span className={soon ? "due soon" : quiet ? "due muted" : "due"}>
      {due.isToday ? t("due.today") : t("due.left", { n: due.days })}
    </span>
  );
}

export function DueCell({
  due,
  showType = true,
  quiet = false,
}: {
  due: DueInfo | null;
  showType?: boolean;
  quiet?: boolean;
}) {
  const { t } = useT();
  if (!due) return <span className="muted">—</span>;
  return (
    <div className="due-cell">
      <div className="due-date">
        {showType && due.type ? <span className="due-type">{t(`deadline.${due.type}`)}</span> : null}
        <time dateTime={due.date}>{due.date}</time>
      </div>
      <DueLeft due={due} quiet={quiet} />
    </div>
  );
}
