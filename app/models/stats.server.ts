import { z } from "zod";
import { loadCalendar } from "../../db/calendar";
import type { CaseKind } from "../../db/schema";
import { monthsOf, type StatsResult, unitStatistics } from "../../db/stats";
import {
  GENERAL_NOTES,
  METRICS,
  type MetricDefinition,
  type MetricFormat,
  SERIES,
  type StatLang,
} from "../../db/stats-definitions";
import { addDays, type IsoDate, isIsoDate, today } from "../../workflows/dates";
import { CaseError, type FieldProblems, zodProblems } from "../../workflows/errors";
import { type Lang, t } from "../i18n";
import { clock, db } from "../utils/db.server";
import {
  attachment,
  type CellType,
  type Column,
  CSV_TYPE,
  type Sheet,
  writeCsv,
  writeWorkbook,
  XLSX_TYPE,
} from "./export.server";

/** A period longer than this is refused: the monthly chart and the tables stay readable. */
export const MAX_MONTHS = 36;

export type StatsFormat = "json" | "csv" | "xlsx";

export interface StatsParams {
  from: IsoDate;
  to: IsoDate;
  kind: CaseKind | null;
  format: StatsFormat;
}

const date = z.string().refine(isIsoDate, { params: { key: "date" } });
const querySchema = z.strictObject({
  from: date.optional(),
  to: date.optional(),
  kind: z.enum(["proposal", "enterprise_request"]).optional(),
  format: z.enum(["json", "csv", "xlsx"]).optional(),
});

export type PresetKey = "thisQuarter" | "lastQuarter" | "thisYear" | "lastYear";
export const PRESETS: PresetKey[] = ["thisQuarter", "lastQuarter", "thisYear", "lastYear"];

const lastDayOf = (y: number, m: number) =>
  addDays(`${m === 12 ? y + 1 : y}-${pad(m === 12 ? 1 : m + 1)}-01`, -1);
const pad = (n: number) => String(n).padStart(2, "0");

/** The periods a supervisor publishes most: quarterly statistics, the annual evaluation. */
export function presetPeriod(key: PresetKey, on: IsoDate): { from: IsoDate; to: IsoDate } {
  const y = Number(on.slice(0, 4));
  const q = Math.floor((Number(on.slice(5, 7)) - 1) / 3);
  switch (key) {
    case "thisQuarter":
      return { from: `${y}-${pad(q * 3 + 1)}-01`, to: lastDayOf(y, q * 3 + 3) };
    case "lastQuarter": {
      const [ly, lq] = q === 0 ? [y - 1, 3] : [y, q - 1];
      return { from: `${ly}-${pad(lq * 3 + 1)}-01`, to: lastDayOf(ly, lq * 3 + 3) };
    }
    case "thisYear":
      return { from: `${y}-01-01`, to: `${y}-12-31` };
    case "lastYear":
      return { from: `${y - 1}-01-01`, to: `${y - 1}-12-31` };
  }
}

/**
 * The query of the statistics page, its exports and GET /api/v1/stats: `from`, `to` (calendar
 * dates, both included; either one absent: this quarter's), `kind`, `format`. Bad input answers 422 with a
 * message per field: a date that is not one, `to` before `from`, a period over MAX_MONTHS.
 */
export function parseStatsQuery(params: URLSearchParams, on: IsoDate): StatsParams {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) if (v !== "") raw[k] = v;
  const parsed = querySchema.safeParse(raw, { reportInput: true });
  if (!parsed.success)
    throw new CaseError("validation_failed", "invalid_payload", { fields: zodProblems(parsed.error) });
  const q = parsed.data;
  const preset = presetPeriod("thisQuarter", on);
  const from = q.from ?? preset.from;
  const to = q.to ?? preset.to;
  const problems: FieldProblems = {};
  if (from > to) problems.to = { code: "before_from", params: { from } };
  else if (monthsOf(from, to, "UTC").length > MAX_MONTHS)
    problems.to = { code: "period_too_long", params: { months: MAX_MONTHS } };
  if (Object.keys(problems).length)
    throw new CaseError("validation_failed", "invalid_payload", { fields: problems });
  return { from, to, kind: q.kind ?? null, format: q.format ?? "json" };
}

/** The statistics of a period as of today. */
export async function computeStats(p: Pick<StatsParams, "from" | "to" | "kind">): Promise<StatsResult> {
  const q = db();
  const cal = await loadCalendar(q);
  return unitStatistics(q, cal, {
    from: p.from,
    to: p.to,
    kind: p.kind ?? undefined,
    asOf: today(clock.now()),
  });
}

