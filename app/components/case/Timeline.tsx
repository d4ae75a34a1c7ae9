import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "../../utils/i18n";
import { type CaseView, formatDateTime } from "./shared";

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
function detailsOf(e: Entry, t: T, unitName: (id: unknown) => string): Detail[] {
  const p = (e.payload ?? {}) as Record<string, unknown>;
  const out: Detail[] = [];
  const add = (label: string, value: ReactNode, block = false) => {
    if (value !== null && value !== undefined && value !== "") out.push({ label, value, block });
  };
  switch (e.type) {
    case "ACCEPT":
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
      add(t("case.f.lead"), unitName(p.leadDepartmentId));
      const co = Array.isArray(p.coDepartmentIds) ? p.coDepartmentIds.map(unitName) : [];
      add(t("case.f.co"), co.length ? co.join(t("case.listSep")) : t("case.none"));
      add(t("case.f.objectionUntil"), str(p.objectionUntil));
      break;
    }
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
}: {
  c: CaseView;
  timeZone: string;
  unitNames: Record<number, string>;
}) {
  const { t } = useT();
  const unitName = (id: unknown) =>
    typeof id === "number" ? (unitNames[id] ?? t("case.unitN", { n: id })) : String(id ?? "");
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">
        {t("case.history")} <span className="muted small">({c.history.length})</span>
      </h2>
      <ol className="timeline">
        {c.history.map((e) => {
          const details = detailsOf(e, t, unitName);
          const moved = e.stateBefore && e.stateAfter && e.stateBefore !== e.stateAfter;
          return (
            <li key={e.seq} className={`tl-item tl-${e.type.toLowerCase()}`}>
              <div className="tl-when">
                <time dateTime={e.at}>{formatDateTime(e.at, timeZone)}</time>
              </div>
              <div className="tl-body">
                <div className="tl-head">
                  <strong className="tl-event">{t(`event.${e.type}`)}</strong>
                  {moved ? (
                    <span className="tl-state small">
                      {t(`state.${e.stateBefore}`)} → <strong>{t(`state.${e.stateAfter}`)}</strong>
                    </span>
                  ) : null}
                </div>
                <div className="tl-actor small muted">
                  {e.actor.displayName ?? t("role.system")}
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
