import { z } from "zod";
import { recordAdminAction } from "../../db/audit";
import { getDepartment } from "../../db/departments";
import {
  approvedReply,
  claimLinkUse,
  discardMail,
  getMail,
  type LinkScope,
  linkUsedAt,
  listMail,
  mailCounts,
  mailSettings,
  releaseLinkUse,
  retryMail,
  updateMailSettings,
} from "../../db/mail";
import type { Locale, OutboxStatus } from "../../db/schema";
import { getUser as userById } from "../../db/users";
import { type MailConfig, mailConfig } from "../../emails/config";
import { verifyLink } from "../../emails/links";
import { mayRate } from "../../emails/render";
import { ESSENTIAL_TEMPLATES } from "../../emails/templates/catalog";
import { type MailTransport, transportFor } from "../../emails/transport";
import { type MailWorkerHandle, startMailWorker } from "../../emails/worker";
import { today } from "../../workflows/dates";
import { CaseError, type FieldProblems, zodProblems } from "../../workflows/errors";
import type { Lang } from "../i18n";
import { actorOf, type SessionUser } from "../utils/auth.server";
import { clock, db } from "../utils/db.server";
import { env, sessionSecret } from "../utils/env.server";
import { sendEvent } from "./case-events.server";

declare global {
  // One worker per process, kept across module reloads in development.
  var __mailWorker: MailWorkerHandle | undefined;
  var __mailSetup: { config: MailConfig; transport: MailTransport } | undefined;
}

/** Configuration and transport from the environment, once per process. */
export function mailSetup() {
  if (!globalThis.__mailSetup) {
    const e = env();
    globalThis.__mailSetup = {
      config: mailConfig({ ...e, sessionSecret: sessionSecret() }),
      transport: transportFor(e.SMTP_URL, { production: e.NODE_ENV === "production" }),
    };
  }
  return globalThis.__mailSetup;
}

/** Starts the in-server delivery loop (unless MAIL_WORKER=0). Called once from startup(). */
export function startMailDelivery(): MailWorkerHandle | null {
  const e = env();
  const { config, transport } = mailSetup();
  if (e.MAIL_WORKER === "0") {
    console.log("mail: no worker in this process (MAIL_WORKER=0); run `npm run mail:worker` elsewhere");
    return null;
  }
  if (globalThis.__mailWorker) return globalThis.__mailWorker;
  if (transport.mode === "capture")
    (e.NODE_ENV === "production" ? console.warn : console.log)(
      `mail: SMTP_URL is not set, so mails are captured in the database, not sent; admins read them at ${config.publicUrl}/admin/mail`,
    );
  else console.log(`mail: delivering through ${transport.description} as ${config.from}`);
  globalThis.__mailWorker = startMailWorker({
    db: db(),
    transport,
    config,
    clock,
    intervalMs: e.MAIL_WORKER_INTERVAL_MS,
  });
  return globalThis.__mailWorker;
}

/** Asks the in-process worker to look now (after an admin's retry). */
function kickWorker() {
  globalThis.__mailWorker?.kick();
}

// ---------------------------------------------------------------------------------------------
// Admin: /admin/mail

export const MAIL_TABS = ["dead", "pending", "captured", "recent"] as const;
export type MailTab = (typeof MAIL_TABS)[number];
const TAB_STATUSES: Record<MailTab, OutboxStatus[] | undefined> = {
  dead: ["dead"],
  pending: ["pending"],
  captured: ["captured"],
  recent: undefined,
};

export async function mailAdminView(tabAsked: string | null) {
  const { transport, config } = mailSetup();
  const counts = await mailCounts(db());
  const fallback: MailTab = counts.dead ? "dead" : transport.mode === "capture" ? "captured" : "recent";
  const tab = MAIL_TABS.find((t) => t === tabAsked) ?? fallback;
  const rows = await listMail(db(), { statuses: TAB_STATUSES[tab], limit: 200 });
  return {
    mode: transport.mode,
    server: transport.description,
    workerHere: env().MAIL_WORKER !== "0",
    from: config.from,
    counts,
    tab,
    rows,
  };
}

export async function mailDetail(id: number) {
  return getMail(db(), id);
}

export async function retryDeadMail(admin: SessionUser, id: number): Promise<boolean> {
  const now = clock.now().toISOString();
  const done = await db()
    .transaction()
    .execute(async (trx) => {
      const ok = await retryMail(trx, id, now);
      if (ok)
        await recordAdminAction(trx, {
          actorId: admin.id,
          action: "mail.retry",
          target: `outbox:${id}`,
          detail: {},
          now,
        });
      return ok;
    });
  if (done) kickWorker();
  return done;
}

export async function discardDeadMail(admin: SessionUser, id: number): Promise<boolean> {
  const now = clock.now().toISOString();
  return db()
    .transaction()
    .execute(async (trx) => {
      const ok = await discardMail(trx, id);
      if (ok)
        await recordAdminAction(trx, {
          actorId: admin.id,
          action: "mail.discard",
          target: `outbox:${id}`,
          detail: {},
          now,
        });
      return ok;
    });
}

// ---------------------------------------------------------------------------------------------
// Personal settings: /settings

export const settingsSchema = z.strictObject({
  email: z
    .string()
    .trim()
    .email()
    .max(200)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  locale: z.enum(["zh-CN", "en"]),
  mailOptional: z.boolean(),
});

export async function settingsOf(user: SessionUser) {
  const s = await mailSettings(db(), user.id);
  const unit = user.department_id ? await getDepartment(db(), user.department_id) : undefined;
  return {
    email: s?.email ?? "",
    locale: (s?.locale ?? "zh-CN") as Locale,
    mailOptional: (s?.mail_optional ?? 1) === 1,
    essential: ESSENTIAL_TEMPLATES,
    unitMailbox: unit?.email ?? null,
  };
}

