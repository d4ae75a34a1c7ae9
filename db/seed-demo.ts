import type { Kysely } from "kysely";
import { detectFileType } from "../app/models/file-type.server";
import { displayName, storeFile } from "../app/models/uploads.server";
import { hashPassword, passwordProblem } from "../app/utils/password.server";
import type { WorkCalendar } from "../workflows/calendar";
import { addDays, type IsoDate, today as todayOf } from "../workflows/dates";
import { type Clock, createCase, dispatch } from "../workflows/engine";
import { CaseError } from "../workflows/errors";
import type { Actor } from "../workflows/types";
import { usccCheckChar, usccProblem } from "../workflows/uscc";
import type { StoredAttachment } from "./attachments";
import { loadCalendar } from "./calendar";
import { getCaseById } from "./cases";
import { tinyPdf, tinyPng } from "./demo-files";
import { findDepartmentByName, insertDepartment } from "./departments";
import { findByUscc, insertEnterprise } from "./enterprises";
import type { Case, Database, Locale, Role } from "./schema";
import { findUserByUsername, insertUser } from "./users";

/**
 * Demo data: departments, people of every role, about thirty proposals spread over every state of
 * the proposal machine, and nine enterprises (企业库) with about twenty requests (企业诉求) over every
 * state of theirs and all ten service themes. Every case is moved by the engine (createCase / dispatch) on a
 * clock that walks forward through working days before `now`, so history, deadlines, numbers and
 * outbox rows are exactly what real use would have produced. All people are fictional.
 */

export interface DemoLogin {
  username: string;
  role: string;
  displayName: string;
  department?: string;
  /** the enterprise an enterprise user (企业用户) acts for */
  enterprise?: string;
}

// ---------------------------------------------------------------------------------------------
// Departments and people
// ---------------------------------------------------------------------------------------------

const DEPARTMENTS = [
  { code: "fgj", name: "区发展和改革局", shortName: "发改局" },
  { code: "ghj", name: "区规划和自然资源分局", shortName: "规划分局" },
  { code: "kgx", name: "区科工商信局", shortName: "科工商信局" },
  { code: "wgl", name: "区文广旅体局", shortName: "文广旅体局" },
  { code: "csgx", name: "区城市更新局", shortName: "城市更新局" },
  { code: "rcb", name: "区人才办", shortName: "人才办" },
  { code: "zjj", name: "区住房和城乡建设局", shortName: "住建局" },
  { code: "jtj", name: "区交通运输局", shortName: "交通局" },
  { code: "jyj", name: "区教育局", shortName: "教育局" },
  { code: "wjj", name: "区卫生健康局", shortName: "卫健局" },
  { code: "sthj", name: "区生态环境分局", shortName: "生态环境分局" },
  { code: "nyj", name: "区农业农村局", shortName: "农业农村局" },
] as const;

type DeptCode = (typeof DEPARTMENTS)[number]["code"];

interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  dept?: DeptCode;
  /** enterprise users (企业用户) act for one enterprise of the registry */
  enterprise?: EntCode;
  email?: string;
  locale?: Locale;
  phone?: string;
}

/** Unit staff: a handler (承办人) for every department, a head (负责人) where replies get signed. */
const UNIT_STAFF: Array<{ dept: DeptCode; handler: string; head?: string }> = [
  { dept: "fgj", handler: "陈晓峰", head: "罗志刚" },
  { dept: "ghj", handler: "邓丽华", head: "吴国栋" },
  { dept: "kgx", handler: "郑宇航", head: "许海涛" },
  { dept: "wgl", handler: "冯嘉欣", head: "曾文斌" },
  { dept: "csgx", handler: "谢俊杰", head: "潘立新" },
  { dept: "rcb", handler: "苏婉婷", head: "钟卫东" },
  { dept: "zjj", handler: "李泽宇", head: "刘振华" },
  { dept: "jyj", handler: "孙晓燕", head: "马国强" },
  { dept: "jtj", handler: "杨帆" },
  { dept: "wjj", handler: "朱丽娜" },
  { dept: "sthj", handler: "叶青松" },
  { dept: "nyj", handler: "莫家豪" },
];

const DELEGATES: DemoUser[] = [
  { username: "weiyuan_lin", displayName: "林思远", role: "delegate" },
  { username: "weiyuan_chen", displayName: "陈雅琴", role: "delegate" },
  { username: "weiyuan_zhao", displayName: "赵明轩", role: "delegate" },
  { username: "weiyuan_huang", displayName: "黄振邦", role: "delegate" },
  { username: "weiyuan_liang", displayName: "梁慧敏", role: "delegate" },
  { username: "weiyuan_he", displayName: "何嘉文", role: "delegate", locale: "en" },
];

/**
 * The enterprise registry (企业库): fictional enterprises of the district's towns and parks. Codes
 * are well-formed 统一社会信用代码: 9 (registered by market regulation) 1 (enterprise), the
 * district's administrative code, a 9-character organisation code with its own GB 11714 check
 * character, and the GB 32100 check character over all of it.
 */
const REGION = "320412";
const ENTERPRISES = [
  {
    code: "jinggong",
    name: "常州精工机械制造有限公司",
    org: "MA1MJG7K",
    region: "湖塘镇",
    industry: "通用设备制造",
    size: "medium",
    contact: "周建平",
    phone: "0519-8651 2260",
    domain: "jinggong-demo.cn",
    user: { username: "qiye_jinggong", displayName: "周建平" },
  },
  {
    code: "huake",
    name: "常州华科新材料有限公司",
    org: "MA1N8HK3",
    region: "武进国家高新区",
    industry: "新材料",
    size: "small",
    contact: "沈丽",
    phone: "0519-8652 7718",
    domain: "huake-demo.cn",
    user: { username: "qiye_huake", displayName: "沈丽" },
  },
  {
    code: "tianmu",
    name: "常州天沐食品有限公司",
    org: "73652841",
    region: "礼嘉镇",
    industry: "农副食品加工",
    size: "small",
    contact: "陆文涛",
    phone: "0519-8653 0392",
    domain: "tianmu-demo.cn",
    user: { username: "qiye_tianmu", displayName: "陆文涛" },
  },
  {
    code: "ruixin",
    name: "常州瑞信电子科技有限公司",
    org: "MA1P2RX6",
    region: "西太湖科技产业园",
    industry: "电子元器件",
    size: "medium",
    contact: "顾晓东",
    phone: "0519-8654 5501",
    domain: "ruixin-demo.cn",
    user: { username: "qiye_ruixin", displayName: "顾晓东" },
  },
  {
    code: "hengtong",
    name: "常州恒通物流有限公司",
    org: "68093127",
    region: "牛塘镇",
    industry: "道路货物运输",
    size: "small",
    contact: "蒋伟",
    phone: "0519-8655 1846",
    domain: "hengtong-demo.cn",
    user: { username: "qiye_hengtong", displayName: "蒋伟" },
  },
  {
    code: "lvyuan",
    name: "常州绿源环保科技有限公司",
    org: "MA1Q4LY0",
    region: "洛阳镇",
    industry: "环保专用设备",
    size: "micro",
    contact: "汤敏",
    phone: "0519-8656 3370",
    domain: "lvyuan-demo.cn",
    user: { username: "qiye_lvyuan", displayName: "汤敏" },
  },
  {
    code: "xinghe",
    name: "常州星河纺织印染有限公司",
    org: "25084619",
    region: "横山桥镇",
    industry: "纺织印染",
    size: "large",
    contact: "钱国良",
    phone: "0519-8657 8023",
    domain: "xinghe-demo.cn",
    user: { username: "qiye_xinghe", displayName: "钱国良" },
  },
  {
    code: "zhiyun",
    name: "常州智云软件有限公司",
    org: "MA1R6WY9",
    region: "西太湖科技产业园",
    industry: "软件和信息技术服务",
    size: "micro",
    contact: "吴佳怡",
    phone: "0519-8658 4415",
    domain: "zhiyun-demo.cn",
    user: { username: "qiye_zhiyun", displayName: "吴佳怡" },
  },
  {
    code: "kangtai",
    name: "常州康泰医疗器械有限公司",
    org: "MA1T1KT5",
    region: "武进国家高新区",
    industry: "医疗器械",
    size: "medium",
    contact: "许振华",
    phone: "0519-8659 6632",
    domain: "kangtai-demo.cn",
    user: { username: "qiye_kangtai", displayName: "许振华" },
  },
] as const;

type EntCode = (typeof ENTERPRISES)[number]["code"];
const enterpriseOf = (code: EntCode) => ENTERPRISES.find((e) => e.code === code)!;

