import { addDays, dateInZone, type IsoDate, isIsoDate, TIME_ZONE, weekday, yearOf } from "./dates";

/**
 * Reading a year's holiday schedule (放假安排) from a file an admin uploads: our JSON shape, the
 * `chinese-days` shape, or an iCalendar (.ics) feed of the kind public Chinese holiday calendars
 * publish. Pure: text in, days (or every problem found) out; nothing here touches the database.
 */

export type OverrideKind = "holiday" | "workday";

export interface ImportedDay {
  date: IsoDate;
  kind: OverrideKind;
  name: string | null;
}

export interface Schedule {
  year: number;
  /** the document the days come from, e.g. 国务院办公厅关于2027年部分节假日安排的通知 */
  source: string | null;
  format: "json" | "chinese-days" | "ics";
  /** sorted by date, one per date */
  days: ImportedDay[];
}

/**
 * One problem, located by line (iCal) or by JSON path, as a message code with parameters; the app
 * words it in the reader's language (`field.calendarImport.<code>`).
 */
export interface ImportProblem {
  line?: number;
  path?: string;
  code: string;
  params?: Record<string, unknown>;
}

export type ParseOutcome =
  | { ok: true; schedule: Schedule; warnings: ImportProblem[] }
  | { ok: false; problems: ImportProblem[]; warnings: ImportProblem[] };

/** A year's schedule is a few kilobytes; anything much larger is not one. */
export const MAX_IMPORT_BYTES = 256 * 1024;
/** The longest run one iCal event may cover: no holiday lasts a month. */
const MAX_EVENT_DAYS = 31;
export const MAX_NAME_LENGTH = 60;
export const MAX_SOURCE_LENGTH = 200;

/**
 * An uploaded file's bytes as text. iCal lines are unfolded on the bytes first: a writer that folds
 * at 75 octets may split a UTF-8 character (RFC 5545 §3.1), which only rejoins before decoding.
 */
export function decodeScheduleBytes(bytes: Uint8Array): string {
  let b = bytes;
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
  const head = new TextDecoder("latin1").decode(b.subarray(0, 32)).trimStart().toUpperCase();
  if (head.startsWith("BEGIN:VCALENDAR")) {
    const out: number[] = [];
    for (let i = 0; i < b.length; i++) {
      // CRLF or LF followed by one space or tab: a fold, removed with the whitespace.
      if (b[i] === 0x0d && b[i + 1] === 0x0a && (b[i + 2] === 0x20 || b[i + 2] === 0x09)) {
        i += 2;
        continue;
      }
      if (b[i] === 0x0a && (b[i + 1] === 0x20 || b[i + 1] === 0x09)) {
        i += 1;
        continue;
      }
      out.push(b[i]);
    }
    b = Uint8Array.from(out);
  }
  return new TextDecoder("utf-8").decode(b);
}

/** Reads either format: JSON when the text starts with `{`, iCal when it starts with BEGIN:VCALENDAR. */
export function parseScheduleFile(text: string): ParseOutcome {
  const problems: ImportProblem[] = [];
  if (new TextEncoder().encode(text).length > MAX_IMPORT_BYTES)
    return fail([{ code: "tooLarge", params: { max: MAX_IMPORT_BYTES / 1024 } }]);
  const body = text.replace(/^\uFEFF/, "").trim();
  if (!body) return fail([{ code: "empty" }]);
  if (body.startsWith("{")) return parseScheduleJson(body);
  if (/^BEGIN:VCALENDAR/i.test(body)) return parseIcs(body);
  problems.push({ code: "unknownFormat" });
  return fail(problems);
}

function fail(problems: ImportProblem[], warnings: ImportProblem[] = []): ParseOutcome {
  return { ok: false, problems, warnings };
}

// ---------------------------------------------------------------------------------------------
// JSON

/**
 * `{year, source, days: [{date, kind, name?}]}`, or the chinese-days shape
 * `{holidays: {"2027-01-01": "New Year's Day,元旦,1"}, workdays: {...}}` (its names kept as written).
 */
export function parseScheduleJson(text: string): ParseOutcome {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // Newer engines say where ("line 4 column 1", "position 27"); Node 20 often does not.
    const msg = String((e as Error).message);
    const lineMatch = /line (\d+)/.exec(msg);
    const posMatch = /position (\d+)/.exec(msg);
    const line = lineMatch
      ? Number(lineMatch[1])
      : posMatch
        ? text.slice(0, Number(posMatch[1])).split("\n").length
        : null;
    return fail([line === null ? { code: "badJson" } : { code: "badJson", line }]);
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) return fail([{ code: "badJson" }]);
  const o = data as Record<string, unknown>;
  if ("holidays" in o || "workdays" in o) return parseChineseDaysShape(o);
  return parseOurJson(o);
}

