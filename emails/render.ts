import type { Kysely } from "kysely";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { hasKey, isLang, type Lang, t as translate } from "../app/i18n";
import { caseTitleById, departmentName, mailContextRows, mailRecipient, type Rendered } from "../db/mail";
import type { Database, OutboxRow } from "../db/schema";
import { today } from "../workflows/dates";
import type { MailConfig } from "./config";
import { EVALUATION_LINK_DAYS, signLink } from "./links";
import { catalog, isEssential, type MailContext } from "./templates/catalog";
import { type MailBody, Notice } from "./templates/Notice";
import { noticeText } from "./templates/text";
import { isDeliverableAddress } from "./transport";

/** Who an outbox row reaches now, or why it reaches nobody. */
export type Recipient =
  | {
      ok: true;
      to: string;
      lang: Lang;
      userId: number | null;
      name: string;
      /** the unit the mail is for: the person's own, or the department of a shared mailbox */
      unitId: number | null;
      role: string | null;
      enterpriseId: number | null;
      mailbox: boolean;
    }
  | { ok: false; status: "skipped" | "dead"; reason: string; to: string | null };

/**
 * Resolved at delivery, not at enqueue: a person's current address, language and choice apply to
 * mail still in the queue. Opting out is honoured here (decision 006).
 */
export async function resolveRecipient(db: Kysely<Database>, row: OutboxRow): Promise<Recipient> {
  const payload = parsePayload(row.payload);
  if (row.recipient_user_id === null) {
    const to = row.recipient_email?.trim() ?? "";
    if (!to) return { ok: false, status: "skipped", reason: "no_address", to: null };
    if (!isDeliverableAddress(to)) return { ok: false, status: "dead", reason: `invalid address: ${to}`, to };
    const unitId = typeof payload.departmentId === "number" ? payload.departmentId : null;
    const name = (unitId !== null ? await departmentName(db, unitId) : null) ?? to;
    return {
      ok: true,
      to,
      lang: isLang(row.locale) ? row.locale : "zh-CN",
      userId: null,
      name,
      unitId,
      role: null,
      enterpriseId: null,
      mailbox: true,
    };
  }
  const u = await mailRecipient(db, row.recipient_user_id);
  if (u?.active !== 1) return { ok: false, status: "skipped", reason: "inactive", to: null };
  if (!isEssential(row.template) && u.mail_optional !== 1)
    return { ok: false, status: "skipped", reason: "opted_out", to: u.email };
  const to = u.email?.trim() ?? "";
  if (!to) return { ok: false, status: "skipped", reason: "no_address", to: null };
  if (!isDeliverableAddress(to)) return { ok: false, status: "dead", reason: `invalid address: ${to}`, to };
  return {
    ok: true,
    to,
    lang: isLang(u.locale) ? u.locale : "zh-CN",
    userId: u.id,
    name: u.display_name,
    unitId: u.department_id,
    role: u.role,
    enterpriseId: u.enterprise_id,
    mailbox: false,
  };
}

export class UnknownTemplateError extends Error {}

/**
 * Renders an outbox row for its recipient. Deterministic for a row: a re-send after a crash
 * renders the same mail (the rating link's expiry counts from the row's creation).
 */
