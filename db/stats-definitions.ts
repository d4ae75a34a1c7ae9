/**
 * What each figure of the supervisor's statistics (统计分析) means, written once: the page shows
 * these sentences beside the tables, the xlsx carries them on a sheet of their own, the CSV and the
 * API return them. Change a query in db/stats.ts and the sentence here in the same commit.
 * Pure data: safe to import anywhere. Decision record: docs/decisions/009-statistics.md.
 */

export type StatLang = "zh-CN" | "en";

/** count: a whole number · rate: a fraction 0–1 (null when nothing to divide by) · days: a mean */
export type MetricFormat = "count" | "rate" | "days";

export type MetricKey =
  | "assignedLead"
  | "assignedCo"
  | "signDue"
  | "signedOnTime"
  | "signOnTimeRate"
  | "replyDue"
  | "repliedOnTime"
  | "replyOnTimeRate"
  | "replied"
  | "avgReplyDays"
  | "open"
  | "overdue"
  | "returns"
  | "extensionsRequested"
  | "extensionsApproved"
  | "rehandled"
  | "satisfied"
  | "basicallySatisfied"
  | "unsatisfied"
  | "unevaluated"
  | "satisfactionRate"
  | "classA"
  | "classB"
  | "classC"
  | "classD"
  | "classAShare"
  | "classBShare"
  | "classCShare"
  | "classDShare";

/** workload: what the unit was given · timeliness: deadlines kept · results: replies and ratings */
export type MetricGroup = "workload" | "timeliness" | "results";

export interface MetricDefinition {
  key: MetricKey;
  group: MetricGroup;
  format: MetricFormat;
  label: Record<StatLang, string>;
  definition: Record<StatLang, string>;
}

const share = (cls: "A" | "B" | "C" | "D"): Pick<MetricDefinition, "label" | "definition"> => ({
  label: { "zh-CN": `${cls}类占比`, en: `Class ${cls} share` },
  definition: {
    "zh-CN": `${cls}类答复件数 ÷ 统计期间内签发的有分类的答复件数（只有提案答复分 A/B/C/D 类）。`,
    en: `Class ${cls} replies ÷ replies with a class released in the period (only proposal replies are classed A/B/C/D).`,
  },
});

const CLASS_MEANING: Record<"A" | "B" | "C" | "D", Record<StatLang, string>> = {
  A: { "zh-CN": "已解决或采纳", en: "solved or adopted" },
  B: { "zh-CN": "正在解决或列入计划", en: "being solved or planned" },
  C: { "zh-CN": "因条件限制暂不能解决", en: "cannot be solved now, for stated reasons" },
  D: { "zh-CN": "留作参考", en: "kept for reference" },
};

const classCount = (cls: "A" | "B" | "C" | "D"): Pick<MetricDefinition, "label" | "definition"> => ({
  label: { "zh-CN": `${cls}类`, en: `Class ${cls}` },
  definition: {
    "zh-CN": `统计期间内本单位签发的提案答复中，${cls}类（${CLASS_MEANING[cls]["zh-CN"]}）的件数。`,
    en: `Proposal replies the unit released in the period classed ${cls} (${CLASS_MEANING[cls].en}).`,
  },
});

const rating = (
  key: "satisfied" | "basicallySatisfied" | "unsatisfied",
  zh: string,
  en: string,
): MetricDefinition => ({
  key,
  group: "results",
  format: "count",
  label: { "zh-CN": zh, en },
  definition: {
    "zh-CN": `统计期间内对本单位答复作出的评价（提出人测评、企业评价或督办部门回访评价）为“${zh}”的件数，按评价日期。`,
    en: `Ratings of the unit's replies given in the period (by the proposer, the enterprise, or a supervisor's follow-up visit) that were “${en.toLowerCase()}”, by the date of the rating.`,
  },
});

