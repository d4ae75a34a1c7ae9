import { describe, expect, it } from "vitest";
import { commitmentRows, fieldNamesForForm, formToEvent, formValues } from "../../app/utils/event-forms";

function form(entries: Array<[string, string]>): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

describe("formToEvent", () => {
  it("takes the event type from intent and the version from its hidden field, outside the payload", () => {
    const e = formToEvent(
      form([
        ["intent", "SIGN"],
        ["expectedVersion", "7"],
      ]),
    );
    expect(e).toEqual({ type: "SIGN", payload: {}, expectedVersion: 7 });
  });

  it("leaves the version out when it is missing or not a whole number", () => {
    expect(formToEvent(form([["intent", "SIGN"]])).expectedVersion).toBeUndefined();
    expect(
      formToEvent(
        form([
          ["intent", "SIGN"],
          ["expectedVersion", "abc"],
        ]),
      ).expectedVersion,
    ).toBeUndefined();
    expect(
      formToEvent(
        form([
          ["intent", "SIGN"],
          ["expectedVersion", ""],
        ]),
      ).expectedVersion,
    ).toBeUndefined();
  });

  it("turns ids into numbers and repeated unit checkboxes into a number array", () => {
    const e = formToEvent(
      form([
        ["intent", "ASSIGN"],
        ["expectedVersion", "3"],
        ["leadDepartmentId", "12"],
        ["coDepartmentIds", "4"],
        ["coDepartmentIds", "9"],
      ]),
    );
    expect(e.payload).toEqual({ leadDepartmentId: 12, coDepartmentIds: [4, 9] });
  });

  it("sends an empty unit list for an assignment with no co-handling unit ticked", () => {
    const e = formToEvent(
      form([
        ["intent", "REASSIGN"],
        ["leadDepartmentId", "2"],
        ["_lists", "coDepartmentIds"],
      ]),
    );
    expect(e.payload).toEqual({ leadDepartmentId: 2, coDepartmentIds: [] });
  });

  it("sends no unit list when the form had none (an enterprise request goes to one unit)", () => {
    const e = formToEvent(
      form([
        ["intent", "ASSIGN"],
        ["expectedVersion", "4"],
        ["leadDepartmentId", "7"],
        ["note", ""],
      ]),
    );
    expect(e.payload).toEqual({ leadDepartmentId: 7 });
  });

  it("ignores a list marker for a field that is not a list of ids", () => {
    const e = formToEvent(
      form([
        ["intent", "ASSIGN"],
        ["leadDepartmentId", "7"],
        ["_lists", "note"],
      ]),
    );
    expect(e.payload).toEqual({ leadDepartmentId: 7 });
  });

  it("converts intoCaseId and departmentId, and keeps a non-number as typed so the engine can refuse it", () => {
    expect(
      formToEvent(
        form([
          ["intent", "MERGE"],
          ["intoCaseId", " 41 "],
        ]),
      ).payload,
    ).toEqual({ intoCaseId: 41 });
    expect(
      formToEvent(
        form([
          ["intent", "MERGE"],
          ["intoCaseId", "4x"],
        ]),
      ).payload,
    ).toEqual({ intoCaseId: "4x" });
    expect(
      formToEvent(
        form([
          ["intent", "WAIVE_OPINION"],
          ["departmentId", "5"],
          ["reason", "已口头反馈"],
        ]),
      ).payload,
    ).toEqual({ departmentId: 5, reason: "已口头反馈" });
  });

  it("omits empty optional fields instead of sending empty strings", () => {
    const e = formToEvent(
      form([
        ["intent", "DISMISS_OBJECTION"],
        ["departmentId", ""],
        ["reason", "职责明确"],
      ]),
    );
    expect(e.payload).toEqual({ reason: "职责明确" });
    expect(
      formToEvent(
        form([
          ["intent", "ACCEPT"],
          ["sessionLabel", "   "],
        ]),
      ).payload,
    ).toEqual({});
    expect(
      formToEvent(
        form([
          ["intent", "APPROVE_REPLY"],
          ["note", ""],
        ]),
      ).payload,
    ).toEqual({});
  });

  it("omits an empty required field too, so the engine answers 'required' for it", () => {
    expect(
      formToEvent(
        form([
          ["intent", "REJECT"],
          ["reason", ""],
        ]),
      ).payload,
    ).toEqual({});
  });

  it("keeps text exactly as typed (the engine trims)", () => {
    const e = formToEvent(
      form([
        ["intent", "REMIND"],
        ["message", "  请尽快办理\n谢谢 "],
      ]),
    );
    expect(e.payload).toEqual({ message: "  请尽快办理\n谢谢 " });
  });

  it("reads the key checkbox as a boolean, unticked meaning false", () => {
    expect(
      formToEvent(
        form([
          ["intent", "FLAG_KEY"],
          ["isKey", "true"],
        ]),
      ).payload,
    ).toEqual({ isKey: true });
    expect(
      formToEvent(
        form([
          ["intent", "FLAG_KEY"],
          ["isKey", "on"],
        ]),
      ).payload,
    ).toEqual({ isKey: true });
    expect(formToEvent(form([["intent", "FLAG_KEY"]])).payload).toEqual({ isKey: false });
  });

  it("builds commitments from row pairs, skipping empty rows and leaving out an empty due date", () => {
    const e = formToEvent(
      form([
        ["intent", "SUBMIT_REPLY"],
        ["classification", "B"],
        ["body", "答复正文"],
        ["contactName", "王伟"],
        ["contactPhone", "020-84600000"],
        ["commitments.0.text", ""],
        ["commitments.0.dueDate", ""],
        ["commitments.1.text", "完成村庄规划修编"],
        ["commitments.1.dueDate", "2026-12-31"],
        ["commitments.2.text", "组织产融对接活动"],
        ["commitments.2.dueDate", ""],
      ]),
    );
    expect(e.payload).toEqual({
      classification: "B",
      body: "答复正文",
      contactName: "王伟",
      contactPhone: "020-84600000",
      commitments: [{ text: "完成村庄规划修编", dueDate: "2026-12-31" }, { text: "组织产融对接活动" }],
    });
  });

  it("sends no commitments at all when every row is blank", () => {
    const e = formToEvent(
      form([
        ["intent", "SUBMIT_REPLY"],
        ["classification", "A"],
        ["commitments.0.text", ""],
        ["commitments.0.dueDate", ""],
        ["commitments.1.text", " "],
        ["commitments.1.dueDate", ""],
      ]),
    );
    expect(e.payload).toEqual({ classification: "A" });
  });

  it("keeps a row with only a date, so the engine can ask for its text", () => {
    const e = formToEvent(
      form([
        ["intent", "SUBMIT_REPLY"],
        ["commitments.0.dueDate", "2026-06-30"],
      ]),
    );
    expect(e.payload).toEqual({ commitments: [{ text: "", dueDate: "2026-06-30" }] });
  });

  it("orders commitment rows by their number, not by field order", () => {
    const rows = commitmentRows(
      form([
        ["commitments.2.text", "third"],
        ["commitments.0.text", "first"],
      ]),
    );
    expect(rows.map((r) => r.text)).toEqual(["first", "third"]);
  });

  it("passes unknown intents and fields through for the engine to refuse", () => {
    const e = formToEvent(
      form([
        ["intent", "DELETE_EVERYTHING"],
        ["expectedVersion", "1"],
        ["why", "because"],
      ]),
    );
    expect(e).toEqual({ type: "DELETE_EVERYTHING", payload: { why: "because" }, expectedVersion: 1 });
    expect(formToEvent(form([])).type).toBe("");
  });

  it("keeps an emptied field of a draft, so clearing it is possible", () => {
    const e = formToEvent(
      form([
        ["intent", "UPDATE_DRAFT"],
        ["title", "新标题"],
        ["measures", ""],
      ]),
    );
    expect(e.payload).toEqual({ title: "新标题", measures: "" });
  });
});