export function definitionsIn(lang: Lang) {
  return {
    metrics: METRICS.map((m) => ({
      key: m.key,
      group: m.group,
      format: m.format,
      label: m.label[lang as StatLang],
      definition: m.definition[lang as StatLang],
    })),
    series: SERIES.map((s) => ({ key: s.key, label: s.label[lang], definition: s.definition[lang] })),
    notes: GENERAL_NOTES.map((n) => n[lang]),
  };
}

/** The JSON of GET /api/v1/stats: figures flat on each unit; rates as fractions 0–1; null when there is nothing to divide. */
export function statsJson(s: StatsResult, lang: Lang) {
  return {
    period: { from: s.from, to: s.to },
    asOf: s.asOf,
    kind: s.kind,
    units: s.units.map((u) => ({ departmentId: u.departmentId, name: u.name, ...u.figures })),
    totals: s.totals,
    months: s.months.map((m) => ({ month: m.month, ...m.values })),
    definitions: definitionsIn(lang),
  };
}

const CELL: Record<MetricFormat, CellType> = { count: "int", rate: "percent", days: "decimal" };

type UnitRow = { name: string; figures: StatsResult["totals"] };
type MonthRow = StatsResult["months"][number];
type NoteRow = { item: string; text: string };

function kindWord(kind: CaseKind | null, lang: Lang) {
  return kind ? t(lang, `kind.${kind}`) : t(lang, "stats.kind.all");
}

/** The tables of an export: per unit (with totals), the definitions, the months. */
function tables(s: StatsResult, lang: Lang) {
  const L = lang as StatLang;
  const metricColumn = (m: MetricDefinition): Column<UnitRow> => ({
    header: m.label[L],
    type: CELL[m.format],
    value: (r) => r.figures[m.key],
    width: m.format === "count" ? 10 : 12,
  });
  const units: Sheet<UnitRow> = {
    name: t(lang, "stats.sheet.units"),
    columns: [
      { header: t(lang, "stats.col.unit"), type: "text", value: (r) => r.name },
      ...METRICS.map(metricColumn),
    ],
    rows: s.units.map((u) => ({ name: u.name, figures: u.figures })),
    totals: { name: t(lang, "stats.totals"), figures: s.totals },
    freezeFirstColumn: true,
  };
  const notes: Sheet<NoteRow> = {
    name: t(lang, "stats.sheet.definitions"),
    columns: [
      { header: t(lang, "stats.sheet.item"), type: "text", value: (r) => r.item, width: 26 },
      { header: t(lang, "stats.sheet.meaning"), type: "text", value: (r) => r.text, width: 100, wrap: true },
    ],
    rows: [
      { item: t(lang, "stats.period"), text: t(lang, "stats.periodValue", { from: s.from, to: s.to }) },
      { item: t(lang, "stats.asOfLabel"), text: s.asOf },
      { item: t(lang, "stats.kind"), text: kindWord(s.kind, lang) },
      ...METRICS.map((m) => ({ item: m.label[L], text: m.definition[L] })),
      ...SERIES.map((x) => ({ item: `${t(lang, "stats.monthly")}：${x.label[L]}`, text: x.definition[L] })),
      ...GENERAL_NOTES.map((n) => ({ item: t(lang, "stats.note"), text: n[L] })),
    ],
  };
  const months: Sheet<MonthRow> = {
    name: t(lang, "stats.sheet.months"),
    columns: [
      { header: t(lang, "stats.month"), type: "month", value: (r) => r.month, width: 12 },
      ...SERIES.map(
        (x): Column<MonthRow> => ({
          header: x.label[L],
          type: "int",
          value: (r) => r.values[x.key],
          width: 12,
        }),
      ),
    ],
    rows: s.months,
  };
  return { units, notes, months };
}

function fileName(s: StatsResult, lang: Lang, ext: string) {
  const kind = s.kind ? `-${t(lang, `kind.${s.kind}`).replace(/[/\\]/g, "")}` : "";
  return `${t(lang, "stats.fileName")}${kind}-${s.from}_${s.to}.${ext}`;
}

/** The statistics as a download: xlsx (units, definitions, months) or CSV (units, then the definitions). */
export async function statsDownload(s: StatsResult, lang: Lang, format: "csv" | "xlsx"): Promise<Response> {
  const x = tables(s, lang);
  if (format === "csv")
    return attachment(writeCsv([x.units, x.notes, x.months]), fileName(s, lang, "csv"), CSV_TYPE);
  const body = await writeWorkbook([x.units, x.notes, x.months], {
    title: `${t(lang, "stats.title")} ${s.from}–${s.to}`,
  });
  return attachment(body, fileName(s, lang, "xlsx"), XLSX_TYPE);
}
