/**
 * One entry per notification the workflows produce: what the mail says, in the recipient's
 * language. Each entry gets the facts of its case and event (MailContext, loaded by render.ts) and
 * returns the parts of a MailBody that differ between notifications; render.ts adds the greeting,
 * the link, the footer, and renders HTML (Notice.tsx) and text (text.ts).
 */

export interface MailContext {
  lang: "zh-CN" | "en";
  t: (key: string, params?: Record<string, unknown>) => string;
  has: (key: string) => boolean;
  template: string;
  payload: Record<string, unknown>;
  case: {
    id: number;
    kind: string;
    title: string;
    numberLabel: string | null;
    state: string;
    round: number;
    authorId: number;
    authorName: string;
    leadName: string | null;
    classification: string | null;
  } | null;
  event: {
    type: string;
    payload: Record<string, unknown>;
    actorName: string | null;
    actorUnit: string | null;
  } | null;
  assignments: Array<{ departmentId: number; role: string; active: boolean; name: string }>;
  deadlines: Array<{ type: string; departmentId: number | null; dueDate: string; round: number }>;
  /** the unit this mail is for (the recipient's own, or the shared mailbox's) */
  unitId: number | null;
  isAuthor: boolean;
  mergedIntoTitle: string | null;
  /** the unit a returning unit suggested (退单) */
  suggestedUnit: string | null;
  /** the latest released reply of the case */
  reply: { classification: string | null; resolution: string | null } | null;
  /** the one-click rating link, when this mail carries one */
  rating: { url: string; expires: string } | null;
}

export interface TemplateContent {
  subject: string;
  heading: string;
  paragraphs: string[];
  quote?: { label: string; text: string } | null;
  facts?: Array<{ label: string; value: string }>;
  action: string;
  /** a different target than the case page (the rating link, a bulletin) */
  url?: string;
  note?: string | null;
  /** a second link, shown after the note */
  secondary?: { label: string; url: "case" | string } | null;
}

export interface TemplateDef {
  /** Essential notices concern a unit's duties or a deadline: nobody can turn them off. */
  essential: boolean;
  build(ctx: MailContext): TemplateContent;
}

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);

function quote(ctx: MailContext, labelKey: string, field = "reason") {
  const text = str(ctx.event?.payload[field]);
  return text ? { label: ctx.t(labelKey), text } : null;
}

function fact(label: string, value: string | null | undefined) {
  return value ? [{ label, value }] : [];
}

/** The open deadline of a type, preferring the recipient's unit. */
function due(ctx: MailContext, type: string, departmentId: number | null = ctx.unitId) {
  const of = ctx.deadlines.filter((d) => d.type === type);
  return (of.find((d) => d.departmentId === departmentId) ?? of[0])?.dueDate ?? null;
}

function unitName(ctx: MailContext, departmentId: unknown) {
  return ctx.assignments.find((a) => a.departmentId === departmentId)?.name ?? null;
}

const units = (ctx: MailContext, role: "lead" | "co") =>
  ctx.assignments
    .filter((a) => a.active && a.role === role)
    .map((a) => a.name)
    .join(ctx.lang === "en" ? ", " : "、");

/** A key's variant for the case's kind (`….enterprise_request`) when there is one. */
function kindKey(ctx: MailContext, key: string): string {
  const kind = ctx.case?.kind;
  return kind && ctx.has(`${key}.${kind}`) ? `${key}.${kind}` : key;
}

function base(ctx: MailContext, name: string, params: Record<string, unknown> = {}) {
  const p = { title: ctx.case?.title ?? "", ...params };
  return {
    subject: ctx.t(kindKey(ctx, `mail.${name}.subject`), p),
    heading: ctx.t(kindKey(ctx, `mail.${name}.heading`), p),
    action: ctx.t(kindKey(ctx, `mail.${name}.action`), p),
    p,
  };
}

/** A code in words: the mail dictionary's own label, else the product's, else the code itself. */
function label(ctx: MailContext, prefix: string, code: string | null): string | null {
  if (!code) return null;
  if (ctx.has(`mail.${prefix}.${code}`)) return ctx.t(`mail.${prefix}.${code}`);
  if (ctx.has(`${prefix}.${code}`)) return ctx.t(`${prefix}.${code}`);
  return code;
}