describe("formToEvent for enterprise requests", () => {
  it("accepts with category, theme code and priority as chosen", () => {
    const e = formToEvent(
      form([
        ["intent", "ACCEPT"],
        ["expectedVersion", "1"],
        ["category", "help"],
        ["theme", "finance"],
        ["priority", "urgent"],
      ]),
    );
    expect(e).toEqual({
      type: "ACCEPT",
      payload: { category: "help", theme: "finance", priority: "urgent" },
      expectedVersion: 1,
    });
  });

  it("leaves out an unchosen theme", () => {
    const e = formToEvent(
      form([
        ["intent", "ACCEPT"],
        ["category", "consult"],
        ["theme", ""],
        ["priority", "normal"],
      ]),
    );
    expect(e.payload).toEqual({ category: "consult", priority: "normal" });
  });

  it("turns a return's suggested unit into a number and leaves it out when none is chosen", () => {
    expect(
      formToEvent(
        form([
          ["intent", "RETURN"],
          ["reasonCode", "not_our_remit"],
          ["suggestedDepartmentId", "12"],
          ["note", "属市场监管职责"],
        ]),
      ).payload,
    ).toEqual({ reasonCode: "not_our_remit", suggestedDepartmentId: 12, note: "属市场监管职责" });
    expect(
      formToEvent(
        form([
          ["intent", "RETURN"],
          ["reasonCode", "other"],
          ["suggestedDepartmentId", ""],
          ["note", "请核实"],
        ]),
      ).payload,
    ).toEqual({ reasonCode: "other", note: "请核实" });
  });

  it("keeps a mangled suggested unit as typed for the engine to refuse", () => {
    expect(
      formToEvent(
        form([
          ["intent", "RETURN"],
          ["suggestedDepartmentId", "x1"],
        ]),
      ).payload,
    ).toEqual({ suggestedDepartmentId: "x1" });
  });

  it("carries the question, the answer, the resolution and the rating as typed", () => {
    expect(
      formToEvent(
        form([
          ["intent", "REQUEST_INFO"],
          ["question", "请提供用电报装受理编号"],
        ]),
      ).payload,
    ).toEqual({ question: "请提供用电报装受理编号" });
    expect(
      formToEvent(
        form([
          ["intent", "PROVIDE_INFO"],
          ["answer", "受理编号 GD2026-0012"],
        ]),
      ).payload,
    ).toEqual({ answer: "受理编号 GD2026-0012" });
    expect(
      formToEvent(
        form([
          ["intent", "SUBMIT_REPLY"],
          ["resolution", "partially_resolved"],
          ["body", "已协调供电部门"],
        ]),
      ).payload,
    ).toEqual({ resolution: "partially_resolved", body: "已协调供电部门" });
    expect(
      formToEvent(
        form([
          ["intent", "FEEDBACK"],
          ["rating", "unsatisfied"],
          ["comment", ""],
        ]),
      ).payload,
    ).toEqual({ rating: "unsatisfied" });
  });

  it("builds a follow-up visit from its four fields", () => {
    expect(
      formToEvent(
        form([
          ["intent", "RECORD_VISIT"],
          ["date", "2026-03-02"],
          ["method", "phone"],
          ["rating", "basically_satisfied"],
          ["note", "企业表示基本满意"],
        ]),
      ).payload,
    ).toEqual({
      date: "2026-03-02",
      method: "phone",
      rating: "basically_satisfied",
      note: "企业表示基本满意",
    });
  });

  it("merges into a chosen candidate and ignores the number typed beside it", () => {
    const e = formToEvent(
      form([
        ["intent", "MERGE"],
        ["intoCaseId", "41"],
        ["intoCaseIdOther", "99"],
      ]),
    );
    expect(e.payload).toEqual({ intoCaseId: 41 });
  });

  it("merges into the typed number when 'other' or nothing is chosen", () => {
    expect(
      formToEvent(
        form([
          ["intent", "MERGE"],
          ["intoCaseId", "other"],
          ["intoCaseIdOther", " 57 "],
        ]),
      ).payload,
    ).toEqual({ intoCaseId: 57 });
    expect(
      formToEvent(
        form([
          ["intent", "MERGE"],
          ["intoCaseIdOther", "58"],
        ]),
      ).payload,
    ).toEqual({ intoCaseId: 58 });
  });

  it("sends no target when 'other' is chosen and nothing typed, so the engine asks for one", () => {
    expect(
      formToEvent(
        form([
          ["intent", "MERGE"],
          ["intoCaseId", "other"],
          ["intoCaseIdOther", ""],
        ]),
      ).payload,
    ).toEqual({});
  });
});

