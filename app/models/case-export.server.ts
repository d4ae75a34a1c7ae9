import { loadCalendar } from "../../db/calendar";
import type { Viewer } from "../../db/cases";
import { today } from "../../workflows/dates";
import { hasKey, type Lang, t } from "../i18n";
import { clock, db } from "../utils/db.server";
import { type CaseListQuery, caseList } from "./case-list.server";
import { attachment, type Column, CSV_TYPE, writeCsv, writeWorkbook, XLSX_TYPE } from "./export.server";

/** The most rows one export carries; a longer list is cut here (the filters narrow it). */
export const EXPORT_MAX_ROWS = 10_000;

type Item = Awaited<ReturnType<typeof caseList>>["items"][number] & { overdueDays: number | null };

/**
 * A filtered case list (the /cases page's filters, whatever page it was on) as xlsx or CSV, with
 * what the viewer may see and nothing else: the same query as the page, every matching row.
 */
export async function caseListDownload(
  viewer: Viewer,
  filter: CaseListQuery,
  lang: Lang,
  format: "csv" | "xlsx",
): Promise<Response> {
  const [list, cal] = await Promise.all([
    caseList(viewer, { ...filter, page: 1, pageSize: EXPORT_MAX_ROWS }),
    loadCalendar(db()),
  ]);
  const on = today(clock.now());
  const rows: Item[] = list.items.map((c) => ({
    ...c,
    overdueDays: c.nextDue && c.nextDue.date < on ? cal.workingDaysBetween(c.nextDue.date, on) : null,
  }));
  const word = (key: string) => (hasKey(lang, key) ? t(lang, key) : null);
  const dateOf = (iso: string | null) => (iso ? today(new Date(iso)) : null);
  const columns: Column<Item>[] = [
    { header: t(lang, "export.col.id"), type: "int", value: (c) => c.id },
    { header: t(lang, "export.col.number"), type: "int", value: (c) => c.number },
    { header: t(lang, "export.col.session"), type: "text", value: (c) => c.sessionLabel },
    { header: t(lang, "export.col.title"), type: "text", value: (c) => c.title, width: 48 },
    { header: t(lang, "export.col.kind"), type: "text", value: (c) => t(lang, `kind.${c.kind}`) },
    {
      header: t(lang, "export.col.state"),
      type: "text",
      value: (c) => word(`state.${c.state}.${c.kind}`) ?? t(lang, `state.${c.state}`),
    },
    {
      header: t(lang, "export.col.category"),
      type: "text",
      value: (c) => (c.category ? (word(`category.${c.category}`) ?? c.category) : null),
    },
    { header: t(lang, "export.col.leadUnit"), type: "text", value: (c) => c.leadDepartment?.name ?? null },
    { header: t(lang, "export.col.author"), type: "text", value: (c) => c.author },
    { header: t(lang, "export.col.submitted"), type: "date", value: (c) => dateOf(c.submittedAt) },
    { header: t(lang, "export.col.nextDue"), type: "date", value: (c) => c.nextDue?.date ?? null },
    {
      header: t(lang, "export.col.dueType"),
      type: "text",
      value: (c) => (c.nextDue?.type ? (word(`deadline.${c.nextDue.type}`) ?? c.nextDue.type) : null),
    },
    { header: t(lang, "export.col.overdueDays"), type: "int", value: (c) => c.overdueDays },
    {
      header: t(lang, "export.col.key"),
      type: "text",
      value: (c) => (c.isKey ? t(lang, "export.yes") : null),
    },
    { header: t(lang, "export.col.classification"), type: "text", value: (c) => c.classification },
    {
      header: t(lang, "export.col.satisfaction"),
      type: "text",
      value: (c) => (c.satisfaction ? (word(`result.${c.satisfaction}`) ?? c.satisfaction) : null),
    },
    { header: t(lang, "export.col.updated"), type: "date", value: (c) => dateOf(c.updatedAt) },
  ];
  const name = `${t(lang, "cases.fileName")}-${on}`;
  if (format === "csv") return attachment(writeCsv([{ columns, rows }]), `${name}.csv`, CSV_TYPE);
  const body = await writeWorkbook([{ name: t(lang, "cases.sheet"), columns, rows }], { title: name });
  return attachment(body, `${name}.xlsx`, XLSX_TYPE);
}
