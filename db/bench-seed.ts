import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { hashPassword } from "../app/utils/password.server";
import { addDays, type IsoDate } from "../workflows/dates";
import { type Clock, createCase, dispatch } from "../workflows/engine";
import type { Actor } from "../workflows/types";
import { usccCheckChar } from "../workflows/uscc";
import { prepareDatabase } from "./bootstrap";
import { openDb } from "./client";
import { eventHash, GENESIS_HASH } from "./events";
import { rebuildSearchIndex } from "./search";

/*
 * A large database for the benchmark (`npm run bench`), written fast and still true to the app.
 *
 * Every case is a copy of a *template*: a case worked through the real engine (createCase and
 * dispatch, so real snapshots, history, assignments, deadlines with their explanations, replies
 * and ratings) in a small scratch database whose departments, people, enterprise, case ids and
 * numbers carry sentinel ids. A copy swaps each sentinel for the ids of its own units, people and
 * enterprise, puts its own Chinese title and text in place of the placeholders, and recomputes the
 * hash chain of its history (so `npm run db:verify-chain` holds). Templates cover each kind's
 * states in a realistic mix, run at dates spread over the last two years.
 *
 * Rows go in through better-sqlite3 prepared statements in large transactions, with the secondary
 * indexes dropped during the load and rebuilt from the migrations' own definitions afterwards;
 * the full-text index is then written by db/search.ts rebuildSearchIndex.
 * Not copied: the outbox (old mail would all be delivered) and deadline alerts.
 */

export const BENCH_PASSWORD = "Bench-pass-2026";

export interface BenchSeedOptions {
  /** SQLite file to create (replaced if it exists) */
  file: string;
  cases: number;
  /** the day the database is read on: templates run at dates before it */
  now: Date;
  seed?: number;
  /** fewer start dates per template path (a quick smoke run) */
  few?: boolean;
  log?: (line: string) => void;
}

export interface BenchSeedResult {
  cases: number;
  events: number;
  assignments: number;
  deadlines: number;
  replies: number;
  templates: number;
  departments: number;
  users: number;
  enterprises: number;
  /** a handler and a supervisor to sign in as (password BENCH_PASSWORD) */
  handler: { username: string; departmentId: number };
  supervisor: { username: string };
  /** seconds: templates through the engine, then the bulk copy, then the index rebuild */
  timings: { templates: number; copy: number; indexes: number; search: number; total: number };
  /** seconds of this process's CPU time per phase: steadier than wall time on a busy machine */
  cpu: { templates: number; copy: number; indexes: number; search: number; total: number };
  stateMix: Record<string, number>;
}

/* ---------- sentinels of the scratch database ---------- */

const S = {
  lead: 900001,
  co: 900002,
  supervisor: 910001,
  leadHandler: 910002,
  leadHead: 910003,
  coHandler: 910004,
  coHead: 910005,
  delegate: 910006,
  entUser: 910007,
  enterprise: 920001,
} as const;
const CASE_ID_BASE = 600000;
const NUMBER_BASE = 500000;
const SESSION = "十六届五次会议";

/** Slots a copy fills: index into the per-copy values array. */
const SLOT = {
  caseId: 0,
  lead: 1,
  co: 2,
  supervisor: 3,
  leadHandler: 4,
  leadHead: 5,
  coHandler: 6,
  coHead: 7,
  author: 8,
  enterprise: 9,
  number: 10,
} as const;
const TEXT_TOKENS = { "〔T〕": 11, "〔B〕": 12, "〔R〕": 13 } as const;

type Who = "author" | "supervisor" | "leadHandler" | "leadHead" | "coHandler" | "coHead";
interface Step {
  day: number;
  who: Who;
  event: Record<string, unknown> & { type: string };
}
interface Path {
  name: string;
  kind: "proposal" | "enterprise_request";
  /** share of the cases of its kind */
  weight: number;
  /** open work: run at recent dates only */
  recent: boolean;
  steps: Step[];
}

const contact = (day: number): Step => ({
  day,
  who: "leadHandler",
  event: {
    type: "RECORD_CONTACT",
    date: "", // filled with the step's date
    method: "phone",
    summary: "电话联系提案人，介绍办理思路和进展，提案人表示理解和支持。",
  },
});

