import type { BulletinContent } from "../../../workflows/bulletin";
import { t as translate } from "../../i18n";

/** The bulletin is an official document in Chinese, whatever language the screen around it uses. */
const zh = (key: string, params?: Record<string, unknown>) => translate("zh-CN", key, params);

const ORDINALS = "一二三四五六七八九十";

/** `2026年3月5日`: the date style of official documents, Arabic numerals, no padding. */
export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split("-").map(Number);
  return zh("bdoc.date", { y, m, d });
}

/** 92.3% · 100% · — (nothing to divide). */
function pct(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return "—";
  const p = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(p) ? p.toFixed(0) : p.toFixed(1)}%`;
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? "—" : String(v));

export interface BulletinDocumentProps {
  content: BulletinContent;
  issue: { year: number; seq: number } | null;
  /** the day printed under the masthead: publication, or the draft's generation */
  date: string;
}

/**
 * The bulletin as a document: masthead (红头) with the issue, the issuing office and the date, the
 * title, the supervisor's opening, then numbered sections: overview, the ranked table, praise,
 * criticism, reminders, overdue cases, the closing, and how the figures are defined.
 */
export function BulletinDocument({ content: c, issue, date }: BulletinDocumentProps) {
  const sections: Array<{ key: string; body: React.ReactNode }> = [];
  const tot = c.totals;
  const rated =
    Number(tot.satisfied ?? 0) + Number(tot.basicallySatisfied ?? 0) + Number(tot.unsatisfied ?? 0);
  sections.push({
    key: "overview",
    body: (
      <p>
        {zh("bdoc.overview", {
          assigned: Number(tot.assignedLead ?? 0) + Number(tot.assignedCo ?? 0),
          lead: num(tot.assignedLead),
          co: num(tot.assignedCo),
          replyDue: num(tot.replyDue),
          onTime: num(tot.repliedOnTime),
          rate: pct(tot.replyOnTimeRate),
          rated,
          s: num(tot.satisfied),
          b: num(tot.basicallySatisfied),
          u: num(tot.unsatisfied),
          sat: pct(tot.satisfactionRate),
          ue: num(tot.unevaluated),
          overdue: c.overdue.filter((o) => o.metOn === null).length,
        })}
      </p>
    ),
  });
  sections.push({
    key: "ranking",
    body: (
      <>
        <p className="bdoc-note">{zh("bdoc.rankingNote")}</p>
        <table className="bdoc-table bdoc-ranking">
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                {zh("bdoc.col.rank")}
              </th>
              <th scope="col" rowSpan={2} className="unit">
                {zh("bdoc.col.unit")}
              </th>
              <th scope="col" rowSpan={2}>
                {zh("bdoc.col.assigned")}
              </th>
              <th scope="colgroup" colSpan={3}>
                {zh("bdoc.col.replies")}
              </th>
              <th scope="col" rowSpan={2}>
                {zh("bdoc.col.overdue")}
              </th>
              <th scope="colgroup" colSpan={4}>
                {zh("bdoc.col.ratings")}
              </th>
              <th scope="col" rowSpan={2}>
                {zh("bdoc.col.satisfactionRate")}
              </th>
            </tr>
            <tr>
              <th scope="col">{zh("bdoc.col.replyDue")}</th>
              <th scope="col">{zh("bdoc.col.onTime")}</th>
              <th scope="col">{zh("bdoc.col.onTimeRate")}</th>
              <th scope="col">{zh("bdoc.col.satisfied")}</th>
              <th scope="col">{zh("bdoc.col.basically")}</th>
              <th scope="col">{zh("bdoc.col.unsatisfied")}</th>
              <th scope="col">{zh("bdoc.col.unevaluated")}</th>
            </tr>
          </thead>
          <tbody>
            {c.units.map((u) => {
              const f = u.figures;
              const low = new Set(
                c.criticised.find((x) => x.departmentId === u.departmentId)?.below.map((b) => b.metric) ?? [],
              );
              return (
                <tr key={u.departmentId}>
                  <td>{u.rank ?? "—"}</td>
                  <td className="unit">{u.name}</td>
                  <td>
                    {num(f.assignedLead)}/{num(f.assignedCo)}
                  </td>
                  <td>{num(f.replyDue)}</td>
                  <td>{num(f.repliedOnTime)}</td>
                  <td className={low.has("replyOnTimeRate") ? "low" : undefined}>{pct(f.replyOnTimeRate)}</td>
                  <td className={f.overdue ? "low" : undefined}>{num(f.overdue)}</td>
                  <td>{num(f.satisfied)}</td>
                  <td>{num(f.basicallySatisfied)}</td>
                  <td>{num(f.unsatisfied)}</td>
                  <td>{num(f.unevaluated)}</td>
                  <td className={low.has("satisfactionRate") ? "low" : undefined}>
                    {pct(f.satisfactionRate)}
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <td />
              <td className="unit">{zh("bdoc.total")}</td>
              <td>
                {num(tot.assignedLead)}/{num(tot.assignedCo)}
              </td>
              <td>{num(tot.replyDue)}</td>
              <td>{num(tot.repliedOnTime)}</td>
              <td>{pct(tot.replyOnTimeRate)}</td>
              <td>{num(tot.overdue)}</td>
              <td>{num(tot.satisfied)}</td>
              <td>{num(tot.basicallySatisfied)}</td>
              <td>{num(tot.unsatisfied)}</td>
              <td>{num(tot.unevaluated)}</td>
              <td>{pct(tot.satisfactionRate)}</td>
            </tr>
          </tfoot>
        </table>
      </>
    ),
  });
  sections.push({ key: "praise", body: <p>{c.text.praise || zh("bdoc.none")}</p> });
  sections.push({
    key: "criticism",
    body: c.text.criticism.length ? (
      <>
        <p>
          {zh("bdoc.criticismLead", {
            onTime: `低于${pct(c.thresholds.onTimeRate)}`,
            sat: `低于${pct(c.thresholds.satisfactionRate)}`,
          })}
        </p>
        {c.text.criticism.map((line) => (
          <p key={line} className="bdoc-item">
            {line}
          </p>
        ))}
      </>
    ) : (
      <p>{zh("bdoc.none")}</p>
    ),
  });
  if (c.text.reminder.length)
    sections.push({
      key: "reminder",
      body: c.text.reminder.map((line) => (
        <p key={line} className="bdoc-item">
          {line}
        </p>
      )),
    });
  const noteOf = (o: BulletinContent["overdue"][number]) =>
    [o.listed ? zh("bdoc.listed") : null, o.metOn ? zh("bdoc.metOn", { date: o.metOn }) : null]
      .filter(Boolean)
      .join("；");
  const notes = c.overdue.some((o) => noteOf(o) !== "");
  sections.push({
    key: "overdue",
    body: c.overdue.length ? (
      <table className="bdoc-table bdoc-overdue">
        <thead>
          <tr>
            <th scope="col">{zh("bdoc.col.no")}</th>
            <th scope="col" className="case">
              {zh("bdoc.col.case")}
            </th>
            <th scope="col" className="unit">
              {zh("bdoc.col.unit")}
            </th>
            <th scope="col">{zh("bdoc.col.deadline")}</th>
            <th scope="col">{zh("bdoc.col.due")}</th>
            <th scope="col">{zh("bdoc.col.late")}</th>
            {notes ? <th scope="col">{zh("bdoc.col.note")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {c.overdue.map((o, i) => (
            <tr key={`${o.caseId}-${o.deadlineType}-${o.departmentId}-${o.dueDate}`}>
              <td>{i + 1}</td>
              <td className="case">
                {o.number !== null ? (
                  <span className="bdoc-caseno">
                    {zh("bdoc.caseNo", { n: o.number, session: o.sessionLabel ?? "" })}
                  </span>
                ) : null}
                {o.title}
              </td>
              <td className="unit">{o.departmentName ?? "—"}</td>
              <td className="nowrap">{zh(`deadline.${o.deadlineType}`)}</td>
              <td className="nowrap">{o.dueDate}</td>
              <td className="late">{o.workingDaysOverdue}</td>
              {notes ? <td className="note">{noteOf(o)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    ) : (
      <p>{zh("bdoc.overdueNone")}</p>
    ),
  });

  const kind = zh(`bdoc.kind.${c.kind ?? "all"}`);
  return (
    <article className="bdoc" lang="zh-CN">
      <header className="bdoc-head">
        <div className="bdoc-masthead">{zh("bdoc.masthead")}</div>
        <div className="bdoc-issue">
          {issue ? zh("bdoc.issue", { year: issue.year, seq: issue.seq }) : zh("bdoc.draftIssue")}
        </div>
        <div className="bdoc-meta">
          <span>{c.issuer}</span>
          <span>{chineseDate(date)}</span>
        </div>
        <hr className="bdoc-rule" />
      </header>
      <h1 className="bdoc-title">{c.title}</h1>
      <p className="bdoc-period">
        <span>{zh("bdoc.period", { from: chineseDate(c.period.from), to: chineseDate(c.period.to) })}</span>
        <span>{zh("bdoc.asOf", { asOf: chineseDate(c.asOf) })}</span>
        <span>{zh("bdoc.kind", { kind })}</span>
      </p>
      {c.intro ? (
        <div className="bdoc-text">
          {c.intro.split(/\r?\n/).map((p) => (p.trim() ? <p key={p}>{p}</p> : null))}
        </div>
      ) : null}
      {sections.map((s, i) => (
        <section key={s.key} className={`bdoc-section bdoc-${s.key}`}>
          <h2>
            {ORDINALS[i]}、{zh(`bdoc.s.${s.key}`)}
          </h2>
          <div className="bdoc-text">{s.body}</div>
        </section>
      ))}
      {c.closing ? (
        <div className="bdoc-text bdoc-closing">
          {c.closing.split(/\r?\n/).map((p) => (p.trim() ? <p key={p}>{p}</p> : null))}
        </div>
      ) : null}
      {c.issuer ? (
        <div className="bdoc-sign">
          <div>{c.issuer}</div>
          <div>{chineseDate(date)}</div>
        </div>
      ) : null}
      <footer className="bdoc-notes">
        <div>{zh("bdoc.notesTitle")}：</div>
        <ol>
          <li>{zh("bdoc.note1")}</li>
          <li>{zh("bdoc.note2")}</li>
          <li>{zh("bdoc.note3")}</li>
        </ol>
      </footer>
    </article>
  );
}
