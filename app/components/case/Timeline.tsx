import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "../../utils/i18n";
import { type CaseView, formatDateTime, useKindT, useThemeName } from "./shared";

type Entry = CaseView["history"][number];
type T = (key: string, params?: Record<string, unknown>) => string;

interface Detail {
  label: string;
  value: ReactNode;
  /** long text: shown as a paragraph under the label, not inline */
  block?: boolean;
}

const LONG_PREVIEW = 240;

function preview(text: string): string {
  return text.length > LONG_PREVIEW ? `${text.slice(0, LONG_PREVIEW)}…` : text;
}

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);

/** The fields of an event worth reading in the record, worded for a person. */
function detailsOf(
  e: Entry,
  t: T,
  unitName: (id: unknown) => string,
  themeName: (code: string) => string,
): Detail[] {
  const p = (e.payload ?? {}) as Record<string, unknown>;
  const out: Detail[] = [];
  const add = (label: string, value: ReactNode, block = false) => {
    if (value !== null && value !== undefined && value !== "") out.push({ label, value, block });
  };
  switch (e.type) {
    case "CREATE":
      // An enterprise request's intake: what the enterprise (or staff on its behalf) said it was.
      if (str(p.channel)) add(t("case.f.channel"), t(`channel.${p.channel}`));
      if (str(p.category)) add(t("case.f.category"), t(`category.${p.category}`));
      if (str(p.theme)) add(t("case.f.theme"), themeName(String(p.theme)));
      if (str(p.priority) === "urgent") add(t("case.f.priority"), t("priority.urgent"));
      if (Array.isArray(p.attachments) && p.attachments.length)
        add(
          t("attachment.title"),
          p.attachments
            .map((f) => String((f as { fileName?: unknown }).fileName ?? ""))
            .join(t("case.listSep")),
        );
      break;
    case "ACCEPT":
      if (str(p.category)) add(t("case.f.category"), t(`category.${p.category}`));
      if (str(p.themeCode)) add(t("case.f.theme"), themeName(String(p.themeCode)));
      if (str(p.priority)) add(t("case.f.priority"), t(`priority.${p.priority}`));
      if (typeof p.number === "number")
        add(
          t("case.f.number"),
          `${t("case.numberN", { n: p.number })}${p.sessionLabel ? ` · ${p.sessionLabel}` : ""}`,
        );
      break;
    case "MERGE":
      if (typeof p.intoCaseId === "number")
        add(t("case.f.intoCase"), <Link to={`/cases/${p.intoCaseId}`}>#{p.intoCaseId}</Link>);
      break;
    case "ASSIGN":
    case "REASSIGN": {
      add(t(Array.isArray(p.coDepartmentIds) ? "case.f.lead" : "case.f.unit"), unitName(p.leadDepartmentId));
      if (Array.isArray(p.coDepartmentIds)) {
        const co = p.coDepartmentIds.map(unitName);
        add(t("case.f.co"), co.length ? co.join(t("case.listSep")) : t("case.none"));
      }
      add(t("case.f.objectionUntil"), str(p.objectionUntil));
      add(t("case.f.returnUntil"), str(p.returnUntil));
      break;
    }
    case "RETURN":
      if (str(p.reasonCode)) add(t("case.f.returnReason"), t(`returnReason.${p.reasonCode}`));
      if (p.suggestedDepartmentId !== undefined)
        add(t("case.f.suggestedUnit"), unitName(p.suggestedDepartmentId));
      break;
    case "FEEDBACK":
      if (str(p.rating)) add(t("case.f.rating"), t(`result.${p.rating}`));
      break;
    case "RECORD_VISIT":
      add(t("case.f.visitDate"), str(p.date));
      if (str(p.method)) add(t("case.f.method"), t(`method.${p.method}`));
      if (str(p.rating)) add(t("case.f.rating"), t(`result.${p.rating}`));
      break;
    case "DISMISS_OBJECTION":
    case "WAIVE_OPINION":
      if (p.departmentId !== undefined) add(t("case.f.unit"), unitName(p.departmentId));
      break;
    case "RECORD_CONTACT":
      add(t("case.f.contactDate"), str(p.date));
      if (str(p.method)) add(t("case.f.method"), t(`method.${p.method}`));
      break;
    case "REQUEST_EXTENSION":
      add(t("case.f.until"), str(p.until));
      break;
    case "SUBMIT_REPLY":
      if (str(p.classification)) add(t("case.f.classification"), t(`classification.${p.classification}`));
      if (str(p.resolution)) add(t("case.f.resolution"), t(`resolution.${p.resolution}`));
      break;
    case "EVALUATE":
      if (str(p.attitude)) add(t("case.f.attitude"), t(`result.${p.attitude}`));
      if (str(p.result)) add(t("case.f.result"), t(`result.${p.result}`));
      break;
    case "FLAG_KEY":
      add(t("case.f.key"), p.isKey === false ? t("case.key.off") : t("case.key.on"));
      break;
    case "SUPERVISE":
      add(t("case.f.respondBy"), str(p.respondBy));
      break;
    case "DEADLINE_WARNING":
    case "DEADLINE_OVERDUE":
    case "DEADLINE_SUPERVISED":
    case "DEADLINE_LISTED": {
      if (p.departmentId !== undefined) add(t("case.f.unit"), unitName(p.departmentId));
      if (str(p.deadlineType)) add(t("case.f.deadline"), t(`deadline.${p.deadlineType}`));
      add(t("case.f.dueDate"), str(p.dueDate));
      const days = Number(p.workingDays);
      if (Number.isFinite(days) && days !== 0)
        add(t(days < 0 ? "case.f.daysLeft" : "case.f.daysLate"), String(Math.abs(days)));
      break;
    }
    case "BULLETIN_PUBLISHED": {
      const id = Number(p.bulletinId);
      if (Number.isSafeInteger(id) && id > 0)
        add(
          t("case.f.bulletin"),
          <Link to={`/bulletins/${id}`}>
            {[str(p.issue), str(p.bulletinTitle)].filter(Boolean).join(" ")}
          </Link>,
        );
      for (const d of Array.isArray(p.deadlines) ? (p.deadlines as Array<Record<string, unknown>>) : []) {
        add(t("case.f.unit"), unitName(d.departmentId));
        if (str(d.deadlineType)) add(t("case.f.deadline"), t(`deadline.${d.deadlineType}`));
        add(t("case.f.dueDate"), str(d.dueDate));
        if (Number(d.workingDays) > 0) add(t("case.f.daysLate"), String(Number(d.workingDays)));
      }
      break;
    }
    case "WINDOWS_LAPSED":
      if (Array.isArray(p.windows))
        add(
          t("case.f.windows"),
          (p.windows as Array<{ type?: string; departmentId?: number; dueDate?: string }>)
            .map((w) => `${unitName(w.departmentId)} ${t(`deadline.${w.type}`)}（${w.dueDate}）`)
            .join(t("case.listSep")),
        );
      break;
    case "UPDATE_DRAFT": {
      const changed = ["title", "body", "measures", "cosignerIds"].filter((k) => k in p);
      if (changed.length)
        add(t("case.f.changed"), changed.map((k) => t(`case.f.draft.${k}`)).join(t("case.listSep")));
      break;
    }
  }
  // Free text last, as paragraphs: the reasons and messages are what people come back to read.
  const reason = str(p.reason);
  if (reason) add(t("case.f.reason"), reason, true);
  const message = str(p.message);
  if (message) add(t("case.f.message"), message, true);
  if (e.type === "RECORD_CONTACT" && str(p.summary)) add(t("case.f.summary"), str(p.summary), true);
  if (e.type === "SUBMIT_OPINION" && str(p.body)) add(t("case.f.opinion"), preview(String(p.body)), true);
  if (e.type === "REQUEST_INFO" && str(p.question)) add(t("case.f.question"), str(p.question), true);
  if (e.type === "PROVIDE_INFO" && str(p.answer)) add(t("case.f.answer"), preview(String(p.answer)), true);
  const note = str(p.note);
  if (note) add(t("case.f.note"), note, true);
  const comment = str(p.comment);
  if (comment) add(t("case.f.comment"), comment, true);
  return out;
}

/** 办理过程: every event in order, who did it for which unit, and what it changed. */
export function Timeline({
  c,
  timeZone,
  unitNames,
  outsider = false,
}: {
  c: CaseView;
  timeZone: string;
  unitNames: Record<number, string>;
  /** a proposer or enterprise: a unit's return (退单) is internal, shown as the change of unit it is */
  outsider?: boolean;
}) {
  const { t } = useT();
  const tk = useKindT(c.kind);
  const theme = useThemeName();
  const eventLabel = (type: string) =>
    outsider && type === "RETURN" ? t("case.tl.RETURN.outsider") : tk(`event.${type}`);
  const unitName = (id: unknown) =>
    typeof id === "number" ? (unitNames[id] ?? t("case.unitN", { n: id })) : String(id ?? "");
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">
        {t("case.history")} <span className="muted small">({c.history.length})</span>
      </h2>
      <ol className="timeline">
        {c.history.map((e) => {
          const details = detailsOf(e, t, unitName, (code) => theme(code));
          const moved = e.stateBefore && e.stateAfter && e.stateBefore !== e.stateAfter;
          return (
            <li key={e.seq} className={`tl-item tl-${e.type.toLowerCase()}`}>
              <div className="tl-when">
                <time dateTime={e.at}>{formatDateTime(e.at, timeZone)}</time>
              </div>
              <div className="tl-body">
                <div className="tl-head">
                  <strong className="tl-event">{eventLabel(e.type)}</strong>
                  {moved ? (
                    <span className="tl-state small">
                      {tk(`state.${e.stateBefore}`)} → <strong>{tk(`state.${e.stateAfter}`)}</strong>
                    </span>
                  ) : null}
                </div>
                <div className="tl-actor small muted">
                  {e.actor.displayName ?? t(`role.${e.actor.role ?? "system"}`)}
                  {e.actor.role && e.actor.displayName ? ` · ${t(`role.${e.actor.role}`)}` : ""}
                  {e.department ? ` · ${e.department}` : ""}
                </div>
                {details.length ? (
                  <dl className="tl-details small">
                    {details.map((d) => (
                      <div key={d.label} className={d.block ? "block" : undefined}>
                        <dt>{d.label}</dt>
                        <dd className={d.block ? "prose" : undefined}>{d.value}</dd>
                      </div>
                    ))}
                  </dl>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