function parseOurJson(o: Record<string, unknown>): ParseOutcome {
  const problems: ImportProblem[] = [];
  for (const k of Object.keys(o))
    if (!["year", "source", "days"].includes(k)) problems.push({ path: k, code: "unknownField" });
  let year: number | null = null;
  if (o.year === undefined) problems.push({ path: "year", code: "required" });
  else if (typeof o.year !== "number" || !Number.isInteger(o.year) || o.year < 1950 || o.year > 2200)
    problems.push({ path: "year", code: "badYear" });
  else year = o.year;
  const source = readSource(o.source, "source", problems);
  const days: Array<ImportedDay & { where: Where }> = [];
  if (!Array.isArray(o.days))
    problems.push({ path: "days", code: o.days === undefined ? "required" : "notList" });
  else
    o.days.forEach((raw, i) => {
      const path = `days[${i}]`;
      if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
        problems.push({ path, code: "notObject" });
        return;
      }
      const d = raw as Record<string, unknown>;
      for (const k of Object.keys(d))
        if (!["date", "kind", "name"].includes(k))
          problems.push({ path: `${path}.${k}`, code: "unknownField" });
      const date = typeof d.date === "string" ? d.date.trim() : null;
      let ok = true;
      if (!date || !isIsoDate(date)) {
        problems.push({
          path: `${path}.date`,
          code: d.date === undefined ? "required" : "badDate",
          params: { value: String(d.date ?? "") },
        });
        ok = false;
      }
      if (d.kind !== "holiday" && d.kind !== "workday") {
        problems.push({
          path: `${path}.kind`,
          code: d.kind === undefined ? "required" : "badKind",
          params: { value: String(d.kind ?? "") },
        });
        ok = false;
      }
      const name = readName(d.name, `${path}.name`, problems);
      if (ok && date) days.push({ date, kind: d.kind as OverrideKind, name, where: { path } });
    });
  if (problems.length) return fail(problems);
  return finish(days, { declaredYear: year, source, format: "json" });
}

function parseChineseDaysShape(o: Record<string, unknown>): ParseOutcome {
  const problems: ImportProblem[] = [];
  const days: Array<ImportedDay & { where: Where }> = [];
  for (const k of Object.keys(o))
    if (!["holidays", "workdays", "inLieuDays", "year", "source"].includes(k))
      problems.push({ path: k, code: "unknownField" });
  const source = readSource(o.source, "source", problems);
  let year: number | null = null;
  if (o.year !== undefined) {
    if (typeof o.year === "number" && Number.isInteger(o.year) && o.year >= 1950 && o.year <= 2200)
      year = o.year;
    else problems.push({ path: "year", code: "badYear" });
  }
  for (const [key, kind] of [
    ["holidays", "holiday"],
    ["workdays", "workday"],
  ] as const) {
    const map = o[key];
    if (map === undefined) continue;
    if (!map || typeof map !== "object" || Array.isArray(map)) {
      problems.push({ path: key, code: "notObject" });
      continue;
    }
    for (const [date, name] of Object.entries(map as Record<string, unknown>)) {
      const path = `${key}.${date}`;
      if (!isIsoDate(date)) {
        problems.push({ path, code: "badDate", params: { value: date } });
        continue;
      }
      days.push({ date, kind, name: readName(name, path, problems), where: { path } });
    }
  }
  if (problems.length) return fail(problems);
  return finish(days, { declaredYear: year, source, format: "chinese-days" });
}

function readSource(v: unknown, path: string, problems: ImportProblem[]): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "string") {
    problems.push({ path, code: "notText" });
    return null;
  }
  const s = v.trim();
  if (s.length > MAX_SOURCE_LENGTH)
    problems.push({ path, code: "tooLong", params: { max: MAX_SOURCE_LENGTH } });
  return s || null;
}

function readName(v: unknown, path: string, problems: ImportProblem[]): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "string") {
    problems.push({ path, code: "notText" });
    return null;
  }
  const s = v.trim();
  if (s.length > MAX_NAME_LENGTH) problems.push({ path, code: "tooLong", params: { max: MAX_NAME_LENGTH } });
  return s || null;
}

// ---------------------------------------------------------------------------------------------
// iCalendar (RFC 5545), the parts a holiday feed uses