export async function saveSettings(user: SessionUser, input: unknown) {
  const r = settingsSchema.safeParse(input, { reportInput: true });
  if (!r.success)
    throw new CaseError("validation_failed", "invalid_payload", { fields: zodProblems(r.error) });
  await updateMailSettings(db(), user.id, {
    email: r.data.email ?? null,
    locale: r.data.locale,
    mailOptional: r.data.mailOptional,
  });
  return r.data;
}

// ---------------------------------------------------------------------------------------------
// One-click rating: /r/:token

export type RatingPage =
  | { kind: "invalid" }
  | { kind: "expired"; validUntil: string }
  | { kind: "used"; caseKind?: string; caseState?: string }
  | { kind: "closed"; caseKind?: string }
  | {
      kind: "open";
      /** proposal: EVALUATE (attitude and result); enterprise request: FEEDBACK (one rating) */
      caseKind: "proposal" | "enterprise_request";
      name: string;
      caseTitle: string;
      number: number | null;
      sessionLabel: string | null;
      reply: {
        department: string;
        classification: string | null;
        resolution: string | null;
        body: string;
        contactName: string | null;
        contactPhone: string | null;
      } | null;
    };

interface Checked {
  page: RatingPage;
  scope?: LinkScope;
  user?: NonNullable<Awaited<ReturnType<typeof userById>>>;
}

/** What the link allows now. Opening it never uses it: only an accepted rating does. */
async function checkLink(token: string): Promise<Checked> {
  const { config } = mailSetup();
  const now = clock.now();
  const v = verifyLink(config.linkKey, token, now);
  if (!v.ok) {
    if (v.reason === "expired" && v.claims)
      return { page: { kind: "expired", validUntil: today(v.claims.expiresAt) } };
    return { page: { kind: "invalid" } };
  }
  const { caseId, round, userId } = v.claims;
  const q = db();
  const [user, c] = await Promise.all([
    userById(q, userId),
    q
      .selectFrom("cases")
      .select([
        "id",
        "title",
        "number",
        "session_label",
        "state",
        "round",
        "author_id",
        "enterprise_id",
        "kind",
      ])
      .where("id", "=", caseId)
      .executeTakeFirst(),
  ]);
  // A genuine signature for a person or case that is gone, or who may no longer rate it, is no link.
  if (
    user?.active !== 1 ||
    !c ||
    !mayRate(c, { userId: user.id, role: user.role, enterpriseId: user.enterprise_id })
  )
    return { page: { kind: "invalid" } };
  const caseKind = c.kind;
  const scope: LinkScope = { purpose: "evaluate", caseId, round, userId };
  if (await linkUsedAt(q, scope))
    return { page: { kind: "used", caseKind, caseState: c.state }, scope, user };
  if (c.state !== "replied" || c.round !== round) return { page: { kind: "closed", caseKind }, scope, user };
  const reply = await approvedReply(q, caseId, round);
  return {
    page: {
      kind: "open",
      caseKind,
      name: user.display_name,
      caseTitle: c.title,
      number: c.number,
      sessionLabel: c.session_label,
      reply: reply
        ? {
            department: reply.department_name,
            classification: reply.classification,
            resolution: reply.resolution,
            body: reply.body,
            contactName: reply.contact_name,
            contactPhone: reply.contact_phone,
          }
        : null,
    },
    scope,
    user,
  };
}

export async function ratingPage(token: string): Promise<RatingPage> {
  return (await checkLink(token)).page;
}

export type RatingOutcome =
  | { kind: "done"; caseKind: string; attitude: string; result: string; state: string }
  | { kind: "refused"; page: RatingPage }
  | { kind: "invalid_fields"; fields: FieldProblems; page: RatingPage };

/**
 * Records the rating through the same engine as the case page: a proposal author's EVALUATE, an
 * enterprise user's FEEDBACK, acting as that person. The use is claimed first (a second submission
 * finds it taken) and given back if the engine refuses the rating, so a missing field does not
 * burn the link.
 */
export async function submitRating(
  token: string,
  form: { attitude: string; result: string; comment: string },
  lang: Lang,
): Promise<RatingOutcome> {
  const checked = await checkLink(token);
  const page = checked.page;
  if (page.kind !== "open" || !checked.scope || !checked.user) return { kind: "refused", page };
  const { scope, user } = checked;
  const caseKind = page.caseKind;
  if (!(await claimLinkUse(db(), scope, clock.now().toISOString())))
    return { kind: "refused", page: { kind: "used", caseKind } };
  try {
    const event: Record<string, unknown> =
      caseKind === "enterprise_request"
        ? { type: "FEEDBACK", rating: form.result }
        : { type: "EVALUATE", attitude: form.attitude, result: form.result };
    if (form.comment.trim()) event.comment = form.comment;
    const after = await sendEvent(actorOf(user), scope.caseId, event, lang);
    return { kind: "done", caseKind, attitude: form.attitude, result: form.result, state: after.state };
  } catch (e) {
    await releaseLinkUse(db(), scope);
    if (e instanceof CaseError && e.code === "validation_failed") {
      // FEEDBACK names its one field `rating`; the form calls it `result`, as EVALUATE does.
      const { rating, ...rest } = e.details.fields ?? {};
      return { kind: "invalid_fields", fields: rating ? { ...rest, result: rating } : rest, page };
    }
    if (e instanceof CaseError) return { kind: "refused", page: { kind: "closed", caseKind } };
    throw e;
  }
}

/** Stops the in-process worker: the mail being sent finishes, the rest of its batch is given back. */
export async function stopMailDelivery(): Promise<void> {
  const w = globalThis.__mailWorker;
  globalThis.__mailWorker = undefined;
  await w?.stop();
}
