import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import {
  COVERAGE_HORIZON_DAYS,
  replaceCalendarYear,
  uncoveredYearsAhead,
  yearOverrides,
} from "../../db/calendar";
import {
  type DayChange,
  decodeScheduleBytes,
  type ImportedDay,
  type ImportProblem,
  MAX_IMPORT_BYTES,
  MAX_SOURCE_LENGTH,
  parseScheduleFile,
  parseScheduleJson,
  type Schedule,
  scheduleChanges,
  scheduleToJson,
} from "../../workflows/calendar-import";
import { today } from "../../workflows/dates";
import { CaseError, type FieldProblems } from "../../workflows/errors";
import type { CalendarGap } from "../components/CalendarBanner";
import type { SessionUser } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";

/**
 * Importing a year's holiday schedule (导入放假安排): read the upload, show what would change, and
 * on confirmation replace the year. Both the admin calendar page and `POST /api/v1/calendar/import`
 * come through here.
 */

/** A refused file: every problem found, located by line or JSON path. Nothing was written. */
export class CalendarImportError extends CaseError {
  constructor(
    readonly problems: ImportProblem[],
    readonly warnings: ImportProblem[] = [],
  ) {
    // A file too large to be a schedule is 413, like any other body that is too large.
    super(
      problems.some((p) => p.code === "tooLarge") ? "too_large" : "validation_failed",
      "calendar_import_invalid",
      { fields: problemFields(problems) },
    );
  }
}

/** Problems keyed for the API's `fields`: `line 12`, a JSON path, or `file`. */
export function problemFields(problems: ImportProblem[]): FieldProblems {
  // JSON paths are the file's own keys ("__proto__" included): no prototype to collide with.
  const out: FieldProblems = Object.create(null);
  for (const p of problems) {
    const key = p.line !== undefined ? `line ${p.line}` : (p.path ?? "file");
    if (!Object.hasOwn(out, key)) out[key] = { code: `calendarImport.${p.code}`, params: p.params };
  }
  return out;
}

export interface ImportPreview {
  year: number;
  format: Schedule["format"];
  /** what will be recorded as the year's source */
  source: string;
  days: ImportedDay[];
  holidays: number;
  workdays: number;
  changes: DayChange[];
  warnings: ImportProblem[];
  /** the year as it is now */
  current: { covered: boolean; source: string | null; days: number };
  /** sent back with the confirmation: the year must not have changed in between */
  fingerprint: string;
  /** the schedule in our JSON shape, sent back with the confirmation */
  payload: string;
}

function parseOrRefuse(text: string, parse = parseScheduleFile) {
  const r = parse(text);
  if (!r.ok) throw new CalendarImportError(r.problems, r.warnings);
  return r;
}

function effectiveSource(schedule: Schedule, given: string | null, filename: string | null): string {
  const s = given?.trim() || schedule.source || filename?.trim() || "import";
  return s.slice(0, MAX_SOURCE_LENGTH);
}

/** What importing this file would do; writes nothing. */
export async function previewCalendarImport(
  text: string,
  opts: { source?: string | null; filename?: string | null } = {},
): Promise<ImportPreview> {
  const { schedule, warnings } = parseOrRefuse(text);
  const current = await yearOverrides(db(), schedule.year);
  const holidays = schedule.days.filter((d) => d.kind === "holiday").length;
  const source = effectiveSource(schedule, opts.source ?? null, opts.filename ?? null);
  return {
    year: schedule.year,
    format: schedule.format,
    source,
    days: schedule.days,
    holidays,
    workdays: schedule.days.length - holidays,
    changes: scheduleChanges(current.days, schedule.days),
    warnings,
    current: {
      covered: current.covered !== null,
      source: current.covered?.source ?? null,
      days: current.days.length,
    },
    fingerprint: current.fingerprint,
    payload: scheduleToJson({ ...schedule, source }),
  };
}

/**
 * Replaces the year with the file's schedule. `fingerprint`, when given, is the preview's: if the
 * year was changed since, the import is refused (409) and the admin looks again.
 */
export async function importCalendarYear(
  admin: SessionUser,
  text: string,
  opts: { source?: string | null; filename?: string | null; fingerprint?: string | null } = {},
) {
  const { schedule, warnings } = parseOrRefuse(text);
  const source = effectiveSource(schedule, opts.source ?? null, opts.filename ?? null);
  const r = await replaceCalendarYear(db(), {
    schedule,
    source,
    actorId: admin.id,
    now: clock.now().toISOString(),
    expectedFingerprint: opts.fingerprint || undefined,
  });
  return {
    year: schedule.year,
    source,
    format: schedule.format,
    holidays: r.holidays,
    workdays: r.workdays,
    changes: r.changes,
    warnings,
  };
}

/** The confirmation step of the page: the previewed schedule comes back in our JSON shape. */
export async function confirmCalendarImport(admin: SessionUser, payload: string, fingerprint: string) {
  parseOrRefuse(payload, parseScheduleJson);
  return importCalendarYear(admin, payload, { fingerprint });
}

/**
 * The file of an upload: a multipart form (`file`, or the pasted `text`), or a raw JSON or iCal body.
 * Larger than a schedule can be: 413.
 */
export async function readScheduleUpload(request: Request): Promise<{
  text: string;
  filename: string | null;
  fields: Record<string, string>;
}> {
  const length = Number(request.headers.get("Content-Length") ?? 0);
  // A multipart body carries a little more than the file itself.
  if (length > MAX_IMPORT_BYTES + 16 * 1024) throw tooLarge();
  const type = request.headers.get("Content-Type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES }),
      );
    } catch (e) {
      if (e instanceof MaxPartSizeExceededError) throw tooLarge();
      throw new CaseError("bad_request", "bad_upload");
    }
    const fields: Record<string, string> = {};
    let text = "";
    let filename: string | null = null;
    for (const [k, v] of form.entries()) {
      if (typeof v === "string") fields[k] = v;
      else if (k === "file" && v.size > 0) {
        if (v.size > MAX_IMPORT_BYTES) throw tooLarge();
        text = decodeScheduleBytes(new Uint8Array(await v.arrayBuffer()));
        filename = v.name || null;
      }
    }
    if (!text) text = fields.text ?? "";
    return { text, filename, fields };
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length > MAX_IMPORT_BYTES) throw tooLarge();
  const text = decodeScheduleBytes(bytes);
  return { text, filename: null, fields: {} };
}

function tooLarge() {
  return new CalendarImportError([{ code: "tooLarge", params: { max: MAX_IMPORT_BYTES / 1024 } }]);
}

/** Roles that see the coverage banner; admins are also shown the way to the import. */
const BANNER_ROLES = new Set(["admin", "supervisor", "handler", "dept_head"]);

/** The years in the coming months the calendar lacks, for the banner; null when nothing is missing. */
export async function calendarGapFor(user: Pick<SessionUser, "role"> | null): Promise<CalendarGap | null> {
  if (!user || !BANNER_ROLES.has(user.role)) return null;
  const years = await uncoveredYearsAhead(db(), today(clock.now()));
  return years.length
    ? { years, canImport: user.role === "admin", horizonDays: COVERAGE_HORIZON_DAYS }
    : null;
}
