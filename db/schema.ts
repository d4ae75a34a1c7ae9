import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The database as Kysely sees it. Dates are ISO strings: `YYYY-MM-DD` for calendar dates
 * (deadlines are dates, not instants) and full ISO timestamps for moments. Booleans are
 * stored as 0/1 integers so the same column works on SQLite and PostgreSQL.
 */
export interface Database {
  departments: DepartmentTable;
  users: UserTable;
  enterprises: EnterpriseTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  cases: CaseTable;
  case_cosigners: CaseCosignerTable;
  case_assignments: CaseAssignmentTable;
  case_events: CaseEventTable;
  case_deadlines: CaseDeadlineTable;
  case_numbers: CaseNumberTable;
  replies: ReplyTable;
  evaluations: EvaluationTable;
  calendar_days: CalendarDayTable;
  calendar_years: CalendarYearTable;
  policies: PolicyTable;
  outbox: OutboxTable;
  admin_audit: AdminAuditTable;
  mail_link_uses: MailLinkUseTable;
  attachments: AttachmentTable;
  deadline_alerts: DeadlineAlertTable;
  login_failures: LoginFailureTable;
  bulletins: BulletinTable;
  settings_version: SettingsVersionTable;
}

type Id = Generated<number>;

export interface DepartmentTable {
  id: Id;
  name: string;
  short_name: string | null;
  email: string | null;
  active: ColumnType<number, number | undefined, number>;
  created_at: string;
}

export type Role = "delegate" | "enterprise" | "handler" | "dept_head" | "supervisor" | "admin";
export type Locale = "zh-CN" | "en";

export interface UserTable {
  id: Id;
  username: string;
  password_hash: string;
  display_name: string;
  role: Role;
  department_id: number | null;
  enterprise_id: number | null;
  email: string | null;
  phone: string | null;
  locale: Locale;
  active: ColumnType<number, number | undefined, number>;
  /** 1: also receives non-essential mails (essential ones are always sent) */
  mail_optional: ColumnType<number, number | undefined, number>;
  created_at: string;
}

export interface EnterpriseTable {
  id: Id;
  name: string;
  uscc: string;
  region: string | null;
  industry: string | null;
  size: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  created_at: string;
}

export interface SessionTable {
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  /** when the session last answered a request (updated at most once a minute): idle expiry */
  last_seen_at: string | null;
}

export interface ApiTokenTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export type CaseKind = "proposal" | "enterprise_request";

export interface CaseTable {
  id: Id;
  kind: CaseKind;
  /** 编号 within its session, assigned at acceptance (立案). */
  number: number | null;
  /** 届次, e.g. 十六届五次会议. */
  session_label: string | null;
  title: string;
  /** 问题内容 */
  body: string;
  /** 办法 (proposals) */
  measures: string | null;
  state: string;
  /** Persisted machine snapshot (JSON): the single source of truth for workflow state. */
  snapshot: string;
  version: number;
  author_id: number;
  enterprise_id: number | null;
  category: string | null;
  /** 主题 of an enterprise request (one of the configured themes, by code) */
  theme: string | null;
  /** how an enterprise request came in: online, visit, hotline, letter, forum */
  channel: string | null;
  priority: string | null;
  is_key: number;
  merged_into_id: number | null;
  lead_department_id: number | null;
  next_due_date: string | null;
  next_due_type: string | null;
  classification: string | null;
  satisfaction: string | null;
  outcome: string | null;
  round: number;
  /** units whose objection (申请调整) awaits the supervisor's ruling */
  objections_pending: number;
  /** the date asked for by a pending extension request (延期申请), if any */
  extension_requested_until: string | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  accepted_at: string | null;
  assigned_at: string | null;
  replied_at: string | null;
  closed_at: string | null;
}

export interface CaseCosignerTable {
  case_id: number;
  user_id: number;
}

export interface CaseAssignmentTable {
  id: Id;
  case_id: number;
  department_id: number;
  role: "lead" | "co";
  /** pending | signed | removed */
  status: string;
  active: number;
  assigned_at: string;
  signed_at: string | null;
  objection_reason: string | null;
  objection_at: string | null;
  /** none | submitted | waived */
  opinion_status: string;
  opinion: string | null;
  opinion_at: string | null;
  /**
   * Copied from the case by the engine whenever the case changes state (db/cases.ts
   * `refreshAssignmentFacts`), so a unit's inbox counts and lists its rows without reading cases.
   */
  kind: Generated<string | null>;
  category: Generated<string | null>;
  /** 1 while the case is finished (replied, closed, rejected, merged, withdrawn) */
  finished: Generated<number>;
}

export interface CaseEventTable {
  id: Id;
  case_id: number;
  seq: number;
  type: string;
  actor_id: number | null;
  actor_role: string | null;
  actor_department_id: number | null;
  payload: string;
  state_before: string | null;
  state_after: string;
  created_at: string;
  prev_hash: string;
  hash: string;
}

/** lapsed: a window for the unit's benefit (objection, return) passed unused */
export type DeadlineStatus = "open" | "met" | "missed" | "waived" | "superseded" | "lapsed";

