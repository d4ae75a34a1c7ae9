import { hasKey } from "../../i18n";
import { useT } from "../../utils/i18n";

/** Colour by what the state means to a reader: in motion, needing a signature, answered, finished. */
const TONE: Record<string, string> = {
  draft: "info",
  submitted: "state",
  accepted: "state",
  assigned: "state",
  handling: "state",
  awaiting_submitter: "warn",
  reply_review: "warn",
  replied: "ok",
  rehandling: "warn",
  closed: "state-done",
  rejected: "state-done",
  merged: "state-done",
  withdrawn: "state-done",
};

/** Terminal states: nothing more will happen to the case (follow-up commitments aside). */
export const DONE_STATES = ["closed", "rejected", "merged", "withdrawn"];

/** The state in the words of its kind: an enterprise request is 待受理, a proposal 待审查. */
export function StateBadge({ state, kind }: { state: string; kind?: string }) {
  const { t, lang } = useT();
  const key = kind && hasKey(lang, `state.${state}.${kind}`) ? `state.${state}.${kind}` : `state.${state}`;
  return <span className={`badge ${TONE[state] ?? "state"}`}>{t(key)}</span>;
}
