import type { EventPermission } from "../permissions";
import type { ProposalEventType } from "./events";

const author: EventPermission = { roles: ["delegate"], relation: "author" };
const supervisor: EventPermission = { roles: ["supervisor"], relation: "any" };
const unitStaff = ["handler", "dept_head"] as const;

/** The permission table for proposals: one row per event. */
export const proposalPermissions: Record<ProposalEventType, EventPermission> = {
  UPDATE_DRAFT: author,
  SUBMIT: author,
  WITHDRAW: author,
  EVALUATE: author,
  ACCEPT: supervisor,
  REJECT: supervisor,
  RETURN_FOR_REVISION: supervisor,
  MERGE: supervisor,
  ASSIGN: supervisor,
  REASSIGN: supervisor,
  DISMISS_OBJECTION: supervisor,
  WAIVE_OPINION: supervisor,
  APPROVE_EXTENSION: supervisor,
  DENY_EXTENSION: supervisor,
  FLAG_KEY: supervisor,
  REMIND: supervisor,
  SUPERVISE: supervisor,
  SIGN: { roles: unitStaff, relation: "assigned_unit" },
  // 申请调整 is the unit's formal position: its head sends it.
  OBJECT: { roles: ["dept_head"], relation: "assigned_unit" },
  RECORD_CONTACT: { roles: unitStaff, relation: "lead_unit" },
  REQUEST_EXTENSION: { roles: unitStaff, relation: "lead_unit" },
  SUBMIT_REPLY: { roles: unitStaff, relation: "lead_unit" },
  SUBMIT_OPINION: { roles: unitStaff, relation: "co_unit" },
  // 签发: only the lead unit's head releases a reply.
  APPROVE_REPLY: { roles: ["dept_head"], relation: "lead_unit" },
  RETURN_REPLY: { roles: ["dept_head"], relation: "lead_unit" },
  EXPIRE_EVALUATION: { roles: ["system"], relation: "any" },
};