export interface CaseDeadlineTable {
  id: Id;
  case_id: number;
  department_id: number | null;
  type: string;
  round: number;
  start_date: string;
  due_date: string;
  status: DeadlineStatus;
  met_at: string | null;
  /** JSON: how the date was computed (rule, start, skipped days, roll-forward). */
  explanation: string;
  created_at: string;
}

export interface CaseNumberTable {
  kind: string;
  session_label: string;
  last_number: number;
}

export interface ReplyTable {
  id: Id;
  case_id: number;
  round: number;
  department_id: number;
  classification: string | null;
  resolution: string | null;
  body: string;
  contact_name: string | null;
  contact_phone: string | null;
  commitments: string;
  /** review | returned | approved */
  status: string;
  submitted_by: number;
  submitted_at: string;
  reviewed_by: number | null;
  reviewed_at: string | null;
  review_note: string | null;
}

export interface EvaluationTable {
  id: Id;
  case_id: number;
  round: number;
  user_id: number | null;
  attitude: string | null;
  result: string;
  comment: string | null;
  created_at: string;
}

export interface CalendarDayTable {
  /** YYYY-MM-DD */
  date: string;
  /** holiday: a weekday off; workday: a weekend day worked (调休) */
  kind: "holiday" | "workday";
  name: string | null;
  source: string;
  updated_at: string;
}

export interface CalendarYearTable {
  year: number;
  source: string;
  updated_at: string;
}

/** One row: moves with every change to the calendar or the policies (triggers; migration 0011). */
export interface SettingsVersionTable {
  id: number;
  version: number;
}

export interface PolicyTable {
  kind: string;
  body: string;
  updated_at: string;
}

/**
 * pending: waiting for (or leased to) a worker · sent: accepted by the SMTP server · captured: kept
 * in the database instead of sent (no SMTP_URL) · dead: a permanent failure, or out of retries ·
 * skipped: nobody to send to (no address, opted out, inactive) · discarded: dropped by an admin
 */
export type OutboxStatus = "pending" | "sent" | "captured" | "dead" | "skipped" | "discarded";

export interface OutboxTable {
  id: Id;
  case_id: number | null;
  event_id: number | null;
  template: string;
  /** null for a department's shared mailbox */
  recipient_user_id: number | null;
  /** the address written at enqueue time; replaced by the one actually used when delivered */
  recipient_email: string | null;
  locale: string;
  payload: string;
  dedupe_key: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** set at the first claim and kept: a re-send carries the same Message-ID */
  message_id: ColumnType<string | null, string | null | undefined, string | null>;
  lease_owner: ColumnType<string | null, string | null | undefined, string | null>;
  /** the mail as rendered for its last delivery (what was sent or captured) */
  subject: ColumnType<string | null, string | null | undefined, string | null>;
  body_html: ColumnType<string | null, string | null | undefined, string | null>;
  body_text: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One-click links already used (single use per purpose, case, round and person). */
export interface MailLinkUseTable {
  purpose: string;
  case_id: number;
  round: number;
  user_id: number;
  used_at: string;
}

export interface AdminAuditTable {
  id: Id;
  actor_id: number | null;
  action: string;
  target: string;
  detail: string;
  created_at: string;
}

/** A file given with a case (附件); the bytes are stored outside the database under `sha256`. */
export interface AttachmentTable {
  id: Id;
  case_id: number;
  /** the name as given, cleaned for display */
  file_name: string;
  /** detected from the content (magic bytes), never taken from the browser */
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: number;
  created_at: string;
}

export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Department = Selectable<DepartmentTable>;
export type Case = Selectable<CaseTable>;
export type CaseUpdate = Updateable<CaseTable>;
export type CaseEvent = Selectable<CaseEventTable>;
export type CaseDeadline = Selectable<CaseDeadlineTable>;
export type CaseAssignment = Selectable<CaseAssignmentTable>;
export type Reply = Selectable<ReplyTable>;
export type Evaluation = Selectable<EvaluationTable>;
export type Enterprise = Selectable<EnterpriseTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type Attachment = Selectable<AttachmentTable>;

/** One step of the escalation ladder reached by one deadline, written once (see workflows/sweeper.ts). */
export interface DeadlineAlertTable {
  id: Id;
  deadline_id: number;
  case_id: number;
  department_id: number | null;
  /** prewarn:N | overdue | supervise | bulletin | lapsed */
  step: string;
  rank: number;
  as_of: string;
  /** working days before (negative) or after (positive) the due date when recorded */
  working_days: number;
  event_id: number | null;
  created_at: string;
}

/** A supervision bulletin (督办通报): a draft, or published and never changed again. */
export interface BulletinTable {
  id: Id;
  /** the issue within the year (2026年第3期), given at publication */
  year: number | null;
  seq: number | null;
  title: string;
  period_from: string;
  period_to: string;
  kind: CaseKind | null;
  /** JSON of the thresholds (rates 0–1) below which a unit is named */
  thresholds: string;
  /** JSON: the snapshot of everything the bulletin shows (workflows/bulletin.ts BulletinContent) */
  content: string;
  status: "draft" | "published";
  created_by: number;
  created_at: string;
  updated_at: string;
  published_by: number | null;
  published_at: string | null;
}

/** A failed sign-in, kept for the throttle window (app/utils/auth.server.ts). */
export interface LoginFailureTable {
  id: Id;
  username: string;
  address: string;
  at: string;
}
