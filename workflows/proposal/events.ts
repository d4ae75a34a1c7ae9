import { z } from "zod";
import { id, isoDate, optionalText, reason, text } from "../schemas";

export const contactMethods = ["phone", "visit", "meeting", "letter", "online"] as const;
export const classifications = ["A", "B", "C", "D"] as const;
export const satisfaction = ["satisfied", "basically_satisfied", "unsatisfied"] as const;

/** What a person sends with each event: one strict schema per event type. */
export const proposalEventSchemas = {
  UPDATE_DRAFT: z.strictObject({
    title: text(200).optional(),
    body: text(20000).optional(),
    measures: optionalText(20000),
    cosignerIds: z.array(id).max(50).optional(),
  }),
  SUBMIT: z.strictObject({}),
  WITHDRAW: z.strictObject({ reason: optionalText(2000) }),
  ACCEPT: z.strictObject({ sessionLabel: optionalText(60) }),
  REJECT: z.strictObject({ reason }),
  RETURN_FOR_REVISION: z.strictObject({ reason }),
  MERGE: z.strictObject({ intoCaseId: id }),
  ASSIGN: z
    .strictObject({ leadDepartmentId: id, coDepartmentIds: z.array(id).max(20).default([]) })
    .refine((v) => !v.coDepartmentIds.includes(v.leadDepartmentId), {
      path: ["coDepartmentIds"],
      params: { key: "lead_in_co" },
    })
    .refine((v) => new Set(v.coDepartmentIds).size === v.coDepartmentIds.length, {
      path: ["coDepartmentIds"],
      params: { key: "duplicate" },
    }),
  SIGN: z.strictObject({}),
  OBJECT: z.strictObject({ reason }),
  REASSIGN: z
    .strictObject({
      leadDepartmentId: id,
      coDepartmentIds: z.array(id).max(20).default([]),
      note: optionalText(2000),
    })
    .refine((v) => !v.coDepartmentIds.includes(v.leadDepartmentId), {
      path: ["coDepartmentIds"],
      params: { key: "lead_in_co" },
    })
    .refine((v) => new Set(v.coDepartmentIds).size === v.coDepartmentIds.length, {
      path: ["coDepartmentIds"],
      params: { key: "duplicate" },
    }),
  DISMISS_OBJECTION: z.strictObject({ reason, departmentId: id.optional() }),
  RECORD_CONTACT: z.strictObject({
    date: isoDate,
    method: z.enum(contactMethods),
    summary: text(5000),
  }),
  SUBMIT_OPINION: z.strictObject({ body: text(20000) }),
  WAIVE_OPINION: z.strictObject({ departmentId: id, reason }),
  REQUEST_EXTENSION: z.strictObject({ until: isoDate, reason }),
  APPROVE_EXTENSION: z.strictObject({ note: optionalText(2000) }),
  DENY_EXTENSION: z.strictObject({ reason }),
  SUBMIT_REPLY: z.strictObject({
    classification: z.enum(classifications),
    body: text(50000),
    contactName: text(50),
    contactPhone: z
      .string()
      .trim()
      .regex(/^[0-9+\-() ]{5,30}$/),
    commitments: z
      .array(z.strictObject({ text: text(1000), dueDate: isoDate.optional() }))
      .max(20)
      .default([]),
  }),
  APPROVE_REPLY: z.strictObject({ note: optionalText(2000) }),
  RETURN_REPLY: z.strictObject({ reason }),
  EVALUATE: z.strictObject({
    attitude: z.enum(satisfaction),
    result: z.enum(satisfaction),
    comment: optionalText(5000),
  }),
  FLAG_KEY: z.strictObject({ isKey: z.boolean().default(true) }),
  REMIND: z.strictObject({ message: text(2000) }),
  SUPERVISE: z.strictObject({ message: text(2000), respondBy: isoDate }),
  EXPIRE_EVALUATION: z.strictObject({}),
} as const;

export type ProposalEventType = keyof typeof proposalEventSchemas;
export const proposalEventTypes = Object.keys(proposalEventSchemas) as ProposalEventType[];
export type ProposalPayload<T extends ProposalEventType> = z.output<(typeof proposalEventSchemas)[T]>;
