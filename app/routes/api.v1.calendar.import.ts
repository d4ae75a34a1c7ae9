import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { rolesFor } from "../models/access";
import {
  importCalendarYear,
  previewCalendarImport,
  readScheduleUpload,
} from "../models/calendar-import.server";
import { api, json, methodNotAllowed } from "../utils/api.server";
import { requireApiUser } from "../utils/auth.server";

/**
 * POST /api/v1/calendar/import (admin): a year's schedule as JSON (`{year, source, days}` or the
 * chinese-days shape), as iCal (`text/calendar`), or as a multipart upload (`file`). Replaces the
 * year's overrides and marks it covered. `?dryRun=1` answers what would change and writes nothing.
 * `?source=` names the document when the file does not.
 */
export async function action({ request }: ActionFunctionArgs) {
  const response = await api(request, async () => {
    if (request.method !== "POST" && request.method !== "PUT") methodNotAllowed("POST, PUT");
    const admin = await requireApiUser(request, rolesFor("api.v1.calendar.import", "post"));
    const params = new URL(request.url).searchParams;
    const { text, filename, fields } = await readScheduleUpload(request);
    const source = params.get("source") ?? fields.source ?? null;
    if (params.get("dryRun") === "1" || params.get("dryRun") === "true") {
      const p = await previewCalendarImport(text, { source, filename });
      return json({
        dryRun: true,
        year: p.year,
        source: p.source,
        format: p.format,
        holidays: p.holidays,
        workdays: p.workdays,
        changes: p.changes,
        warnings: p.warnings,
        current: p.current,
      });
    }
    const r = await importCalendarYear(admin, text, { source, filename });
    return json({ dryRun: false, ...r });
  });
  // A body refused unread stays on the connection; closing it keeps the client from reusing it.
  if (response.status === 413) response.headers.set("Connection", "close");
  return response;
}

export const loader = ({ request }: LoaderFunctionArgs) =>
  api(request, async () => methodNotAllowed("POST, PUT"));
