import { z } from "zod";

export const categories = ["consult", "help", "suggestion", "complaint"] as const;
export type Category = (typeof categories)[number];

/**
 * Deadlines for enterprise requests (企业诉求), as data. Reply periods are in working days by
 * category; an urgent request is answered in one working day.
 */
export const enterprisePolicySchema = z.strictObject({
  signForWorkingDays: z.number().int().min(0).max(30),
  returnWindowWorkingDays: z.number().int().min(0).max(30),
  replyWorkingDays: z.strictObject({
    consult: z.number().int().min(1).max(60),
    help: z.number().int().min(1).max(60),
    suggestion: z.number().int().min(1).max(60),
    complaint: z.number().int().min(1).max(60),
  }),
  urgentReplyWorkingDays: z.number().int().min(1).max(30),
  feedbackWorkingDays: z.number().int().min(1).max(60),
  /** extensions may push the reply this many working days past the original due date, in all */
  extensionMaxWorkingDays: z.number().int().min(0).max(120),
  /** handling rounds in all, the first included */
  maxRounds: z.number().int().min(1).max(5),
  /** the default taxonomy of themes: the ten service themes of the SME service month */
  themes: z
    .array(z.strictObject({ code: z.string().min(1).max(40), label: z.string().min(1).max(40) }))
    .min(1),
});
export type EnterprisePolicy = z.infer<typeof enterprisePolicySchema>;

export const defaultEnterprisePolicy: EnterprisePolicy = {
  signForWorkingDays: 1,
  returnWindowWorkingDays: 1,
  replyWorkingDays: { consult: 3, help: 5, suggestion: 10, complaint: 13 },
  urgentReplyWorkingDays: 1,
  feedbackWorkingDays: 5,
  extensionMaxWorkingDays: 20,
  maxRounds: 2,
  themes: [
    { code: "epidemic", label: "疫情防控" },
    { code: "policy", label: "政策宣贯" },
    { code: "digital", label: "智改数转" },
    { code: "finance", label: "产融对接" },
    { code: "innovation", label: "创新创业" },
    { code: "management", label: "管理提升" },
    { code: "market", label: "市场开拓" },
    { code: "talent", label: "人力资源" },
    { code: "rights", label: "权益保护" },
    { code: "standards", label: "标准质量" },
  ],
};