const P_SUBMIT: Step[] = [{ day: 0, who: "author", event: { type: "SUBMIT" } }];
const P_ACCEPT: Step[] = [...P_SUBMIT, { day: 3, who: "supervisor", event: { type: "ACCEPT" } }];
const P_ASSIGN: Step[] = [
  ...P_ACCEPT,
  {
    day: 6,
    who: "supervisor",
    event: { type: "ASSIGN", leadDepartmentId: S.lead, coDepartmentIds: [S.co] },
  },
];
const P_SIGNED: Step[] = [
  ...P_ASSIGN,
  { day: 7, who: "leadHandler", event: { type: "SIGN" } },
  { day: 8, who: "coHandler", event: { type: "SIGN" } },
];
const P_WORKED: Step[] = [
  ...P_SIGNED,
  {
    day: 20,
    who: "coHandler",
    event: { type: "SUBMIT_OPINION", body: "同意牵头单位意见，配合做好相关保障工作。" },
  },
  contact(24),
];
const P_REPLY: Step[] = [
  ...P_WORKED,
  {
    day: 45,
    who: "leadHandler",
    event: {
      type: "SUBMIT_REPLY",
      classification: "B",
      body: "〔R〕",
      contactName: "张伟",
      contactPhone: "0519-86661234",
      commitments: [],
    },
  },
];
const P_REPLIED: Step[] = [...P_REPLY, { day: 47, who: "leadHead", event: { type: "APPROVE_REPLY" } }];
const evaluate = (result: string, day = 55): Step => ({
  day,
  who: "author",
  event: { type: "EVALUATE", attitude: result === "unsatisfied" ? "basically_satisfied" : result, result },
});

const E_ACCEPT: Step[] = [
  { day: 1, who: "supervisor", event: { type: "ACCEPT", category: "help", theme: "finance" } },
];
const E_ASSIGN: Step[] = [
  ...E_ACCEPT,
  { day: 1, who: "supervisor", event: { type: "ASSIGN", leadDepartmentId: S.lead } },
];
const E_SIGNED: Step[] = [...E_ASSIGN, { day: 2, who: "leadHandler", event: { type: "SIGN" } }];
const E_REPLY: Step[] = [
  ...E_SIGNED,
  {
    day: 3,
    who: "leadHandler",
    event: { type: "REQUEST_INFO", question: "请补充提供近一年的纳税证明和贷款合同。" },
  },
  {
    day: 6,
    who: "author",
    event: { type: "PROVIDE_INFO", answer: "已补充上传纳税证明和贷款合同，请查收。" },
  },
  { day: 8, who: "leadHandler", event: { type: "SUBMIT_REPLY", resolution: "resolved", body: "〔R〕" } },
];
const E_REPLIED: Step[] = [...E_REPLY, { day: 9, who: "leadHead", event: { type: "APPROVE_REPLY" } }];
const feedback = (rating: string): Step => ({
  day: 12,
  who: "author",
  event: { type: "FEEDBACK", rating, comment: "感谢相关部门的及时办理。" },
});

const PATHS: Path[] = [
  { name: "p.draft", kind: "proposal", weight: 2, recent: true, steps: [] },
  { name: "p.submitted", kind: "proposal", weight: 3, recent: true, steps: P_SUBMIT },
  { name: "p.accepted", kind: "proposal", weight: 2, recent: true, steps: P_ACCEPT },
  {
    name: "p.rejected",
    kind: "proposal",
    weight: 2,
    recent: false,
    steps: [
      ...P_SUBMIT,
      { day: 3, who: "supervisor", event: { type: "REJECT", reason: "建议内容不属于本次会议提案范围。" } },
    ],
  },
  { name: "p.assigned", kind: "proposal", weight: 4, recent: true, steps: P_ASSIGN },
  { name: "p.handling", kind: "proposal", weight: 8, recent: true, steps: P_SIGNED },
  { name: "p.handling.worked", kind: "proposal", weight: 6, recent: true, steps: P_WORKED },
  { name: "p.reply_review", kind: "proposal", weight: 3, recent: true, steps: P_REPLY },
  { name: "p.replied", kind: "proposal", weight: 5, recent: true, steps: P_REPLIED },
  {
    name: "p.closed",
    kind: "proposal",
    weight: 50,
    recent: false,
    steps: [...P_REPLIED, evaluate("satisfied")],
  },
  {
    name: "p.closed.basic",
    kind: "proposal",
    weight: 10,
    recent: false,
    steps: [...P_REPLIED, evaluate("basically_satisfied")],
  },
  {
    name: "p.rehandling",
    kind: "proposal",
    weight: 3,
    recent: true,
    steps: [...P_REPLIED, evaluate("unsatisfied")],
  },
  { name: "e.submitted", kind: "enterprise_request", weight: 3, recent: true, steps: [] },
  { name: "e.accepted", kind: "enterprise_request", weight: 2, recent: true, steps: E_ACCEPT },
  {
    name: "e.rejected",
    kind: "enterprise_request",
    weight: 2,
    recent: false,
    steps: [{ day: 1, who: "supervisor", event: { type: "REJECT", reason: "诉求事项已通过司法途径处理。" } }],
  },
  { name: "e.assigned", kind: "enterprise_request", weight: 4, recent: true, steps: E_ASSIGN },
  { name: "e.handling", kind: "enterprise_request", weight: 8, recent: true, steps: E_SIGNED },
  { name: "e.awaiting", kind: "enterprise_request", weight: 3, recent: true, steps: E_REPLY.slice(0, 4) },
  { name: "e.reply_review", kind: "enterprise_request", weight: 3, recent: true, steps: E_REPLY },
  { name: "e.replied", kind: "enterprise_request", weight: 5, recent: true, steps: E_REPLIED },
  {
    name: "e.closed",
    kind: "enterprise_request",
    weight: 55,
    recent: false,
    steps: [...E_REPLIED, feedback("satisfied")],
  },
  {
    name: "e.closed.basic",
    kind: "enterprise_request",
    weight: 10,
    recent: false,
    steps: [...E_REPLIED, feedback("basically_satisfied")],
  },
  {
    name: "e.rehandling",
    kind: "enterprise_request",
    weight: 3,
    recent: true,
    steps: [...E_REPLIED, feedback("unsatisfied")],
  },
];
/** share of proposals among all cases */
const PROPOSAL_SHARE = 0.35;

