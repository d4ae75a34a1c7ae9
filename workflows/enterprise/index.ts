import { z } from "zod";
import { insertAttachments } from "../../db/attachments";
import { getCaseById } from "../../db/cases";
import { existingDepartmentIds } from "../../db/departments";
import { getEnterprise } from "../../db/enterprises";
import type { FieldProblems } from "../errors";
import type { KindDefinition } from "../kinds";
import { id, optionalText, text } from "../schemas";
import { type OpenDeadline, planEnterpriseDeadlines } from "./deadlines";
import { channels, enterpriseEventSchemas } from "./events";
import { type EnterpriseContext, enterpriseMachine } from "./machine";
import { enterprisePermissions } from "./permissions";
import { categories, defaultEnterprisePolicy, type EnterprisePolicy, enterprisePolicySchema } from "./policy";

/**
 * Creating a request: an enterprise user files for its own enterprise (online); staff file on an
 * enterprise's behalf and name it and the channel (visit 走访, hotline, letter, forum).
 */
export const createEnterpriseRequestSchema = z.strictObject({
  kind: z.literal("enterprise_request"),
  title: text(200),
  body: text(20000),
  category: z.enum(categories),
  theme: optionalText(40),
  priority: z.enum(["normal", "urgent"]).default("normal"),
  enterpriseId: id.optional(),
  channel: z.enum(channels).optional(),
});

/** A theme given by code or by its label, as its code; undefined when unknown. */
export function themeCode(policy: EnterprisePolicy, theme: string | undefined): string | null | undefined {
  if (!theme) return null;
  return policy.themes.find((t) => t.code === theme || t.label === theme)?.code;
}

