/** The bulletin form's choices, shared by the page (browser) and the model (server). */
export const KINDS = ["proposal", "enterprise_request"] as const;
export type PeriodPreset = "lastMonth" | "lastQuarter" | "thisYear";
export const PRESETS: readonly PeriodPreset[] = ["lastMonth", "lastQuarter", "thisYear"];
