import { z } from "zod";
import { insertAttachments } from "../../db/attachments";
import { getCaseById, setCosigners, takeCaseNumber } from "../../db/cases";
import { existingDepartmentIds } from "../../db/departments";
import { usersByIds } from "../../db/users";
import { computePeriod } from "../deadlines";
import type { FieldProblems } from "../errors";
import type { KindDefinition } from "../kinds";
import { id, optionalText, text } from "../schemas";
import { planProposalDeadlines } from "./deadlines";
import { proposalEventSchemas } from "./events";
import { type ProposalContext, proposalMachine } from "./machine";
import { proposalPermissions } from "./permissions";
import { defaultProposalPolicy, type ProposalPolicy, proposalPolicySchema } from "./policy";

/** Creating a proposal: it starts as the delegate's draft. */
export const createProposalSchema = z.strictObject({
  kind: z.literal("proposal"),
  title: text(200),
  body: text(20000),
  measures: optionalText(20000),
  cosignerIds: z.array(id).max(50).default([]),
});

const UNIT_EVENTS = new Set([
  "ASSIGN",
  "REASSIGN",
  "SIGN",
  "OBJECT",
  "DISMISS_OBJECTION",
  "SUBMIT_OPINION",
  "WAIVE_OPINION",
]);

async function checkCosigners(
  db: Parameters<KindDefinition["precheck"]>[0]["db"],
  authorId: number,
  ids: number[],
) {
  if (!ids.length) return null;
  const users = await usersByIds(db, ids);
  const ok = users.filter((u) => u.role === "delegate" && u.id !== authorId).map((u) => u.id);
  return ids.every((i) => ok.includes(i)) ? null : { cosignerIds: { code: "invalid_reference" } };
}

function existingObjectionAt(
  rows: Array<{ department_id: number; objection_at: string | null }>,
  dept: number,
) {
  return rows.find((r) => r.department_id === dept)?.objection_at ?? null;
}

