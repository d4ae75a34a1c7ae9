import type { DueExplanation, SkippedDay } from "./calendar";
import { addDays } from "./dates";

export type Lang = "zh-CN" | "en";

interface Run {
  from: string;
  to: string;
  reason: SkippedDay["reason"];
  name: string | null;
  days: number;
}

/** Consecutive skipped days with the same reason and name, as runs. */
function runs(skipped: SkippedDay[]): Run[] {
  const out: Run[] = [];
  for (const s of skipped) {
    const last = out[out.length - 1];
    if (last && last.reason === s.reason && last.name === s.name && addDays(last.to, 1) === s.date) {
      last.to = s.date;
      last.days++;
    } else out.push({ from: s.date, to: s.date, reason: s.reason, name: s.name, days: 1 });
  }
  return out;
}

function holidayName(name: string | null, lang: Lang): string {
  // Stored names look like "National Day,国庆节,3" (the seed's format) or a plain label.
  if (!name) return lang === "en" ? "holiday" : "节假日";
  const parts = name.split(",");
  if (parts.length >= 2) return lang === "en" ? parts[0] : parts[1];
  return name;
}

function runText(r: Run, lang: Lang): string {
  const span = r.from === r.to ? r.from : `${r.from}–${r.to}`;
  if (r.reason === "weekend") return lang === "en" ? `weekend ${span}` : `周末 ${span}`;
  const n = holidayName(r.name, lang);
  return lang === "en" ? `${n} ${span}` : `${n} ${span}`;
}

/** A sentence a person can check against a wall calendar. */
export function explainDue(e: DueExplanation, lang: Lang): string {
  const rs = runs(e.skipped);
  const skippedText = rs.map((r) => runText(r, lang)).join(lang === "en" ? "; " : "；");
  const parts: string[] = [];
  if (lang === "en") {
    if (e.rule === "working_days") parts.push(`${e.amount} working days from ${e.start}`);
    else if (e.rule === "months") parts.push(`${e.amount} month(s) from ${e.start} falls on ${e.nominal}`);
    else parts.push(`date set on ${e.start}: ${e.nominal}${e.note ? ` (${e.note})` : ""}`);
    if (rs.length)
      parts.push(
        `${e.rule === "working_days" ? "skipping" : "not a working day, moved past"} ${skippedText}`,
      );
    if (e.makeUpDays.length) parts.push(`counting make-up working day(s) ${e.makeUpDays.join(", ")}`);
    parts.push(`due ${e.due}`);
    if (e.beyondCoverage)
      parts.push("WARNING: beyond the years the holiday calendar covers, only weekends were assumed");
    return `${parts.join("; ")}.`;
  }
  if (e.rule === "working_days") parts.push(`自 ${e.start} 起算 ${e.amount} 个工作日`);
  else if (e.rule === "months") parts.push(`自 ${e.start} 起 ${e.amount} 个月，应为 ${e.nominal}`);
  else parts.push(`${e.start} 确定的日期 ${e.nominal}${e.note ? `（${e.note}）` : ""}`);
  if (rs.length) parts.push(`${e.rule === "working_days" ? "跳过" : "非工作日，顺延跳过"} ${skippedText}`);
  if (e.makeUpDays.length) parts.push(`计入调休上班日 ${e.makeUpDays.join("、")}`);
  parts.push(`截止 ${e.due}`);
  if (e.beyondCoverage) parts.push("注意：超出节假日日历已覆盖的年份，仅按周末计算");
  return `${parts.join("，")}。`;
}
