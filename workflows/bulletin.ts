import { z } from "zod";
import type { Figures, StatsResult } from "../db/stats";
import type { IsoDate } from "./dates";

/**
 * The supervision bulletin (督办通报), assembled from figures already computed: the units'
 * statistics (db/stats.ts) and the overdue deadlines (db/supervision.ts, the sweeper's listings).
 * Pure: no I/O, no clock. What it returns is frozen into the bulletin row at creation and never
 * recomputed once published, so the words it writes are part of the snapshot too.
 * Decision record: docs/decisions/012-bulletins.md.
 */

export const DEFAULT_THRESHOLDS = { onTimeRate: 0.92, satisfactionRate: 0.85 } as const;

export const thresholdsSchema = z.strictObject({
  /** 按时答复率 below this names the unit */
  onTimeRate: z.number().min(0).max(1),
  /** 满意率 below this names the unit; at or above it (with 100% on time) earns praise */
  satisfactionRate: z.number().min(0).max(1),
});
export type Thresholds = z.infer<typeof thresholdsSchema>;

/** The figures the bulletin's table shows for a unit (a subset of db/stats-definitions.ts). */
export const BULLETIN_METRICS = [
  "assignedLead",
  "assignedCo",
  "replyDue",
  "repliedOnTime",
  "replyOnTimeRate",
  "overdue",
  "satisfied",
  "basicallySatisfied",
  "unsatisfied",
  "unevaluated",
  "satisfactionRate",
] as const;
export type BulletinMetric = (typeof BULLETIN_METRICS)[number];

export interface BulletinUnit {
  departmentId: number;
  name: string;
  /** 1, 2, …; null for a unit with nothing to judge in the period (no reply due, nothing rated) */
  rank: number | null;
  figures: Pick<Figures, BulletinMetric>;
}

export interface BulletinShortfall {
  departmentId: number;
  name: string;
  /** the rates that fell short, with the unit's value and the threshold */
  below: Array<{ metric: "replyOnTimeRate" | "satisfactionRate"; value: number; threshold: number }>;
  overdue: number;
}

export interface OverdueItem {
  caseId: number;
  kind: string;
  /** the case number within its session (第 12 号), or null before acceptance */
  number: number | null;
  sessionLabel: string | null;
  title: string;
  departmentId: number | null;
  departmentName: string | null;
  deadlineType: string;
  dueDate: IsoDate;
  /** working days past the due date on the reference date (or on the day it was met) */
  workingDaysOverdue: number;
  /** the sweeper listed it for the bulletin (10+ working days late) */
  listed: boolean;
  /** the day the deadline was finally met, when it was met late after being listed */
  metOn: IsoDate | null;
}

export interface BulletinContent {
  /** the shape of this snapshot, for readers of old rows */
  format: 1;
  title: string;
  period: { from: IsoDate; to: IsoDate };
  kind: string | null;
  /** the day open and overdue matters were judged on */
  asOf: IsoDate;
  generatedAt: string;
  thresholds: Thresholds;
  /** the issuing office named under the masthead (may be empty), and the supervisor's opening and closing words */
  issuer: string;
  intro: string;
  closing: string;
  totals: Pick<Figures, BulletinMetric>;
  /** every unit, in rank order (unranked units last, by name) */
  units: BulletinUnit[];
  /** 表扬: 100% on time, satisfaction at or above the threshold, nothing overdue */
  praised: Array<{ departmentId: number; name: string; replyDue: number; satisfactionRate: number }>;
  /** 通报批评: a rate below its threshold */
  criticised: BulletinShortfall[];
  /** 提醒: not below a threshold, but with overdue cases */
  reminded: Array<{ departmentId: number; name: string; overdue: number }>;
  overdue: OverdueItem[];
  /** the sentences of the praise, criticism and reminder sections, written once and frozen */
  text: { praise: string; criticism: string[]; reminder: string[] };
  /** set at publication */
  issue?: { year: number; seq: number } | null;
  publishedAt?: string | null;
}

const pick = (f: Figures): Pick<Figures, BulletinMetric> =>
  Object.fromEntries(BULLETIN_METRICS.map((k) => [k, f[k]])) as Pick<Figures, BulletinMetric>;

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, "zh-CN");

/** Descending, with "nothing to divide" (null) after every real rate. */
function rateDesc(a: number | null, b: number | null): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
}

/** A unit has something to judge when a reply fell due or a reply was rated in the period. */
function judged(f: Figures): boolean {
  return f.replyOnTimeRate !== null || f.satisfactionRate !== null;
}

/**
 * The ranking: reply on-time rate (high first), then satisfaction rate (high first), then fewer
 * overdue cases, then the unit's name. A missing rate ("—", nothing to divide) ranks below any
 * real one; units with neither are listed after the ranked ones, without a rank.
 */
export function rankUnits(units: StatsResult["units"]): BulletinUnit[] {
  const ranked = units
    .filter((u) => judged(u.figures))
    .sort(
      (a, b) =>
        rateDesc(a.figures.replyOnTimeRate, b.figures.replyOnTimeRate) ||
        rateDesc(a.figures.satisfactionRate, b.figures.satisfactionRate) ||
        Number(a.figures.overdue ?? 0) - Number(b.figures.overdue ?? 0) ||
        byName(a, b),
    );
  const rest = units.filter((u) => !judged(u.figures)).sort(byName);
  return [
    ...ranked.map((u, i) => ({
      departmentId: u.departmentId,
      name: u.name,
      rank: i + 1,
      figures: pick(u.figures),
    })),
    ...rest.map((u) => ({
      departmentId: u.departmentId,
      name: u.name,
      rank: null,
      figures: pick(u.figures),
    })),
  ];
}

