import { getVisibleCase } from "../../db/cases";
import { dispatch } from "../../workflows/engine";
import { CaseError } from "../../workflows/errors";
import type { Lang } from "../i18n";
import type { Person } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";
import { caseDetail } from "./case.server";

/**
 * Sends one event to a case on behalf of a person: the single path for the UI's forms and the
 * API. A case the person cannot see answers 404 before the engine is asked anything.
 */
export async function sendEvent(actor: Person, caseId: number, body: Record<string, unknown>, lang: Lang) {
  const visible = await getVisibleCase(db(), actor, caseId);
  if (!visible) throw new CaseError("not_found", "case_not_found");
  const { type, expectedVersion, ...payload } = body;
  if (typeof type !== "string")
    throw new CaseError("validation_failed", "unknown_event", { fields: { type: { code: "required" } } });
  if (
    expectedVersion !== undefined &&
    (typeof expectedVersion !== "number" || !Number.isInteger(expectedVersion))
  )
    throw new CaseError("validation_failed", "invalid_payload", {
      fields: { expectedVersion: { code: "invalid_type", params: { expected: "integer" } } },
    });
  const { case: after } = await dispatch(db(), clock, {
    caseId,
    actor,
    event: { type, expectedVersion, ...payload },
  });
  // The event may take the case out of the sender's sight (a supervisor returning a proposal to
  // its author's drafts): it happened all the same, so answer with what may be said, not 404.
  if (!(await getVisibleCase(db(), actor, caseId)))
    return {
      id: caseId,
      kind: after.kind,
      state: after.state,
      version: after.version,
      allowedEvents: [],
      visible: false as const,
    };
  return caseDetail(actor, caseId, lang);
}
