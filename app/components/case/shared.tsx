import type { ReactNode } from "react";
import { zoneParts } from "../../../workflows/dates";
import { hasKey } from "../../i18n";
import type { CaseDetail } from "../../models/case.server";
import { useT } from "../../utils/i18n";

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
  /** enterprise requests (企业诉求) only */
  request?: RequestChoices;
}

/** An enterprise request's facts as its page shows them. */
export interface RequestFactsView {
  enterprise: { id: number; name: string; uscc: string } | null;
  category: string | null;
  /** theme code */
  theme: string | null;
  channel: string | null;
  priority: string | null;
  /** the day the clock stopped for a question to the enterprise, while it waits */
  pausedOn: string | null;
  /** unsatisfied after the last round: a supervisor decides whether to close */
  awaitingClose: boolean;
}

export interface UnitHint {
  departmentId: number;
  sameEnterprise: number;
  sameTheme: number;
  similarCases: number;
  suggestedByReturn: boolean;
  returnedThis: boolean;
}

export interface MergeCandidate {
  id: number;
  title: string;
  state: string;
  /** the calendar date it came in */
  submittedOn: string | null;
  leadDepartmentName: string | null;
  score: number;
}

/** What the enterprise request's forms offer: the schemas' options, suggested units, merge candidates. */
export interface RequestChoices {
  categories: string[];
  /** the configured themes (code and Chinese label) */
  themes: Array<{ code: string; label: string }>;
  priorities: string[];
  returnReasons: string[];
  resolutions: string[];
  ratings: string[];
  visitMethods: string[];
  facts: RequestFactsView;
  /** units to offer first when dispatching, best first */
  suggestions: UnitHint[];
  /** requests of the same enterprise that look like the same matter */
  mergeCandidates: MergeCandidate[];
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

/**
 * Words that differ by kind of case: `event.ACCEPT.enterprise_request` (受理) where such a key
 * exists, else the shared `event.ACCEPT` (立案).
 */
export function useKindT(kind: string) {
  const { t, lang } = useT();
  return (key: string, params?: Record<string, unknown>) =>
    hasKey(lang, `${key}.${kind}`) ? t(`${key}.${kind}`, params) : t(key, params);
}

/** A theme's name: the translated one for the default themes, else the configured label, else the code. */
export function useThemeName() {
  const { t, lang } = useT();
  return (code: string | null | undefined, themes?: Array<{ code: string; label: string }>) => {
    if (!code) return "";
    if (hasKey(lang, `theme.${code}`)) return t(`theme.${code}`);
    return themes?.find((x) => x.code === code)?.label ?? code;
  };
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
  const p = zoneParts(d, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** The calendar date of an instant (or a date string as is) in the deployment's time zone. */
export function formatDate(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return formatDateTime(iso, timeZone).slice(0, 10);
}

export { describedBy, Field } from "../Field";

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