/* ---------- the organisation ---------- */

export const BENCH_DEPARTMENTS: Array<[string, string]> = [
  ["区发展和改革局", "发改局"],
  ["区规划和自然资源分局", "规资分局"],
  ["区科工商信局", "科工商信局"],
  ["区财政局", "财政局"],
  ["区人力资源和社会保障局", "人社局"],
  ["区住房和城乡建设局", "住建局"],
  ["区交通运输局", "交通局"],
  ["区教育局", "教育局"],
  ["区卫生健康局", "卫健局"],
  ["区生态环境分局", "生态环境分局"],
  ["区农业农村局", "农业农村局"],
  ["区水利局", "水利局"],
  ["区商务局", "商务局"],
  ["区文广旅体局", "文广旅体局"],
  ["区民政局", "民政局"],
  ["区司法局", "司法局"],
  ["区市场监督管理局", "市场监管局"],
  ["区应急管理局", "应急局"],
  ["区城市管理局", "城管局"],
  ["区行政审批局", "行政审批局"],
  ["区税务局", "税务局"],
  ["区数据局", "数据局"],
  ["区退役军人事务局", "退役军人事务局"],
  ["区医疗保障局", "医保局"],
  ["区统计局", "统计局"],
  ["区审计局", "审计局"],
  ["区城市更新局", "城市更新局"],
  ["区人才办", "人才办"],
  ["区金融发展服务中心", "金融服务中心"],
  ["区投资促进中心", "投促中心"],
  ["区消防救援大队", "消防大队"],
  ["区供电公司", "供电公司"],
  ["区自来水公司", "自来水公司"],
  ["区公安分局", "公安分局"],
  ["区残联", "残联"],
  ["区总工会", "总工会"],
  ["区妇联", "妇联"],
  ["区团委", "团委"],
  ["高新区管委会", "高新区"],
  ["经济开发区管委会", "经开区"],
];

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵欧阳解强丛华车冉房边辜吉饶刁瞿戚丘古米池滕晋苑邬臧畅宫来嵺苟全褚廉简娄盖符奚木穆党燕郎邸冀谈姬屠连郜晏栾郁商蒙计喻揭窦迟宇敖糜鄢冷卓花艾蓝都巩稽井练仲乐虞卞封竺冼原官衣楚佟栗匡宗应台巫鞠僧桑荆谌银扬明沙薄伏岑习胥保和蔺";
const GIVEN =
  "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕晓东文涛慧敏嘉文振邦雅琴明轩思远建平晓红玉兰国庆红梅立新春生";
const INDUSTRIES = [
  "通用设备制造",
  "新材料",
  "食品加工",
  "电子元器件",
  "物流运输",
  "软件和信息技术服务",
  "纺织服装",
  "医药制造",
  "建筑装饰",
  "批发零售",
];
const REGIONS = ["武进区", "新北区", "天宁区", "钟楼区", "金坛区", "溧阳市"];
const COMPANY_WORDS = [
  "精工",
  "华科",
  "天沐",
  "瑞信",
  "恒通",
  "永达",
  "创新",
  "金源",
  "博远",
  "鑫泰",
  "新宇",
  "宏图",
  "中兴",
  "东方",
  "龙腾",
  "嘉禾",
  "正泰",
  "海纳",
  "远航",
  "同创",
];
const COMPANY_KINDS = [
  "机械制造",
  "新材料",
  "食品",
  "电子科技",
  "物流",
  "软件",
  "纺织",
  "医药",
  "建材",
  "贸易",
];

