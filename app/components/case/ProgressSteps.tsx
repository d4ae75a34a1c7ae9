import { useT } from "../../utils/i18n";
import { type CaseView, formatDate, useKindT } from "./shared";

/**
 * The main path: a proposal's 提交 → 立案 → 交办 → 签收 → 办理 → 答复 → 测评/办结, and an enterprise
 * request's 提交 → 受理 → 交办 → 签收 → 办理 → 答复 → 反馈/办结 (the words differ by kind).
 */
const STEPS = ["submit", "accept", "assign", "sign", "handle", "reply", "evaluate"] as const;

/** Index of the step a case in this state is working on; past the end when everything is done. */
const CURRENT: Record<string, number> = {
  draft: 0,
  submitted: 1,
  accepted: 2,
  assigned: 3,
  handling: 4,
  awaiting_submitter: 4,
  rehandling: 4,
  reply_review: 5,
  replied: 6,
  closed: 7,
};

/** States that leave the main path, and the step where they left it. */
function stoppedAt(c: CaseView): number | null {
  if (c.state === "rejected" || c.state === "merged") {
    const from = [...c.history].reverse().find((h) => h.stateAfter === c.state)?.stateBefore;
    return from === "accepted" ? 2 : 1;
  }
  if (c.state === "withdrawn") {
    const from = [...c.history].reverse().find((h) => h.stateAfter === "withdrawn")?.stateBefore;
    return from === "submitted" ? 1 : 0;
  }
  return null;
}

export function ProgressSteps({ c, timeZone }: { c: CaseView; timeZone: string }) {
  const { t } = useT();
  const tk = useKindT(c.kind);
  const stop = stoppedAt(c);
  const current = stop ?? CURRENT[c.state] ?? 0;
  const leadSignedAt = c.assignments.find((a) => a.active && a.role === "lead")?.signedAt ?? null;
  // Back at dispatch after a unit's 退单 (a fact staff see; for outsiders simply "to be assigned").
  const returnedBack = c.state === "accepted" && c.history.some((h) => h.type === "RETURN");
  const dates: Array<string | null> = [
    c.submittedAt,
    c.acceptedAt,
    c.assignedAt,
    leadSignedAt,
    null,
    c.repliedAt,
    c.closedAt,
  ];

  return (
    <ol className="steps" aria-label={t("case.progress")}>
      {STEPS.map((step, i) => {
        const status =
          stop !== null && i === stop ? "stopped" : i < current ? "done" : i === current ? "current" : "todo";
        const label =
          status === "stopped"
            ? tk(`state.${c.state}`)
            : step === "evaluate" && c.state === "closed"
              ? t("case.step.closed")
              : tk(`case.step.${step}`);
        const date = status === "done" ? formatDate(dates[i], timeZone) : "";
        return (
          <li
            key={step}
            className={`step ${status}`}
            aria-current={status === "current" ? "step" : undefined}
          >
            <span className="step-dot" aria-hidden>
              {status === "done" ? "✓" : status === "stopped" ? "×" : i + 1}
            </span>
            <span className="step-label">
              {label}
              {step === "handle" && c.round > 1 && status !== "todo" ? (
                <span className="step-round">{t("case.roundN", { n: c.round })}</span>
              ) : null}
              {step === "handle" && c.state === "awaiting_submitter" ? (
                <span className="step-round">{t("case.step.paused")}</span>
              ) : null}
              {step === "assign" && status === "current" && returnedBack ? (
                <span className="step-round">{t("case.step.returned")}</span>
              ) : null}
            </span>
            {date ? <span className="step-date">{date}</span> : null}
            {status === "current" ? <span className="sr-only">{t("case.step.here")}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}
