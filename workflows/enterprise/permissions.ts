import type { EventPermission } from "../permissions";
import type { EnterpriseEventType } from "./events";

const supervisor: EventPermission = { roles: ["supervisor"], relation: "any" };
const unitStaff = ["handler", "dept_head"] as const;

/** The permission table for enterprise requests: one row per event. */
export const enterprisePermissions: Record<EnterpriseEventType, EventPermission> = {
  ACCEPT: supervisor,
  REJECT: supervisor,
  MERGE: supervisor,
  ASSIGN: supervisor,
  APPROVE_EXTENSION: supervisor,
  DENY_EXTENSION: supervisor,
  RECORD_VISIT: supervisor,
  CLOSE: supervisor,
  FLAG_KEY: supervisor,
  REMIND: supervisor,
  SUPERVISE: supervisor,
  SIGN: { roles: unitStaff, relation: "lead_unit" },
  // 退单 is the unit's formal position: its head sends it.
  RETURN: { roles: ["dept_head"], relation: "lead_unit" },
  REQUEST_INFO: { roles: unitStaff, relation: "lead_unit" },
  REQUEST_EXTENSION: { roles: unitStaff, relation: "lead_unit" },
  SUBMIT_REPLY: { roles: unitStaff, relation: "lead_unit" },
  APPROVE_REPLY: { roles: ["dept_head"], relation: "lead_unit" },
  RETURN_REPLY: { roles: ["dept_head"], relation: "lead_unit" },
  // Any user of the enterprise answers questions and rates replies.
  PROVIDE_INFO: { roles: ["enterprise"], relation: "own_enterprise" },
  FEEDBACK: { roles: ["enterprise"], relation: "own_enterprise" },
  EXPIRE_FEEDBACK: { roles: ["system"], relation: "any" },
};