/* ---------- text ---------- */

/** Sentences of the domain documents, cleaned so they can sit inside JSON unescaped. */
function domainSentences(): string[] {
  const dirs = [path.resolve("docs/domain"), "/work/shared/domain"];
  const dir = dirs.find((d) => fs.existsSync(d));
  const files = dir ? fs.readdirSync(dir).filter((f) => f.endsWith(".txt")) : [];
  const out: string[] = [];
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir!, f), "utf8");
    for (const s of text.split(/(?<=[。！？])|\n/)) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
      const clean = s.replace(/["\\\u0000-\u001f|]/g, "").trim();
      if (clean.length >= 12 && clean.length <= 160 && /[\u4e00-\u9fff]/.test(clean)) out.push(clean);
    }
  }
  if (out.length < 50) out.push(...FALLBACK_SENTENCES);
  return out;
}

const FALLBACK_SENTENCES = [
  "建议进一步优化营商环境，切实解决中小企业融资难、融资贵问题。",
  "希望有关部门加大对专精特新企业的政策支持力度。",
  "企业反映用地审批流程较长，希望能够简化办理程序。",
  "建议完善公共停车设施，缓解老旧小区停车难问题。",
  "请求协调解决企业用电增容和供水管网改造问题。",
];

function clausesOf(sentences: string[]): string[] {
  const out: string[] = [];
  for (const s of sentences)
    for (const c of s.split(/[，、；：。！？（）“”]/)) {
      const t = c.trim();
      if (t.length >= 6 && t.length <= 22) out.push(t);
    }
  return out.length ? out : ["优化营商环境"];
}

/** Small deterministic generator (mulberry32): the same seed gives the same database. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/* ---------- templates through the real engine ---------- */

interface Compiled {
  /** literal strings and slot numbers, concatenated per copy */
  parts: Array<string | number>;
}
type Cell = { k: "v"; v: unknown } | { k: "slot"; slot: number } | { k: "str"; c: Compiled };

interface TemplateRows {
  path: Path;
  case: Record<string, Cell>;
  /** cells per row; events in seq order */
  events: Array<Record<string, Cell>>;
  assignments: Array<Record<string, Cell>>;
  deadlines: Array<Record<string, Cell>>;
  replies: Array<Record<string, Cell>>;
  evaluations: Array<Record<string, Cell>>;
  hasNumber: boolean;
  state: string;
}

const SENTINEL_SLOT = new Map<number, number>([
  [S.lead, SLOT.lead],
  [S.co, SLOT.co],
  [S.supervisor, SLOT.supervisor],
  [S.leadHandler, SLOT.leadHandler],
  [S.leadHead, SLOT.leadHead],
  [S.coHandler, SLOT.coHandler],
  [S.coHead, SLOT.coHead],
  [S.delegate, SLOT.author],
  [S.entUser, SLOT.author],
  [S.enterprise, SLOT.enterprise],
]);

function slotOfNumber(n: number, caseId: number, number: number | null): number | undefined {
  if (n === caseId) return SLOT.caseId;
  if (number !== null && n === number) return SLOT.number;
  return SENTINEL_SLOT.get(n);
}

function compileString(s: string, caseId: number, number: number | null): Cell {
  const parts: Array<string | number> = [];
  let last = 0;
  let changed = false;
  for (const m of s.matchAll(/\d+|〔[TBR]〕/g)) {
    const tok = m[0];
    const slot =
      tok in TEXT_TOKENS
        ? TEXT_TOKENS[tok as keyof typeof TEXT_TOKENS]
        : tok.length === 6
          ? slotOfNumber(Number(tok), caseId, number)
          : undefined;
    if (slot === undefined) continue;
    parts.push(s.slice(last, m.index));
    parts.push(slot);
    last = m.index! + tok.length;
    changed = true;
  }
  if (!changed) return { k: "v", v: s };
  parts.push(s.slice(last));
  return { k: "str", c: { parts } };
}

