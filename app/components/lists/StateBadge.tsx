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

export function StateBadge({ state }: { state: string }) {
  const { t } = useT();
  return <span className={`badge ${TONE[state] ?? "state"}`}>{t(`state.${state}`)}</span>;
}
