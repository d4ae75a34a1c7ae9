import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { CaseError } from "../../workflows/errors";
import { api, json, methodNotAllowed, readJson } from "../utils/api.server";
import { clock, pinClock } from "../utils/db.server";
import { env } from "../utils/env.server";

/** POST /api/v1/test/clock {now: ISO | null}: tests and demos only (APP_TEST_HOOKS=1). */
export async function action({ request }: ActionFunctionArgs) {
  return api(request, async () => {
    if (env().APP_TEST_HOOKS !== "1") throw new CaseError("not_found", "case_not_found");
    if (request.method !== "POST") methodNotAllowed("POST");
    const body = await readJson(request);
    if (body.now === null) pinClock(null);
    else {
      const at = typeof body.now === "string" ? new Date(body.now) : new Date(Number.NaN);
      if (Number.isNaN(at.getTime()))
        throw new CaseError("validation_failed", "invalid_payload", { fields: { now: { code: "date" } } });
      pinClock(at);
    }
    return json({ now: clock.now().toISOString() });
  });
}

/** POST only. */
export const loader = ({ request }: LoaderFunctionArgs) => api(request, async () => methodNotAllowed("POST"));