export const proposalKind: KindDefinition<ProposalContext, ProposalPolicy> = {
  kind: "proposal",
  machine: proposalMachine,
  eventSchemas: proposalEventSchemas,
  permissions: proposalPermissions,
  systemEvents: ["EXPIRE_EVALUATION"],
  createSchema: createProposalSchema,
  creatorRoles: ["delegate"],
  policySchema: proposalPolicySchema,
  defaultPolicy: defaultProposalPolicy,
  machineInput: ({ authorId, policy }) => ({
    authorId,
    maxRounds: policy.maxRounds,
    requireContact: policy.requireContactBeforeReply,
  }),
  precreate: ({ db, data, actor }) => checkCosigners(db, actor.userId ?? 0, data.cosignerIds ?? []),
  createColumns: (data) => ({
    measures: data.measures ?? null,
    enterprise_id: null,
    category: null,
    theme: null,
    channel: null,
    priority: null,
  }),
  async afterCreate({ db, caseId, data, attachments, uploadedBy, now }) {
    if (data.cosignerIds?.length) await setCosigners(db, caseId, data.cosignerIds);
    await insertAttachments(db, { caseId, uploadedBy, files: attachments, now });
  },
  units: (ctx) => ctx.assignments.map((a) => ({ departmentId: a.departmentId, role: a.role })),

  async precheck({ db, caseId, ctx, payload, type, today, cal, policy }) {
    const problems: FieldProblems = {};
    switch (type) {
      case "UPDATE_DRAFT":
        if (payload.cosignerIds) return checkCosigners(db, ctx.authorId, payload.cosignerIds);
        break;
      case "ASSIGN":
      case "REASSIGN": {
        const ids = [payload.leadDepartmentId, ...payload.coDepartmentIds];
        const found = await existingDepartmentIds(db, ids);
        if (!found.has(payload.leadDepartmentId)) problems.leadDepartmentId = { code: "invalid_reference" };
        if (payload.coDepartmentIds.some((d: number) => !found.has(d)))
          problems.coDepartmentIds = { code: "invalid_reference" };
        break;
      }
      case "MERGE": {
        const target = await getCaseById(db, payload.intoCaseId);
        if (
          !target ||
          target.id === caseId ||
          target.kind !== "proposal" ||
          ["draft", "rejected", "merged", "withdrawn"].includes(target.state)
        )
          problems.intoCaseId = { code: "invalid_reference" };
        break;
      }
      case "RECORD_CONTACT":
        if (payload.date > today) problems.date = { code: "date_in_future" };
        break;
      case "SUPERVISE":
        if (payload.respondBy < today) problems.respondBy = { code: "date_in_past" };
        break;
      case "WAIVE_OPINION":
        if (
          !ctx.assignments.some(
            (a) => a.departmentId === payload.departmentId && a.role === "co" && a.opinion === "none",
          )
        )
          problems.departmentId = { code: "invalid_reference" };
        break;
      case "DISMISS_OBJECTION":
        if (
          payload.departmentId !== undefined &&
          !ctx.assignments.some((a) => a.departmentId === payload.departmentId && a.objection)
        )
          problems.departmentId = { code: "invalid_reference" };
        break;
      case "REQUEST_EXTENSION": {
        const reply = await db
          .selectFrom("case_deadlines")
          .select(["due_date", "start_date"])
          .where("case_id", "=", caseId)
          .where("type", "=", "reply")
          .where("status", "=", "open")
          .executeTakeFirst();
        const first = await db
          .selectFrom("case_deadlines")
          .select("start_date")
          .where("case_id", "=", caseId)
          .where("type", "=", "reply")
          .where("round", "=", ctx.round)
          .orderBy("id")
          .limit(1)
          .executeTakeFirst();
        if (reply && payload.until <= reply.due_date)
          problems.until = { code: "extension_not_later", params: { due: reply.due_date } };
        else if (first) {
          const max = cal.addMonths(first.start_date, policy.extensionMaxMonths).due;
          if (payload.until > max) problems.until = { code: "extension_too_late", params: { max } };
        }
        break;
      }
      case "SUBMIT_REPLY":
        payload.commitments.forEach((c: { dueDate?: string }, i: number) => {
          if (c.dueDate && c.dueDate < today) problems[`commitments.${i}.dueDate`] = { code: "date_in_past" };
        });
        break;
    }
    return Object.keys(problems).length ? problems : null;
  },

  async enrich({ db, type, payload, today, cal, policy }) {
    if (type === "ACCEPT") {
      const sessionLabel = payload.sessionLabel ?? policy.sessionLabel;
      return { sessionLabel, number: await takeCaseNumber(db, "proposal", sessionLabel) };
    }
    if (type === "ASSIGN" || type === "REASSIGN")
      return { objectionUntil: computePeriod(cal, today, policy.objectionWindow).due };
    return {};
  },

  async planDeadlines({ db, caseId, before, after, afterState, event, today, cal, policy }) {
    let commitments: Array<{ text: string; dueDate?: string }> = [];
    if (event.type === "APPROVE_REPLY") {
      const r = await db
        .selectFrom("replies")
        .select("commitments")
        .where("case_id", "=", caseId)
        // The engine projects before it plans deadlines, so the reply being released is already
        // marked approved here: take the round's latest reply, whatever its status.
        .where("round", "=", after.round)
        .orderBy("id", "desc")
        .executeTakeFirst();
      commitments = r ? JSON.parse(r.commitments) : [];
    }
    return planProposalDeadlines({ before, after, afterState, event, today, cal, policy, commitments });
  },

  derive(ctx) {
    return {
      number: ctx.number,
      session_label: ctx.sessionLabel,
      is_key: ctx.isKey ? 1 : 0,
      merged_into_id: ctx.mergedInto,
      lead_department_id: ctx.assignments.find((a) => a.role === "lead")?.departmentId ?? null,
      classification: ctx.classification,
      satisfaction: ctx.result,
      outcome: ctx.outcome,
      round: ctx.round,
      objections_pending: ctx.assignments.filter((a) => a.objection !== null).length,
      extension_requested_until: ctx.pendingExtension?.until ?? null,
    };
  },

  async project({ db, caseId, before, after, event, now }) {
    const t = event.type as string;
    if (t === "UPDATE_DRAFT") {
      const set: Record<string, string | null> = {};
      if (event.title !== undefined) set.title = event.title;
      if (event.body !== undefined) set.body = event.body;
      if ("measures" in event) set.measures = event.measures ?? null;
      if (Object.keys(set).length) await db.updateTable("cases").set(set).where("id", "=", caseId).execute();
      if (event.cosignerIds) await setCosigners(db, caseId, event.cosignerIds);
    }
    if (UNIT_EVENTS.has(t)) {
      const existing = await db
        .selectFrom("case_assignments")
        .select(["department_id", "signed_at", "objection_at"])
        .where("case_id", "=", caseId)
        .execute();
      const current = new Set(after.assignments.map((a) => a.departmentId));
      for (const a of after.assignments) {
        const had = existing.find((e) => e.department_id === a.departmentId);
        const values = {
          role: a.role,
          objection_reason: a.objection?.reason ?? null,
          objection_at: a.objection ? (existingObjectionAt(existing, a.departmentId) ?? now) : null,
          status: a.signed ? "signed" : "pending",
          active: 1,
          signed_at: a.signed ? (had?.signed_at ?? now) : null,
          opinion_status: a.opinion,
        };
        if (had)
          await db
            .updateTable("case_assignments")
            .set(values)
            .where("case_id", "=", caseId)
            .where("department_id", "=", a.departmentId)
            .execute();
        else
          await db
            .insertInto("case_assignments")
            .values({ case_id: caseId, department_id: a.departmentId, assigned_at: now, ...values })
            .execute();
      }
      for (const e of existing)
        if (!current.has(e.department_id))
          await db
            .updateTable("case_assignments")
            .set({ active: 0, status: "removed" })
            .where("case_id", "=", caseId)
            .where("department_id", "=", e.department_id)
            .execute();
      const dept = event.actor.departmentId as number | null;
      if (t === "SUBMIT_OPINION" && dept)
        await db
          .updateTable("case_assignments")
          .set({ opinion: event.body, opinion_at: now })
          .where("case_id", "=", caseId)
          .where("department_id", "=", dept)
          .execute();
      if (t === "WAIVE_OPINION")
        await db
          .updateTable("case_assignments")
          .set({ opinion: null, opinion_at: now })
          .where("case_id", "=", caseId)
          .where("department_id", "=", event.departmentId)
          .execute();
    }
    if (t === "SUBMIT_REPLY") {
      const lead = after.assignments.find((a) => a.role === "lead")!;
      await db
        .insertInto("replies")
        .values({
          case_id: caseId,
          round: after.round,
          department_id: lead.departmentId,
          classification: event.classification,
          resolution: null,
          body: event.body,
          contact_name: event.contactName,
          contact_phone: event.contactPhone,
          commitments: JSON.stringify(event.commitments ?? []),
          status: "review",
          submitted_by: event.actor.userId,
          submitted_at: now,
        })
        .execute();
    }
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
    if (t === "EVALUATE")
      await db
        .insertInto("evaluations")
        .values({
          case_id: caseId,
          round: before.round,
          user_id: event.actor.userId,
          attitude: event.attitude,
          result: event.result,
          comment: event.comment ?? null,
          created_at: now,
        })
        .execute();
  },

  probe(type) {
    const probes: Record<string, Record<string, unknown>> = {
      EVALUATE: { result: "satisfied", attitude: "satisfied" },
      REASSIGN: { leadDepartmentId: -1, coDepartmentIds: [] },
      WAIVE_OPINION: { departmentId: -1 },
      FLAG_KEY: { isKey: true },
    };
    return probes[type] ?? {};
  },
};
