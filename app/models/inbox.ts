import type { INBOX_SECTIONS } from "../../db/cases";

/**
 * The tabs of the unit's inbox: where each assignment stands for the unit (db/cases.ts
 * INBOX_SECTIONS: a row belongs to the first section that matches), the overdue ones, and all,
 * which also lists co-handling work already done while the lead works on.
 */
export type InboxTab = (typeof INBOX_SECTIONS)[number] | "overdue" | "all";
export const INBOX_TABS: InboxTab[] = ["pending", "opinion", "handling", "review", "overdue", "done", "all"];