/** How a reply was classed: A–D for a proposal, the resolution for an enterprise request. */
function replyFacts(ctx: MailContext, r: { classification?: unknown; resolution?: unknown } | null) {
  const c = str(r?.classification);
  const res = str(r?.resolution);
  return [
    ...fact(ctx.t("mail.fact.classification"), label(ctx, "classification", c)),
    ...fact(ctx.t("mail.fact.resolution"), label(ctx, "resolution", res)),
  ];
}

const ratingWord = (ctx: MailContext, v: unknown) => label(ctx, "result", str(v));

/** A notice whose body is one sentence, an optional quote from the event and optional facts. */
function simple(
  name: string,
  essential: boolean,
  more: (ctx: MailContext) => {
    params?: Record<string, unknown>;
    bodyKey?: string;
    quote?: TemplateContent["quote"];
    facts?: TemplateContent["facts"];
  } = () => ({}),
): TemplateDef {
  return {
    essential,
    build(ctx) {
      const m = more(ctx);
      const b = base(ctx, name, m.params);
      return {
        subject: b.subject,
        heading: b.heading,
        action: b.action,
        paragraphs: [ctx.t(kindKey(ctx, m.bodyKey ?? `mail.${name}.body`), b.p)],
        quote: m.quote ?? null,
        facts: m.facts ?? [],
      };
    },
  };
}

const actorUnit = (ctx: MailContext) => ctx.event?.actorUnit ?? ctx.t("mail.aUnit");