interface ContentLine {
  /** 1-based line number in the file where this (unfolded) line starts */
  line: number;
  name: string;
  params: Record<string, string>;
  value: string;
}

/** Splits CRLF/LF text into content lines, joining folded continuation lines (a leading space or tab). */
export function unfoldIcs(text: string): ContentLine[] {
  const raw = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const logical: Array<{ line: number; text: string }> = [];
  raw.forEach((l, i) => {
    if ((l.startsWith(" ") || l.startsWith("\t")) && logical.length)
      logical[logical.length - 1].text += l.slice(1);
    else if (l.length) logical.push({ line: i + 1, text: l });
  });
  return logical.map(({ line, text: l }) => {
    // NAME;PARAM=VALUE;PARAM="quoted:value":VALUE — the first colon outside quotes ends the name part.
    let inQuote = false;
    let colon = -1;
    for (let i = 0; i < l.length; i++) {
      if (l[i] === '"') inQuote = !inQuote;
      else if (l[i] === ":" && !inQuote) {
        colon = i;
        break;
      }
    }
    const head = colon < 0 ? l : l.slice(0, colon);
    const value = colon < 0 ? "" : l.slice(colon + 1);
    const [name, ...paramParts] = head.split(";");
    const params: Record<string, string> = {};
    for (const p of paramParts) {
      const eq = p.indexOf("=");
      if (eq > 0) params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, "");
    }
    return { line, name: name.toUpperCase(), params, value };
  });
}

/** TEXT values escape `\n`, `\,`, `\;` and `\\`. */
function unescapeText(v: string): string {
  return v.replace(/\\([nN,;\\])/g, (_, c: string) => (c === "n" || c === "N" ? "\n" : c));
}

/**
 * Whether an event marks days off or days worked, from the conventions of public Chinese holiday
 * calendars: 班 (补班, 上班, 调休上班) or "workday" for make-up working days; 休, 放假, 假期 or
 * "holiday" for days off. Apple's feeds say the same with X-APPLE-SPECIAL-DAY. Workday is tested
 * first because 调休上班 contains 休.
 */
export function kindOfSummary(
  summary: string,
  extra: { appleSpecialDay?: string; categories?: string } = {},
): OverrideKind | null {
  const special = extra.appleSpecialDay?.toUpperCase();
  if (special === "ALTERNATE-WORKDAY" || special === "WORK-HOLIDAY") return "workday";
  const s = `${summary} ${extra.categories ?? ""}`.toLowerCase();
  if (/班|work\s*-?day|working day|make-?up/.test(s)) return "workday";
  if (/休|放假|假期|假日|holiday|day off|days off|vacation/.test(s)) return "holiday";
  return null;
}

/** The holiday's own name: the summary without the day-off/make-up markers and counters around it. */
export function nameOfSummary(summary: string): string | null {
  const s = summary
    .replace(/[(（[【]\s*(休|班|补班|上班|放假|调休|假期|holiday|workday|day off)\s*[)）\]】]/gi, " ")
    .replace(/第\s*\d+\s*天|共\s*\d+\s*天|\d+\s*\/\s*\d+/g, " ")
    .replace(
      /调休上班|补班|上班|放假调休|放假|假期|调休|休息|holiday|workday|day off|make-?up( working)? day/gi,
      " ",
    )
    .replace(/(^|\s)[休班](\s|$)/g, " ")
    .replace(/[\s·:：,，/\-–—]+/g, " ")
    .trim();
  return s ? s.slice(0, MAX_NAME_LENGTH) : null;
}

type Where = { line?: number; path?: string };

const WEEKDAYS_EN = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** A VALUE=DATE (20270101) or DATE-TIME (20270101T000000, …Z, with TZID) as the calendar date it names. */
function icsDate(p: ContentLine): { date: IsoDate; midnight: boolean } | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(p.value.trim());
  if (!m) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  if (!isIsoDate(date)) return null;
  if (!m[4]) return { date, midnight: true };
  if (m[7]) {
    // A UTC instant: the date it is in the deployment's time zone.
    const instant = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
    const local = dateInZone(instant, TIME_ZONE);
    const localTime = new Intl.DateTimeFormat("en-GB", {
      timeZone: TIME_ZONE,
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    }).format(instant);
    return { date: local, midnight: localTime === "00:00:00" };
  }
  return { date, midnight: m[4] === "00" && m[5] === "00" && m[6] === "00" };
}