/** 92.3% · 100% · — (nothing to divide). One decimal, trailing zero dropped. */
export function percent(rate: number | null): string {
  if (rate === null) return "—";
  const p = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(p) ? p.toFixed(0) : p.toFixed(1)}%`;
}

const LIST_SEP = "、";

export interface AssembleInput {
  title: string;
  stats: StatsResult;
  overdue: OverdueItem[];
  thresholds: Thresholds;
  issuer: string;
  intro: string;
  closing: string;
  generatedAt: string;
}

export function assembleBulletin(i: AssembleInput): BulletinContent {
  const units = rankUnits(i.stats.units);
  const th = i.thresholds;
  const overdueOf = new Map<number, number>();
  for (const u of units) overdueOf.set(u.departmentId, Number(u.figures.overdue ?? 0));

  const praised = units
    .filter(
      (u) =>
        u.figures.replyOnTimeRate === 1 &&
        u.figures.satisfactionRate !== null &&
        u.figures.satisfactionRate >= th.satisfactionRate &&
        !overdueOf.get(u.departmentId),
    )
    .map((u) => ({
      departmentId: u.departmentId,
      name: u.name,
      replyDue: Number(u.figures.replyDue ?? 0),
      satisfactionRate: u.figures.satisfactionRate as number,
    }));

  const criticised: BulletinShortfall[] = [];
  for (const u of units) {
    const below: BulletinShortfall["below"] = [];
    const onTime = u.figures.replyOnTimeRate;
    const sat = u.figures.satisfactionRate;
    if (onTime !== null && onTime < th.onTimeRate)
      below.push({ metric: "replyOnTimeRate", value: onTime, threshold: th.onTimeRate });
    if (sat !== null && sat < th.satisfactionRate)
      below.push({ metric: "satisfactionRate", value: sat, threshold: th.satisfactionRate });
    if (below.length)
      criticised.push({
        departmentId: u.departmentId,
        name: u.name,
        below,
        overdue: overdueOf.get(u.departmentId) ?? 0,
      });
  }
  const named = new Set(criticised.map((c) => c.departmentId));

  // Overdue cases by unit, as the list shows them (still open, or met late after being listed).
  const openOverdue = new Map<number, number>();
  for (const o of i.overdue)
    if (o.departmentId !== null && o.metOn === null)
      openOverdue.set(o.departmentId, (openOverdue.get(o.departmentId) ?? 0) + 1);
  const reminded = units
    .filter((u) => !named.has(u.departmentId) && (openOverdue.get(u.departmentId) ?? 0) > 0)
    .map((u) => ({
      departmentId: u.departmentId,
      name: u.name,
      overdue: openOverdue.get(u.departmentId) ?? 0,
    }));

  return {
    format: 1,
    title: i.title,
    period: { from: i.stats.from, to: i.stats.to },
    kind: i.stats.kind,
    asOf: i.stats.asOf,
    generatedAt: i.generatedAt,
    thresholds: th,
    issuer: i.issuer,
    intro: i.intro,
    closing: i.closing,
    totals: pick(i.stats.totals),
    units,
    praised,
    criticised,
    reminded,
    overdue: i.overdue,
    text: {
      praise: praised.length
        ? `${praised.map((p) => p.name).join(LIST_SEP)}在统计期间内按时答复率达到100%，满意率不低于${percent(th.satisfactionRate)}，且无逾期未办事项，予以通报表扬。`
        : "",
      criticism: criticised.map((c) => {
        const parts = c.below.map(
          (b) =>
            `${b.metric === "replyOnTimeRate" ? "按时答复率" : "满意率"}${percent(b.value)}，低于${percent(b.threshold)}`,
        );
        const late = c.overdue ? `，现有${c.overdue}件事项逾期未办结` : "";
        return `${c.name}：${parts.join("；")}${late}。`;
      }),
      reminder: reminded.map((r) => `${r.name}：现有${r.overdue}件事项逾期未办结，请抓紧办理并说明原因。`),
    },
  };
}

/** The default title: 2026年第四季度提案办理督办通报, 2026年10月…, 2026年度…. */
export function defaultTitle(from: IsoDate, to: IsoDate, kind: string | null): string {
  const what = kind === "proposal" ? "提案办理" : kind === "enterprise_request" ? "企业诉求办理" : "办理工作";
  const [fy, fm, fd] = from.split("-").map(Number);
  const [ty, tm, td] = to.split("-").map(Number);
  const lastDay = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  const wholeMonths = fd === 1 && td === lastDay;
  let when: string;
  if (wholeMonths && fy === ty && fm === 1 && tm === 12) when = `${fy}年度`;
  else if (wholeMonths && fy === ty && fm === tm) when = `${fy}年${fm}月`;
  else if (wholeMonths && fy === ty && tm - fm === 2 && (fm - 1) % 3 === 0)
    when = `${fy}年第${"一二三四"[(fm - 1) / 3]}季度`;
  else if (wholeMonths && fy === ty && fm === 1) when = `${fy}年1—${tm}月`;
  else when = `${fy}年${fm}月${fd}日至${ty === fy ? "" : `${ty}年`}${tm}月${td}日`;
  return `${when}${what}督办通报`;
}

export const DEFAULT_INTRO =
  "为进一步压实办理责任，提高办理质量和效率，现将统计期间内各承办单位的办理情况通报如下。";
export const DEFAULT_CLOSING =
  "请被通报批评和提醒的单位认真分析原因，落实整改措施，对逾期事项限期办结并书面说明情况；各单位要对照先进、查找差距，切实提高办理实效。";