export const catalog: Record<string, TemplateDef> = {
  proposal_submitted: simple("proposal_submitted", false, (ctx) => ({
    params: { author: ctx.case?.authorName ?? ctx.t("mail.someone") },
  })),

  proposal_accepted: simple("proposal_accepted", false, (ctx) => ({
    params: { number: ctx.case?.numberLabel ?? "" },
  })),

  proposal_rejected: simple("proposal_rejected", false, (ctx) => ({
    quote: quote(ctx, "mail.quote.reason"),
  })),

  proposal_returned_for_revision: simple("proposal_returned_for_revision", false, (ctx) => ({
    quote: quote(ctx, "mail.quote.revision"),
  })),

  proposal_merged: simple("proposal_merged", false, (ctx) => ({
    params: { into: ctx.mergedIntoTitle ?? "" },
    bodyKey: ctx.mergedIntoTitle ? "mail.proposal_merged.bodyInto" : "mail.proposal_merged.body",
  })),

  case_assigned: simple("case_assigned", true, (ctx) => {
    const mine = ctx.assignments.find((a) => a.active && a.departmentId === ctx.unitId);
    const role = mine ? ctx.t(`mail.role.${mine.role}`) : null;
    return {
      params: { role: role ?? "" },
      bodyKey: role ? "mail.case_assigned.body" : "mail.case_assigned.bodyNoRole",
      facts: [
        ...fact(ctx.t("mail.fact.unitRole"), role),
        ...fact(ctx.t("mail.fact.signDue"), due(ctx, "sign")),
        ...fact(ctx.t("mail.fact.objectionUntil"), due(ctx, "objection_window")),
        ...fact(ctx.t("mail.fact.returnUntil"), due(ctx, "return_window")),
        ...(mine?.role === "lead"
          ? fact(ctx.t("mail.fact.replyDue"), due(ctx, "reply"))
          : fact(ctx.t("mail.fact.opinionDue"), due(ctx, "opinion"))),
      ],
    };
  }),

  proposal_assigned_to_author: simple("proposal_assigned_to_author", false, (ctx) => ({
    facts: [
      ...fact(ctx.t("mail.fact.leadUnit"), units(ctx, "lead")),
      ...fact(ctx.t("mail.fact.coUnits"), units(ctx, "co")),
      ...fact(ctx.t("mail.fact.replyDue"), due(ctx, "reply", null)),
    ],
  })),

  reminder: simple("reminder", true, (ctx) => ({
    quote: quote(ctx, "mail.quote.message", "message"),
    facts: fact(ctx.t("mail.fact.replyDue"), due(ctx, "reply")),
  })),

  supervision_notice: simple("supervision_notice", true, (ctx) => ({
    quote: quote(ctx, "mail.quote.message", "message"),
    facts: fact(ctx.t("mail.fact.respondBy"), str(ctx.event?.payload.respondBy)),
  })),

  objection_filed: simple("objection_filed", false, (ctx) => ({
    params: { unit: actorUnit(ctx) },
    quote: quote(ctx, "mail.quote.reason"),
  })),

  objection_ruled: simple("objection_ruled", false, (ctx) => {
    const reassigned = ctx.event?.type === "REASSIGN";
    return {
      bodyKey: reassigned ? "mail.objection_ruled.bodyReassigned" : "mail.objection_ruled.bodyDismissed",
      quote: reassigned ? null : quote(ctx, "mail.quote.reason"),
      facts: reassigned
        ? [
            ...fact(ctx.t("mail.fact.leadUnit"), units(ctx, "lead")),
            ...fact(ctx.t("mail.fact.coUnits"), units(ctx, "co")),
          ]
        : [],
    };
  }),

  extension_requested: simple("extension_requested", false, (ctx) => ({
    params: { unit: actorUnit(ctx) },
    quote: quote(ctx, "mail.quote.reason"),
    facts: [
      ...fact(ctx.t("mail.fact.replyDue"), due(ctx, "reply")),
      ...fact(ctx.t("mail.fact.until"), str(ctx.event?.payload.until)),
    ],
  })),

  extension_ruled: simple("extension_ruled", false, (ctx) => {
    const approved = ctx.event?.type === "APPROVE_EXTENSION";
    return {
      bodyKey: approved ? "mail.extension_ruled.bodyApproved" : "mail.extension_ruled.bodyDenied",
      quote: approved ? null : quote(ctx, "mail.quote.reason"),
      facts: fact(ctx.t("mail.fact.replyDue"), due(ctx, "reply")),
    };
  }),

  opinion_received: simple("opinion_received", false, (ctx) => ({ params: { unit: actorUnit(ctx) } })),

  opinion_waived: simple("opinion_waived", false, (ctx) => ({
    params: { unit: unitName(ctx, ctx.event?.payload.departmentId) ?? ctx.t("mail.aUnit") },
    quote: quote(ctx, "mail.quote.reason"),
  })),

  reply_awaiting_approval: simple("reply_awaiting_approval", true, (ctx) => ({
    facts: [
      ...replyFacts(ctx, ctx.event?.payload ?? null),
      ...fact(ctx.t("mail.fact.replyDue"), due(ctx, "reply")),
    ],
  })),

  reply_released: {
    essential: true,
    build(ctx) {
      const b = base(ctx, "reply_released", { unit: ctx.case?.leadName ?? ctx.t("mail.aUnit") });
      const k = (key: string) => kindKey(ctx, `mail.reply_released.${key}`);
      const facts = [...fact(ctx.t("mail.fact.leadUnit"), ctx.case?.leadName), ...replyFacts(ctx, ctx.reply)];
      const rateBy = due(ctx, "evaluation", null) ?? due(ctx, "feedback", null);
      if (ctx.rating)
        return {
          subject: b.subject,
          heading: b.heading,
          paragraphs: [ctx.t(k("body"), b.p)],
          facts: [...facts, ...fact(ctx.t("mail.fact.evaluationDue"), rateBy)],
          action: b.action,
          url: ctx.rating.url,
          note: ctx.t("mail.reply_released.linkNote", { expires: ctx.rating.expires }),
          secondary: { label: ctx.t("mail.reply_released.loginAction"), url: "case" },
        };
      return {
        subject: ctx.t(k("subjectOther"), b.p),
        heading: b.heading,
        paragraphs: [ctx.t(k("bodyOther"), b.p)],
        facts,
        action: ctx.t("mail.reply_released.actionOther"),
      };
    },
  },

  reply_returned: simple("reply_returned", false, (ctx) => ({
    quote: quote(ctx, "mail.quote.returnNote"),
    facts: fact(ctx.t("mail.fact.replyDue"), due(ctx, "reply")),
  })),

  rehandling_required: simple("rehandling_required", true, (ctx) => ({
    params: { round: ctx.case?.round ?? "" },
    quote: quote(ctx, "mail.quote.comment", "comment"),
    facts: fact(ctx.t("mail.fact.replyDue"), due(ctx, "reply")),
  })),

  evaluation_received: simple("evaluation_received", false, (ctx) => {
    const p = ctx.event?.payload ?? {};
    return {
      params: { result: ratingWord(ctx, p.result) ?? "" },
      quote: quote(ctx, "mail.quote.comment", "comment"),
      facts: [
        ...fact(ctx.t("mail.fact.attitude"), ratingWord(ctx, p.attitude)),
        ...fact(ctx.t("mail.fact.result"), ratingWord(ctx, p.result)),
      ],
    };
  }),

  // Enterprise requests (企业诉求)
  request_accepted: simple("request_accepted", false, (ctx) => {
    const category = str(ctx.event?.payload.category);
    return { facts: fact(ctx.t("mail.fact.category"), label(ctx, "category", category)) };
  }),

  request_rejected: simple("request_rejected", false, (ctx) => ({ quote: quote(ctx, "mail.quote.reason") })),

  request_merged: simple("request_merged", false, (ctx) => ({
    params: { into: ctx.mergedIntoTitle ?? "" },
    bodyKey: ctx.mergedIntoTitle ? "mail.request_merged.bodyInto" : "mail.request_merged.body",
  })),

  case_returned: simple("case_returned", false, (ctx) => {
    const code = str(ctx.event?.payload.reasonCode);
    return {
      params: { unit: actorUnit(ctx) },
      quote: quote(ctx, "mail.quote.note", "note"),
      facts: [
        ...fact(ctx.t("mail.fact.returnReason"), label(ctx, "returnReason", code)),
        ...fact(ctx.t("mail.fact.suggestedUnit"), ctx.suggestedUnit),
      ],
    };
  }),

  information_requested: simple("information_requested", true, (ctx) => ({
    params: { unit: actorUnit(ctx) },
    quote: quote(ctx, "mail.quote.question", "question"),
  })),

  information_provided: simple("information_provided", true, (ctx) => ({
    quote: quote(ctx, "mail.quote.answer", "answer"),
    facts: fact(ctx.t("mail.fact.replyDue"), due(ctx, "reply")),
  })),

  closing_decision_needed: simple("closing_decision_needed", true, (ctx) => ({
    facts: fact(ctx.t("mail.fact.result"), ratingWord(ctx, ctx.event?.payload.rating)),
    quote: quote(ctx, "mail.quote.comment", "comment"),
  })),

  feedback_received: simple("feedback_received", false, (ctx) => ({
    params: { result: ratingWord(ctx, ctx.event?.payload.rating) ?? "" },
    facts: fact(ctx.t("mail.fact.result"), ratingWord(ctx, ctx.event?.payload.rating)),
    quote: quote(ctx, "mail.quote.comment", "comment"),
  })),

  visit_recorded: simple("visit_recorded", false, (ctx) => {
    const p = ctx.event?.payload ?? {};
    return {
      params: { result: ratingWord(ctx, p.rating) ?? "" },
      facts: [
        ...fact(ctx.t("mail.fact.visitDate"), str(p.date)),
        ...fact(ctx.t("mail.fact.result"), ratingWord(ctx, p.rating)),
      ],
      quote: quote(ctx, "mail.quote.note", "note"),
    };
  }),

  request_closed: simple("request_closed", false, (ctx) => ({ quote: quote(ctx, "mail.quote.reason") })),

  // Sent by the deadline sweeper (payload: deadlineType, dueDate) and the bulletins (bulletinTitle, path).
  deadline_warning: simple("deadline_warning", true, (ctx) => ({
    params: {
      deadline: label(ctx, "deadline", str(ctx.payload.deadlineType) ?? "reply"),
      due: str(ctx.payload.dueDate) ?? "",
    },
  })),

  deadline_overdue: simple("deadline_overdue", true, (ctx) => ({
    params: {
      deadline: label(ctx, "deadline", str(ctx.payload.deadlineType) ?? "reply"),
      due: str(ctx.payload.dueDate) ?? "",
    },
  })),

  // 督办: the sweeper's supervision notice to the head of a unit whose deadline is long overdue.
  deadline_supervised: simple("deadline_supervised", true, (ctx) => ({
    params: {
      deadline: label(ctx, "deadline", str(ctx.payload.deadlineType) ?? "reply"),
      due: str(ctx.payload.dueDate) ?? "",
      days: Number(ctx.payload.workingDays ?? 0),
    },
  })),

  bulletin_published: {
    essential: false,
    build(ctx) {
      const b = base(ctx, "bulletin_published", { bulletin: str(ctx.payload.bulletinTitle) ?? "" });
      return {
        subject: b.subject,
        heading: b.heading,
        paragraphs: [ctx.t("mail.bulletin_published.body", b.p)],
        action: b.action,
        url: str(ctx.payload.path) ?? "/",
      };
    },
  },
};

/** Templates nobody can turn off (the unit's duties, supervision, deadlines, the reply to rate). */
export const ESSENTIAL_TEMPLATES = Object.entries(catalog)
  .filter(([, d]) => d.essential)
  .map(([name]) => name);

export function isEssential(template: string): boolean {
  return catalog[template]?.essential ?? true;
}
