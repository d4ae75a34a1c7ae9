import { Link, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useT } from "../utils/i18n";

/** What the root loader passes down: the uncovered years ahead, for the roles that see the banner. */
export interface CalendarGap {
  years: number[];
  canImport: boolean;
  /** how far ahead the check looked */
  horizonDays: number;
}

/** The pages whose readers plan by deadlines: the supervision desk, the unit inbox, administration. */
const PAGES = ["/supervision", "/inbox", "/admin"];

/**
 * A warning that the working-day calendar lacks a year the coming months fall in, so deadlines there
 * count weekends only. Admins get the way to the import; others are told whom to ask.
 */
export function CalendarBanner() {
  const data = useRouteLoaderData<{ calendarGap?: CalendarGap | null }>("root");
  const { t } = useT();
  const { pathname } = useLocation();
  const gap = data?.calendarGap;
  if (!gap?.years.length) return null;
  if (!PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return null;
  const years = gap.years.join("、");
  const first = gap.years[0];
  return (
    <div className="alert-box warn banner calendar-banner" role="alert">
      <b>{t("coverage.title", { years })}</b>
      <p>
        {t("coverage.body", { years, days: gap.horizonDays })}{" "}
        {gap.canImport ? (
          <Link to={`/admin/calendar?year=${first}&import=1#import`}>
            {t("coverage.import", { year: first })}
          </Link>
        ) : (
          t("coverage.askAdmin")
        )}
      </p>
    </div>
  );
}