/** GB 11714 check character of an 8-character organisation code body. */
function orgCheckChar(body8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const value = (ch: string) => (/\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55);
  const c = 11 - ([...body8].reduce((sum, ch, i) => sum + value(ch) * weights[i], 0) % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

/** A well-formed 统一社会信用代码 for a demo enterprise (checked again before it is stored). */
function demoUscc(org8: string): string {
  const body = `91${REGION}${org8}${orgCheckChar(org8)}`;
  return body + usccCheckChar(body);
}

function demoUsers(): DemoUser[] {
  const units: DemoUser[] = UNIT_STAFF.flatMap((s) => {
    const n = DEPARTMENTS.findIndex((d) => d.code === s.dept) + 1;
    const phone = (k: number) => `020-8000 ${String(1000 + n * 10 + k)}`;
    const rows: DemoUser[] = [
      {
        username: `${s.dept}_handler`,
        displayName: s.handler,
        role: "handler",
        dept: s.dept,
        phone: phone(1),
      },
    ];
    if (s.head)
      rows.push({
        username: `${s.dept}_head`,
        displayName: s.head,
        role: "dept_head",
        dept: s.dept,
        phone: phone(2),
      });
    return rows;
  });
  return [
    { username: "admin", displayName: "系统管理员", role: "admin" },
    { username: "tianwei", displayName: "田伟", role: "supervisor", phone: "020-8000 1001" },
    { username: "supervisor2", displayName: "周敏", role: "supervisor", phone: "020-8000 1002" },
    ...units,
    ...DELEGATES,
    ...ENTERPRISES.map(
      (e): DemoUser => ({
        username: e.user.username,
        displayName: e.user.displayName,
        role: "enterprise",
        enterprise: e.code,
        email: `${e.user.username.replace(/^qiye_/, "")}@${e.domain}`,
        phone: e.phone,
      }),
    ),
  ];
}

const deptName = (code: DeptCode) => DEPARTMENTS.find((d) => d.code === code)!.name;

function loginsOf(users: DemoUser[]): DemoLogin[] {
  return users.map((u) => ({
    username: u.username,
    role: u.role,
    displayName: u.displayName,
    ...(u.dept ? { department: deptName(u.dept) } : {}),
    ...(u.enterprise ? { enterprise: enterpriseOf(u.enterprise).name } : {}),
  }));
}

// ---------------------------------------------------------------------------------------------
// Case scripts: what happened to each proposal, on which working day before `now`
// ---------------------------------------------------------------------------------------------

type DemoEvent = { type: string; [field: string]: unknown };

interface StepContext {
  /** the calendar date of the step */
  today: IsoDate;
  cal: WorkCalendar;
  /** the case as it is just before this step */
  row: Case;
  def: DemoCase;
  dept(code: DeptCode): number;
  caseId(key: string): number;
  addMonths(n: number): IsoDate;
  addWorkingDays(n: number): IsoDate;
  /** the date `n` working days before `now` */
  dayAgo(n: number): IsoDate;
  /** the open reply deadline of the case */
  replyDue(): Promise<IsoDate>;
  /** lead and co-handling units' names */
  units(): Promise<{ lead: string; co: string[] }>;
  userId(username: string): number;
  displayName(username: string): string;
  phone(username: string): string;
}

type EventSpec = DemoEvent | ((h: StepContext) => DemoEvent | Promise<DemoEvent>);

interface Step {
  /** working days before `now` (1 = the previous working day); never today, so never in the future */
  ago: number;
  /** a username, "author" (the case's author) or "system" (the deadline sweeper) */
  who: string;
  event: EventSpec;
}

interface DemoCase {
  /** a name for MERGE to refer to */
  key?: string;
  author: string;
  cosigners?: string[];
  title: string;
  body: string;
  measures?: string;
  /** working days before `now` the draft was written */
  created: number;
  steps: Step[];
  /** an enterprise request (企业诉求) instead of a proposal */
  request?: RequestSpec;
}

const paras = (...p: string[]) => p.join("\n\n");
const lines = (...l: string[]) => l.join("\n");
const handlerOf = (d: DeptCode) => `${d}_handler`;
const headOf = (d: DeptCode) => `${d}_head`;

const step = (ago: number, who: string, event: EventSpec): Step => ({ ago, who, event });
const submit = (ago: number) => step(ago, "author", { type: "SUBMIT" });
const accept = (ago: number, by = "tianwei") => step(ago, by, { type: "ACCEPT" });
const flagKey = (ago: number, by = "tianwei") => step(ago, by, { type: "FLAG_KEY", isKey: true });
const assign = (ago: number, lead: DeptCode, co: DeptCode[] = [], by = "tianwei") =>
  step(ago, by, (h) => ({ type: "ASSIGN", leadDepartmentId: h.dept(lead), coDepartmentIds: co.map(h.dept) }));
const sign = (ago: number, d: DeptCode) => step(ago, handlerOf(d), { type: "SIGN" });
const object = (ago: number, d: DeptCode, reason: string) => step(ago, headOf(d), { type: "OBJECT", reason });
const opinion = (ago: number, d: DeptCode, body: string) =>
  step(ago, handlerOf(d), { type: "SUBMIT_OPINION", body });
const contact = (
  ago: number,
  d: DeptCode,
  method: "phone" | "visit" | "meeting" | "letter" | "online",
  summary: string,
) => step(ago, handlerOf(d), (h) => ({ type: "RECORD_CONTACT", date: h.today, method, summary }));
const approve = (ago: number, d: DeptCode, note?: string) =>
  step(ago, headOf(d), { type: "APPROVE_REPLY", ...(note ? { note } : {}) });
const evaluate = (
  ago: number,
  result: "satisfied" | "basically_satisfied" | "unsatisfied",
  attitude: "satisfied" | "basically_satisfied" | "unsatisfied",
  comment: string,
) => step(ago, "author", { type: "EVALUATE", result, attitude, comment });

/** 答复: a letter to the member from the lead unit, with the handler as contact person. */
const reply = (
  ago: number,
  d: DeptCode,
  classification: "A" | "B" | "C" | "D",
  content: string | ((h: StepContext) => string),
  commitments: Array<[text: string, months: number]> = [],
) =>
  step(ago, handlerOf(d), async (h) => ({
    type: "SUBMIT_REPLY",
    classification,
    body: typeof content === "function" ? content(h) : await replyLetter(h, content),
    contactName: h.displayName(handlerOf(d)),
    contactPhone: h.phone(handlerOf(d)),
    commitments: commitments.map(([text, months]) => ({ text, dueDate: h.addMonths(months) })),
  }));

const cnDate = (d: IsoDate) =>
  `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

async function replyLetter(h: StepContext, content: string): Promise<string> {
  const { lead, co } = await h.units();
  const number = h.row.number ? `（第${h.row.number}号）` : "";
  const withUnits = co.length ? `会同${co.join("、")}认真研究办理` : "认真研究办理";
  const opening =
    h.row.round > 1
      ? `根据您对前次答复的意见，我单位对您提出的《${h.row.title}》${number}进行了重新办理，${withUnits}，并再次与您沟通。现将重新办理情况答复如下：`
      : `您提出的《${h.row.title}》${number}收悉。我单位高度重视，${withUnits}，并与您进行了沟通交流。现将办理情况答复如下：`;
  return paras(
    `${h.displayName(h.def.author)}委员：`,
    opening,
    content,
    "感谢您对我区工作的关心和支持，欢迎继续提出宝贵意见和建议。",
    `${lead}\n${cnDate(h.today)}`,
  );
}

function demoCases(): DemoCase[] {
  return [
    // 1 · the proposal of the domain texts (No. 62): replied, awaiting the member's rating
    {
      author: "weiyuan_lin",
      title: "关于加快构建特色小镇 助力我区乡村振兴战略实施的建议",
      body: P062_BODY,
      measures: P062_MEASURES,
      created: 92,
      steps: [
        submit(91),
        accept(83),
        flagKey(83),
        assign(60, "fgj", ["ghj", "kgx", "wgl", "csgx", "rcb"]),
        sign(59, "fgj"),
        sign(59, "ghj"),
        sign(59, "wgl"),
        sign(58, "kgx"),
        sign(58, "csgx"),
        sign(58, "rcb"),
        contact(
          P062_CONTACT_AGO,
          "fgj",
          "phone",
          "电话联系林思远委员，介绍建议办理思路和各会办单位的分工，委员对办理思路表示认可，希望进一步加强特色小镇人才引进和社会资本参与。",
        ),
        opinion(
          49,
          "ghj",
          "我局已组织编制乡村建设规划，对乡村基础设施和公共服务设施作出统筹安排；全区村庄规划已基本实现全覆盖，未编制村庄规划的村按控制性详细规划管理，可作为特色小镇选址和用地安排的依据。建议答复中说明因地制宜规划用地性质、防止“房地产化”倾向的管控措施。",
        ),
        opinion(
          48,
          "csgx",
          "我局已编制城乡更新总规和城市更新产业研究，并制定旧村庄更新改造公开引入合作企业的指导意见，明确了引入合作企业的相关要求，可为社会资本参与特色小镇建设提供政策依据。",
        ),
        opinion(
          47,
          "kgx",
          "我局持续举办产融对接活动，组织金融及投资机构与企业开展项目路演，可为社会资本参与特色小镇投资建设提供平台；建议答复中补充创新驱动政策对小镇特色产业的扶持情况。",
        ),
        opinion(
          46,
          "rcb",
          "我区已出台产业人才政策，实施青年人才创业扶持计划，推行人才公寓、人才租赁房等安居保障模式。建议答复中说明人才服务保障、产学研合作和高层次人才子女入学等方面的措施。",
        ),
        opinion(
          45,
          "wgl",
          "我区正在创建国家全域旅游示范区，已出台促进全域旅游发展管理办法，对新创建的市级以上旅游文化特色村给予奖励资金；我局将继续推进古镇文化旅游融合发展示范区创建和非遗项目保护传承工作。",
        ),
        reply(12, "fgj", "B", (h) => p062Reply(h), [
          ["争取市级年度土地利用计划中乡村振兴专项新增建设用地指标，统筹安排特色小镇项目用地", 4],
          ["继续举办产融对接活动，引入社会资本参与特色小镇基础设施和公共服务设施建设", 6],
        ]),
        approve(10, "fgj"),
      ],
    },

    // 2 · closed, satisfied
    {
      author: "weiyuan_chen",
      cosigners: ["weiyuan_zhao"],
      title: "关于加快推进老旧小区改造和既有住宅加装电梯的建议",
      body: paras(
        "我区2000年以前建成的老旧小区数量较多，多数为6至7层无电梯住宅，老年居民占比高，“上下楼难”已成为群众反映最集中的问题之一。近年来老旧小区微改造取得一定成效，但加装电梯推进仍然较慢。",
        "一是业主意见难统一，低层住户对采光、噪音和房屋价值顾虑较大，协商周期长；二是审批环节多、材料繁杂，群众不熟悉办理流程；三是资金筹措渠道单一，部分困难家庭难以承担分摊费用；四是管线迁改和后期维保责任不明确。",
      ),
      measures: lines(
        "1. 将加装电梯纳入老旧小区改造统筹推进，由街道、社区搭建协商议事平台，引导业主依法依规协商。",
        "2. 推行加装电梯“一站式”联合审批，编制办事指南，压缩审批时限。",
        "3. 加大财政补贴力度，支持提取住房公积金用于加装电梯，明确管线迁改和后期维保责任主体。",
      ),
      created: 90,
      steps: [
        submit(89),
        accept(84),
        assign(78, "zjj", ["csgx", "ghj"]),
        sign(77, "zjj"),
        sign(77, "csgx"),
        sign(76, "ghj"),
        opinion(
          70,
          "csgx",
          "老旧小区改造项目储备库已将加装电梯列为完善类改造内容，我局将在年度改造计划中优先安排加装意愿强、协商基础好的小区。",
        ),
        opinion(
          68,
          "ghj",
          "我局已简化既有住宅加装电梯规划手续，对符合条件的项目实行告知承诺制，不再单独办理建设工程规划许可，建议在答复中予以说明。",
        ),
        contact(
          65,
          "zjj",
          "visit",
          "承办人到委员所在社区实地走访，与居民代表座谈，了解加装电梯协商难点，并就答复思路听取委员意见。",
        ),
        reply(
          45,
          "zjj",
          "A",
          paras(
            "一、统筹推进加装电梯。我局会同区城市更新局将既有住宅加装电梯纳入老旧小区改造统筹推进，指导各街道建立“社区协商议事会”，由社区、物业、业主代表共同参与协商，今年以来已协调化解加装争议40余宗。",
            "二、简化审批流程。制定《既有住宅加装电梯联合审批工作指引》，实行“一窗受理、并联审批”，审批时限由40个工作日压缩至15个工作日；区规划和自然资源分局对符合条件的项目实行告知承诺制。",
            "三、拓宽资金渠道。对完成加装的项目按每台15万元给予财政补贴，支持业主提取住房公积金用于加装电梯，并明确由电梯使用人共同委托维保单位负责后期维护。",
          ),
        ),
        approve(44, "zjj"),
        evaluate(38, "satisfied", "satisfied", "办理及时，措施具体，加装电梯审批明显提速，满意。"),
      ],
    },

    // 3 · key proposal, handling, reply deadline passed: reminded, then a supervision notice
    {
      key: "parking",
      author: "weiyuan_zhao",
      cosigners: ["weiyuan_huang", "weiyuan_liang"],
      title: "关于破解老城区停车难问题的建议",
      body: paras(
        "随着机动车保有量持续增长，我区老城区、老旧小区及医院、学校周边停车供需矛盾日益突出，夜间停车缺口较大，占道停车、乱停乱放现象普遍，既影响道路通行，也带来消防安全隐患。",
        "停车设施建设存在用地难、投资回报周期长、社会资本参与意愿不高等问题；机关、企事业单位停车资源未能错时共享；智慧停车信息平台建设滞后，“找车位难”与“车位闲置”并存。",
      ),
      measures: lines(
        "1. 编制老城区停车设施专项规划，利用边角地、闲置地建设立体停车库，鼓励社会资本投资建设和运营。",
        "2. 推动机关、企事业单位停车场在夜间和节假日向周边居民错时开放。",
        "3. 建设全区统一的智慧停车平台，实现车位信息实时查询、预约和无感支付。",
      ),
      created: 90,
      steps: [
        submit(89),
        accept(83),
        flagKey(83),
        assign(78, "jtj", ["ghj", "zjj"]),
        sign(77, "jtj"),
        sign(77, "ghj"),
        sign(76, "zjj"),
        contact(
          70,
          "jtj",
          "meeting",
          "召开老城区停车难专题座谈会，邀请委员及街道、交警部门参加，听取意见建议。",
        ),
        opinion(
          62,
          "ghj",
          "我局已梳理老城区可用于建设公共停车设施的边角地块14处，可结合控制性详细规划调整优先保障停车设施用地，建议牵头单位统筹纳入停车设施专项规划。",
        ),
        opinion(
          58,
          "zjj",
          "我局将督促新建住宅项目严格按配建标准建设停车位，并在老旧小区改造中同步挖潜增加停车位。",
        ),
        step(25, "tianwei", {
          type: "REMIND",
          message: "该重点提案答复期限将至，请抓紧办理，按时答复委员。",
        }),
        step(3, "tianwei", (h) => ({
          type: "SUPERVISE",
          message: "该重点提案已超过答复期限，请于回复期限前报送办理进展和答复计划，并说明逾期原因。",
          respondBy: h.addWorkingDays(5),
        })),
      ],
    },

    // 4 · closed, basically satisfied; B with commitments
    {
      author: "weiyuan_huang",
      title: "关于加大人才公寓供给 完善配套服务的建议",
      body: paras(
        "近年来我区引进各类人才数量稳步增长，但人才住房保障与人才集聚速度不相匹配。部分人才公寓选址偏远，周边交通、商业、教育配套不足，入住率不高，而产业园区附近的房源又供不应求。",
        "人才公寓申请条件、审核流程和租金标准在各园区之间不统一，房源信息分散，青年人才难以及时获取。",
      ),
      measures: lines(
        "1. 结合产业园区布局，在园区周边通过新建、配建、改建等方式增加人才公寓供给。",
        "2. 建立全区统一的人才安居服务平台，统一申请条件、审核流程和租金标准。",
        "3. 完善人才公寓周边公交、商业、托幼等配套设施。",
      ),
      created: 90,
      steps: [
        submit(88),
        accept(82),
        assign(77, "rcb", ["zjj", "csgx"]),
        sign(76, "rcb"),
        sign(76, "zjj"),
        sign(75, "csgx"),
        opinion(
          66,
          "zjj",
          "我局将在年度保障性租赁住房筹集计划中统筹安排产业园区周边房源，并配合做好人才公寓周边配套设施建设。",
        ),
        opinion(64, "csgx", "城市更新项目可按规定配建一定比例的人才公寓，我局将在项目审批中予以落实。"),
        contact(
          60,
          "rcb",
          "phone",
          "电话联系委员，介绍人才公寓筹建计划和申请流程调整思路，委员建议重点解决园区周边房源不足问题。",
        ),
        reply(
          40,
          "rcb",
          "B",
          paras(
            "一、增加房源供给。我办会同区住房和城乡建设局、区城市更新局，在科技园区和先进制造业园区周边通过新建、城市更新项目配建和存量房屋改建等方式筹集人才公寓，目前在建房源约800套。",
            "二、统一服务标准。我们正在整合各园区人才公寓申请政策，拟统一申请条件、审核流程和租金标准，并建设全区人才安居服务平台，实现房源信息公开和线上申请。",
            "三、完善周边配套。结合公交线网优化和社区配套建设，逐步补齐人才公寓周边交通、商业和托幼配套。",
          ),
          [
            ["上线全区人才安居服务平台，实现人才公寓线上申请和房源公开", 3],
            ["在科技园区周边新增人才公寓房源500套", 6],
          ],
        ),
        approve(39, "rcb"),
        evaluate(
          30,
          "basically_satisfied",
          "satisfied",
          "答复态度诚恳，思路清晰，但园区周边房源供给仍需加快，希望按承诺时间落实。",
        ),
      ],
    },

    // 5 · closed, satisfied
    {
      author: "weiyuan_liang",
      title: "关于进一步缓解中小企业融资难融资贵的建议",
      body: paras(
        "中小企业是稳就业、促创新的重要力量。受市场环境影响，我区不少中小微企业经营压力加大，普遍反映贷款门槛高、审批慢、抵押物不足，首贷难、续贷难问题较为突出。",
        "现有政策性融资担保规模偏小，风险补偿资金使用效率不高；银企信息不对称，企业对各类金融扶持政策知晓率低。",
      ),
      measures: lines(
        "1. 扩大政府性融资担保规模，降低担保费率，完善贷款风险补偿机制。",
        "2. 常态化开展产融对接活动，建立融资需求企业“白名单”，推动银行精准对接。",
        "3. 搭建企业信用信息共享平台，推广纯信用贷款产品。",
      ),
      created: 89,
      steps: [
        submit(88),
        accept(82),
        assign(76, "kgx", ["fgj"]),
        sign(75, "kgx"),
        sign(75, "fgj"),
        opinion(
          65,
          "fgj",
          "我局将把中小企业融资纳入优化营商环境重点任务，配合推进企业信用信息归集共享和信用贷款平台推广。",
        ),
        contact(62, "kgx", "meeting", "邀请委员参加中小企业产融对接会，现场听取企业和委员的意见。"),
        reply(
          50,
          "kgx",
          "A",
          paras(
            "一、加大融资担保支持。区政府性融资担保机构注册资本已增至5亿元，担保费率降至1%以下，贷款风险补偿资金池规模扩大至2亿元。",
            "二、常态化产融对接。今年以来共举办产融对接活动12场，建立融资需求企业“白名单”300余家，推动银行为260家企业新增授信约18亿元。",
            "三、推广信用贷款。依托区企业信用信息共享平台，联合合作银行推出纯信用贷款产品，已为首贷企业发放贷款约3亿元。",
          ),
        ),
        approve(49, "kgx"),
        evaluate(44, "satisfied", "satisfied", "办理工作扎实，产融对接活动实效明显，满意。"),
      ],
    },

    // 6 · reply_review after an approved extension
    {
      author: "weiyuan_lin",
      cosigners: ["weiyuan_liang"],
      title: "关于支持制造业企业“智改数转”的建议",
      body: paras(
        "推进智能化改造和数字化转型是制造业高质量发展的必由之路。我区规模以上工业企业中开展数字化转型的比例仍不足四成，中小企业普遍存在“不会转、不敢转、不能转”的问题。",
        "一是转型投入大、见效慢，企业资金压力大；二是缺乏既懂制造又懂数字技术的复合型人才；三是第三方服务机构水平参差不齐，企业难以甄别合适的解决方案。",
      ),
      measures: lines(
        "1. 设立“智改数转”专项资金，对企业智能化改造项目按设备投资额给予一定比例补助。",
        "2. 遴选一批优质服务商，为中小企业提供免费诊断服务，打造行业示范标杆。",
        "3. 联合职业院校开展数字化技能人才培训，纳入产业人才政策支持范围。",
      ),
      created: 89,
      steps: [
        submit(87),
        accept(81),
        assign(76, "kgx", ["fgj", "rcb"]),
        sign(75, "kgx"),
        sign(75, "rcb"),
        sign(74, "fgj"),
        contact(
          66,
          "kgx",
          "online",
          "通过视频会议与委员沟通，介绍企业数字化转型诊断服务开展情况和专项资金政策修订进展。",
        ),
        opinion(60, "fgj", "我局将积极争取上级制造业高质量发展专项资金，支持我区企业智能化改造项目申报。"),
        opinion(58, "rcb", "数字化复合型人才可纳入我区产业人才目录，享受相应的人才奖励和安居保障政策。"),
        step(24, handlerOf("kgx"), async (h) => ({
          type: "REQUEST_EXTENSION",
          until: h.cal.addMonths(await h.replyDue(), 1).due,
          reason:
            "建议涉及的“智改数转”专项资金管理办法正在修订，需待区政府常务会议审议后一并答复，申请延期一个月。",
        })),
        step(22, "supervisor2", { type: "APPROVE_EXTENSION", note: "同意延期，请在延期期限内答复。" }),
        reply(
          4,
          "kgx",
          "B",
          paras(
            "一、加大资金支持。我局已起草《“智改数转”专项资金管理办法》，拟对企业智能化改造项目按设备投资额的10%给予补助，单个项目最高300万元，目前已报区政府审议。",
            "二、开展免费诊断。遴选12家优质服务商组成服务商资源池，今年已为86家中小企业开展免费数字化诊断，培育市级数字化转型示范项目5个。",
            "三、强化人才支撑。会同区人才办将数字化复合型人才纳入产业人才目录，联合职业院校开展数字化技能培训。",
          ),
          [
            ["出台“智改数转”专项资金管理办法", 3],
            ["完成100家中小企业数字化转型免费诊断", 6],
          ],
        ),
      ],
    },

    // 7 · handling: one co-handling opinion in, one still pending
    {
      author: "weiyuan_liang",
      cosigners: ["weiyuan_he"],
      title: "关于推进生活垃圾分类提质增效的建议",
      body: paras(
        "我区生活垃圾分类工作全面推开以来，居民知晓率明显提高，但分类准确率仍有待提升，部分小区“前端分、后端混”现象仍然存在，群众对分类成效信心不足。",
        "城中村、出租屋集中区域分类设施不足、督导力量薄弱；厨余垃圾处理能力与产生量不匹配；分类激励以积分兑换为主，吸引力有限。",
      ),
      measures: lines(
        "1. 完善分类收集、运输、处理全链条，杜绝混装混运，并向社会公开运输处理情况。",
        "2. 在城中村和出租屋集中区域增设定时定点投放点，配齐督导员。",
        "3. 探索“积分+信用”激励机制，将分类表现纳入文明家庭、文明单位评选。",
      ),
      created: 62,
      steps: [
        submit(61),
        accept(57),
        assign(20, "zjj", ["sthj", "csgx"], "supervisor2"),
        sign(19, "zjj"),
        sign(19, "csgx"),
        sign(18, "sthj"),
        contact(12, "zjj", "phone", "电话联系委员，了解其调研发现的混装混运问题点位，约定近期共同实地察看。"),
        opinion(
          8,
          "csgx",
          "我局将在城市更新和老旧小区改造项目中同步规划建设垃圾分类投放点和收集站，并预留厨余垃圾就地处理设施用地。",
        ),
      ],
    },

    // 8 · closed, unsatisfied after re-handling; an objection dismissed on the way
    {
      author: "weiyuan_huang",
      cosigners: ["weiyuan_lin", "weiyuan_chen"],
      title: "关于增加义务教育公办学位供给的建议",
      body: paras(
        "随着人口持续流入和新建住宅小区陆续交付，我区部分片区义务教育学位供需矛盾突出，一些学校大班额现象重新出现，新建小区配套学校建设滞后于住宅交付。",
        "部分配套学校用地长期未能落实，建设周期长；教师编制紧张，新开办学校师资不足；学位预警机制不健全，家长对入学政策的预期不稳定。",
      ),
      measures: lines(
        "1. 建立学位供需预警机制，按人口变化动态调整学校布局规划。",
        "2. 严格落实新建住宅小区配套学校与住宅“同步规划、同步建设、同步交付”。",
        "3. 通过盘活闲置校舍、改扩建等方式挖潜扩容，并统筹增加教师编制。",
      ),
      created: 91,
      steps: [
        submit(90),
        accept(84),
        flagKey(84),
        assign(79, "jyj", ["ghj", "fgj"]),
        sign(78, "jyj"),
        sign(78, "fgj"),
        sign(78, "ghj"),
        object(77, "ghj", "学位供给和学校建设属教育部门职责，我局仅负责用地规划管理，建议不再列为会办单位。"),
        step(75, "tianwei", {
          type: "DISMISS_OBJECTION",
          reason:
            "学校布局规划和新建小区配套学校用地落实需规划部门提出意见，请区规划和自然资源分局继续会办。",
        }),
        opinion(68, "fgj", "我局将把新建、改扩建学校项目纳入区重点项目计划，优先安排政府投资。"),
        opinion(
          66,
          "ghj",
          "我局已在控制性详细规划中预留中小学用地42宗，将配合教育部门做好新建住宅小区配套学校用地落实。",
        ),
        contact(64, "jyj", "meeting", "邀请委员和部分家长代表召开座谈会，介绍学位建设计划和招生政策。"),
        reply(
          50,
          "jyj",
          "B",
          paras(
            "一、加快学校建设。我局会同区发展和改革局将新建、改扩建中小学项目纳入区重点项目计划，今年计划新建、改扩建中小学5所，新增公办学位约6000个。",
            "二、建立学位预警机制。依托人口和住宅交付数据，按学区开展学位供需测算，每年向社会发布学位预警信息。",
            "三、挖潜扩容。通过盘活闲置校舍、改造功能室等方式增加学位，并积极争取增加教师编制。",
          ),
          [["新建、改扩建中小学5所，新增公办学位约6000个", 8]],
        ),
        approve(49, "jyj"),
        evaluate(
          45,
          "unsatisfied",
          "basically_satisfied",
          "答复对新建小区配套学校建设滞后的问题没有提出具体解决时间表，请重新办理。",
        ),
        contact(
          40,
          "jyj",
          "visit",
          "陪同委员实地察看两所在建配套学校，说明建设进度、开办计划和师资配备安排。",
        ),
        reply(
          32,
          "jyj",
          "B",
          paras(
            "一、明确配套学校建设时间表。两所在建配套学校主体工程已完工，正在进行室内装修和设备采购，确保秋季学期前建成开办；另有三所配套学校已完成立项，明年上半年开工。",
            "二、落实配套学校“三同步”。我局会同区规划和自然资源分局、区住房和城乡建设局建立新建住宅小区配套学校联合验收机制，配套学校未按期交付的，住宅项目不予通过竣工联合验收。",
          ),
          [["两所在建配套学校在秋季学期前建成开办", 5]],
        ),
        approve(31, "jyj"),
        evaluate(
          22,
          "unsatisfied",
          "basically_satisfied",
          "对办理态度基本满意，但片区学位缺口问题仍未得到实质解决，将继续关注。",
        ),
      ],
    },

    // 9 · assigned; the lead unit has not signed for it and the sign-for date has passed
    {
      author: "weiyuan_liang",
      title: "关于完善社区居家养老服务体系的建议",
      body: paras(
        "我区60岁以上户籍老年人口占比已超过18%，高龄、独居老人数量逐年增加，居家养老服务需求日益多样化。",
        "现有社区养老服务设施分布不均，部分日间照料中心功能单一、利用率不高；医养结合服务供给不足，老人就近就医、康复护理需求难以满足；专业护理人员缺乏，流动性大。",
      ),
      measures: lines(
        "1. 按照“一街一中心、一社区一站点”布局完善社区养老服务设施。",
        "2. 推动社区卫生服务中心与养老服务机构签约合作，发展家庭病床和上门医疗服务。",
        "3. 加强养老护理员培训和职业激励，稳定专业队伍。",
      ),
      created: 30,
      steps: [
        submit(29),
        accept(25),
        assign(12, "wjj", ["zjj"]),
        sign(11, "zjj"),
        step(5, "tianwei", {
          type: "REMIND",
          message: "该提案已超过签收期限，请区卫生健康局尽快签收并开展办理。",
        }),
      ],
    },

    // 10 · handling: contact made, one opinion in, the other waived by the supervisor
    {
      author: "weiyuan_zhao",
      cosigners: ["weiyuan_huang"],
      title: "关于加强河涌综合治理 巩固水环境治理成效的建议",
      body: paras(
        "经过多年治理，我区黑臭水体基本消除，但部分河涌水质仍不稳定，雨季溢流污染、旱季“返黑返臭”问题时有发生。",
        "一是部分城中村和老旧小区雨污分流不彻底，污水管网存在错接、混接；二是河涌沿岸农业面源污染和养殖尾水排放监管不到位；三是河长巡查发现问题的整改闭环不够及时。",
      ),
      measures: lines(
        "1. 全面排查整治雨污管网错接混接，加快城中村截污纳管。",
        "2. 加强河涌沿岸农业面源污染和养殖尾水治理。",
        "3. 完善河长制问题发现、交办、整改、销号闭环机制，引入公众监督。",
      ),
      created: 75,
      steps: [
        submit(74),
        accept(70),
        assign(40, "sthj", ["nyj", "zjj"]),
        sign(39, "sthj"),
        sign(39, "nyj"),
        sign(38, "zjj"),
        contact(30, "sthj", "visit", "与委员共同巡河，实地察看重点河涌排口整治和水质监测情况。"),
        opinion(
          28,
          "nyj",
          "我局将推进养殖池塘标准化改造和尾水达标排放，已完成尾水处理设施改造约3000亩，并加强化肥农药减量增效。",
        ),
        step(20, "supervisor2", (h) => ({
          type: "WAIVE_OPINION",
          departmentId: h.dept("zjj"),
          reason: "区住房和城乡建设局的意见已在河涌治理联席会议上提出并纳入会议纪要，经协调免于书面会办。",
        })),
      ],
    },

    // 11 · assigned; the lead unit's head asks for a change of assignment (objection pending)
    {
      author: "weiyuan_lin",
      title: "关于发展夜间经济 激发消费活力的建议",
      body: paras(
        "夜间经济是扩大内需、促进消费的重要抓手。我区拥有古镇、滨水岸线和大型商业综合体等资源，但夜间消费业态较为单一，以餐饮为主，文化、旅游、体育等夜间消费供给不足。",
        "夜间公共交通接驳不便，停车难；部分夜市管理粗放，噪音、油烟扰民问题引发周边居民投诉。",
      ),
      measures: lines(
        "1. 规划打造2至3个特色夜间消费集聚区，丰富夜游、夜演、夜购等业态。",
        "2. 延长重点区域公交、地铁接驳运营时间，优化夜间停车供给。",
        "3. 建立夜间经济综合管理机制，兼顾消费活力与居民休息。",
      ),
      created: 20,
      steps: [
        submit(19),
        accept(14),
        assign(2, "wgl", ["kgx", "jtj"]),
        sign(1, "kgx"),
        sign(1, "jtj"),
        object(
          1,
          "wgl",
          "夜间经济以商贸消费为主，涉及商业网点规划和促消费政策，建议调整由区科工商信局牵头办理，我局作为会办单位负责夜游、夜演等文旅业态。",
        ),
      ],
    },

    // 12 · handling; the lead unit asked for an extension, not yet ruled on
    {
      author: "weiyuan_huang",
      title: "关于推动农文旅融合发展 助力乡村振兴的建议",
      body: paras(
        "我区乡村拥有岭南水乡风貌、传统村落和特色农产品等资源，但农文旅融合发展仍处于初级阶段，项目规模小、布局散、同质化明显，缺乏有影响力的精品线路和品牌。",
        "乡村旅游基础设施和公共服务配套不足，停车、公厕、民宿等短板明显；村集体经济组织和村民参与度不高，利益联结机制不健全。",
      ),
      measures: lines(
        "1. 编制农文旅融合发展规划，串联特色村落，打造精品旅游线路。",
        "2. 完善乡村旅游基础设施，规范发展乡村民宿。",
        "3. 推广“村集体+企业+农户”合作模式，让村民共享发展收益。",
      ),
      created: 86,
      steps: [
        submit(85),
        accept(80),
        assign(58, "nyj", ["wgl", "ghj"]),
        sign(57, "nyj"),
        sign(57, "wgl"),
        sign(56, "ghj"),
        contact(50, "nyj", "visit", "陪同委员到三个特色村调研乡村旅游发展情况，听取村干部和民宿经营户意见。"),
        opinion(
          45,
          "wgl",
          "我局将把特色村落纳入全域旅游精品线路推广，支持创建旅游文化特色村，并指导乡村民宿规范经营。",
        ),
        opinion(
          44,
          "ghj",
          "我局将在村庄规划中统筹安排乡村旅游配套设施用地，支持利用闲置农房和集体建设用地发展乡村民宿。",
        ),
        step(3, handlerOf("nyj"), async (h) => ({
          type: "REQUEST_EXTENSION",
          until: h.cal.addMonths(await h.replyDue(), 2).due,
          reason:
            "建议涉及的农文旅融合发展规划正在编制，需待规划成果经区政府审定后一并答复，申请延期两个月。",
        })),
      ],
    },

    // 13 · re-handling: the member was not satisfied with a C-class reply
    {
      author: "weiyuan_chen",
      title: "关于稳妥推进城中村改造的建议",
      body: paras(
        "城中村改造是改善群众居住条件、推动城市高质量发展的重要举措。我区仍有较多城中村存在房屋老旧、消防隐患突出、公共服务设施不足等问题，群众改造意愿强烈。",
        "但部分改造项目推进缓慢，补偿标准不统一，村民对改造方案参与不够；个别项目合作企业资金紧张，回迁安置房建设滞后，群众意见较大。",
      ),
      measures: lines(
        "1. 坚持“留改拆”并举，因村施策，成熟一个推进一个。",
        "2. 完善村民全过程参与机制，改造方案须经村民充分协商表决。",
        "3. 加强对合作企业的资金监管，确保回迁安置房优先建设、按期交付。",
      ),
      created: 89,
      steps: [
        submit(88),
        accept(82),
        assign(77, "csgx", ["ghj", "zjj"]),
        sign(76, "csgx"),
        sign(76, "ghj"),
        sign(75, "zjj"),
        contact(68, "csgx", "phone", "电话联系委员，了解其关注的两个城中村改造项目的具体情况。"),
        opinion(64, "ghj", "我局将按照“留改拆”并举的原则，指导改造片区规划编制，落实公共服务设施配建要求。"),
        opinion(62, "zjj", "我局将加强回迁安置房建设质量和进度监管，督促参建单位按合同工期推进。"),
        reply(
          20,
          "csgx",
          "C",
          paras(
            "一、改造总体情况。我区坚持“留改拆”并举、以保留提升为主，目前已批复城中村改造实施方案6个，其中3个项目的回迁安置房已开工建设。",
            "二、关于回迁安置房建设滞后问题。您反映的项目因合作企业资金周转困难，回迁安置房建设进度滞后。目前我局正督促合作企业筹措资金，并研究引入国有企业参与的可行性，由于涉及合同变更和资金监管安排，暂时无法明确具体复工时间，我们将持续跟进。",
          ),
        ),
        approve(19, "csgx"),
        evaluate(
          12,
          "unsatisfied",
          "basically_satisfied",
          "对回迁安置房建设滞后问题答复不具体，群众最关心的复工和回迁时间没有明确，请重新办理。",
        ),
        contact(
          8,
          "csgx",
          "visit",
          "陪同委员到回迁安置房项目现场了解停工情况，听取村民代表意见，并通报国有企业参与项目的洽谈进展。",
        ),
      ],
    },

    // 14 · accepted, waiting to be assigned
    {
      author: "weiyuan_huang",
      cosigners: ["weiyuan_zhao"],
      title: "关于优化公交线网 打通地铁接驳“最后一公里”的建议",
      body: paras(
        "我区地铁线网不断完善，但部分地铁站点与周边居住区、产业园区之间接驳公交不足，群众“最后一公里”出行不便，共享单车乱停放问题也较突出。",
        "现有公交线路重复率较高，部分线路绕行严重、班次间隔长，高峰时段运力不足。",
      ),
      measures: lines(
        "1. 开通地铁站点至周边社区、园区的社区微循环公交。",
        "2. 优化调整重复绕行线路，提高高峰时段发车频次。",
        "3. 在地铁站点周边规范设置共享单车停放区。",
      ),
      created: 12,
      steps: [submit(11), accept(6)],
    },

    // 15 · handling, a single lead unit that has contacted the member
    {
      author: "weiyuan_chen",
      title: "关于提升基层医疗服务能力的建议",
      body: paras(
        "基层医疗服务能力不足是群众“看病难”的重要原因。部分社区卫生服务中心服务能力有限，群众对基层医疗信任度不高，大量常见病、慢性病患者涌向区级医院。",
        "基层医务人员数量不足、待遇偏低，全科医生缺口较大；家庭医生签约服务存在“签而不约”现象；基层检查检验设备和药品配备不能满足慢病管理需要。",
      ),
      measures: lines(
        "1. 加强全科医生培养和引进，提高基层医务人员待遇。",
        "2. 做实家庭医生签约服务，为签约居民提供优先预约、长处方等便利。",
        "3. 推进区域检查检验结果互认，补齐基层设备和常用药品。",
      ),
      created: 50,
      steps: [
        submit(49),
        accept(46),
        assign(35, "wjj"),
        sign(34, "wjj"),
        contact(
          25,
          "wjj",
          "phone",
          "电话联系委员，了解其对家庭医生签约服务“签而不约”问题的具体意见和调研情况。",
        ),
      ],
    },

    // 16 · replied (A), awaiting the member's rating
    {
      author: "weiyuan_liang",
      title: "关于优化青年人才创新创业扶持政策的建议",
      body: paras(
        "青年人才是创新创业最活跃的群体。我区已出台多项人才扶持政策，但部分政策申报门槛较高、兑现周期较长，青年人才初创项目难以享受。",
        "创业孵化载体服务同质化，专业化投融资、技术转移服务不足；青年人才对政策知晓度不高，存在“不知道、不会报”的问题。",
      ),
      measures: lines(
        "1. 降低青年人才初创项目申报门槛，推行政策“免申即享”，缩短资金兑现周期。",
        "2. 支持孵化载体引入专业投资机构和技术转移服务。",
        "3. 建立人才政策“一站式”服务窗口，开展政策进园区、进高校宣讲。",
      ),
      created: 70,
      steps: [
        submit(69),
        accept(65),
        assign(60, "rcb", ["kgx"]),
        sign(59, "rcb"),
        sign(59, "kgx"),
        contact(
          48,
          "rcb",
          "phone",
          "电话联系委员，介绍青年人才创业扶持政策修订情况，听取其对申报门槛和兑现周期的意见。",
        ),
        opinion(
          45,
          "kgx",
          "我局将支持孵化载体提升专业服务能力，在科技企业孵化器认定和绩效评价中加大投融资和技术转移服务的权重。",
        ),
        reply(
          12,
          "rcb",
          "A",
          paras(
            "一、降低门槛、提速兑现。我办已修订青年人才创业扶持实施细则，将初创项目申报门槛由注册满一年调整为注册满半年，并对符合条件的项目推行“免申即享”，资金兑现周期由90天压缩至30天。",
            "二、提升孵化服务。会同区科工商信局支持孵化载体引入专业投资机构和技术转移服务机构，今年新增专业化孵化载体4家。",
            "三、加强政策宣传。在区政务服务中心设立人才政策“一站式”服务窗口，今年已开展政策进园区、进高校宣讲20场。",
          ),
        ),
        approve(10, "rcb"),
      ],
    },

    // 17 · closed, basically satisfied; B with a commitment
    {
      author: "weiyuan_zhao",
      title: "关于加强历史文化街区保护与活化利用的建议",
      body: paras(
        "我区历史文化资源丰富，拥有多处历史文化街区、传统村落和文物保护单位。但部分历史建筑年久失修，保护责任落实不到位；街区活化利用方式单一，商业业态同质化，文化内涵挖掘不够。",
        "非遗项目传承人老龄化明显，后继乏人；历史文化资源的展示、宣传和数字化保护相对滞后。",
      ),
      measures: lines(
        "1. 开展历史建筑普查建档，落实保护责任人和修缮资金。",
        "2. 引入文创、非遗工坊、特色民宿等业态，推动街区活化利用。",
        "3. 加强非遗传承人培养，推进历史文化资源数字化保护和展示。",
      ),
      created: 88,
      steps: [
        submit(86),
        accept(81),
        assign(75, "wgl", ["ghj", "csgx"]),
        sign(74, "wgl"),
        sign(74, "ghj"),
        sign(73, "csgx"),
        contact(66, "wgl", "visit", "陪同委员走访历史文化街区，察看历史建筑保护现状和非遗工坊运营情况。"),
        opinion(
          62,
          "ghj",
          "我局已完成历史文化街区保护规划编制，将严格落实历史建筑保护范围和建设控制地带管控要求。",
        ),
        opinion(60, "csgx", "我局将在城市更新项目中落实历史建筑保护要求，探索微改造、活化利用方式。"),
        reply(
          36,
          "wgl",
          "B",
          paras(
            "一、摸清家底、落实责任。我局已完成全区历史建筑普查，建立“一栋一档”，逐栋落实保护责任人，今年安排修缮资金1200万元，完成12处历史建筑修缮。",
            "二、推动活化利用。引入非遗工坊、文创空间和特色民宿等业态，打造非遗展示街区，举办传统民俗文化活动，吸引游客逾50万人次。",
            "三、加强传承保护。实施非遗传承人培养计划，开展非遗进校园活动，并启动历史文化资源数字化测绘和线上展示平台建设。",
          ),
          [["完成全区历史建筑数字化测绘建档，上线线上展示平台", 5]],
        ),
        approve(35, "wgl"),
        evaluate(
          28,
          "basically_satisfied",
          "satisfied",
          "答复基本回应了建议，希望加快历史建筑修缮进度，并加强对非遗传承人的扶持。",
        ),
      ],
    },

    // 18 · handling: the head returned the reply draft, an extension was refused
    {
      author: "weiyuan_lin",
      cosigners: ["weiyuan_he"],
      title: "关于加快新能源汽车充电基础设施建设的建议",
      body: paras(
        "我区新能源汽车保有量快速增长，但充电基础设施建设相对滞后，公共充电桩布局不均衡，老旧小区、城中村充电难问题突出，私拉电线“飞线充电”存在安全隐患。",
        "部分公共充电桩故障率高、维护不及时；小区安装私人充电桩受电力容量、物业配合等因素制约。",
      ),
      measures: lines(
        "1. 编制充电基础设施布局规划，优先在公共停车场、交通枢纽和老旧小区周边建设公共充电站。",
        "2. 推动小区电力增容，明确物业配合安装充电桩的责任。",
        "3. 建立充电设施运营监管和评价机制，提高设施完好率。",
      ),
      created: 80,
      steps: [
        submit(79),
        accept(75),
        assign(55, "fgj", ["jtj", "zjj"]),
        sign(54, "fgj"),
        sign(54, "jtj"),
        sign(53, "zjj"),
        contact(
          42,
          "fgj",
          "phone",
          "电话联系委员，听取其对老旧小区充电难问题的意见，委员建议优先解决“飞线充电”安全隐患。",
        ),
        opinion(40, "jtj", "我局将在公交场站、公共停车场建设中同步配建充电设施，并支持社会资本参与运营。"),
        opinion(38, "zjj", "我局将指导物业服务企业配合业主安装充电设施，并结合老旧小区改造推进电力增容。"),
        reply(
          15,
          "fgj",
          "B",
          paras(
            "一、我局正在编制全区充电基础设施布局规划，优先在公共停车场、交通枢纽和老旧小区周边布局公共充电站。",
            "二、会同相关部门推动老旧小区电力增容和充电设施安装。",
          ),
          [["印发全区充电基础设施布局规划", 4]],
        ),
        step(13, headOf("fgj"), {
          type: "RETURN_REPLY",
          reason:
            "答复内容过于简略，请补充本年度充电设施建设目标、重点选址安排和“飞线充电”整治措施，完善后重新报送。",
        }),
        step(8, handlerOf("fgj"), async (h) => ({
          type: "REQUEST_EXTENSION",
          until: h.cal.addMonths(await h.replyDue(), 1).due,
          reason: "需与供电部门进一步核实老旧小区电力增容计划，申请延期一个月。",
        })),
        step(6, "tianwei", {
          type: "DENY_EXTENSION",
          reason:
            "答复期限尚未届满，现有材料已可形成答复，电力增容计划可作为后续工作在答复中说明，请按期答复。",
        }),
      ],
    },

    // 19 · merged into the parking proposal (3)
    {
      author: "weiyuan_he",
      title: "关于缓解区人民医院周边停车难的建议",
      body: paras(
        "区人民医院日均门急诊量较大，院内停车位严重不足，就诊高峰时段排队入院车辆经常延伸至主干道，造成交通拥堵；周边居民小区车位紧张，就医群众乱停车现象严重。",
        "现有临时停车场距离医院较远，缺乏接驳服务，群众使用意愿不高。",
      ),
      measures: lines(
        "1. 在医院周边规划建设立体停车场，并开通临时停车场至医院的免费接驳车。",
        "2. 推行预约就诊与预约停车联动，错峰引导就医车辆。",
      ),
      created: 88,
      steps: [submit(87), step(82, "tianwei", (h) => ({ type: "MERGE", intoCaseId: h.caseId("parking") }))],
    },

    // 20 · reply_review: the reply waits for the head's signature
    {
      author: "weiyuan_he",
      cosigners: ["weiyuan_chen"],
      title: "关于加强中小学校园周边交通安全治理的建议",
      body: paras(
        "上下学高峰时段，我区部分中小学校园周边接送车辆集中，临时停车无序，人车混行，交通拥堵和安全隐患突出。",
        "部分学校门前道路缺少护栏、减速带和过街设施；校园周边交通安全宣传教育和护学力量不足。",
      ),
      measures: lines(
        "1. 实施校园周边交通微改造，完善护栏、减速带、人行过街设施和限时停车位。",
        "2. 推行错峰放学和“护学岗”制度，组织家长志愿者参与护学。",
        "3. 鼓励有条件的学校利用校内空间设置接送车辆临时停靠区。",
      ),
      created: 60,
      steps: [
        submit(59),
        accept(56),
        assign(52, "jyj", ["jtj"]),
        sign(51, "jyj"),
        sign(51, "jtj"),
        contact(45, "jyj", "visit", "与委员一起到三所学校门口实地察看放学时段交通情况，听取学校和家长意见。"),
        opinion(
          40,
          "jtj",
          "我局将配合对学校周边道路交通设施进行排查，结合道路改造增设护栏、减速带和人行过街设施。",
        ),
        reply(
          3,
          "jyj",
          "A",
          paras(
            "一、实施校园周边交通微改造。我局会同区交通运输局对全区中小学周边道路进行了全面排查，已在42所学校周边增设护栏、减速带和人行过街设施，并施划限时停车位300余个。",
            "二、推行错峰放学和“护学岗”。全区中小学已实行分年级错峰放学，组织家长志愿者和交警、社区共同设立“护学岗”。",
            "三、挖掘校内空间。指导15所有条件的学校利用校内空间设置接送车辆临时停靠区，高峰时段周边道路通行状况明显改善。",
          ),
        ),
      ],
    },

    // 21 · rejected at intake
    {
      author: "weiyuan_zhao",
      title: "关于提高全市最低工资标准的建议",
      body: paras(
        "近年来物价水平有所上涨，部分一线劳动者收入增长较慢，生活压力较大。",
        "建议提高最低工资标准，保障劳动者基本生活。",
      ),
      measures: lines("1. 建议提高全市最低工资标准。", "2. 建立最低工资标准与物价水平联动调整机制。"),
      created: 40,
      steps: [
        submit(39),
        step(36, "tianwei", {
          type: "REJECT",
          reason:
            "最低工资标准由省级人民政府统一制定和调整，不属于区级职权范围，不予立案。建议通过社情民意信息渠道向上级反映。",
        }),
      ],
    },

    // 22 · withdrawn by its author before acceptance
    {
      author: "weiyuan_liang",
      title: "关于在南岸社区增设智能快递柜的建议",
      body: paras(
        "南岸社区居民约5000户，社区内仅有一处快递驿站，收件高峰时排队时间长，老年人取件不便。",
        "部分快递员将快件随意堆放在楼道，存在丢失风险。",
      ),
      measures: lines("1. 协调快递企业在社区增设智能快递柜。", "2. 规范快递驿站经营秩序。"),
      created: 30,
      steps: [
        submit(29),
        step(27, "author", {
          type: "WITHDRAW",
          reason: "经与街道和物业沟通，社区已新增两组智能快递柜，问题已解决，申请撤回。",
        }),
      ],
    },

    // 23 · a draft still being written
    {
      author: "weiyuan_lin",
      title: "关于推进既有公共建筑节能改造的建议",
      body: paras(
        "公共建筑能耗约占全区建筑能耗的四成以上，部分机关办公楼、学校、医院建成年代较早，空调、照明等设备能效偏低。",
        "节能改造资金投入大，合同能源管理等市场化模式推广不足。",
      ),
      created: 2,
      steps: [
        step(1, "author", (h) => ({
          type: "UPDATE_DRAFT",
          measures: lines(
            "1. 开展既有公共建筑能耗统计和能源审计，建立能耗公示制度。",
            "2. 推广合同能源管理模式，引导社会资本参与节能改造。",
          ),
          cosignerIds: [h.userId("weiyuan_zhao")],
        })),
      ],
    },

    // 24 · returned to its author for revision: a draft again
    {
      author: "weiyuan_he",
      title: "关于加强电动自行车充电安全管理的建议",
      body: "电动自行车火灾事故时有发生，应加强管理。",
      measures: "1. 加强管理。",
      created: 10,
      steps: [
        submit(9),
        step(7, "supervisor2", {
          type: "RETURN_FOR_REVISION",
          reason: "提案内容较为笼统，请补充问题现状分析和具体可行的建议措施后重新提交。",
        }),
      ],
    },

    // 25 · submitted, waiting for review
    {
      author: "weiyuan_chen",
      cosigners: ["weiyuan_liang"],
      title: "关于完善普惠托育服务体系的建议",
      body: paras(
        "随着生育支持政策的实施，婴幼儿照护服务需求持续增长。我区托育机构数量少、收费偏高，普惠性托位供给不足，双职工家庭“带娃难”问题突出。",
        "托育从业人员专业化程度不高，托育服务监管机制有待完善。",
      ),
      measures: lines(
        "1. 支持幼儿园开设托班，在社区嵌入式建设普惠托育点。",
        "2. 对普惠托育机构给予建设补贴和运营补贴。",
        "3. 加强托育从业人员培训，建立托育服务质量评估制度。",
      ),
      created: 5,
      steps: [submit(4)],
    },

    // 26 · submitted, waiting for review
    {
      author: "weiyuan_huang",
      title: "关于推动镇街工业园区提质增效的建议",
      body: paras(
        "我区镇街工业园区数量多、规模小、布局散，部分园区产业定位不清，低效用地较多，亩均产出偏低。",
        "园区配套设施不完善，标准厂房供给不足，难以吸引优质项目落户；园区管理主体多为村集体，专业化运营能力较弱。",
      ),
      measures: lines(
        "1. 对镇街工业园区进行认定和分类整合，每个园区集中发展1至2个特色产业。",
        "2. 推动低效用地再开发，支持社会资本建设标准厂房。",
        "3. 引入专业运营机构，提升园区管理服务水平。",
      ),
      created: 3,
      steps: [submit(2)],
    },

    // 27 · accepted and flagged key
    {
      author: "weiyuan_he",
      title: "关于加快建设“15分钟健身圈”的建议",
      body: paras(
        "群众健身需求日益增长，但我区社区健身设施总量不足、分布不均，部分老旧小区周边缺乏健身场地，学校体育场地向社会开放程度不高。",
        "已建健身器材部分老化损坏，维护管理不到位。",
      ),
      measures: lines(
        "1. 利用边角地、桥下空间、公园绿地建设口袋公园和多功能运动场。",
        "2. 推动学校体育场地在节假日和课余时间有序向社会开放。",
        "3. 建立健身设施巡查维护机制。",
      ),
      created: 9,
      steps: [submit(8), accept(4, "supervisor2"), flagKey(4, "supervisor2")],
    },

    // 28 · closed unevaluated: the evaluation window ran out
    {
      author: "weiyuan_he",
      title: "关于深化政务服务“一网通办”的建议",
      body: paras(
        "我区政务服务数字化水平不断提升，但仍有部分事项需线下重复提交材料，部门间数据共享不充分，“一网通办”存在“网上能办、但不好办”的问题。",
        "企业群众反映部分事项办事指南不够清晰，线上办理遇到问题时咨询渠道不畅。",
      ),
      measures: lines(
        "1. 推进部门间数据共享和电子证照应用，减少重复提交材料。",
        "2. 梳理高频事项，推行“一件事一次办”。",
        "3. 开通线上“帮办代办”服务。",
      ),
      created: 87,
      steps: [
        submit(86),
        accept(80),
        assign(75, "fgj", ["kgx"]),
        sign(74, "fgj"),
        sign(74, "kgx"),
        opinion(66, "kgx", "我局将配合推进涉企高频事项“一件事一次办”，推动企业开办、变更等事项全程网办。"),
        contact(64, "fgj", "online", "通过线上会议与委员沟通，演示“一网通办”平台新功能，听取改进意见。"),
        reply(
          48,
          "fgj",
          "A",
          paras(
            "一、推进数据共享。我区已接入电子证照80余类，实现200余个事项免提交纸质材料，部门间数据共享调用量同比增长两倍。",
            "二、推行“一件事一次办”。梳理企业开办、不动产登记、新生儿出生等高频事项30个，实现一表申请、一次办结。",
            "三、开通帮办代办。在政务服务网开设线上“帮办代办”专区，工作日提供实时咨询和远程协助。",
          ),
        ),
        approve(46, "fgj"),
        step(30, "system", { type: "EXPIRE_EVALUATION" }),
      ],
    },

    // 29 · closed, satisfied
    {
      author: "weiyuan_lin",
      title: "关于支持专精特新中小企业发展的建议",
      body: paras(
        "专精特新中小企业是产业链供应链稳定的重要支撑。我区专精特新企业数量与先进地区相比仍有差距，梯度培育体系不够完善。",
        "企业普遍反映研发投入压力大、高端人才引进难、市场开拓渠道有限。",
      ),
      measures: lines(
        "1. 建立“创新型中小企业—专精特新—小巨人”梯度培育库，实行分类精准扶持。",
        "2. 对首次认定的专精特新企业给予奖励，支持企业加大研发投入。",
        "3. 组织企业参加展会和供需对接活动，帮助拓展市场。",
      ),
      created: 86,
      steps: [
        submit(85),
        accept(80),
        assign(74, "kgx", ["rcb", "fgj"]),
        sign(73, "kgx"),
        sign(73, "rcb"),
        sign(73, "fgj"),
        contact(63, "kgx", "meeting", "邀请委员参加专精特新企业座谈会，听取企业和委员对扶持政策的意见。"),
        opinion(
          60,
          "rcb",
          "专精特新企业引进的高层次人才可优先纳入人才服务保障范围，享受子女入学、安居等服务。",
        ),
        opinion(58, "fgj", "我局将支持符合条件的专精特新企业项目纳入区重点项目，优先保障用地、用能等要素。"),
        reply(
          42,
          "kgx",
          "A",
          paras(
            "一、建立梯度培育库。我局已建立“创新型中小企业—专精特新—小巨人”梯度培育库，入库企业320家，实行“一企一策”精准服务。",
            "二、加大奖励扶持。对首次认定为省级专精特新的企业给予20万元奖励，对国家级专精特新“小巨人”企业给予100万元奖励。",
            "三、帮助拓展市场。今年组织120家企业参加国内外展会和供需对接活动，促成合作意向金额约9亿元。",
          ),
        ),
        approve(41, "kgx"),
        evaluate(36, "satisfied", "satisfied", "答复全面具体，扶持政策针对性强，满意。"),
      ],
    },

    // 30 · handling after an objection led to a reassignment (lead moved to 住建局)
    {
      author: "weiyuan_he",
      title: "关于推进智慧社区建设的建议",
      body: paras(
        "智慧社区是提升基层治理效能的重要手段。我区部分社区已开展智慧门禁、智慧停车等试点，但系统建设各自为政，数据标准不统一，“信息孤岛”问题突出。",
        "部分智慧化应用重建设、轻运营，居民使用率低，老年人面临“数字鸿沟”。",
      ),
      measures: lines(
        "1. 制定智慧社区建设标准，统一数据接口，推动基层数据共享。",
        "2. 聚焦安防、养老、停车等居民需求开发实用场景。",
        "3. 保留线下服务渠道，开展老年人智能技术培训。",
      ),
      created: 45,
      steps: [
        submit(44),
        accept(40),
        assign(25, "kgx", ["zjj"]),
        sign(24, "kgx"),
        sign(24, "zjj"),
        object(
          23,
          "kgx",
          "智慧社区建设以社区设施改造和物业管理为主，建议由区住房和城乡建设局牵头办理，我局负责信息化技术支持。",
        ),
        step(21, "tianwei", (h) => ({
          type: "REASSIGN",
          leadDepartmentId: h.dept("zjj"),
          coDepartmentIds: [h.dept("kgx")],
          note: "经研究，调整由区住房和城乡建设局牵头办理，区科工商信局会办。",
        })),
        contact(14, "zjj", "phone", "电话联系委员，说明办理单位调整情况，了解其调研的智慧社区试点情况。"),
        opinion(
          10,
          "kgx",
          "我局将提供智慧社区数据标准和信息化建设技术指导，并推动社区相关数据接入区政务数据平台。",
        ),
      ],
    },

    // 31 · assigned yesterday: the co unit has signed, the lead not yet (still within time)
    {
      author: "weiyuan_chen",
      title: "关于推动预制菜产业高质量发展的建议",
      body: paras(
        "预制菜产业连接农业生产和餐饮消费，是促进农业增效、农民增收的新兴产业。我区具备一定的农产品加工和冷链物流基础，但预制菜企业规模普遍较小，品牌影响力弱。",
        "行业标准和质量安全监管体系尚不健全，冷链物流设施不足，原料基地与加工企业衔接不紧密。",
      ),
      measures: lines(
        "1. 规划建设预制菜产业园，培育龙头企业和区域公共品牌。",
        "2. 完善冷链物流设施，建立“原料基地+中央厨房+冷链配送”产业链。",
        "3. 配合制定预制菜团体标准，加强质量安全监管。",
      ),
      created: 15,
      steps: [
        submit(14),
        accept(10, "supervisor2"),
        assign(1, "kgx", ["nyj"], "supervisor2"),
        sign(1, "nyj"),
      ],
    },
  ];
}
// ---------------------------------------------------------------------------------------------
// Enterprise requests (企业诉求): what happened to each, on which working day before `now`
// ---------------------------------------------------------------------------------------------

type Category = "consult" | "help" | "suggestion" | "complaint";
type Rating = "satisfied" | "basically_satisfied" | "unsatisfied";
type Resolution = "resolved" | "partially_resolved" | "explained" | "unresolvable";

interface RequestSpec {
  enterprise: EntCode;
  category: Category;
  /** a theme's code, or its Chinese label as a dispatcher would type it */
  theme?: string;
  priority?: "normal" | "urgent";
  /** how it came in, when staff filed it on the enterprise's behalf (走访, 热线, 座谈会, 来信) */
  channel?: "visit" | "hotline" | "forum" | "letter";
  /** files the enterprise attached when filing (附件), made here: small but real */
  attachments?: Array<{ name: string; bytes: () => Buffer }>;
}

/** A step's `who` for the enterprise's own user: answers questions (补充材料) and rates replies. */
const ENTERPRISE_USER = "enterprise";

/** The demo's attachments, stored as an upload would be (under their hash, in UPLOAD_DIR). */
async function demoAttachments(files: NonNullable<RequestSpec["attachments"]>): Promise<StoredAttachment[]> {
  const out: StoredAttachment[] = [];
  for (const f of files) {
    const bytes = f.bytes();
    const type = detectFileType(bytes);
    if (!type) throw new Error(`demo seed: ${f.name} is not an accepted file`);
    const stored = await storeFile(bytes);
    out.push({ fileName: displayName(f.name, type.extensions), contentType: type.contentType, ...stored });
  }
  return out;
}

const rAccept = (ago: number, category: Category, theme: string, priority = "normal", by = "tianwei") =>
  step(ago, by, { type: "ACCEPT", category, theme, priority });
const rReject = (ago: number, reason: string, by = "tianwei") => step(ago, by, { type: "REJECT", reason });
const rMerge = (ago: number, key: string, by = "tianwei") =>
  step(ago, by, (h) => ({ type: "MERGE", intoCaseId: h.caseId(key) }));
const dispatchTo = (ago: number, d: DeptCode, by = "tianwei") =>
  step(ago, by, (h) => ({ type: "ASSIGN", leadDepartmentId: h.dept(d) }));
/** 退单: the unit's head sends a misrouted request back to dispatch, inside the return window. */
const sendBack = (
  ago: number,
  d: DeptCode,
  reasonCode: "not_our_remit" | "insufficient_information" | "duplicate" | "other",
  note: string,
  suggested?: DeptCode,
) =>
  step(ago, headOf(d), (h) => ({
    type: "RETURN",
    reasonCode,
    ...(suggested ? { suggestedDepartmentId: h.dept(suggested) } : {}),
    note,
  }));
const askInfo = (ago: number, d: DeptCode, question: string) =>
  step(ago, handlerOf(d), { type: "REQUEST_INFO", question });
const giveInfo = (ago: number, answer: string) =>
  step(ago, ENTERPRISE_USER, { type: "PROVIDE_INFO", answer });
const answer = (ago: number, d: DeptCode, resolution: Resolution, content: string) =>
  step(ago, handlerOf(d), async (h) => ({
    type: "SUBMIT_REPLY",
    resolution,
    body: await requestReply(h, d, content),
  }));
const rate = (ago: number, rating: Rating, comment?: string) =>
  step(ago, ENTERPRISE_USER, { type: "FEEDBACK", rating, ...(comment ? { comment } : {}) });
/** 回访: a supervisor's follow-up call or visit, standing for the enterprise's own rating. */
const revisit = (ago: number, rating: Rating, method: "phone" | "visit", note: string, by = "supervisor2") =>
  step(ago, by, (h) => ({ type: "RECORD_VISIT", date: h.today, method, rating, note }));
const closeRequest = (ago: number, reason: string, by = "tianwei") =>
  step(ago, by, { type: "CLOSE", reason });
const expireFeedback = (ago: number) => step(ago, "system", { type: "EXPIRE_FEEDBACK" });
const askExtension = (ago: number, d: DeptCode, workingDays: number, reason: string) =>
  step(ago, handlerOf(d), async (h) => ({
    type: "REQUEST_EXTENSION",
    until: h.cal.addWorkingDays(await h.replyDue(), workingDays).due,
    reason,
  }));
const grantExtension = (ago: number, note: string, by = "supervisor2") =>
  step(ago, by, { type: "APPROVE_EXTENSION", note });
const remind = (ago: number, message: string, by = "tianwei") => step(ago, by, { type: "REMIND", message });

/** 答复: the unit's letter to the enterprise, with its handler as the contact person. */
async function requestReply(h: StepContext, d: DeptCode, content: string): Promise<string> {
  const enterprise = enterpriseOf(h.def.request!.enterprise);
  const filed = todayOf(new Date(h.row.created_at));
  const opening =
    h.row.round > 1
      ? `根据贵公司对前次答复的意见，我单位对贵公司反映的《${h.row.title}》进行了重新办理，现将办理情况再次答复如下：`
      : `贵公司${cnDate(filed)}反映的《${h.row.title}》收悉。我单位高度重视，及时研究办理，现将办理情况答复如下：`;
  return paras(
    `${enterprise.name}：`,
    opening,
    content,
    `如有疑问，请与我单位${h.displayName(handlerOf(d))}联系，电话 ${h.phone(handlerOf(d))}。`,
    `${deptName(d)}\n${cnDate(h.today)}`,
  );
}

/**
 * About twenty requests from the registry's enterprises over every state of the enterprise-request
 * machine and all ten themes: filed online by the enterprise or by staff from a visit, the hotline
 * or a forum; returned as misrouted (退单), paused for information, extended, overdue, re-handled,
 * waiting for a supervisor's CLOSE, and closed as satisfied, by a follow-up visit or unrated.
 */
function demoRequests(): DemoCase[] {
  return [
    // submitted, online (政策宣贯)
    {
      author: "qiye_jinggong",
      request: {
        enterprise: "jinggong",
        category: "consult",
        theme: "policy",
        attachments: [
          {
            name: "研发人员工时分摊表.pdf",
            bytes: () =>
              tinyPdf([
                "R&D staff time allocation, 2025",
                "Process engineers: 60% R&D / 40% production (time sheets attached monthly)",
                "University test contracts: 3, total CNY 186,000",
              ]),
          },
        ],
      },
      title: "关于高新技术企业认定中研发费用归集口径的咨询",
      body: paras(
        "我公司计划今年申报高新技术企业认定。公司部分研发人员同时承担生产工艺改进工作，其工资如何在研发费用和生产成本之间分摊？委托高校开展的检测试验费用能否计入研发费用？",
        "请相关部门明确归集口径，并告知今年申报的时间安排和材料要求。",
      ),
      created: 1,
      steps: [],
    },

    // submitted, filed by staff from a hotline call (疫情防控)
    {
      author: "tianwei",
      request: { enterprise: "tianmu", category: "consult", theme: "疫情防控", channel: "hotline" },
      title: "关于呼吸道传染病高发期食品车间从业人员健康管理要求的咨询",
      body: paras(
        "企业通过营商环境服务热线反映：近期呼吸道传染病进入高发期，公司车间有 60 余名一线员工，部分员工出现发热症状。",
        "企业咨询：食品生产车间从业人员出现症状后的离岗和返岗要求，以及是否需要开展集中健康监测。希望主管部门给予明确指导。",
      ),
      created: 1,
      steps: [],
    },

    // accepted, waiting for dispatch (标准质量)
    {
      author: "qiye_kangtai",
      request: { enterprise: "kangtai", category: "help" },
      title: "关于医疗器械产品注册检验排期过长的求助",
      body: paras(
        "我公司研发的一次性使用输液港已完成设计验证，送省医疗器械检验机构进行注册检验，目前排期需 5 个月以上，将直接影响产品上市计划。",
        "恳请协调检验机构优化排期，或告知可委托的其他具备资质的检验机构。",
      ),
      created: 3,
      steps: [rAccept(2, "help", "标准质量", "normal", "supervisor2")],
    },

    // accepted again after a return (退单): waiting for re-dispatch, the unit's reason on record (创新创业)
    {
      author: "supervisor2",
      request: { enterprise: "xinghe", category: "help", channel: "visit" },
      title: "关于申报市级企业技术中心的求助",
      body: paras(
        "营商办走访企业时，企业反映：公司去年研发投入超过 2800 万元，拥有发明专利 9 项，拟申报市级企业技术中心，但对申报条件中“研发人员占比”的计算口径和评价指标不熟悉。",
        "企业希望主管部门提供申报辅导，并帮助梳理申报材料。",
      ),
      created: 4,
      steps: [
        rAccept(3, "help", "innovation", "normal", "supervisor2"),
        dispatchTo(3, "fgj", "supervisor2"),
        sendBack(
          2,
          "fgj",
          "not_our_remit",
          "企业技术中心认定由区科工商信局负责受理和初审，我局不承担此项职能，建议改派区科工商信局。",
          "kgx",
        ),
      ],
    },

    // rejected (人力资源)
    {
      author: "qiye_hengtong",
      request: { enterprise: "hengtong", category: "help", theme: "talent" },
      title: "关于驾驶员劳动合同纠纷的求助",
      body: "我公司一名驾驶员合同到期后不愿续签，要求公司支付经济补偿，双方对补偿金额分歧较大。请政府部门出面协调。",
      created: 6,
      steps: [
        rReject(
          5,
          "该事项属于劳动争议，依法应通过劳动争议调解或仲裁解决，已告知企业可向区劳动人事争议仲裁院申请调解仲裁，并提供法律援助热线 12348。",
        ),
      ],
    },

    // assigned to the talent office, not yet signed for (创新创业)
    {
      key: "zhiyun-rent",
      author: "qiye_zhiyun",
      request: { enterprise: "zhiyun", category: "help", theme: "innovation" },
      title: "关于大学生创业园租金减免到期后续期的求助",
      body: paras(
        "我公司是入驻区大学生创业园的软件企业，现有员工 14 人，享受的三年租金减免将于下月到期。",
        "公司目前处于产品研发投入期，尚未实现盈利，如恢复全额租金，每年将增加支出约 18 万元。恳请延续租金减免或给予阶段性优惠。",
      ),
      created: 6,
      steps: [rAccept(5, "help", "innovation"), dispatchTo(1, "rcb")],
    },

    // merged into the request above (duplicate)
    {
      author: "qiye_zhiyun",
      request: { enterprise: "zhiyun", category: "consult", theme: "innovation" },
      title: "关于创业园租金减免政策能否续期的咨询",
      body: "创业园租金减免三年期满后，是否有续期政策？需要提交哪些材料？",
      created: 5,
      steps: [rMerge(4, "zhiyun-rent")],
    },

    // handling, overdue: the reply deadline has passed; a reminder was sent (权益保护)
    {
      author: "qiye_lvyuan",
      request: { enterprise: "lvyuan", category: "complaint" },
      title: "关于安置房项目拖欠环保设备货款的投诉",
      body: paras(
        "我公司为区某安置房项目提供生活污水处理设备，设备已于去年安装调试并通过验收，合同约定验收后 60 日内支付货款 126 万元，至今仅支付 30%。",
        "我公司多次与总承包单位联系，对方称建设单位资金未拨付。公司规模小，货款拖欠已影响正常经营和员工工资发放，恳请督促有关单位按合同支付。",
      ),
      created: 18,
      steps: [
        rAccept(17, "complaint", "rights"),
        dispatchTo(16, "zjj"),
        sign(16, "zjj"),
        remind(2, "该投诉已超过答复期限，请抓紧核实项目资金拨付情况并答复企业。"),
      ],
    },

    // handling with an approved extension (人力资源)
    {
      author: "qiye_ruixin",
      request: { enterprise: "ruixin", category: "help", theme: "talent" },
      title: "关于引进高级工程师子女入学安排的求助",
      body: paras(
        "我公司今年从深圳引进一名射频芯片方向的高级工程师，其子女今年秋季需转入小学三年级。",
        "按照我区高层次人才服务保障办法，该工程师符合人才子女入学保障条件，但对办理流程和学位安排不清楚，请予以协调。",
      ),
      created: 9,
      steps: [
        rAccept(8, "help", "人力资源"),
        dispatchTo(8, "rcb"),
        sign(7, "rcb"),
        askExtension(
          3,
          "rcb",
          5,
          "需会同区教育局核定学位，并对人才认定材料进行复核，预计需延长 5 个工作日。",
        ),
        grantExtension(2, "同意延期，请在延长期限内答复企业。"),
      ],
    },

    // awaiting the enterprise: the unit asked for documents and the clock stopped (智改数转)
    {
      author: "qiye_jinggong",
      request: {
        enterprise: "jinggong",
        category: "help",
        theme: "digital",
        attachments: [
          {
            name: "新增设备清单.pdf",
            bytes: () =>
              tinyPdf([
                "New equipment, smart machining line",
                "5-axis machining centres: 6",
                "Industrial robots: 8",
                "Manufacturing execution system: 1",
              ]),
          },
          { name: "产线现场照片.png", bytes: () => tinyPng(320, 200, [96, 140, 190]) },
        ],
      },
      title: "关于智能化改造设备投资补助申报的求助",
      body: paras(
        "我公司今年投资 1600 万元建设数控加工智能产线，新增五轴加工中心 6 台、工业机器人 8 台，并上线制造执行系统。",
        "请协助确认项目是否符合智能化改造设备投资补助条件，并指导申报材料准备。",
      ),
      created: 5,
      steps: [
        rAccept(4, "help", "智改数转"),
        dispatchTo(3, "kgx"),
        sign(3, "kgx"),
        askInfo(
          2,
          "kgx",
          "请补充设备采购合同、发票清单和项目备案证复印件，以便我局核对设备投资额是否达到补助门槛。",
        ),
      ],
    },

    // handling, filed by staff from an enterprise forum (管理提升)
    {
      author: "supervisor2",
      request: { enterprise: "xinghe", category: "suggestion", channel: "forum" },
      title: "关于组织纺织印染企业开展精益管理培训的建议",
      body: paras(
        "在营商办组织的纺织服装行业企业座谈会上，企业负责人提出：近年来印染行业用工成本和能耗成本持续上升，企业普遍缺乏精益生产和能源管理方面的专业人才。",
        "建议由主管部门牵头，联合行业协会和高校，分批组织精益管理和能源管理培训，并开展现场诊断。",
      ),
      created: 7,
      steps: [
        rAccept(6, "suggestion", "management", "normal", "supervisor2"),
        dispatchTo(6, "kgx", "supervisor2"),
        sign(5, "kgx"),
      ],
    },

    // reply under review by the unit's head (市场开拓)
    {
      author: "qiye_tianmu",
      request: { enterprise: "tianmu", category: "suggestion", theme: "market" },
      title: "关于组织本地食品企业参加长三角农产品展销会的建议",
      body: paras(
        "我公司主营地方特色糕点和预制菜，产品以本地市场为主。长三角地区农产品展销会是拓展市场的重要渠道，但单个企业参展费用较高。",
        "建议由主管部门统一组织本地食品企业以区域展团形式参展，并对展位费给予一定补贴。",
      ),
      created: 10,
      steps: [
        rAccept(9, "suggestion", "market"),
        dispatchTo(9, "kgx"),
        sign(8, "kgx"),
        answer(
          1,
          "kgx",
          "resolved",
          paras(
            "一、我局已将贵公司建议纳入今年市场开拓工作计划，拟于下半年组织本区食品企业以“区域展团”形式参加长三角农产品展销会。",
            "二、按照区促进市场开拓扶持政策，对参展企业的标准展位费给予 50% 补贴，每家企业每年最高 3 万元。",
            "三、报名通知将通过区企业服务平台发布，请贵公司关注并及时报名。",
          ),
        ),
      ],
    },

    // replied, waiting for the enterprise's rating: returned by the first unit, paused for documents (产融对接)
    {
      author: "qiye_huake",
      request: { enterprise: "huake", category: "help" },
      title: "关于协调技改项目贷款续贷的诉求",
      body: paras(
        "我公司年产 3000 吨高性能复合材料技改项目的 800 万元流动资金贷款将于下月到期，原合作银行近期收紧对新材料行业的授信，明确表示到期后不再续贷。",
        "公司订单充足，经营正常，如贷款不能续期将面临资金链断裂风险。恳请协调金融机构办理续贷或提供过桥资金支持。",
      ),
      created: 12,
      steps: [
        rAccept(11, "help", "产融对接"),
        dispatchTo(10, "fgj"),
        sendBack(
          10,
          "fgj",
          "not_our_remit",
          "企业融资协调和应急转贷资金由区科工商信局牵头负责，建议改派。",
          "kgx",
        ),
        dispatchTo(9, "kgx"),
        sign(9, "kgx"),
        askInfo(8, "kgx", "请提供贷款合同、近两年财务报表和在手订单清单，以便我局向合作银行推荐。"),
        giveInfo(6, "已上传贷款合同、2024—2025 年审计报告和主要客户订单清单，请查收。"),
        answer(
          3,
          "kgx",
          "resolved",
          paras(
            "一、我局已组织区内三家合作银行与贵公司进行对接。经评估，区农商银行同意为贵公司办理 800 万元续贷，利率较原贷款下调 0.3 个百分点。",
            "二、在续贷审批期间，贵公司可申请使用区应急转贷资金，用于原贷款到期归还，资金占用费按日万分之一收取。",
            "三、我局已将贵公司纳入重点企业融资服务名单，后续融资需求可直接联系我局。",
          ),
        ),
        approve(2, "kgx"),
      ],
    },

    // re-handling: the enterprise was unsatisfied with the first reply (政策宣贯)
    {
      author: "qiye_ruixin",
      request: { enterprise: "ruixin", category: "consult" },
      title: "关于委托研发费用加计扣除政策适用的咨询",
      body: paras(
        "我公司委托省内一所高校开发射频前端模组测试算法，合同金额 120 万元。",
        "咨询：该委托研发费用能否享受加计扣除？境内委托研发按实际发生额的 80% 计入的规定如何执行？需要准备哪些备查资料？",
      ),
      created: 10,
      steps: [
        rAccept(9, "consult", "policy"),
        dispatchTo(9, "fgj"),
        sign(8, "fgj"),
        answer(
          7,
          "fgj",
          "explained",
          "根据现行研发费用加计扣除政策，企业委托境内机构进行研发活动所发生的费用，按照费用实际发生额的 80% 计入委托方研发费用并计算加计扣除。具体以税务部门解释为准。",
        ),
        approve(6, "fgj"),
        rate(
          2,
          "unsatisfied",
          "答复只引用了政策原文，没有结合我公司合同的具体情况说明备查资料要求，希望重新答复。",
        ),
      ],
    },

    // replied twice and unsatisfied twice: waiting for a supervisor's CLOSE (权益保护)
    {
      author: "qiye_hengtong",
      request: { enterprise: "hengtong", category: "complaint" },
      title: "关于物流园区周边道路破损影响货车通行的投诉",
      body: paras(
        "牛塘物流园区东侧道路路面破损严重，多处坑槽深度超过 10 厘米，雨天积水，今年已发生两起货车侧滑事故。",
        "我公司及园区其他物流企业多次向有关部门反映，至今未修复。请尽快安排维修。",
      ),
      created: 40,
      steps: [
        rAccept(39, "complaint", "权益保护"),
        dispatchTo(39, "zjj"),
        sign(38, "zjj"),
        answer(
          30,
          "zjj",
          "partially_resolved",
          "我局已组织对园区东侧道路进行现场踏勘，已对 12 处坑槽进行应急修补。该路段整体改造需纳入明年市政道路维修计划，待资金落实后实施。",
        ),
        approve(29, "zjj"),
        rate(27, "unsatisfied", "应急修补后一周又出现新的坑槽，希望明确整体改造时间。"),
        answer(
          20,
          "zjj",
          "partially_resolved",
          "我局再次组织现场踏勘，并对排水不畅路段增设临时排水设施。该路段整体改造已报送明年市政道路维修计划，具体实施时间需待年度预算批复后确定。",
        ),
        approve(19, "zjj"),
        rate(16, "unsatisfied", "仍未明确改造时间，货车通行安全隐患依然存在。"),
      ],
    },

    // closed unrated: the feedback window passed without a rating (标准质量)
    {
      author: "qiye_kangtai",
      request: { enterprise: "kangtai", category: "consult" },
      title: "关于参与医用防护用品团体标准制定的咨询",
      body: "市医疗器械行业协会拟制定医用防护口罩团体标准，我公司希望作为起草单位参与。请问参与团体标准制定有哪些条件，标准发布后是否有相应奖励政策？",
      created: 16,
      steps: [
        rAccept(15, "consult", "standards"),
        dispatchTo(15, "kgx"),
        sign(14, "kgx"),
        answer(
          13,
          "kgx",
          "explained",
          paras(
            "一、团体标准由社会团体按照其章程自主制定，企业参与起草一般需为该团体成员单位，并具备相应的技术能力和检测条件，具体以市医疗器械行业协会的征集通知为准。",
            "二、按照区标准化奖励办法，企业作为主要起草单位参与制定并发布的团体标准，经评审符合条件的，给予每项 5 万元奖励。",
          ),
        ),
        approve(12, "kgx"),
        expireFeedback(6),
      ],
    },

    // closed satisfied after re-handling; filed by staff from a visit (智改数转)
    {
      author: "tianwei",
      request: { enterprise: "jinggong", category: "help", channel: "visit" },
      title: "关于厂区扩建用地规划条件调整的求助",
      body: paras(
        "营商办走访企业时，企业反映：公司拟在现有厂区北侧空地新建智能化装配车间，但该地块控制性详细规划的容积率上限为 1.0，无法满足多层厂房建设需要。",
        "企业希望了解调整规划条件的程序和所需时间。",
      ),
      created: 30,
      steps: [
        rAccept(29, "help", "digital"),
        dispatchTo(29, "ghj"),
        sign(28, "ghj"),
        answer(
          25,
          "ghj",
          "explained",
          "工业用地容积率调整需按控制性详细规划修改程序办理，包括论证、公示和报批等环节，一般需 6 个月左右。",
        ),
        approve(24, "ghj"),
        rate(19, "unsatisfied", "答复只说明了程序，没有针对我公司地块给出意见。"),
        answer(
          15,
          "ghj",
          "resolved",
          paras(
            "一、我局已对贵公司厂区北侧地块进行现场核查。该地块位于工业集中区，按照我市提高工业用地容积率的有关规定，新建多层工业厂房的容积率可提高至 2.0，且不再增收土地价款。",
            "二、贵公司可直接按新规定编制建设方案，无需启动控规修改程序。我局已安排专人对方案编制提供指导。",
          ),
        ),
        approve(14, "ghj"),
        rate(9, "satisfied", "问题得到解决，感谢规划部门的主动服务。"),
      ],
    },

    // closed by a supervisor's follow-up call (回访); filed from the hotline (创新创业)
    {
      author: "tianwei",
      request: { enterprise: "ruixin", category: "consult", channel: "hotline" },
      title: "关于申报省级专精特新中小企业条件的咨询",
      body: "企业来电咨询：申报省级专精特新中小企业对主营业务收入、研发投入和知识产权有哪些具体要求？今年的申报时间是什么时候？",
      created: 25,
      steps: [
        rAccept(24, "consult", "创新创业"),
        dispatchTo(24, "kgx"),
        sign(24, "kgx"),
        answer(
          22,
          "kgx",
          "resolved",
          paras(
            "一、申报省级专精特新中小企业，需从事特定细分市场 2 年以上，上年度研发费用总额不低于 100 万元或占营业收入比重不低于 3%，并拥有有效发明专利等知识产权。",
            "二、今年申报工作预计于下月启动，我局将组织申报辅导会，届时将通知贵公司参加。",
          ),
        ),
        approve(21, "kgx"),
        revisit(
          18,
          "basically_satisfied",
          "phone",
          "电话回访企业负责人顾晓东，对答复基本满意，希望申报前安排专人辅导材料准备。",
        ),
      ],
    },

    // closed satisfied: an urgent request answered the same day (市场开拓)
    {
      author: "qiye_hengtong",
      request: { enterprise: "hengtong", category: "help" },
      title: "关于出口货物原产地证书加急办理的紧急求助",
      body: "我公司承运的一批出口货物原定明天装船，客户临时要求补办原产地证书，按正常流程无法按期出证。恳请协助加急办理，避免延误船期。",
      created: 35,
      steps: [
        rAccept(35, "help", "market", "urgent"),
        dispatchTo(35, "kgx"),
        sign(35, "kgx"),
        answer(
          35,
          "kgx",
          "resolved",
          "我局已与签证机构沟通开通绿色通道，贵公司已于当日通过线上申领原产地证书，货物可按期装船。",
        ),
        approve(34, "kgx"),
        rate(33, "satisfied", "响应非常及时，避免了违约损失。"),
      ],
    },

    // closed by a supervisor after two unsatisfied rounds (权益保护)
    {
      author: "qiye_tianmu",
      request: { enterprise: "tianmu", category: "complaint" },
      title: "关于新建冷库消防验收办理超时的投诉",
      body: paras(
        "我公司新建 2000 平方米冷库，于两个月前提交消防验收申请，至今未出具验收意见，冷库无法投入使用，每月损失租金和订单约 20 万元。",
        "请督促有关部门尽快办理，并说明超时原因。",
      ),
      created: 60,
      steps: [
        rAccept(59, "complaint", "rights"),
        dispatchTo(59, "zjj"),
        sign(58, "zjj"),
        answer(
          50,
          "zjj",
          "explained",
          "经核查，贵公司冷库消防验收现场检查发现 3 项问题需要整改，我局已于现场检查当日书面告知。整改完成后可申请复验，我局将在 5 个工作日内出具意见。",
        ),
        approve(49, "zjj"),
        rate(47, "unsatisfied", "整改要求前后不一致，希望一次性告知。"),
        answer(
          40,
          "zjj",
          "partially_resolved",
          "我局已安排同一检查组对贵公司冷库进行复验，并一次性书面告知剩余 1 项整改要求（应急照明照度不足）。整改完成后即可出具合格意见。",
        ),
        approve(39, "zjj"),
        rate(36, "unsatisfied", "要求减免因延误产生的损失未获答复。"),
        closeRequest(
          35,
          "经两轮办理，消防验收已按规定程序推进并一次性告知整改要求；企业关于赔偿延误损失的诉求超出本平台办理范围，已告知可依法申请行政复议或提起诉讼，予以办结。",
        ),
      ],
    },

    // closed satisfied (产融对接)
    {
      author: "qiye_xinghe",
      request: { enterprise: "xinghe", category: "consult" },
      title: "关于印染废水深度处理项目申报中央预算内投资的咨询",
      body: "我公司计划投资 4500 万元建设印染废水深度处理及中水回用项目，想了解该项目能否申报中央预算内投资或超长期特别国债资金支持，以及申报流程。",
      created: 20,
      steps: [
        rAccept(19, "consult", "finance"),
        dispatchTo(19, "fgj"),
        sign(19, "fgj"),
        answer(
          17,
          "fgj",
          "resolved",
          paras(
            "一、贵公司项目属于污染治理和节能减碳领域，符合中央预算内投资支持方向，可通过国家重大建设项目库申报。",
            "二、申报需完成项目备案、环评批复和资金筹措方案，我局将于本月组织专题辅导，并协助贵公司完善项目入库材料。",
          ),
        ),
        approve(16, "fgj"),
        rate(15, "satisfied", "答复具体，辅导及时。"),
      ],
    },
  ];
}

/** When the lead unit of proposal No. 62 phoned the member, in working days before `now`. */
const P062_CONTACT_AGO = 50;

/**
 * The real reply to proposal No. 62, addressed to the fictional member, with this case's number
 * and the date of the recorded phone call in place of the original's (第62号, “925日”).
 */
function p062Reply(h: StepContext): string {
  const called = h.dayAgo(P062_CONTACT_AGO);
  const text = P062_REPLY_AFTER_ADDRESSEE.replace("(第62号)", `(第${h.row.number}号)`).replace(
    "在925日",
    `在${Number(called.slice(5, 7))}月${Number(called.slice(8, 10))}日`,
  );
  return `${h.displayName(h.def.author)}委员：\n\n${text}`;
}

/** 问题内容 of proposal No. 62 in the domain texts, verbatim. */
const P062_BODY = `特色小镇是按照创新、协调、绿色、开放、共享发展理念,结合自身特质,找准产业定位,进行科学规划,挖掘产业特色、人文底蕴和生态禀赋,形成“产、城、人、文”四位一体有机结合的重要功能平台。在广州抢抓粤港澳大湾区建设重大机遇,加快形成全面开放新格局过程中,根据我区特色,打造一批独具岭南魅力、产业特色鲜明、生态环境优美、形态多式多样的特色小镇,串联成为“珍珠链”,将为大力实施我区乡村振兴战略,全面建成小康社会提供新的强劲动力。

目前,特色小镇建设尚处起步阶段,政策体系、科学理论、各种创新要素集合仍在探索之中,还存在一些薄弱环节和突出问题。

1、市场参与不够。特色小镇本是市场开发行为,无论是投资体量还是投资规模,以及将来运营难度,都需要综合能力导入。

2、社会资本缺乏。特色小镇前期投入巨大、建设周期漫长的特性决定其建设成果、产业效益无法在短期内显现。而目前我区建设资金主要来源仍由政府公共资金和民间自发产业资本两类构成,缺乏企业社会资本有效参与。

3、辐射带动较弱。与发达国家(地区)相比,国内特色小镇建设起步较晚,且存在行政区域规划限制,多为3—5平方公里,无法支持大规模生产活动,加之公共配套设施不完善,难以实现高附加值产业集聚发展,导致规模经济效益不明显,不易带动周边经济发展。

4、长期规划欠缺。对小镇建设主要局限在原有行政建制的小镇上增加“特产”的概念。建设过程中未完全凸显“特”字,同质化现象突出,产业特色不鲜明,产业链不完整,多是单打独斗,无法吸引优质社会资本和大企业。`;

/** 办法 of the same proposal, verbatim. */
const P062_MEASURES = `(一)坚持政府引导、市场主导,多元主体共同治理。

1大力推进我区政府的服务型建设将开放和发展融合纳入特色小镇建设之中,在建设机制上以创建制代替审批制,加强动态调整;创建制度供给,扶持政策有奖有罚,为小镇提供更适宜创业发展的管理环境。

2、建立公共部门与民间机构的长期信任合作关系,鼓励市民参与地方文化建设,建立对地区发展目标的共同认知、普遍认可和共同利益分享机制,搭建互相交流合作的网络平台,努力为居民创造就业机会,并保持政策延续性,使地方发展成为全部利益相关者共同目标。

(二)创新投融资模式,提高资金效率,构筑商业创新平台。

1积极引入社会资本。实施“千企千镇工程”,加强镇企银合作,运用多种融资模式,吸引社会民间资金参与特色小镇基础设施和公共服务设施建设。鼓励政策性金融、商业贷款和各种基金债券等运营,打造颇具活力的创新环境。通过选荐创投运营商,集聚创业者,引入风投资本,邀请导师指导项目,实现低成本孵化,培育典型龙头企业,形成广泛的利益共同体。

2、构建信息共享格局。利用大数据管理经验,建立特色小镇信息共享平台,整合区域内产业资源、人才资源和服务资源等信息,构建统分结合、点面结合、线上线下结合的长效服务体系,搭建特色小镇的交流平台。

三)创建联动发展模式,带动规模经济,辐射周边经济共同发展。

1实行区域创新整体战略在特色小镇建设中要坚持开放包容,实施互利共赢、共同发展,鼓励各种市场主体参与特色小镇建设。同时,注重产业协调,统筹考虑主打的特色产业规划,促进产业跨界融合发展,把特色产业链延伸到观光、餐饮、娱乐、休闲、文化等配套行业,推动项目产业化集聚,提升综合发展实力。

2采用1+N”镇村联动发展模式。以番禺区中心为主线,改造提升区内路网和对外通道,把周边特色小镇串联起来,加强内外供需协调、供给平衡,既要引资、引技和引智并举“引进来”,也要重视从供给侧发力“走出去”,形成具有辐射带动作用的城镇集群并构建“以镇带村、以村促镇、镇村融合”的联动发展模式,推动特色小镇开放型经济向更高层次发展。

(四)遵循因地制宜原则,充分融合多样性发展方式,科学定位小镇特色产业

1、坚持因地制宜。全面考察、深入研究小镇实际情况,挖掘当地特色和历史文化,将其融入产业,实现特色发展。

2、注重科学规划。搭乘区域发展顺风车,确定合理发展路径,将生产生活生态融入小镇建设。

3、科学选择特色产业。遵循城镇在某个区位中出生、成长、成熟、稳定甚至衰亡的生命发展规律,在适当时间地点科学判断城镇未来发展走向,制定明晰的产业发展方向,建立特有的保障机制,使小镇特色产业站得住脚跟。

4、加强配套设施建设。完善道路、水电、污水垃圾处理等基础设施建设,优化配置教育医疗等资源,通过不断优化人居环境和基础公共服务设施,推进农村人口就地城镇化进程。

(五)防止“房地产化”倾向,坚持产业立镇,构建良性发展循环系统。

1、建议在规划过程中实行混合用地,***不同主体对土地依存度有差异的问题,实现产业、居住、绿地以及服务空间有机混合,以促进空间功能性、全景式发展。

2、降低公共产品建设对业主权益的伤害。由于地块内产权范围线交错,政府拟建设的公共产品如道路、市政及其他公共服务设施,容易占用私人或企业的产权用地,这需要在实地踏勘、设计和公示构成中跟相关地块业主保持沟通,评估建设方案对其影响,调整制定合理方案。在不能调整的地块,建议政府通过奖励容积率或减少税收等方式进行补贴。

(六)加大人才培养力度。

1大力扶持人才创业创新加快打造人才创业创新平台。大力开展扶持各类人才的创业创新活动,通过资金和政策支持、技术培养等方式,激发各方面人才尤其是青少年的创业创新热情。

2、积极开展产学研合作。通过与高校、研究院开展产学研合作,集聚一批产业生产技术领军人才,促进“以才引才”和“团队式引才”,提高人才薪酬待遇,妥善解决引进人才安家落户、子女教育等问题,做到人才引得来、留得住、用得好。

3、建立人才追踪机制。特色小镇的区域是有形且有限的,但是与人才的关联是无边界的。必须按照“引入一批、培养一批、观察一批”的理念,在全球范围内建立起相关领域高层次人才的***机制,为特色小镇当前及长远发展预留空间。

    4、完善人才发展机制。对特色小镇的人才培养,政府要优化人才服务,建立完善的人才服务制度,定期聘请专家学者担任顾问,指导各地建立“一站式”人才服务窗口,把各层次人才逐步纳入服务对象。针对特色小镇人才管理工作实际,建立科学全面的考核评价制度,提高区内各政府部门对特色小镇人才培养的重视程度。`;

/**
 * 问题答复 of its lead unit, verbatim but without the addressee line: the seed addresses it to
 * the fictional member who authors the proposal here.
 */
const P062_REPLY_AFTER_ADDRESSEE = `您提出的《关于加快构建特色小镇 助力我区乡村振兴战略实施的建议》(第62号)建议收悉。我单位高度重视,积极组织区规划和自然资源分局、区科工商信局、区文广旅体局、区城市更新局、区人才办等单位进行认真研究办理,并与您在925日进行了电话沟通交流,经综合会办单位意见,现将办理有关情况答复如下:

一、我区特色小镇创建基本情况

我区高度重视特色小镇创建工作,把特色小镇创建作为实施乡村振兴战略,推进新型城镇化发展的重要抓手。

2017年,在国家级、省级特色小镇申报中,我区经积极发动并认真筛选,共向市发改委报送了沙湾瑰宝小镇、万博基金小镇、化龙汽车小镇、石红木小镇、大罗塘珠宝小镇、星力VR特色小镇等6个较为成熟的特色小镇申报项目。后经市发改委综合产业特色、人文特色、环境特色等多方面比较,沙湾瑰宝小镇被先后推荐到省发改委和国家住建部参与评选。最终沙湾瑰宝小镇依托成熟集聚的珠宝首饰产业、底蕴深厚的岭南传统文化和得天独厚的生态旅游资源等本土特色资源,将“产、城、人、文”融合发展,成功入选第二批国家级特色小镇(2017年8月22日入选)、省级特色小镇创建对象名单(2018年5月28日入选)。

2018年,在省级特色小镇中,我区共向市发改委报送了广州市化龙汽车小镇、大罗塘珠宝特色小镇、思科智慧城、观龙岛“农科农创”特色小镇四个项目,经市发改委初步评选,其中化龙汽车小镇被推荐到省,并最终凭借产值规模较大,汽车产业特点突出等优势入选第二批省级特色小镇培育库(2018年11月18日入选)。

至今为止,广州市内共有省级特色小镇3个,我区占2个,其中沙湾镇是广州市唯一的国家级特色小镇。

二、我区创建特色小镇的主要举措

(一)坚持政府引导,规划政策先行。

一是将“强化特色小镇培育和创建”工作纳入正在编制的《番禺区乡村振兴战略规划(2018—2022年)》,明确积极打造以特色产业、休闲旅游、生态宜居、文化创意为特色的新型宜业、宜居、宜游小镇。推进沙湾古镇省级文化旅游融合发展示范区创建指导化龙汽车小镇莲花文旅小镇石碁红木小镇、洛浦龙舟小镇等做好培育和创建工作。

二是为统筹我区乡村空间、资源、设施规划和建设,区规划和自然资源分局组织编制了《广州市番禺区乡村建设规划》。该项目于 2019 年 1 月经区政府批准,针对番禺区乡村发展现状进行了研究,并对乡村基础设施、公共服务设施的规划提出了相应的方案,对推进特色小镇的建设,将起到引领指导作用。

三是坚持产业立镇,因地制宜规划用地性质,防止“房地产化”倾向。结合特色小镇建设,区规划和自然资源分局从2013年起组织开展村庄规划的编制工作。目前,除计划“三旧”改造、纳入城市规划管理的 45 条村庄外,全区共 132 条村编制了村庄规划或村庄整治规划,并经过区政府批复同意。此外,我区已实现控制性详细规划全覆盖,未编制村庄规划的村按控制性详细规划管理。本轮村庄规划对村庄发展进行了整体部署,可作为实施乡村振兴战略,打造特色小镇的重要参考。

四是为配合我区城乡产业发展区城市更新局先后编制了《广州番禺区城乡更新总规》和《番禺区城市更新产业研究》,城市更新项目中产业发展起到规划引导的作用

(二)构筑产融对接平台,积极引入社会资本。

为充分调动社会资本的积极性,构筑特色小镇和村庄建设产融对接平台,区城市更新局制定完善了《广州市番禺区旧村庄更新改造公开引入合作企业的指导意见》(番府〔2018〕45号),明确引入合作企业的相关要求。区发展和改革局积极推进万博基金小镇建设,目前已落户各类投资机构297家,实际管理资金规模207亿元。通过深化产融合作,为社会资本参与特色小镇投资建设提供了平台。截止今年9月共举办18场产融对接活动,累计315家(次)的金融及投资机构与370家(次)的企业对接,36家(次)的金融及投资机构和38家(次)的融资企业开展项目路演。据不完全统计,目前已成功解决73家(次)企业融资难题。沙湾镇、化龙镇均引入时代地产公司作为特色小镇规划建设合作伙伴。

(三)实施创新驱动和产业人才政策,扶持人才创新创业。

积极强化乡村振兴人才支持。一是出台“1+11”创新驱动政策、“1+4”产业人才政策以及“民营经济20条”等系列政策,每年安排各项扶持资金合计逾10亿元,大力扶持人才创新创业。加强广州大学城创新人才资源合作与开发,推动产学研合作,支持高校与企业联合建设产学研创新平台着力深挖大学城创新创业资源,大力实施“青蓝计划”,每年拿出2000万元扶持100个青年人才创业项目,提供项目资助、孵化培育、场地支持、资本跟投等一系列特色服务二是为进一步强化招商引智实效,提升双创服务效能,区联合高校、园区、企业等52家单位共同发起成立广州市智汇谷人才联盟完善人才产业资本融合对接机制,并成功打造以小谷围国际产业人才大会”为龙头的活动集群,有效推动了人才、项目、产业、资本等创新要素深度融合。两年来,大会吸引现场观众逾8400人次,在线观看人数达179万人次;共有197个青蓝计划项目注册落户番禺。三是优化以“宜业宜居”为目标的生态环境,厚植人才发展沃土。落实高层次人才服务保障办法,进一步开放教育、医疗、交通、休闲、住房保障等资源,提升公共服务质量,解决人才工作和生活后顾之忧。近两年年开展人才走访调研超100场次,发放1万张高层次人才服务卡,服务人才40余万人次,解决逾100名高层次人才的子女入学问题。实施人才公寓房+人才租赁房+人才专卖房等安居保障模式,为高端人才打造高标准宜居社区,2018年新建成3.58万平方米的人才公寓。持续优化营商环境,简化80%商事登记流程,人才入户办理时间压减50%,2500名人才成功入户番禺。

(四)加强基层公共文化设施建设,推进特色小镇联动发展。

一是我区正在加快建设国家全域旅游示范区,将把全域旅游资源、特色小镇等全部串联起来一同发展,一同建设。2019年4月17日印发了《番禺区促进全域旅游发展管理办法》,对新成功创建的市级以上旅游文化特色村,给予200万元奖励资金,为特色小镇建设提供政策扶持。

二是积极引导沙湾古镇向广东省文化旅游融合发展示范区创建标准靠拢,升级改造古镇的软硬件设施和公共服务。201812月,沙湾古镇顺利获得“广东省文化旅游融合发展示范区”创建资格。

三是完善镇村公共文化设施建设,加大文物和非遗保护工作力度,合理利用我区中国历史文化名镇、名村及文物保护单位,增加小镇特色,丰富内涵。石碁古典红木家具行业协会广式硬木家具制作技艺和洛浦街文化体育服务中心上漖龙舟制作技艺成功已列入省级代表性项目名录,并给予一定经费扶持,用于整理项目基础资料优化展示环境开展青少年传承培训等。

三、下一步工作建议

(一)抓好沙湾瑰宝小镇、化龙汽车小镇的规划建设工作,并继续积极争取上级政策、资金支持

借鉴沙湾镇、化龙镇申报特色小镇的成功经验,继续围绕产业“特而强”、功能“聚而合”、形态“小而美”、机制“新而活”开展特色小镇创建工作。重点做好石楼莲花文旅小镇、万博基金小镇、石红木小镇、大罗塘珠宝小镇、洛浦龙舟小镇等的培育工作要充分结合当地实际,突出体现优势特色,整合优化现有资源,走“集约化、内涵式、价值提升”为主的特色小镇发展之路

(三)积极统筹安排特色小镇项目争取广州市规划和自然资源局 2019 年土地利用计划中专项用于乡村振兴项目的1000 亩新增建设用地指标。

(四)活化利用现有文物资源,体现本土建筑特色,增加文化价值,助力特色小镇规划发展。继续跟进广式硬木家具制作技艺和上漖龙舟制作技艺国家级代表性项目名录的申报工作,积极协助项目申报各级代表性传承人。

(五)继续做好产融对接工作,积极引入社会资本参与特色小镇的基础设施和公共服务建设。

    感谢您对我区特色小镇创建工作的关心和支持,欢迎您继续对我们的工作提出宝贵意见和建议。`;

// ---------------------------------------------------------------------------------------------
// Running the scripts
// ---------------------------------------------------------------------------------------------

const SYSTEM: Actor = { userId: null, role: "system", departmentId: null, enterpriseId: null };

interface Scheduled {
  at: Date;
  order: number;
  label: string;
  run: () => Promise<void>;
}

/** A moment on a calendar date, in working hours of the deployment's time zone (UTC+8). */
const momentOn = (date: IsoDate, minutes: number) =>
  new Date(
    `${date}T${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}:00+08:00`,
  );

/** Who sends a step: "author" is the case's author, "enterprise" the requesting enterprise's user. */
function whoActs(def: DemoCase, who: string): string {
  if (who === "author") return def.author;
  if (who === ENTERPRISE_USER) {
    if (!def.request) throw new Error(`demo seed: ${def.title} is not an enterprise request`);
    return enterpriseOf(def.request.enterprise).user.username;
  }
  return who;
}

function explainError(e: unknown): string {
  if (e instanceof CaseError) return `${e.message} ${JSON.stringify(e.details)}`;
  return e instanceof Error ? e.message : String(e);
}

/**
 * A database seeded by an earlier version of this demo (its departments and supervisor are there)
 * that has no enterprises yet: it gets the enterprise registry and requests added.
 */
async function isDemoWithoutEnterprises(db: Kysely<Database>): Promise<boolean> {
  if (await db.selectFrom("enterprises").select("id").limit(1).executeTakeFirst()) return false;
  const supervisor = await findUserByUsername(db, "tianwei");
  if (supervisor?.role !== "supervisor") return false;
  for (const d of DEPARTMENTS) if (!(await findDepartmentByName(db, d.name))) return false;
  return true;
}

/**
 * Seeds the demo: departments, users, the enterprise registry, the proposals and the enterprise
 * requests. Does nothing but answer the logins when any department exists already, except that a
 * database from an earlier demo without enterprises gets the registry and its requests. Users
 * whose username is taken (say, an admin created on first start) are left as they are.
 */
export async function seedDemo(
  db: Kysely<Database>,
  opts: { now: Date; password: string },
): Promise<{ logins: DemoLogin[] }> {
  const users = demoUsers();
  const logins = loginsOf(users);
  let cases: DemoCase[];
  if (!(await db.selectFrom("departments").select("id").limit(1).executeTakeFirst()))
    cases = [...demoCases(), ...demoRequests()];
  else if (await isDemoWithoutEnterprises(db)) cases = demoRequests();
  else return { logins };

  const cal = await loadCalendar(db);
  const today = todayOf(opts.now);
  const workingDaysAgo: IsoDate[] = [today];
  const dayAgo = (n: number): IsoDate => {
    while (workingDaysAgo.length <= n) {
      let d = addDays(workingDaysAgo[workingDaysAgo.length - 1], -1);
      while (!cal.isWorkingDay(d)) d = addDays(d, -1);
      workingDaysAgo.push(d);
    }
    return workingDaysAgo[n];
  };

  // Plan every step of every case on the clock, then run them in time order, so that numbers,
  // ids and notifications come out in the order a real year would have produced them.
  const caseIds = new Map<DemoCase, number>();
  const keyed = new Map<string, number>();
  const plan: Scheduled[] = [];
  let current = opts.now;
  const clock: Clock = { now: () => current };
  const directory = new Map<string, { id: number; actor: Actor; displayName: string; phone: string }>();
  const deptIds = new Map<DeptCode, number>();
  const entIds = new Map<EntCode, number>();

  const actorOf = (username: string): Actor => {
    if (username === "system") return SYSTEM;
    const u = directory.get(username);
    if (!u) throw new Error(`demo seed: no user ${username}`);
    return u.actor;
  };

  cases.forEach((def, ci) => {
    const base = 9 * 60 + 5 + ((ci * 23) % 45);
    let lastAgo = Number.POSITIVE_INFINITY;
    let slot = 0;
    const timeFor = (ago: number) => {
      if (!Number.isInteger(ago) || ago < 1 || ago > lastAgo)
        throw new Error(`demo seed: bad step day ${ago} in ${def.title}`);
      slot = ago === lastAgo ? slot + 1 : 0;
      lastAgo = ago;
      return momentOn(dayAgo(ago), base + slot * 47);
    };

    plan.push({
      at: timeFor(def.created),
      order: plan.length,
      label: `${def.title}: CREATE`,
      run: async () => {
        const author = actorOf(def.author);
        const r = def.request;
        // An enterprise user files for its own enterprise; staff name the enterprise and channel.
        const input = r
          ? {
              kind: "enterprise_request",
              title: def.title,
              body: def.body,
              category: r.category,
              ...(r.theme ? { theme: r.theme } : {}),
              ...(r.priority ? { priority: r.priority } : {}),
              ...(author.role === "enterprise"
                ? {}
                : { enterpriseId: entIds.get(r.enterprise)!, channel: r.channel ?? "visit" }),
            }
          : {
              kind: "proposal",
              title: def.title,
              body: def.body,
              ...(def.measures ? { measures: def.measures } : {}),
              cosignerIds: (def.cosigners ?? []).map((u) => directory.get(u)!.id),
            };
        const created = await createCase(db, clock, {
          actor: author,
          input,
          attachments: await demoAttachments(r?.attachments ?? []),
        });
        caseIds.set(def, created.id);
        if (def.key) keyed.set(def.key, created.id);
      },
    });

    for (const s of def.steps) {
      const at = timeFor(s.ago);
      plan.push({
        at,
        order: plan.length,
        label: `${def.title}: ${typeof s.event === "function" ? "(computed)" : s.event.type} by ${s.who}`,
        run: async () => {
          const caseId = caseIds.get(def)!;
          const row = (await getCaseById(db, caseId))!;
          const day = todayOf(at);
          const h: StepContext = {
            today: day,
            cal,
            row,
            def,
            dept: (code) => deptIds.get(code)!,
            caseId: (key) => {
              const id = keyed.get(key);
              if (!id) throw new Error(`demo seed: case ${key} not created yet`);
              return id;
            },
            addMonths: (n) => cal.addMonths(day, n).due,
            addWorkingDays: (n) => cal.addWorkingDays(day, n).due,
            dayAgo,
            replyDue: async () => {
              const d = await db
                .selectFrom("case_deadlines")
                .select("due_date")
                .where("case_id", "=", caseId)
                .where("type", "=", "reply")
                .where("status", "=", "open")
                .executeTakeFirstOrThrow();
              return d.due_date;
            },
            units: async () => {
              const rows = await db
                .selectFrom("case_assignments")
                .innerJoin("departments", "departments.id", "case_assignments.department_id")
                .select(["case_assignments.role", "departments.name"])
                .where("case_assignments.case_id", "=", caseId)
                .where("case_assignments.active", "=", 1)
                .orderBy("case_assignments.id")
                .execute();
              return {
                lead: rows.find((r) => r.role === "lead")?.name ?? "",
                co: rows.filter((r) => r.role === "co").map((r) => r.name),
              };
            },
            userId: (u) => directory.get(u)!.id,
            displayName: (u) => directory.get(u)!.displayName,
            phone: (u) => directory.get(u)!.phone,
          };
          const event = typeof s.event === "function" ? await s.event(h) : s.event;
          await dispatch(db, clock, { caseId, event, actor: actorOf(whoActs(def, s.who)) });
        },
      });
    }
  });
  plan.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  if (plan.length && plan[plan.length - 1].at.getTime() > opts.now.getTime())
    throw new Error("demo seed: a step would lie in the future");

  // The office was set up the working day before its first proposal arrived.
  const setUpAt = momentOn(dayAgo(Math.max(...cases.map((c) => c.created)) + 1), 8 * 60 + 30).toISOString();
  // The demo accounts are real accounts: their password meets the same minimum policy.
  const weak = passwordProblem(opts.password);
  if (weak) throw new Error(`demo password: ${weak}`);
  const passwordHash = await hashPassword(opts.password);
  await db.transaction().execute(async (trx) => {
    // Departments and enterprises already there (an earlier demo) are used as they are.
    for (const d of DEPARTMENTS)
      deptIds.set(
        d.code,
        (await findDepartmentByName(trx, d.name))?.id ??
          (await insertDepartment(trx, {
            name: d.name,
            shortName: d.shortName,
            email: `${d.code}@demo.gov.cn`,
            now: setUpAt,
          })),
      );
    for (const e of ENTERPRISES) {
      const uscc = demoUscc(e.org);
      if (usccProblem(uscc)) throw new Error(`demo seed: ${e.name} has an invalid code ${uscc}`);
      entIds.set(
        e.code,
        (await findByUscc(trx, uscc))?.id ??
          (await insertEnterprise(trx, {
            name: e.name,
            uscc,
            region: e.region,
            industry: e.industry,
            size: e.size,
            contactName: e.contact,
            contactPhone: e.phone,
            now: setUpAt,
          })),
      );
    }
    for (const u of users) {
      const taken = await findUserByUsername(trx, u.username);
      const departmentId = u.dept ? deptIds.get(u.dept)! : null;
      const enterpriseId = u.enterprise ? entIds.get(u.enterprise)! : null;
      const id =
        taken?.id ??
        (await insertUser(trx, {
          username: u.username,
          passwordHash,
          displayName: u.displayName,
          role: u.role,
          departmentId,
          enterpriseId,
          email: u.email ?? `${u.username}@demo.gov.cn`,
          phone: u.phone ?? null,
          locale: u.locale ?? "zh-CN",
          now: setUpAt,
        }));
      directory.set(u.username, {
        id,
        actor: {
          userId: id,
          role: taken?.role ?? u.role,
          departmentId: taken ? taken.department_id : departmentId,
          enterpriseId: taken ? taken.enterprise_id : enterpriseId,
        },
        displayName: taken?.display_name ?? u.displayName,
        phone: u.phone ?? "020-8000 1000",
      });
    }
  });

  for (const s of plan) {
    current = s.at;
    try {
      await s.run();
    } catch (e) {
      throw new Error(`demo seed failed at ${s.at.toISOString()} (${s.label}): ${explainError(e)}`);
    }
  }
  return { logins };
}
