import { z } from "zod";

/** A deadline rule: so many working days, or so many calendar months rolled to a working day. */
export const periodSchema = z.union([
  z.strictObject({ workingDays: z.number().int().min(0).max(400) }),
  z.strictObject({ months: z.number().int().min(0).max(36) }),
]);
export type Period = z.infer<typeof periodSchema>;

/**
 * Deadlines for proposals (提案/建议), as data: a deployment replaces them in the `policies`
 * table. Defaults follow common local rules for handling proposals.
 */
export const proposalPolicySchema = z.strictObject({
  /** 签收 */
  signFor: periodSchema,
  /** 申请调整 window after assignment */
  objectionWindow: periodSchema,
  /** 与提案人沟通联系 */
  contact: periodSchema,
  /** 会办意见 to the lead unit */
  opinion: periodSchema,
  /** 答复 from assignment */
  reply: periodSchema,
  /** the reply deadline may be extended up to this many months after assignment in all */
  extensionMaxMonths: z.number().int().min(0).max(24),
  /** 满意度测评 window after the reply is released */
  evaluation: periodSchema,
  /** 重新办理 */
  rehandling: periodSchema,
  /** handling rounds in all, the first included: 2 allows one re-handling */
  maxRounds: z.number().int().min(1).max(5),
  requireContactBeforeReply: z.boolean(),
  /** 届次 used for numbering when the supervisor does not name one */
  sessionLabel: z.string().min(1).max(60),
});
export type ProposalPolicy = z.infer<typeof proposalPolicySchema>;

export const defaultProposalPolicy: ProposalPolicy = {
  signFor: { workingDays: 2 },
  objectionWindow: { workingDays: 5 },
  contact: { workingDays: 15 },
  opinion: { months: 1 },
  reply: { months: 3 },
  extensionMaxMonths: 6,
  evaluation: { workingDays: 15 },
  rehandling: { months: 1 },
  maxRounds: 2,
  requireContactBeforeReply: true,
  sessionLabel: "十六届五次会议",
};