export const enterpriseKind: KindDefinition<EnterpriseContext, EnterprisePolicy> = {
  kind: "enterprise_request",
  machine: enterpriseMachine,
  eventSchemas: enterpriseEventSchemas,
  permissions: enterprisePermissions,
  systemEvents: ["EXPIRE_FEEDBACK"],
  createSchema: createEnterpriseRequestSchema,
  creatorRoles: ["enterprise", "supervisor"],
  policySchema: enterprisePolicySchema,
  defaultPolicy: defaultEnterprisePolicy,

  machineInput: ({ authorId, policy, data, actor }) => ({
    authorId,
    enterpriseId: actor.role === "enterprise" ? actor.enterpriseId : data.enterpriseId,
    channel: actor.role === "enterprise" ? "online" : data.channel,
    category: data.category,
    theme: themeCode(policy, data.theme) ?? null,
    priority: data.priority,
    maxRounds: policy.maxRounds,
  }),

  async precreate({ db, data, actor, policy }) {
    const problems: FieldProblems = {};
    if (actor.role === "enterprise") {
      if (!actor.enterpriseId) problems.enterpriseId = { code: "invalid_reference" };
      else if (data.enterpriseId !== undefined && data.enterpriseId !== actor.enterpriseId)
        problems.enterpriseId = { code: "invalid_reference" };
      if (data.channel !== undefined && data.channel !== "online")
        problems.channel = { code: "invalid_option" };
    } else {
      if (data.enterpriseId === undefined) problems.enterpriseId = { code: "required" };
      else if (!(await getEnterprise(db, data.enterpriseId)))
        problems.enterpriseId = { code: "invalid_reference" };
      if (data.channel === undefined) problems.channel = { code: "required" };
    }
    const theme = themeCode(policy, data.theme);
    if (theme === undefined) problems.theme = { code: "invalid_option" };
    // A theme given by its label is kept as its code from the start, so that the row's column,
    // the snapshot and the CREATE event agree (createColumns has no policy to look it up in).
    else data.theme = theme ?? undefined;
    return Object.keys(problems).length ? problems : null;
  },

  createColumns: (data, actor) => ({
    measures: null,
    enterprise_id: actor.role === "enterprise" ? actor.enterpriseId : data.enterpriseId,
    category: data.category,
    theme: data.theme ?? null,
    channel: actor.role === "enterprise" ? "online" : data.channel,
    priority: data.priority,
  }),

  async afterCreate({ db, caseId, attachments, uploadedBy, now }) {
    await insertAttachments(db, { caseId, uploadedBy, files: attachments, now });
  },

  units: (ctx) => (ctx.unit ? [{ departmentId: ctx.unit.departmentId, role: "lead" as const }] : []),

  async precheck({ db, caseId, payload, type, today, cal, policy }) {
    const problems: FieldProblems = {};
    switch (type) {
      case "ACCEPT":
        if (themeCode(policy, payload.theme) === undefined) problems.theme = { code: "invalid_option" };
        break;
      case "ASSIGN": {
        const found = await existingDepartmentIds(db, [payload.leadDepartmentId]);
        if (!found.has(payload.leadDepartmentId)) problems.leadDepartmentId = { code: "invalid_reference" };
        break;
      }
      case "RETURN":
        if (payload.suggestedDepartmentId !== undefined) {
          const found = await existingDepartmentIds(db, [payload.suggestedDepartmentId]);
          if (!found.has(payload.suggestedDepartmentId))
            problems.suggestedDepartmentId = { code: "invalid_reference" };
        }
        break;
      case "MERGE": {
        const target = await getCaseById(db, payload.intoCaseId);
        if (
          !target ||
          target.id === caseId ||
          target.kind !== "enterprise_request" ||
          ["rejected", "merged"].includes(target.state)
        )
          problems.intoCaseId = { code: "invalid_reference" };
        break;
      }
      case "RECORD_VISIT":
        if (payload.date > today) problems.date = { code: "date_in_future" };
        break;
      case "SUPERVISE":
        if (payload.respondBy < today) problems.respondBy = { code: "date_in_past" };
        break;
      case "REQUEST_EXTENSION": {
        const reply = await db
          .selectFrom("case_deadlines")
          .select(["due_date"])
          .where("case_id", "=", caseId)
          .where("type", "=", "reply")
          .where("status", "=", "open")
          .executeTakeFirst();
        if (reply && payload.until <= reply.due_date)
          problems.until = { code: "extension_not_later", params: { due: reply.due_date } };
        else if (reply) {
          const max = cal.addWorkingDays(reply.due_date, policy.extensionMaxWorkingDays).due;
          if (payload.until > max) problems.until = { code: "extension_too_late", params: { max } };
        }
        break;
      }
    }
    return Object.keys(problems).length ? problems : null;
  },

  async enrich({ type, payload, today, cal, policy }) {
    if (type === "ACCEPT") return { themeCode: themeCode(policy, payload.theme) ?? null };
    if (type === "ASSIGN")
      return { returnUntil: cal.addWorkingDays(today, policy.returnWindowWorkingDays).due };
    return {};
  },

  async planDeadlines({ db, caseId, before, after, afterState, event, today, cal, policy }) {
    let openDeadlines: OpenDeadline[] = [];
    if (event.type === "PROVIDE_INFO")
      openDeadlines = (
        await db
          .selectFrom("case_deadlines")
          .select(["type", "department_id", "round", "due_date"])
          .where("case_id", "=", caseId)
          .where("status", "=", "open")
          .execute()
      ).map((d) => ({ type: d.type, departmentId: d.department_id, round: d.round, due: d.due_date }));
    return planEnterpriseDeadlines({ before, after, afterState, event, today, cal, policy, openDeadlines });
  },

  derive(ctx) {
    return {
      category: ctx.category,
      theme: ctx.theme,
      priority: ctx.priority,
      is_key: ctx.isKey ? 1 : 0,
      merged_into_id: ctx.mergedInto,
      lead_department_id: ctx.unit?.departmentId ?? null,
      satisfaction: ctx.rating,
      outcome: ctx.outcome,
      round: ctx.round,
      objections_pending: 0,
      extension_requested_until: ctx.pendingExtension?.until ?? null,
    };
  },

  async project({ db, caseId, before, after, event, now }) {
    const t = event.type as string;
    const dept = event.actor.departmentId as number | null;
    if (t === "ASSIGN") {
      const had = await db
        .selectFrom("case_assignments")
        .select("id")
        .where("case_id", "=", caseId)
        .where("department_id", "=", event.leadDepartmentId)
        .executeTakeFirst();
      const values = {
        role: "lead" as const,
        status: "pending",
        active: 1,
        assigned_at: now,
        signed_at: null,
        objection_reason: null,
        objection_at: null,
        opinion_status: "none",
      };
      if (had) await db.updateTable("case_assignments").set(values).where("id", "=", had.id).execute();
      else
        await db
          .insertInto("case_assignments")
          .values({ case_id: caseId, department_id: event.leadDepartmentId, ...values })
          .execute();
    }
    if (t === "SIGN" && dept)
      await db
        .updateTable("case_assignments")
        .set({ status: "signed", signed_at: now })
        .where("case_id", "=", caseId)
        .where("department_id", "=", dept)
        .execute();
    if (t === "RETURN" && dept)
      // 退单: the unit leaves the case; its reason stays on its assignment row.
      await db
        .updateTable("case_assignments")
        .set({
          status: "returned",
          active: 0,
          objection_reason: `${event.reasonCode}: ${event.note}`,
          objection_at: now,
        })
        .where("case_id", "=", caseId)
        .where("department_id", "=", dept)
        .execute();
    if (t === "SUBMIT_REPLY" && after.unit)
      await db
        .insertInto("replies")
        .values({
          case_id: caseId,
          round: after.round,
          department_id: after.unit.departmentId,
          classification: null,
          resolution: event.resolution,
          body: event.body,
          contact_name: null,
          contact_phone: null,
          commitments: "[]",
          status: "review",
          submitted_by: event.actor.userId,
          submitted_at: now,
        })
        .execute();
    if (t === "APPROVE_REPLY" || t === "RETURN_REPLY")
      await db
        .updateTable("replies")
        .set({
          status: t === "APPROVE_REPLY" ? "approved" : "returned",
          reviewed_by: event.actor.userId,
          reviewed_at: now,
          review_note: t === "APPROVE_REPLY" ? (event.note ?? null) : event.reason,
        })
        .where("case_id", "=", caseId)
        .where("status", "=", "review")
        .execute();
    if ((t === "FEEDBACK" || t === "RECORD_VISIT") && before.rating === null)
      await db
        .insertInto("evaluations")
        .values({
          case_id: caseId,
          round: before.round,
          user_id: event.actor.userId,
          attitude: t === "RECORD_VISIT" ? `visit:${event.method}` : null,
          result: event.rating,
          comment: (t === "FEEDBACK" ? event.comment : event.note) ?? null,
          created_at: now,
        })
        .execute();
  },

  probe(type) {
    const probes: Record<string, Record<string, unknown>> = {
      FEEDBACK: { rating: "satisfied" },
      RECORD_VISIT: { rating: "satisfied" },
      FLAG_KEY: { isKey: true },
    };
    return probes[type] ?? {};
  },
};