function compileRow(
  row: Record<string, unknown>,
  caseId: number,
  number: number | null,
): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const [col, v] of Object.entries(row)) {
    if (typeof v === "number") {
      const slot = slotOfNumber(v, caseId, number);
      out[col] = slot === undefined ? { k: "v", v } : { k: "slot", slot };
    } else if (typeof v === "string") out[col] = compileString(v, caseId, number);
    else out[col] = { k: "v", v };
  }
  return out;
}

function fill(cell: Cell, vals: Array<string | number>): unknown {
  if (cell.k === "v") return cell.v;
  if (cell.k === "slot") return vals[cell.slot];
  let s = "";
  for (const p of cell.c.parts) s += typeof p === "number" ? vals[p] : p;
  return s;
}

/** Months before `now`, as the day a template starts (10:00 in Beijing). */
function baseDays(now: Date, recent: boolean, few: boolean): IsoDate[] {
  const today = now.toISOString().slice(0, 10) as IsoDate;
  if (recent) return (few ? [12, 41] : [7, 12, 18, 25, 33, 41, 52, 64]).map((d) => addDays(today, -d));
  const out: IsoDate[] = [];
  for (let m = 2; m <= 23; m += few ? 7 : 1) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - m, 4 + (m % 20)));
    out.push(d.toISOString().slice(0, 10) as IsoDate);
  }
  return out;
}

async function buildTemplates(now: Date, few: boolean, log: (s: string) => void): Promise<TemplateRows[]> {
  const scratch = openDb(":memory:");
  const db = scratch.kysely;
  try {
    await prepareDatabase(db, now.toISOString());
    const t0 = "2024-01-01T00:00:00.000Z";
    await db
      .insertInto("departments")
      .values([
        { id: S.lead, name: "牵头单位", short_name: null, email: null, created_at: t0 },
        { id: S.co, name: "会办单位", short_name: null, email: null, created_at: t0 },
      ])
      .execute();
    await db
      .insertInto("enterprises")
      .values({ id: S.enterprise, name: "样本企业", uscc: "91320400MA0000000X", created_at: t0 } as never)
      .execute();
    const people: Array<[number, string, Actor["role"], number | null, number | null]> = [
      [S.supervisor, "sup", "supervisor", null, null],
      [S.leadHandler, "lh", "handler", S.lead, null],
      [S.leadHead, "ld", "dept_head", S.lead, null],
      [S.coHandler, "ch", "handler", S.co, null],
      [S.coHead, "cd", "dept_head", S.co, null],
      [S.delegate, "del", "delegate", null, null],
      [S.entUser, "ent", "enterprise", null, S.enterprise],
    ];
    await db
      .insertInto("users")
      .values(
        people.map(([id, username, role, department_id, enterprise_id]) => ({
          id,
          username,
          password_hash: "-",
          display_name: username,
          role: role as never,
          department_id,
          enterprise_id,
          email: null,
          phone: null,
          locale: "zh-CN" as const,
          created_at: t0,
        })),
      )
      .execute();
    const actor = (id: number): Actor => {
      const p = people.find((x) => x[0] === id)!;
      return { userId: id, role: p[2], departmentId: p[3], enterpriseId: p[4] };
    };
    const whoId: Record<Who, number> = {
      author: 0,
      supervisor: S.supervisor,
      leadHandler: S.leadHandler,
      leadHead: S.leadHead,
      coHandler: S.coHandler,
      coHead: S.coHead,
    };
    // Case ids and numbers of the scratch database are sentinels too.
    await sql`insert into sqlite_sequence (name, seq) values ('cases', ${CASE_ID_BASE})`.execute(db);
    await db
      .insertInto("case_numbers")
      .values({ kind: "proposal", session_label: SESSION, last_number: NUMBER_BASE })
      .execute();

    let at = new Date();
    const clock: Clock = { now: () => new Date(at.getTime()) };
    const built: Array<{ path: Path; id: number }> = [];
    for (const p of PATHS) {
      for (const base of baseDays(now, p.recent, few)) {
        const author = p.kind === "proposal" ? S.delegate : S.entUser;
        at = new Date(`${base}T02:00:00.000Z`);
        const created = await createCase(db, clock, {
          actor: actor(author),
          input:
            p.kind === "proposal"
              ? { kind: "proposal", title: "〔T〕", body: "〔B〕" }
              : {
                  kind: "enterprise_request",
                  title: "〔T〕",
                  body: "〔B〕",
                  category: "help",
                  theme: "finance",
                },
        });
        for (const [i, s] of p.steps.entries()) {
          const day = addDays(base, s.day);
          at = new Date(`${day}T02:${String(10 + i).padStart(2, "0")}:00.000Z`);
          const event = { ...s.event };
          if (event.type === "RECORD_CONTACT") event.date = day;
          const who = s.who === "author" ? author : whoId[s.who];
          await dispatch(db, clock, { caseId: created.id, actor: actor(who), event });
        }
        built.push({ path: p, id: created.id });
      }
    }
    log(`  ${built.length} templates through the engine`);

    const out: TemplateRows[] = [];
    for (const { path: p, id } of built) {
      const row = await db.selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      const number = row.number;
      const rows = async (
        table: "case_events" | "case_assignments" | "case_deadlines" | "replies" | "evaluations",
      ) =>
        (
          await db
            .selectFrom(table)
            .selectAll()
            .where("case_id", "=", id)
            .orderBy("id" as never)
            .execute()
        ).map((r) => {
          const { id: _drop, ...rest } = r as Record<string, unknown>;
          return compileRow(rest, id, number);
        });
      out.push({
        path: p,
        case: compileRow(row as unknown as Record<string, unknown>, id, number),
        events: await rows("case_events"),
        assignments: await rows("case_assignments"),
        deadlines: await rows("case_deadlines"),
        replies: await rows("replies"),
        evaluations: await rows("evaluations"),
        hasNumber: number !== null,
        state: row.state,
      });
    }
    return out;
  } finally {
    await scratch.close();
  }
}