/** Every figure, in the order the tables and exports show them. */
export const METRICS: readonly MetricDefinition[] = [
  {
    key: "assignedLead",
    group: "workload",
    format: "count",
    label: { "zh-CN": "交办（主办）", en: "Assigned (lead)" },
    definition: {
      "zh-CN":
        "统计期间内交办给本单位、由本单位主办的事项数，按交办日期；以本单位在该事项上的最后角色计，之后退回或改派的仍计入。",
      en: "Cases assigned to the unit as lead unit in the period, by the date of assignment; by the unit's last role on the case; cases it later returned or that were reassigned still count.",
    },
  },
  {
    key: "assignedCo",
    group: "workload",
    format: "count",
    label: { "zh-CN": "交办（会办）", en: "Assigned (co-handling)" },
    definition: {
      "zh-CN": "统计期间内交办给本单位、由本单位会办的事项数，口径同上。主办与会办分开统计，不相加。",
      en: "Cases assigned to the unit as co-handling unit in the period, counted as above. Lead and co-handling are kept apart, never added up.",
    },
  },
  {
    key: "signDue",
    group: "timeliness",
    format: "count",
    label: { "zh-CN": "应签收", en: "Sign-fors due" },
    definition: {
      "zh-CN":
        "签收期限在统计期间内的签收义务数：已签收的（不论早晚），加上截至统计日已过期限仍未签收的。已免除的（改派、退回、事项已答复）、尚未到期的、被新期限取代的不计。",
      en: "Sign-for obligations whose deadline falls in the period: those signed (early or late) plus those still unsigned past their deadline as of the reference date. Lifted ones (reassigned, returned, case already replied), ones not yet due, and ones replaced by a new date are left out.",
    },
  },
  {
    key: "signedOnTime",
    group: "timeliness",
    format: "count",
    label: { "zh-CN": "按时签收", en: "Signed on time" },
    definition: {
      "zh-CN": "应签收中，在期限当日或之前签收的件数。",
      en: "Of the sign-fors due, those signed on or before the deadline.",
    },
  },
  {
    key: "signOnTimeRate",
    group: "timeliness",
    format: "rate",
    label: { "zh-CN": "按时签收率", en: "Sign-for on-time rate" },
    definition: {
      "zh-CN": "按时签收 ÷ 应签收。逾期仍未签收的计入分母，拉低比率。",
      en: "Signed on time ÷ sign-fors due. Overdue unsigned ones are in the denominator and lower the rate.",
    },
  },
  {
    key: "replyDue",
    group: "timeliness",
    format: "count",
    label: { "zh-CN": "应答复", en: "Replies due" },
    definition: {
      "zh-CN":
        "答复期限在统计期间内的答复义务数（批准延期的以延期后的期限为准，重新办理的每轮单独计）：已签发答复的（不论早晚），加上截至统计日已过期限仍未签发的。被延期取代的原期限、已免除的、尚未到期的不计；企业诉求等待企业补充材料（停止计时）期间不计。",
      en: "Reply obligations whose deadline falls in the period (an approved extension's new date replaces the old one; each re-handling round counts on its own): replies released (early or late) plus those still not released past their deadline as of the reference date. Deadlines replaced by an extension, lifted ones and ones not yet due are left out; so is a request while its clock is stopped awaiting the enterprise.",
    },
  },
  {
    key: "repliedOnTime",
    group: "timeliness",
    format: "count",
    label: { "zh-CN": "按时答复", en: "Replied on time" },
    definition: {
      "zh-CN": "应答复中，单位负责人在期限当日或之前签发答复的件数。",
      en: "Of the replies due, those the unit's head released (签发) on or before the deadline.",
    },
  },
  {
    key: "replyOnTimeRate",
    group: "timeliness",
    format: "rate",
    label: { "zh-CN": "按时答复率", en: "Reply on-time rate" },
    definition: {
      "zh-CN": "按时答复 ÷ 应答复。逾期仍未答复的事项计入分母，不会被排除在外。",
      en: "Replied on time ÷ replies due. Cases still unanswered past their deadline are in the denominator; they are not left out.",
    },
  },
  {
    key: "replied",
    group: "results",
    format: "count",
    label: { "zh-CN": "签发答复", en: "Replies released" },
    definition: {
      "zh-CN": "统计期间内本单位签发的答复件数（重新办理的每轮答复各计一次）。",
      en: "Replies the unit released in the period (each re-handling round's reply counts once).",
    },
  },
  {
    key: "avgReplyDays",
    group: "timeliness",
    format: "days",
    label: { "zh-CN": "平均答复用时（工作日）", en: "Average days to reply (working days)" },
    definition: {
      "zh-CN":
        "统计期间内签发的答复，从交办之日（重新办理轮次从重新办理之日）到签发之日经过的工作日数的平均值。按工作日历计算：节假日和周末不计，调休上班日计入；等待企业补充材料的时间不扣除。",
      en: "For replies released in the period: the mean number of working days from assignment (for a re-handling round, from its start) to release. Counted on the working-day calendar: holidays and weekends do not count, make-up working days do; time spent awaiting the enterprise is not taken off.",
    },
  },
  {
    key: "open",
    group: "workload",
    format: "count",
    label: { "zh-CN": "在办", en: "Open" },
    definition: {
      "zh-CN":
        "截至统计日，本单位仍有未完成义务（签收、联系提出人、会办意见、答复、督办回复、答复中承诺的事项）的事项数。这是统计日的现状，不受统计期间限制。",
      en: "Cases in which the unit, as of the reference date, still owes something (sign-for, contacting the proposer, a co-handling opinion, the reply, a response to supervision, a commitment made in a reply). A snapshot on the reference date, whatever the period.",
    },
  },
  {
    key: "overdue",
    group: "workload",
    format: "count",
    label: { "zh-CN": "逾期", en: "Overdue" },
    definition: {
      "zh-CN": "在办事项中，至少有一项义务已过期限仍未完成的事项数（等待企业补充材料、停止计时的除外）。",
      en: "Of the open cases, those with at least one obligation past its deadline (except requests whose clock is stopped awaiting the enterprise).",
    },
  },
  {
    key: "returns",
    group: "workload",
    format: "count",
    label: { "zh-CN": "退回/申请调整", en: "Returns / objections" },
    definition: {
      "zh-CN": "统计期间内本单位退回企业诉求（退单）或对提案交办申请调整的次数。",
      en: "Times in the period the unit returned an enterprise request as misrouted (退单) or objected to a proposal's assignment (申请调整).",
    },
  },
  {
    key: "extensionsRequested",
    group: "timeliness",
    format: "count",
    label: { "zh-CN": "申请延期", en: "Extensions requested" },
    definition: {
      "zh-CN": "统计期间内本单位提出的延期申请次数。",
      en: "Extension requests the unit made in the period.",
    },
  },
  {
    key: "extensionsApproved",
    group: "timeliness",
    format: "count",
    label: { "zh-CN": "批准延期", en: "Extensions approved" },
    definition: {
      "zh-CN": "上述延期申请中已获督办部门批准的次数（以统计时的裁决为准；尚未裁决和不予批准的不计）。",
      en: "Of those requests, the ones a supervisor approved (as ruled when the statistics are made; pending and denied ones are not counted).",
    },
  },
  {
    key: "rehandled",
    group: "results",
    format: "count",
    label: { "zh-CN": "重新办理", en: "Re-handling rounds" },
    definition: {
      "zh-CN": "统计期间内开始的重新办理轮次数（提出人或企业对答复不满意而重新办理），计入该轮的主办单位。",
      en: "Re-handling rounds that started in the period (the proposer or enterprise was unsatisfied with the reply), counted for the round's lead unit.",
    },
  },
  rating("satisfied", "满意", "Satisfied"),
  rating("basicallySatisfied", "基本满意", "Basically satisfied"),
  rating("unsatisfied", "不满意", "Unsatisfied"),
  {
    key: "unevaluated",
    group: "results",
    format: "count",
    label: { "zh-CN": "未评价", en: "Not rated" },
    definition: {
      "zh-CN":
        "评价期限在统计期间内届满、截至统计日仍无评价的本单位答复件数。单独列示：既不算满意，也不计入满意率。",
      en: "Replies of the unit whose rating window ended in the period with no rating as of the reference date. Kept apart: never counted as satisfied, and left out of the satisfaction rate.",
    },
  },
  {
    key: "satisfactionRate",
    group: "results",
    format: "rate",
    label: { "zh-CN": "满意率", en: "Satisfaction rate" },
    definition: {
      "zh-CN": "（满意 + 基本满意）÷（满意 + 基本满意 + 不满意）。未评价的不计入分子，也不计入分母。",
      en: "(Satisfied + basically satisfied) ÷ (satisfied + basically satisfied + unsatisfied). Not-rated replies are in neither.",
    },
  },
  { key: "classA", group: "results", format: "count", ...classCount("A") },
  { key: "classB", group: "results", format: "count", ...classCount("B") },
  { key: "classC", group: "results", format: "count", ...classCount("C") },
  { key: "classD", group: "results", format: "count", ...classCount("D") },
  { key: "classAShare", group: "results", format: "rate", ...share("A") },
  { key: "classBShare", group: "results", format: "rate", ...share("B") },
  { key: "classCShare", group: "results", format: "rate", ...share("C") },
  { key: "classDShare", group: "results", format: "rate", ...share("D") },
];