export async function renderOutboxMail(
  db: Kysely<Database>,
  row: OutboxRow,
  who: Extract<Recipient, { ok: true }>,
  config: MailConfig,
): Promise<Rendered> {
  const def = catalog[row.template];
  if (!def) throw new UnknownTemplateError(`no template named ${row.template}`);
  const lang = who.lang;
  const t = (key: string, params?: Record<string, unknown>) => translate(lang, key, params);
  const payload = parsePayload(row.payload);
  const rows = await mailContextRows(db, row);
  const c = rows.case;
  const eventPayload = rows.event ? parsePayload(rows.event.payload) : {};
  const caseUrl = c ? `${config.publicUrl}/cases/${c.id}` : `${config.publicUrl}/`;

  let rating: MailContext["rating"] = null;
  if (row.template === "reply_released" && c && who.userId !== null && mayRate(c, who)) {
    const round = typeof payload.round === "number" ? payload.round : c.round;
    const expiresAt = new Date(new Date(row.created_at).getTime() + EVALUATION_LINK_DAYS * 86400_000);
    const token = signLink(config.linkKey, { caseId: c.id, round, userId: who.userId, expiresAt });
    rating = { url: `${config.publicUrl}/r/${token}`, expires: today(expiresAt) };
  }

  const mergedInto =
    rows.event?.type === "MERGE" && typeof eventPayload.intoCaseId === "number"
      ? await caseTitleById(db, eventPayload.intoCaseId)
      : undefined;
  const suggested =
    typeof eventPayload.suggestedDepartmentId === "number"
      ? await departmentName(db, eventPayload.suggestedDepartmentId)
      : null;

  const ctx: MailContext = {
    lang,
    t,
    has: (key) => hasKey(lang, key),
    template: row.template,
    payload,
    case: c
      ? {
          id: c.id,
          kind: c.kind,
          title: c.title,
          numberLabel: numberLabel(t, c.number, c.session_label),
          state: c.state,
          round: c.round,
          authorId: c.author_id,
          authorName: c.author_name,
          leadName: c.lead_name,
          classification: c.classification,
        }
      : null,
    event: rows.event
      ? {
          type: rows.event.type,
          payload: eventPayload,
          actorName: rows.event.actor_name,
          actorUnit: rows.event.actor_unit,
        }
      : null,
    assignments: rows.assignments.map((a) => ({
      departmentId: a.department_id,
      role: a.role,
      active: a.active === 1,
      name: a.name,
    })),
    deadlines: rows.deadlines.map((d) => ({
      type: d.type,
      departmentId: d.department_id,
      dueDate: d.due_date,
      round: d.round,
    })),
    unitId: who.unitId,
    isAuthor: !!c && who.userId === c.author_id,
    mergedIntoTitle: mergedInto?.title ?? null,
    suggestedUnit: suggested,
    reply: rows.reply
      ? { classification: rows.reply.classification, resolution: rows.reply.resolution }
      : null,
    rating,
  };
  const content = def.build(ctx);
  const appName = t("app.name");
  const absolute = (u: string) => (u.startsWith("/") ? `${config.publicUrl}${u}` : u);
  const primaryUrl = content.url ? absolute(content.url) : caseUrl;
  const caseFacts = c
    ? [
        { label: t("mail.fact.title"), value: c.title },
        ...(ctx.case?.numberLabel ? [{ label: t("mail.fact.number"), value: ctx.case.numberLabel }] : []),
      ]
    : [];
  const footer = [
    [
      t("mail.footer.auto", { app: appName }),
      config.replyTo ? t("mail.footer.replyTo") : t("mail.footer.noReply"),
    ].join(lang === "en" ? " " : ""),
    who.mailbox
      ? t("mail.footer.mailbox", { unit: who.name })
      : def.essential
        ? t("mail.footer.essential")
        : t("mail.footer.optional", { url: `${config.publicUrl}/settings` }),
  ];
  const body: MailBody = {
    lang,
    appName,
    subject: oneLine(content.subject),
    preheader: content.paragraphs[0] ?? content.heading,
    greeting: who.mailbox
      ? t("mail.greeting.unit", { unit: who.name })
      : t("mail.greeting", { name: who.name }),
    heading: content.heading,
    paragraphs: content.paragraphs,
    quote: content.quote ?? null,
    facts: [...caseFacts, ...(content.facts ?? [])],
    primary: { label: content.action, url: primaryUrl },
    note: content.note ?? null,
    secondary: content.secondary
      ? {
          label: content.secondary.label,
          url: content.secondary.url === "case" ? caseUrl : absolute(content.secondary.url),
        }
      : null,
    linkFallback: t("mail.linkFallback"),
    footer,
  };
  return renderBody(body);
}

/**
 * Who may rate a reply, and so gets the one-click link: a proposal's author (EVALUATE); a user of
 * the enterprise a request is for (FEEDBACK), not staff who filed it on the enterprise's behalf.
 */
export function mayRate(
  c: { kind: string; author_id: number; enterprise_id: number | null },
  who: { userId: number | null; role: string | null; enterpriseId: number | null },
): boolean {
  if (c.kind === "proposal") return who.userId === c.author_id;
  if (c.kind === "enterprise_request")
    return who.role === "enterprise" && who.enterpriseId !== null && who.enterpriseId === c.enterprise_id;
  return false;
}

export function renderBody(body: MailBody): Rendered {
  const html = `<!DOCTYPE html>${renderToStaticMarkup(createElement(Notice, { body }))}`;
  return { subject: body.subject, html, text: noticeText(body) };
}

function numberLabel(
  t: (key: string, params?: Record<string, unknown>) => string,
  n: number | null,
  session: string | null,
): string | null {
  if (n === null) return null;
  return session ? t("mail.numberLabel", { n, session }) : t("mail.numberOnly", { n });
}

/**
 * `<mail.<row id>.<created, digits>@<domain>>`: stable for the row (every attempt carries it, so
 * a re-send after a crash is the same mail to the recipient's server and client), and different
 * after a database is reset, when row ids start again from 1.
 */
export function messageIdFor(row: Pick<OutboxRow, "id" | "created_at">, domain: string): string {
  const stamp = row.created_at.replace(/\D/g, "").slice(0, 17);
  return `<mail.${row.id}.${stamp}@${domain}>`;
}

/** Every mail about one case threads under this reference in the recipient's client. */
export function caseReference(caseId: number | null, domain: string): string | null {
  return caseId === null ? null : `<case.${caseId}@${domain}>`;
}

function parsePayload(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json);
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const oneLine = (s: string) => s.replace(/[\r\n]+/g, " ").trim();