/* ---------- the bulk copy ---------- */

const BULK_TABLES = ["cases", "case_events", "case_assignments", "case_deadlines", "replies", "evaluations"];

function insertStatement(raw: SQLite.Database, table: string, cols: string[]) {
  return raw.prepare(`insert into ${table} (${cols.join(", ")}) values (${cols.map(() => "?").join(", ")})`);
}

export async function seedBenchDatabase(opts: BenchSeedOptions): Promise<BenchSeedResult> {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const cpuAt = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const cStart = cpuAt();
  for (const f of [opts.file, `${opts.file}-wal`, `${opts.file}-shm`]) fs.rmSync(f, { force: true });
  fs.mkdirSync(path.dirname(path.resolve(opts.file)), { recursive: true });

  // The schema and the official calendars, as the app makes them.
  const handle = openDb(opts.file);
  await prepareDatabase(handle.kysely, opts.now.toISOString());
  await handle.close();

  const templates = await buildTemplates(opts.now, opts.few ?? false, log);
  const tTemplates = performance.now();
  const cTemplates = cpuAt();

  const random = rng(opts.seed ?? 20261207);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const sentences = domainSentences();
  const clauses = clausesOf(sentences);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const createdAt = new Date(opts.now.getTime() - 800 * 86400_000).toISOString();

  const raw = new SQLite(opts.file);
  // No journal during the load (a failed seed is simply run again); WAL again for the app.
  raw.pragma("journal_mode = OFF");
  raw.pragma("locking_mode = EXCLUSIVE");
  raw.pragma("synchronous = OFF");
  raw.pragma("cache_size = -262144");
  raw.pragma("temp_store = MEMORY");
  raw.pragma("foreign_keys = OFF");

  // Secondary indexes off during the load, rebuilt afterwards from the migrations' own SQL.
  const indexes = raw
    .prepare(
      `select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${BULK_TABLES.map(() => "?").join(", ")})`,
    )
    .all(...BULK_TABLES) as Array<{ name: string; sql: string }>;
  for (const ix of indexes) raw.exec(`drop index "${ix.name}"`);

  /* organisation */
  const depIds: number[] = [];
  const handlers: number[][] = [];
  const heads: number[] = [];
  let supervisorIds: number[] = [];
  const delegates: number[] = [];
  const enterprises: number[] = [];
  const entUsers: number[] = [];
  const nEnterprises = Math.max(50, Math.min(5000, Math.round(opts.cases / 200)));
  const nDelegates = Math.max(30, Math.min(600, Math.round(opts.cases / 1500)));
  let nUsers = 0;
  const name = () => pick([...SURNAMES]) + pick([...GIVEN]) + (random() < 0.5 ? pick([...GIVEN]) : "");
  raw.transaction(() => {
    const dep = raw.prepare(
      "insert into departments (name, short_name, email, active, created_at) values (?, ?, ?, 1, ?)",
    );
    const user = raw.prepare(
      `insert into users (username, password_hash, display_name, role, department_id, enterprise_id, email, locale, active, mail_optional, created_at)
       values (?, ?, ?, ?, ?, ?, ?, 'zh-CN', 1, 1, ?)`,
    );
    const ent = raw.prepare(
      `insert into enterprises (name, uscc, region, industry, size, contact_name, contact_phone, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const addUser = (username: string, display: string, role: string, d: number | null, e: number | null) => {
      nUsers++;
      return Number(
        user.run(username, passwordHash, display, role, d, e, `${username}@bench.example.gov.cn`, createdAt)
          .lastInsertRowid,
      );
    };
    for (const [i, [full, short]] of BENCH_DEPARTMENTS.entries()) {
      const id = Number(dep.run(full, short, `unit${i + 1}@bench.example.gov.cn`, createdAt).lastInsertRowid);
      depIds.push(id);
      handlers.push([
        addUser(`bench_h${i + 1}`, `${short} 承办人${name()}`, "handler", id, null),
        addUser(`bench_h${i + 1}b`, `${short} 承办人${name()}`, "handler", id, null),
      ]);
      heads.push(addUser(`bench_d${i + 1}`, `${short} 负责人${name()}`, "dept_head", id, null));
    }
    supervisorIds = [1, 2, 3, 4].map((i) =>
      addUser(`bench_s${i}`, `督查室 ${name()}`, "supervisor", null, null),
    );
    addUser("bench_admin", "系统管理员", "admin", null, null);
    for (let i = 0; i < nDelegates; i++)
      delegates.push(addUser(`bench_w${i + 1}`, `委员 ${name()}`, "delegate", null, null));
    for (let i = 0; i < nEnterprises; i++) {
      const body17 = `913204${String(i + 1).padStart(11, "0")}`;
      const id = Number(
        ent.run(
          `常州${pick(COMPANY_WORDS)}${pick(COMPANY_KINDS)}有限公司（${i + 1}）`,
          body17 + usccCheckChar(body17),
          pick(REGIONS),
          pick(INDUSTRIES),
          pick(["small", "medium", "large"]),
          name(),
          `0519-8${String(1000000 + i).slice(-7)}`,
          createdAt,
        ).lastInsertRowid,
      );
      enterprises.push(id);
      entUsers.push(addUser(`bench_e${i + 1}`, name(), "enterprise", null, id));
    }
  })();

  /* cases */
  const byKind = {
    proposal: templates.filter((t) => t.path.kind === "proposal"),
    enterprise_request: templates.filter((t) => t.path.kind === "enterprise_request"),
  };
  // Weighted choice of a path, then a uniform choice among its start dates.
  const chooser = (list: TemplateRows[]) => {
    const paths = [...new Set(list.map((t) => t.path))];
    const total = paths.reduce((s, p) => s + p.weight, 0);
    return () => {
      let r = random() * total;
      let p = paths[0];
      for (const x of paths) {
        r -= x.weight;
        if (r <= 0) {
          p = x;
          break;
        }
      }
      const options = list.filter((t) => t.path === p);
      return options[Math.floor(random() * options.length)];
    };
  };
  // Pre-split per path for speed.
  const chooseP = chooser(byKind.proposal);
  const chooseE = chooser(byKind.enterprise_request);

  const colsOf = (rows: Array<Record<string, Cell>>) => (rows[0] ? Object.keys(rows[0]) : []);
  const caseCols = Object.keys(templates[0].case);
  const firstWith = (f: (t: TemplateRows) => Array<Record<string, Cell>>) =>
    colsOf(templates.map(f).find((r) => r.length) ?? []);
  const evCols = firstWith((t) => t.events);
  const stmt = {
    case: insertStatement(raw, "cases", caseCols),
    event: insertStatement(raw, "case_events", evCols),
    assignment: insertStatement(
      raw,
      "case_assignments",
      firstWith((t) => t.assignments),
    ),
    deadline: insertStatement(
      raw,
      "case_deadlines",
      firstWith((t) => t.deadlines),
    ),
    reply: insertStatement(
      raw,
      "replies",
      firstWith((t) => t.replies),
    ),
    evaluation: insertStatement(
      raw,
      "evaluations",
      firstWith((t) => t.evaluations),
    ),
  };
  const counts = { events: 0, assignments: 0, deadlines: 0, replies: 0, evaluations: 0 };
  const stateMix: Record<string, number> = {};
  let number = 0;
  const text = (min: number, max: number) => {
    const n = min + Math.floor(random() * (max - min + 1));
    let s = "";
    for (let i = 0; i < n; i++) s += pick(sentences);
    return s;
  };

  const BATCH = 20000;
  const insertBatch = raw.transaction((from: number, to: number) => {
    for (let id = from; id < to; id++) {
      const t = random() < PROPOSAL_SHARE ? chooseP() : chooseE();
      const li = Math.floor(random() * depIds.length);
      let ci = Math.floor(random() * (depIds.length - 1));
      if (ci >= li) ci++;
      const proposal = t.path.kind === "proposal";
      const ei = Math.floor(random() * enterprises.length);
      const clause = pick(clauses);
      const vals: Array<string | number> = [
        id,
        depIds[li],
        depIds[ci],
        pick(supervisorIds),
        handlers[li][id & 1],
        heads[li],
        handlers[ci][id & 1],
        heads[ci],
        proposal ? pick(delegates) : entUsers[ei],
        enterprises[ei],
        t.hasNumber ? ++number : 0,
        proposal ? `关于${clause}的提案` : `关于${clause}的诉求`,
        text(2, 6),
        text(2, 5),
      ];
      const c = t.case;
      stmt.case.run(caseCols.map((col) => fill(c[col], vals)));
      let prev = GENESIS_HASH;
      for (const e of t.events) {
        const row = {
          case_id: id,
          seq: e.seq.k === "v" ? (e.seq.v as number) : 0,
          type: fill(e.type, vals) as string,
          actor_id: fill(e.actor_id, vals) as number | null,
          actor_role: fill(e.actor_role, vals) as string | null,
          actor_department_id: fill(e.actor_department_id, vals) as number | null,
          payload: fill(e.payload, vals) as string,
          state_before: fill(e.state_before, vals) as string | null,
          state_after: fill(e.state_after, vals) as string,
          created_at: fill(e.created_at, vals) as string,
          prev_hash: prev,
        };
        const hash = eventHash(row);
        stmt.event.run(evCols.map((col) => (col === "hash" ? hash : (row as Record<string, unknown>)[col])));
        prev = hash;
      }
      for (const a of t.assignments) stmt.assignment.run(Object.values(a).map((x) => fill(x, vals)));
      for (const d of t.deadlines) stmt.deadline.run(Object.values(d).map((x) => fill(x, vals)));
      for (const r of t.replies) stmt.reply.run(Object.values(r).map((x) => fill(x, vals)));
      for (const v of t.evaluations) stmt.evaluation.run(Object.values(v).map((x) => fill(x, vals)));
      counts.events += t.events.length;
      counts.assignments += t.assignments.length;
      counts.deadlines += t.deadlines.length;
      counts.replies += t.replies.length;
      counts.evaluations += t.evaluations.length;
      stateMix[t.state] = (stateMix[t.state] ?? 0) + 1;
    }
  });
  for (let from = 1; from <= opts.cases; from += BATCH) {
    insertBatch(from, Math.min(opts.cases + 1, from + BATCH));
    if ((from - 1) % 200000 === 0 && from > 1) log(`  ${from - 1} cases`);
  }
  raw
    .prepare("insert into case_numbers (kind, session_label, last_number) values ('proposal', ?, ?)")
    .run(SESSION, number);
  const tCopy = performance.now();
  const cCopy = cpuAt();

  for (const ix of indexes) raw.exec(ix.sql);
  raw.pragma("locking_mode = NORMAL");
  raw.pragma("journal_mode = WAL");
  raw.close();
  const tIndexes = performance.now();
  const cIndexes = cpuAt();

  // The full-text index, as after any bulk load that bypassed the engine.
  const kysely = openDb(opts.file);
  await rebuildSearchIndex(kysely.kysely, { batch: 5000 });
  await kysely.close();
  // Statistics last, once every table is full: statistics taken before the full-text index was
  // written record its shadow tables as empty, and the planner then answers FTS5's own range
  // deletes with full scans of the index (70 ms per indexed change at 20,000 cases).
  const stats = new SQLite(opts.file);
  stats.exec("analyze");
  stats.close();
  const tEnd = performance.now();
  const cEnd = cpuAt();

  return {
    cases: opts.cases,
    ...counts,
    templates: templates.length,
    departments: depIds.length,
    users: nUsers,
    enterprises: enterprises.length,
    handler: { username: "bench_h1", departmentId: depIds[0] },
    supervisor: { username: "bench_s1" },
    cpu: {
      templates: cTemplates - cStart,
      copy: cCopy - cTemplates,
      indexes: cIndexes - cCopy,
      search: cEnd - cIndexes,
      total: cEnd - cStart,
    },
    timings: {
      templates: (tTemplates - started) / 1000,
      copy: (tCopy - tTemplates) / 1000,
      indexes: (tIndexes - tCopy) / 1000,
      search: (tEnd - tIndexes) / 1000,
      total: (tEnd - started) / 1000,
    },
    stateMix,
  };
}