describe("fieldNamesForForm", () => {
  it("maps a commitment problem back to the form row it came from", () => {
    const f = form([
      ["commitments.0.text", ""],
      ["commitments.1.text", ""],
      ["commitments.1.dueDate", "2026-01-01"],
    ]);
    expect(fieldNamesForForm(f, { "commitments.0.text": "此项必填", body: "此项必填" })).toEqual({
      "commitments.1.text": "此项必填",
      body: "此项必填",
    });
  });
});

describe("formValues", () => {
  it("returns what was typed for re-display, lists for unit checkboxes, without the control fields", () => {
    const f = form([
      ["intent", "ASSIGN"],
      ["expectedVersion", "2"],
      ["leadDepartmentId", "1"],
      ["coDepartmentIds", "2"],
      ["coDepartmentIds", "3"],
      ["note", ""],
    ]);
    expect(formValues(f)).toEqual({ leadDepartmentId: "1", coDepartmentIds: ["2", "3"], note: "" });
  });

  it("keeps the merge choice and the typed number, and never the list marker", () => {
    const f = form([
      ["intent", "MERGE"],
      ["_lists", "coDepartmentIds"],
      ["intoCaseId", "other"],
      ["intoCaseIdOther", "57"],
    ]);
    expect(formValues(f)).toEqual({ intoCaseId: "other", intoCaseIdOther: "57" });
  });
});
