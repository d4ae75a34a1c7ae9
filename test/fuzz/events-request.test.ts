import { enterpriseEventSchemas } from "../../workflows/enterprise/events";
import {
  chainsStayIntact,
  ctx,
  dateLike,
  type EventTarget,
  fuzzEvents,
  idLike,
  ids,
  near,
  startFuzzApp,
} from "./fuzz";

startFuzzApp("enterprise-request events");

const R = "理由：经研究，需要调整。";
const requestEvents: EventTarget[] = [
  {
    type: "ACCEPT",
    state: "submitted",
    who: "sup",
    valid: () => ({ category: "help", theme: "产融对接", priority: "normal" }),
    special: () => ({
      category: near("consult", "help", "suggestion", "complaint"),
      priority: near("normal", "urgent"),
    }),
  },
  { type: "REJECT", state: "submitted", who: "sup", valid: () => ({ reason: R }) },
  {
    type: "MERGE",
    state: "submitted",
    who: "sup",
    valid: () => ({ intoCaseId: ctx.mergeInto.enterprise_request }),
    special: () => ({ intoCaseId: idLike() }),
  },
  {
    type: "ASSIGN",
    state: "accepted",
    who: "sup",
    valid: () => ({ leadDepartmentId: ids().lead, note: "交办" }),
    special: () => ({ leadDepartmentId: idLike() }),
  },
  { type: "SIGN", state: "assigned", who: "lead_h", valid: () => ({}) },
  {
    type: "RETURN",
    state: "assigned",
    who: "lead_head",
    valid: () => ({ reasonCode: "not_our_remit", suggestedDepartmentId: ids().co, note: "不属本单位职责" }),
    special: () => ({
      reasonCode: near("not_our_remit", "insufficient_information", "duplicate", "other"),
      suggestedDepartmentId: idLike(),
    }),
  },
  { type: "REQUEST_INFO", state: "handling", who: "lead_h", valid: () => ({ question: "请补充材料" }) },
  { type: "PROVIDE_INFO", state: "awaiting", who: "ent", valid: () => ({ answer: "已补充" }) },
  {
    type: "REQUEST_EXTENSION",
    state: "handling",
    who: "lead_h",
    valid: () => ({ until: "2026-04-03", reason: R }),
    special: () => ({ until: dateLike }),
  },
  { type: "APPROVE_EXTENSION", state: "extension", who: "sup", valid: () => ({ note: "同意" }) },
  { type: "DENY_EXTENSION", state: "extension", who: "sup", valid: () => ({ reason: R }) },
  {
    type: "SUBMIT_REPLY",
    state: "handling",
    who: "lead_h",
    valid: () => ({ resolution: "resolved", body: "已解决" }),
    special: () => ({ resolution: near("resolved", "partially_resolved", "explained", "unresolvable") }),
  },
  { type: "APPROVE_REPLY", state: "reply_review", who: "lead_head", valid: () => ({ note: "签发" }) },
  { type: "RETURN_REPLY", state: "reply_review", who: "lead_head", valid: () => ({ reason: R }) },
  {
    type: "FEEDBACK",
    state: "replied",
    who: "ent",
    valid: () => ({ rating: "satisfied", comment: "感谢" }),
    special: () => ({ rating: near("satisfied", "basically_satisfied", "unsatisfied") }),
  },
  {
    type: "RECORD_VISIT",
    state: "replied",
    who: "sup",
    valid: () => ({ date: "2026-03-02", method: "visit", rating: "satisfied", note: "回访" }),
    special: () => ({
      date: dateLike,
      method: near("phone", "visit", "meeting", "online"),
      rating: near("satisfied", "basically_satisfied", "unsatisfied"),
    }),
  },
  { type: "CLOSE", state: "last_round", who: "sup", valid: () => ({ reason: R }) },
  { type: "FLAG_KEY", state: "handling", who: "sup", valid: () => ({ isKey: true }) },
  { type: "REMIND", state: "handling", who: "sup", valid: () => ({ message: "请抓紧办理" }) },
  {
    type: "SUPERVISE",
    state: "handling",
    who: "sup",
    valid: () => ({ message: "督办", respondBy: "2026-03-10" }),
    special: () => ({ respondBy: dateLike }),
  },
  { type: "EXPIRE_FEEDBACK", state: "replied", who: "sup", valid: () => ({}) },
];

fuzzEvents("enterprise_request", requestEvents, enterpriseEventSchemas as Record<string, unknown>);
chainsStayIntact();