export const METRIC_KEYS: readonly MetricKey[] = METRICS.map((m) => m.key);

export type SeriesKey = "intake" | "replied" | "closed";

/** The monthly series of the charts. */
export const SERIES: ReadonlyArray<{
  key: SeriesKey;
  label: Record<StatLang, string>;
  definition: Record<StatLang, string>;
}> = [
  {
    key: "intake",
    label: { "zh-CN": "收件", en: "Received" },
    definition: {
      "zh-CN": "该月提交（企业诉求含代为录入）的事项数，按提交日期。",
      en: "Cases submitted that month (enterprise requests include those filed on an enterprise's behalf), by submission date.",
    },
  },
  {
    key: "replied",
    label: { "zh-CN": "签发答复", en: "Replies released" },
    definition: {
      "zh-CN": "该月签发的答复件数（每轮答复各计一次）。",
      en: "Replies released that month (each round's reply counts once).",
    },
  },
  {
    key: "closed",
    label: { "zh-CN": "办结", en: "Closed" },
    definition: {
      "zh-CN": "该月办结的事项数（评价完成、评价期满或督办部门决定办结；不予立案、并案、撤回的不计）。",
      en: "Cases closed that month (rated, rating window over, or closed by a supervisor; not-accepted, merged and withdrawn cases are not counted).",
    },
  },
];

/** Words that frame every figure: the reference date and what the totals are. */
export const GENERAL_NOTES: ReadonlyArray<Record<StatLang, string>> = [
  {
    "zh-CN":
      "统计期间按日历日期（含起止两日）；“统计日”是计算统计的当天，判断是否逾期、是否仍在办都以统计日为准。",
    en: "The period is a range of calendar dates, both ends included; the reference date is the day the statistics are made, and whether something is overdue or still open is judged on that day.",
  },
  {
    "zh-CN":
      "合计行是各单位数字之和（一件事项有主办和会办单位时，各单位分别计入）；比率和平均用时按合计的分子、分母重新计算，不是各单位比率的平均。",
    en: "The totals row adds up the units' figures (a case with a lead and co-handling units counts for each of them); rates and averages are recomputed from the summed numerators and denominators, not averaged across units.",
  },
];
