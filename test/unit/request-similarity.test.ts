import { describe, expect, it } from "vitest";
import { BODY_THRESHOLD, duplicateScore, TITLE_THRESHOLD, textSimilarity } from "../../db/suggestions";

describe("textSimilarity (shared 2-character substrings)", () => {
  it("is 1 for the same text and 0 for texts with nothing in common", () => {
    expect(textSimilarity("新厂房用电报装", "新厂房用电报装")).toBe(1);
    expect(textSimilarity("新厂房用电报装", "招聘补贴申领")).toBe(0);
  });

  it("ignores punctuation, spaces and letter case", () => {
    expect(textSimilarity("关于：新厂房 用电报装！", "关于新厂房用电报装")).toBe(1);
    expect(textSimilarity("ISO 认证", "iso认证")).toBe(1);
  });

  it("finds the same matter worded differently above the title threshold", () => {
    const a = "新厂房用电报装迟迟未通电";
    const b = "关于新厂房用电报装进度缓慢的问题";
    expect(textSimilarity(a, b)).toBeGreaterThanOrEqual(TITLE_THRESHOLD);
  });

  it("keeps different matters of the same enterprise below it", () => {
    expect(textSimilarity("新厂房用电报装迟迟未通电", "申请高新技术企业认定咨询")).toBeLessThan(
      TITLE_THRESHOLD,
    );
  });

  it("counts a Latin word or a number whole: sharing the first characters of a code is not likeness", () => {
    // Two different matters whose titles end in reference codes that share their first five characters.
    const a = "关于厂区道路维修的诉求（mxd5vq9l487）";
    const b = "关于数控产线设备投资补助的诉求（附件 mxd5vp8m987）";
    expect(textSimilarity(a, b)).toBeLessThan(TITLE_THRESHOLD);
    // The same code whole is one shared unit; the same word in another case is the same unit.
    expect(textSimilarity("ISO9001 认证复审", "ISO9001 认证复审咨询")).toBeGreaterThanOrEqual(
      TITLE_THRESHOLD,
    );
    expect(textSimilarity("iso9001", "ISO9001")).toBe(1);
    expect(textSimilarity("iso9001", "iso9002")).toBe(0);
  });

  it("treats empty text as unlike anything", () => {
    expect(textSimilarity("", "用电")).toBe(0);
    expect(textSimilarity("！？", "用电")).toBe(0);
  });
});

describe("duplicateScore", () => {
  const other = {
    title: "新厂房用电报装迟迟未通电",
    body: "我司位于高新区的新厂房于三月提交用电报装申请，至今未通电，影响设备调试。",
  };

  it("scores by title when the titles are alike", () => {
    expect(duplicateScore({ title: "新厂房用电报装一直未通电" }, other)).toBeGreaterThanOrEqual(
      TITLE_THRESHOLD,
    );
  });

  it("falls back to the text when the titles differ but the text is the same matter", () => {
    const score = duplicateScore(
      {
        title: "请协调供电公司",
        body: "我司位于高新区的新厂房于三月提交用电报装申请，至今仍未通电，影响设备调试。",
      },
      other,
    );
    expect(score).toBeGreaterThan(0);
    expect(score).toBeGreaterThanOrEqual(BODY_THRESHOLD * 0.9);
  });

  it("is 0 for a different matter", () => {
    expect(duplicateScore({ title: "稳岗补贴如何申领", body: "去年招用应届生的补贴" }, other)).toBe(0);
  });
});