/** DURATION of whole days or weeks (P3D, P1W); anything finer is not a day count. */
function durationDays(v: string): number | null {
  const m = /^\+?P(?:(\d+)W|(\d+)D)$/.exec(v.trim());
  if (!m) return null;
  return m[1] ? Number(m[1]) * 7 : Number(m[2]);
}

export function parseIcs(text: string): ParseOutcome {
  const lines = unfoldIcs(text);
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const days: Array<ImportedDay & { where: Where }> = [];
  let calName: string | null = null;
  let sawCalendar = false;
  // The component stack: only a VEVENT directly inside the VCALENDAR is read; VTIMEZONE, VTODO,
  // VALARM and anything else are skipped with whatever they contain.
  const stack: string[] = [];
  let event: { line: number; props: ContentLine[] } | null = null;
  for (const l of lines) {
    if (l.name === "BEGIN") {
      const comp = l.value.trim().toUpperCase();
      stack.push(comp);
      if (comp === "VCALENDAR" && stack.length === 1) sawCalendar = true;
      if (comp === "VEVENT" && stack.length === 2 && stack[0] === "VCALENDAR")
        event = { line: l.line, props: [] };
      continue;
    }
    if (l.name === "END") {
      const comp = l.value.trim().toUpperCase();
      if (stack[stack.length - 1] !== comp) {
        problems.push({ line: l.line, code: "icsUnbalanced", params: { value: comp } });
        break;
      }
      stack.pop();
      if (comp === "VEVENT" && event && stack.length === 1) {
        readEvent(event, days, problems, warnings);
        event = null;
      }
      continue;
    }
    if (event && stack.length === 2) event.props.push(l);
    else if (stack.length === 1 && l.name === "X-WR-CALNAME") calName = unescapeText(l.value).trim() || null;
  }
  if (!sawCalendar) problems.push({ code: "unknownFormat" });
  else if (stack.length && !problems.length)
    problems.push({ code: "icsUnbalanced", params: { value: stack[stack.length - 1] } });
  if (problems.length) return fail(problems, warnings);
  return finish(
    days,
    { declaredYear: null, source: calName?.slice(0, MAX_SOURCE_LENGTH) ?? null, format: "ics" },
    warnings,
  );
}

function readEvent(
  ev: { line: number; props: ContentLine[] },
  days: Array<ImportedDay & { where: Where }>,
  problems: ImportProblem[],
  warnings: ImportProblem[],
): void {
  const prop = (n: string) => ev.props.find((p) => p.name === n);
  const summary = unescapeText(prop("SUMMARY")?.value ?? "").trim();
  const where = { line: ev.line };
  if ((prop("STATUS")?.value ?? "").toUpperCase() === "CANCELLED") {
    warnings.push({ ...where, code: "icsCancelled", params: { summary } });
    return;
  }
  if (prop("RRULE") || prop("RDATE")) {
    problems.push({
      line: (prop("RRULE") ?? prop("RDATE"))!.line,
      code: "icsRepeating",
      params: { summary },
    });
    return;
  }
  const startProp = prop("DTSTART");
  if (!startProp) {
    problems.push({ ...where, code: "icsNoStart", params: { summary } });
    return;
  }
  const start = icsDate(startProp);
  if (!start) {
    problems.push({ line: startProp.line, code: "badDate", params: { value: startProp.value } });
    return;
  }
  const kind = kindOfSummary(summary, {
    appleSpecialDay: prop("X-APPLE-SPECIAL-DAY")?.value,
    categories: prop("CATEGORIES")?.value,
  });
  if (!kind) {
    // Feeds also carry observances (教师节, 情人节) that are ordinary working days: skip, and say so.
    warnings.push({ ...where, code: "icsNoKind", params: { summary: summary || "—" } });
    return;
  }
  // DTEND is exclusive: an all-day event 10-01 … DTEND 10-08 covers seven days.
  let last = start.date;
  const endProp = prop("DTEND");
  const durProp = prop("DURATION");
  if (endProp) {
    const end = icsDate(endProp);
    if (!end) {
      problems.push({ line: endProp.line, code: "badDate", params: { value: endProp.value } });
      return;
    }
    last = end.midnight ? addDays(end.date, -1) : end.date;
    if (last < start.date) {
      if (end.date === start.date) last = start.date;
      else {
        problems.push({ line: endProp.line, code: "icsEndBeforeStart", params: { summary } });
        return;
      }
    }
  } else if (durProp) {
    const n = durationDays(durProp.value);
    if (n === null || n < 1) {
      problems.push({ line: durProp.line, code: "icsBadDuration", params: { value: durProp.value } });
      return;
    }
    last = addDays(start.date, n - 1);
  }
  let count = 0;
  for (let d = start.date; d <= last; d = addDays(d, 1)) {
    if (++count > MAX_EVENT_DAYS) {
      problems.push({ ...where, code: "icsTooLong", params: { summary, max: MAX_EVENT_DAYS } });
      return;
    }
  }
  const name = nameOfSummary(summary);
  for (let d = start.date; d <= last; d = addDays(d, 1)) days.push({ date: d, kind, name, where });
}

