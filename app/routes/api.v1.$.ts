import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { CaseError } from "../../workflows/errors";
import { api } from "../utils/api.server";

/**
 * Any other address under /api/v1/ (a mistyped path, one a client built wrongly): 404 in the
 * API's error shape and the caller's language, for every method, instead of the people's 404 page.
 */
const unknown = ({ request }: { request: Request }) =>
  api(request, async () => {
    throw new CaseError("not_found", "no_such_address");
  });

export const loader = (args: LoaderFunctionArgs) => unknown(args);
export const action = (args: ActionFunctionArgs) => unknown(args);
