import { describe, expect, it } from "vitest";
import { searchMayChange } from "../../db/search";
import {
  highlightStrings,
  indexText,
  indexTokens,
  parseQuery,
  snippet,
  snippetHtml,
} from "../../db/search-text";

describe("indexTokens", () => {
  it("indexes a CJK run as overlapping bigrams, in order, then its characters once", () => {
    const { positional, unigrams } = indexTokens(["特色小镇融资"]);
    expect(positional).toEqual(["特色", "色小", "小镇", "镇融", "融资"]);
    expect(unigrams).toEqual(["特", "色", "小", "镇", "融", "资"]);
  });

  it("splits at punctuation and keeps Latin words and numbers as lower-case words", () => {
    const { positional } = indexTokens(["关于5G基站，Parking 问题。"]);
    expect(positional).toEqual(["关于", "5g", "基站", "parking", "问题"]);
  });

  it("folds full-width letters and digits (NFKC) before lower-casing", () => {
    expect(indexTokens(["ＡＢＣ１２３ 小镇"]).positional).toEqual(["abc123", "小镇"]);
  });

  it("gives a one-character run no bigram but its unigram", () => {
    const { positional, unigrams } = indexTokens(["A 镇 B"]);
    expect(positional).toEqual(["a", "b"]);
    expect(unigrams).toEqual(["镇"]);
  });

  it("never joins two texts into a bigram that is in neither", () => {
    const text = indexText(["标题小", "镇正文"]);
    expect(text.split(" ")).not.toContain("小镇");
  });

  it("answers nothing for empty or punctuation-only text", () => {
    expect(indexText(["", null, "！？…", undefined])).toBe("");
  });
});

describe("parseQuery", () => {
  it("turns a CJK word into the phrase of its bigrams", () => {
    expect(parseQuery("融资").terms).toEqual([{ kind: "phrase", tokens: ["融资"], text: "融资" }]);
    expect(parseQuery("小镇融资").terms).toEqual([
      { kind: "phrase", tokens: ["小镇", "镇融", "融资"], text: "小镇融资" },
    ]);
  });

  it("keeps a single character as a unigram", () => {
    expect(parseQuery("镇").terms).toEqual([{ kind: "char", token: "镇", text: "镇" }]);
  });

  it("makes Latin words of three letters or more prefix terms", () => {
    expect(parseQuery("Park 5G").terms).toEqual([
      { kind: "word", token: "park", prefix: true, text: "park" },
      { kind: "word", token: "5g", prefix: false, text: "5g" },
    ]);
  });

  it("offers several CJK words written together as a ranking phrase", () => {
    const p = parseQuery("小镇 融资");
    expect(p.terms.map((t) => t.text)).toEqual(["小镇", "融资"]);
    expect(p.together).toEqual(["小镇", "镇融", "融资"]);
    expect(parseQuery("小镇 parking").together).toBeNull();
  });

  it("drops operators, quotes and repeated words", () => {
    expect(parseQuery('"小镇" OR % * 小镇').terms.map((t) => t.text)).toEqual(["小镇", "or"]);
    expect(parseQuery("% _ *").terms).toEqual([]);
  });
});

describe("snippet", () => {
  const strings = highlightStrings(parseQuery("小镇 融资"));

  it("marks every occurrence inside the passage and cuts long text around them", () => {
    const text = `${"前言".repeat(60)}特色小镇的融资渠道${"结尾".repeat(60)}`;
    const parts = snippet(text, strings, 40)!;
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(["小镇", "融资"]);
    expect(parts[0].text.startsWith("…")).toBe(true);
    expect(parts[parts.length - 1].text.endsWith("…")).toBe(true);
  });

  it("prefers the words together when they are", () => {
    const parts = snippet("关于小镇融资的建议", strings)!;
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(["小镇融资"]);
  });

  it("matches full-width and upper-case text but shows it as written", () => {
    const parts = snippet("新建ＰＡＲＫＩＮＧ场地", highlightStrings(parseQuery("parking")))!;
    expect(parts.find((p) => p.hit)?.text).toBe("ＰＡＲＫＩＮＧ");
  });

  it("answers null when the text holds none of the words", () => {
    expect(snippet("完全无关的内容", strings)).toBeNull();
  });

  it("escapes the text before marking it", () => {
    const parts = snippet('<script>alert("小镇")</script> & 融资', strings)!;
    const html = snippetHtml(parts);
    expect(html).toBe(
      "&lt;script&gt;alert(&quot;<mark>小镇</mark>&quot;)&lt;/script&gt; &amp; <mark>融资</mark>",
    );
    expect(html).not.toContain("<script");
  });
});

describe("searchMayChange (when the engine rewrites a case's index row)", () => {
  const c = { title: "小镇", body: "正文", measures: null, state: "handling" };
  const lead = [{ departmentId: 1 }];
  it("skips events that change neither words, state, units nor co-signers", () => {
    expect(searchMayChange(c, { ...c }, "RECORD_CONTACT", lead, lead)).toBe(false);
    // A unit removed keeps its token: its history with the case stays searchable to it.
    expect(searchMayChange(c, { ...c }, "REASSIGN", [...lead, { departmentId: 2 }], lead)).toBe(false);
  });
  it("rewrites on new words, a new state, a new unit or a draft's edit", () => {
    expect(searchMayChange(c, { ...c, body: "新正文" }, "X", lead, lead)).toBe(true);
    expect(searchMayChange(c, { ...c, state: "reply_review" }, "SUBMIT_REPLY", lead, lead)).toBe(true);
    expect(searchMayChange(c, { ...c }, "REASSIGN", lead, [{ departmentId: 3 }])).toBe(true);
    expect(searchMayChange(c, { ...c }, "UPDATE_DRAFT", [], [])).toBe(true);
  });
});