// ---------------------------------------------------------------------------------------------
// Checks common to every format

function describeWhere(w: Where): Pick<ImportProblem, "line" | "path"> {
  return w.line !== undefined ? { line: w.line } : { path: w.path };
}

/**
 * One year per file; a make-up working day (调休上班) must be a Saturday or Sunday, since a weekday
 * is a working day already and such an entry is a sign of a wrong date. A day off on a weekend is
 * accepted: official schedules list whole runs (10-01 … 10-07) and the name then explains the
 * skipped weekend in a deadline's explanation. A date twice with the same kind is one day; with
 * both kinds, a refusal.
 */
function finish(
  found: Array<ImportedDay & { where: Where }>,
  meta: { declaredYear: number | null; source: string | null; format: Schedule["format"] },
  warnings: ImportProblem[] = [],
): ParseOutcome {
  const problems: ImportProblem[] = [];
  if (!found.length) return fail([{ code: meta.format === "ics" ? "icsNoDays" : "noDays" }], warnings);
  const years = [...new Set(found.map((d) => yearOf(d.date)))].sort((a, b) => a - b);
  let year = meta.declaredYear;
  if (year === null) {
    if (years.length > 1)
      return fail([{ code: "mixedYears", params: { years: years.join(", ") } }], warnings);
    year = years[0];
  } else {
    const other = found.filter((d) => yearOf(d.date) !== year);
    for (const d of other)
      problems.push({ ...describeWhere(d.where), code: "otherYear", params: { date: d.date, year } });
  }
  const byDate = new Map<IsoDate, ImportedDay & { where: Where }>();
  for (const d of found) {
    const seen = byDate.get(d.date);
    if (seen) {
      if (seen.kind !== d.kind)
        problems.push({ ...describeWhere(d.where), code: "conflict", params: { date: d.date } });
      else if (!seen.name && d.name) seen.name = d.name;
      continue;
    }
    byDate.set(d.date, { ...d });
    const wd = weekday(d.date);
    if (d.kind === "workday" && wd !== 0 && wd !== 6)
      problems.push({
        ...describeWhere(d.where),
        code: "workdayOnWeekday",
        params: { date: d.date, wdZh: "日一二三四五六"[wd], wdEn: WEEKDAYS_EN[wd] },
      });
  }
  if (problems.length) return fail(problems, warnings);
  const days = [...byDate.values()]
    .map(({ date, kind, name }) => ({ date, kind, name }))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  return { ok: true, schedule: { year, source: meta.source, format: meta.format, days }, warnings };
}

// ---------------------------------------------------------------------------------------------
// What an import would change

export interface DayChange {
  date: IsoDate;
  before: { kind: OverrideKind; name: string | null } | null;
  after: { kind: OverrideKind; name: string | null } | null;
}

/** The dates whose override an import adds, removes or changes (kind or name), by date. */
export function scheduleChanges(current: ImportedDay[], next: ImportedDay[]): DayChange[] {
  const before = new Map(current.map((d) => [d.date, d]));
  const after = new Map(next.map((d) => [d.date, d]));
  const dates = [...new Set([...before.keys(), ...after.keys()])].sort();
  const out: DayChange[] = [];
  for (const date of dates) {
    const b = before.get(date);
    const a = after.get(date);
    if (b && a && b.kind === a.kind && (b.name ?? null) === (a.name ?? null)) continue;
    out.push({
      date,
      before: b ? { kind: b.kind, name: b.name ?? null } : null,
      after: a ? { kind: a.kind, name: a.name ?? null } : null,
    });
  }
  return out;
}

/** The schedule in our JSON shape: what the confirm step sends back, and what the sample files use. */
export function scheduleToJson(s: Pick<Schedule, "year" | "source" | "days">): string {
  return JSON.stringify({
    year: s.year,
    source: s.source,
    days: s.days.map(({ date, kind, name }) => ({ date, kind, name })),
  });
}
