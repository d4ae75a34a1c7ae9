import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { loadCalendar } from "../../db/calendar";
import { isIsoDate } from "../../workflows/dates";
import { CaseError, zodProblems } from "../../workflows/errors";
import { explainDue } from "../../workflows/explain";
import { api, getOnly, json } from "../utils/api.server";
import { db } from "../utils/db.server";
import { langOf } from "../utils/lang.server";

const query = z
  .strictObject({
    start: z.string().refine(isIsoDate, { params: { key: "date" } }),
    workingDays: z.coerce.number().int().min(0).max(1000).optional(),
    months: z.coerce.number().int().min(0).max(120).optional(),
  })
  .refine((q) => (q.workingDays === undefined) !== (q.months === undefined), {
    path: ["workingDays"],
    params: { key: "one_of_working_days_or_months" },
  });

/** GET /api/v1/calendar/add?start=YYYY-MM-DD&workingDays=N (or &months=N) → {due, explanation, details} */
export async function loader({ request }: LoaderFunctionArgs) {
  return api(request, async () => {
    const raw = Object.fromEntries(new URL(request.url).searchParams);
    const parsed = query.safeParse(raw, { reportInput: true });
    if (!parsed.success)
      throw new CaseError("validation_failed", "invalid_payload", { fields: zodProblems(parsed.error) });
    const cal = await loadCalendar(db());
    const q = parsed.data;
    const r =
      q.months !== undefined ? cal.addMonths(q.start, q.months) : cal.addWorkingDays(q.start, q.workingDays!);
    const lang = await langOf(request);
    return json({
      due: r.due,
      explanation: explainDue(r.explanation, lang),
      beyondCoverage: r.explanation.beyondCoverage,
      details: r.explanation,
    });
  });
}

export const action = getOnly;
