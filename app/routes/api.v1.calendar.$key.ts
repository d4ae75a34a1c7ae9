import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { calendarYear, coveredYears } from "../../db/calendar";
import { CaseError } from "../../workflows/errors";
import { rolesFor } from "../models/access";
import { changeCalendarDay } from "../models/admin.server";
import { api, json, methodNotAllowed, readJson } from "../utils/api.server";
import { requireApiUser } from "../utils/auth.server";
import { db } from "../utils/db.server";

/** GET /api/v1/calendar/:year → the year's overrides and whether the year is covered */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return api(request, async () => {
    const year = Number(params.key);
    if (!/^\d{4}$/.test(params.key ?? "")) throw new CaseError("not_found", "case_not_found");
    const { days, covered } = await calendarYear(db(), year);
    return json({
      year,
      covered: covered !== null,
      coveredYears: await coveredYears(db()),
      days: days.map((d) => ({ date: d.date, kind: d.kind, name: d.name, source: d.source })),
    });
  });
}

/** PUT /api/v1/calendar/:date {kind: holiday|workday|normal, name?} (admin) */
export async function action({ request, params }: ActionFunctionArgs) {
  return api(request, async () => {
    if (request.method !== "PUT") methodNotAllowed("GET, PUT");
    const admin = await requireApiUser(request, rolesFor("api.v1.calendar.$key", "put"));
    return json(await changeCalendarDay(admin, params.key ?? "", await readJson(request)));
  });
}
