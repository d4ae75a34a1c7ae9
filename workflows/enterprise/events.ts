import { z } from "zod";
import { id, isoDate, optionalText, reason, text } from "../schemas";
import { categories } from "./policy";

export const channels = ["online", "visit", "hotline", "letter", "forum"] as const;
export const returnReasons = ["not_our_remit", "insufficient_information", "duplicate", "other"] as const;
export const resolutions = ["resolved", "partially_resolved", "explained", "unresolvable"] as const;
export const ratings = ["satisfied", "basically_satisfied", "unsatisfied"] as const;
export const visitMethods = ["phone", "visit", "meeting", "online"] as const;

/** What a person sends with each event of an enterprise request. */
export const enterpriseEventSchemas = {
  ACCEPT: z.strictObject({
    category: z.enum(categories),
    /** a theme code or its Chinese label; normalised to the code by the engine */
    theme: optionalText(40),
    /** omitted: keep the priority given when the request was filed */
    priority: z.enum(["normal", "urgent"]).optional(),
  }),
  REJECT: z.strictObject({ reason }),
  MERGE: z.strictObject({ intoCaseId: id }),
  ASSIGN: z.strictObject({ leadDepartmentId: id, note: optionalText(2000) }),
  SIGN: z.strictObject({}),
  RETURN: z.strictObject({
    reasonCode: z.enum(returnReasons),
    suggestedDepartmentId: id.optional(),
    note: text(2000),
  }),
  REQUEST_INFO: z.strictObject({ question: text(5000) }),
  PROVIDE_INFO: z.strictObject({ answer: text(20000) }),
  REQUEST_EXTENSION: z.strictObject({ until: isoDate, reason }),
  APPROVE_EXTENSION: z.strictObject({ note: optionalText(2000) }),
  DENY_EXTENSION: z.strictObject({ reason }),
  SUBMIT_REPLY: z.strictObject({ resolution: z.enum(resolutions), body: text(50000) }),
  APPROVE_REPLY: z.strictObject({ note: optionalText(2000) }),
  RETURN_REPLY: z.strictObject({ reason }),
  FEEDBACK: z.strictObject({ rating: z.enum(ratings), comment: optionalText(5000) }),
  RECORD_VISIT: z.strictObject({
    date: isoDate,
    method: z.enum(visitMethods),
    rating: z.enum(ratings),
    note: text(5000),
  }),
  CLOSE: z.strictObject({ reason }),
  FLAG_KEY: z.strictObject({ isKey: z.boolean().default(true) }),
  REMIND: z.strictObject({ message: text(2000) }),
  SUPERVISE: z.strictObject({ message: text(2000), respondBy: isoDate }),
  EXPIRE_FEEDBACK: z.strictObject({}),
} as const;

export type EnterpriseEventType = keyof typeof enterpriseEventSchemas;
export const enterpriseEventTypes = Object.keys(enterpriseEventSchemas) as EnterpriseEventType[];
export type EnterprisePayload<T extends EnterpriseEventType> = z.output<(typeof enterpriseEventSchemas)[T]>;
