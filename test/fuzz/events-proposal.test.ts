import fc from "fast-check";
import { proposalEventSchemas } from "../../workflows/proposal/events";
import { mutated, oddText } from "./arbitraries";
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

startFuzzApp("proposal events");

const R = "理由：经研究，需要调整。";
const proposalEvents: EventTarget[] = [
  {
    type: "UPDATE_DRAFT",
    state: "draft",
    who: "author",
    valid: () => ({ title: "新标题", body: "正文", measures: "措施", cosignerIds: [] }),
    special: () => ({ cosignerIds: fc.array(idLike(), { maxLength: 60 }) }),
  },
  { type: "SUBMIT", state: "draft", who: "author", valid: () => ({}) },
  { type: "WITHDRAW", state: "draft", who: "author", valid: () => ({ reason: R }) },
  { type: "ACCEPT", state: "submitted", who: "sup", valid: () => ({ sessionLabel: "十六届五次会议" }) },
  { type: "REJECT", state: "submitted", who: "sup", valid: () => ({ reason: R }) },
  { type: "RETURN_FOR_REVISION", state: "submitted", who: "sup", valid: () => ({ reason: R }) },
  {
    type: "MERGE",
    state: "submitted",
    who: "sup",
    valid: () => ({ intoCaseId: ctx.mergeInto.proposal }),
    special: () => ({ intoCaseId: idLike() }),
  },
  {
    type: "ASSIGN",
    state: "accepted",
    who: "sup",
    valid: () => ({ leadDepartmentId: ids().lead, coDepartmentIds: [ids().co] }),
    special: () => ({ leadDepartmentId: idLike(), coDepartmentIds: fc.array(idLike(), { maxLength: 25 }) }),
  },
  { type: "SIGN", state: "assigned", who: "lead_h", valid: () => ({}) },
  { type: "OBJECT", state: "assigned", who: "co_head", valid: () => ({ reason: R }) },
  {
    type: "REASSIGN",
    state: "objected",
    who: "sup",
    valid: () => ({ leadDepartmentId: ids().lead, coDepartmentIds: [ids().other], note: "改派" }),
    special: () => ({ leadDepartmentId: idLike(), coDepartmentIds: fc.array(idLike(), { maxLength: 25 }) }),
  },
  {
    type: "DISMISS_OBJECTION",
    state: "objected",
    who: "sup",
    valid: () => ({ reason: R, departmentId: ids().co }),
    special: () => ({ departmentId: idLike() }),
  },
  {
    type: "RECORD_CONTACT",
    state: "handling",
    who: "lead_h",
    valid: () => ({ date: "2026-03-02", method: "phone", summary: "电话沟通" }),
    special: () => ({ date: dateLike, method: near("phone", "visit", "meeting", "letter", "online") }),
  },
  { type: "SUBMIT_OPINION", state: "handling", who: "co_h", valid: () => ({ body: "会办意见" }) },
  {
    type: "WAIVE_OPINION",
    state: "handling",
    who: "sup",
    valid: () => ({ departmentId: ids().co, reason: R }),
    special: () => ({ departmentId: idLike() }),
  },
  {
    type: "REQUEST_EXTENSION",
    state: "handling",
    who: "lead_h",
    valid: () => ({ until: "2026-07-31", reason: R }),
    special: () => ({ until: dateLike }),
  },
  { type: "APPROVE_EXTENSION", state: "extension", who: "sup", valid: () => ({ note: "同意" }) },
  { type: "DENY_EXTENSION", state: "extension", who: "sup", valid: () => ({ reason: R }) },
  {
    type: "SUBMIT_REPLY",
    state: "ready",
    who: "lead_h",
    valid: () => ({
      classification: "B",
      body: "答复正文",
      contactName: "周明",
      contactPhone: "020-84600000",
      commitments: [{ text: "年底前完成", dueDate: "2026-12-31" }],
    }),
    special: () => ({
      classification: near("A", "B", "C", "D"),
      contactPhone: fc.oneof(oddText, fc.constantFrom("1234", "+86 (20) 8460-0000", "０２０")),
      commitments: fc.array(mutated({ text: "承诺", dueDate: "2026-12-31" }, [], { dueDate: dateLike }), {
        maxLength: 25,
      }),
    }),
  },
  { type: "APPROVE_REPLY", state: "reply_review", who: "lead_head", valid: () => ({ note: "签发" }) },
  { type: "RETURN_REPLY", state: "reply_review", who: "lead_head", valid: () => ({ reason: R }) },
  {
    type: "EVALUATE",
    state: "replied",
    who: "author",
    valid: () => ({ attitude: "satisfied", result: "basically_satisfied", comment: "感谢" }),
    special: () => ({
      attitude: near("satisfied", "basically_satisfied", "unsatisfied"),
      result: near("satisfied", "basically_satisfied", "unsatisfied"),
    }),
  },
  { type: "FLAG_KEY", state: "handling", who: "sup", valid: () => ({ isKey: true }) },
  { type: "REMIND", state: "handling", who: "sup", valid: () => ({ message: "请抓紧办理" }) },
  {
    type: "SUPERVISE",
    state: "handling",
    who: "sup",
    valid: () => ({ message: "督办", respondBy: "2026-03-10" }),
    special: () => ({ respondBy: dateLike }),
  },
  // The sweeper's own event: refused to every person, whatever the payload.
  { type: "EXPIRE_EVALUATION", state: "replied", who: "sup", valid: () => ({}) },
];

fuzzEvents("proposal", proposalEvents, proposalEventSchemas as Record<string, unknown>);
chainsStayIntact();
