import ExcelJS from "exceljs";

/**
 * Spreadsheet and CSV writers for every export (statistics, case lists). A column says what its
 * values are, and each format writes them as that: numbers as numbers, shares as numbers shown as
 * percentages, dates as dates. One table, two formats, the same columns.
 */

/** text · int: a whole number · decimal: one decimal place · percent: a fraction 0–1 · date: YYYY-MM-DD · month: YYYY-MM */
export type CellType = "text" | "int" | "decimal" | "percent" | "date" | "month";

export type CellValue = string | number | null;

export interface Column<R> {
  header: string;
  type: CellType;
  value: (row: R) => CellValue;
  /** characters; worked out from the contents when absent */
  width?: number;
  /** long text: wrap in the workbook */
  wrap?: boolean;
}

export interface Sheet<R> {
  name: string;
  columns: Column<R>[];
  rows: R[];
  /** a last row set in bold (合计) */
  totals?: R;
  /** keep the first column in view when scrolling sideways (the unit's name) */
  freezeFirstColumn?: boolean;
}

const NUM_FMT: Record<CellType, string | undefined> = {
  text: undefined,
  int: "0",
  decimal: "0.0",
  percent: "0.0%",
  date: "yyyy-mm-dd",
  month: "yyyy-mm",
};

const EXCEL_SHEET_NAME_MAX = 31;

function excelValue(type: CellType, v: CellValue): ExcelJS.CellValue {
  if (v === null || v === "") return null;
  switch (type) {
    case "int":
    case "decimal":
    case "percent":
      return typeof v === "number" ? v : Number(v);
    case "date":
      return new Date(`${v}T00:00:00.000Z`);
    case "month":
      return new Date(`${v}-01T00:00:00.000Z`);
    default:
      return String(v);
  }
}

/** Display width of a text in spreadsheet characters: CJK characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
  return w;
}

/** A workbook (xlsx) of one or more sheets: header row frozen and filterable, typed cells. */
export async function writeWorkbook(
  sheets: Sheet<any>[],
  meta: { title: string },
): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "banli";
  wb.title = meta.title;
  wb.created = new Date(0);
  wb.modified = new Date(0);
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name.slice(0, EXCEL_SHEET_NAME_MAX), {
      views: [{ state: "frozen", xSplit: s.freezeFirstColumn ? 1 : 0, ySplit: 1, activeCell: "A2" }],
    });
    ws.columns = s.columns.map((c) => {
      const widest = Math.max(
        displayWidth(c.header),
        ...s.rows.map((r) => displayWidth(String(c.value(r) ?? ""))),
        c.type === "date" ? 10 : 0,
      );
      return {
        width: c.width ?? Math.min(Math.max(widest + 2, 8), 60),
        style: {
          numFmt: NUM_FMT[c.type],
          alignment: c.wrap ? { wrapText: true, vertical: "top" } : undefined,
        },
      };
    });
    const header = ws.addRow(s.columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { vertical: "middle", wrapText: true };
    header.eachCell((cell) => {
      cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF6" } };
      cell.border = { bottom: { style: "thin", color: { argb: "FF9AA5B1" } } };
    });
    const add = <R>(r: R) => ws.addRow(s.columns.map((c) => excelValue(c.type, c.value(r))));
    for (const r of s.rows) add(r);
    if (s.totals !== undefined) {
      const row = add(s.totals);
      row.font = { bold: true };
      row.eachCell((cell) => {
        cell.border = { top: { style: "thin", color: { argb: "FF9AA5B1" } } };
      });
    }
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: s.columns.length } };
  }
  const buffer = await wb.xlsx.writeBuffer();
  const out = new Uint8Array(new ArrayBuffer(buffer.byteLength));
  out.set(new Uint8Array(buffer as ArrayBuffer));
  return out;
}

function csvText(type: CellType, v: CellValue): string {
  if (v === null || v === "") return "";
  switch (type) {
    case "int":
      return String(Math.round(Number(v)));
    case "decimal":
      return Number(v).toFixed(1);
    case "percent":
      return `${(Number(v) * 100).toFixed(1)}%`;
    default:
      return String(v);
  }
}

/** RFC 4180 quoting: a field with a comma, quote, or line break is quoted, quotes doubled. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV as spreadsheet programs open it without asking: UTF-8 with a byte-order mark, CRLF line
 * ends. Several tables are written one after another with a blank line between them.
 */
export function writeCsv(tables: Array<Pick<Sheet<any>, "columns" | "rows" | "totals">>): string {
  const lines: string[] = [];
  tables.forEach((t, i) => {
    if (i > 0) lines.push("");
    lines.push(t.columns.map((c) => csvField(c.header)).join(","));
    const rows = t.totals === undefined ? t.rows : [...t.rows, t.totals];
    for (const r of rows) lines.push(t.columns.map((c) => csvField(csvText(c.type, c.value(r)))).join(","));
  });
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const CSV_TYPE = "text/csv; charset=utf-8";

/**
 * A download: `filename` may be Chinese; browsers take it from `filename*` (RFC 6266, UTF-8),
 * older clients from the ASCII `filename`.
 */
export function attachment(
  body: string | Uint8Array<ArrayBuffer>,
  filename: string,
  contentType: string,
): Response {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
