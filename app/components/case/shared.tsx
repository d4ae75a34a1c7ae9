import type { ReactNode } from "react";
import type { CaseDetail } from "../../models/case.server";

/** The case as the loader hands it to the page (the same object the JSON API returns). */
export type CaseView = CaseDetail;

/** Who is looking: decides which sections are internal and who the lead unit is. */
export interface CaseViewer {
  userId: number;
  role: string;
  departmentId: number | null;
}

export interface DepartmentOption {
  id: number;
  name: string;
}

/** The fixed option lists of the proposal's event schemas, handed over by the loader. */
export interface FormChoices {
  classifications: string[];
  contactMethods: string[];
  satisfaction: string[];
}

/** What the action answers when the engine refuses: enough to re-render the same form as typed. */
export interface ActionFeedback {
  intent: string;
  values: Record<string, string | string[]>;
  fields: Record<string, string>;
  error: string;
  status: number;
  state?: string;
  allowedEvents?: string[];
}

/** Proposers and enterprises: outside parties who never see the units' internal exchanges. */
export function isOutsider(role: string): boolean {
  return role === "delegate" || role === "enterprise";
}

/** The viewer's own active assignment on this case, if their unit holds one. */
export function ownAssignment(c: CaseView, viewer: CaseViewer) {
  if (viewer.departmentId === null || isOutsider(viewer.role) || viewer.role === "supervisor")
    return undefined;
  return c.assignments.find((a) => a.active && a.departmentId === viewer.departmentId);
}

/** `2026-03-05 14:22` in the deployment's time zone, the same on server and browser. */
export function formatDateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

/** The calendar date of an instant (or a date string as is) in the deployment's time zone. */
export function formatDate(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return formatDateTime(iso, timeZone).slice(0, 10);
}

/** A labelled form control with its hint and its error, wired for screen readers. */
export function Field({
  id,
  label,
  hint,
  error,
  required,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={`field${error ? " invalid" : ""}`}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="req" aria-hidden>
            {" "}
            *
          </span>
        ) : null}
      </label>
      {children}
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="field-error" id={`${id}-error`} role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

/** aria attributes for a control inside `Field`. */
export function describedBy(id: string, error?: string, hint?: boolean) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return { "aria-invalid": error ? true : undefined, "aria-describedby": ids || undefined };
}

/** Section heading with an optional count or aside. */
export function SectionTitle({ children, aside }: { children: ReactNode; aside?: ReactNode }) {
  return (
    <div className="section-title">
      <h2>{children}</h2>
      {aside ? <div className="section-aside">{aside}</div> : null}
    </div>
  );
}

/** A draft sent back for revision (退回修改) that its author has not edited since. */
export function awaitsRevision(c: CaseView): boolean {
  if (c.state !== "draft") return false;
  const returned = [...c.history].reverse().find((h) => h.type === "RETURN_FOR_REVISION");
  return !!returned && !c.history.some((h) => h.type === "UPDATE_DRAFT" && h.seq > returned.seq);
}
