/**
 * Text as the search index sees it. Chinese has no spaces between words, so a word tokenizer
 * would see a whole sentence as one token and never find 小镇 inside 特色小镇建设. Runs of CJK
 * characters are therefore indexed as overlapping two-character pieces (bigrams: 特色 色小 小镇 镇建
 * 建设), which find any word of two or more characters as a phrase of its bigrams, plus each
 * character once (unigrams) for one-character queries. Latin letters and digits form lower-cased
 * words. Full-width forms (ＡＢＣ, １２３) are folded to their ordinary forms first (NFKC).
 *
 * Pure: no database here. `db/search.ts` turns these tokens into SQLite FTS5 or PostgreSQL
 * tsvector/tsquery.
 */

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** A run of CJK characters, or a run of other letters and digits. */
const PIECE =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[^\s\p{P}\p{S}\p{Z}\p{C}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

/** The most positional tokens one case contributes (a very long text is indexed by its start). */
export const MAX_INDEX_TOKENS = 12_000;

export function normalize(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

export function isCjk(ch: string): boolean {
  return CJK.test(ch);
}

interface Piece {
  text: string;
  cjk: boolean;
}

function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  for (const m of normalize(text).matchAll(PIECE)) {
    const chars = [...m[0]];
    // Latin words keep only letters and digits (combining marks and the like are dropped).
    if (isCjk(chars[0])) out.push({ text: m[0], cjk: true });
    else {
      const word = m[0].replace(/[^\p{L}\p{N}]/gu, "");
      if (word) out.push({ text: word, cjk: false });
    }
  }
  return out;
}

function bigramsOf(run: string): string[] {
  const chars = [...run];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/**
 * The tokens of some texts, in order: bigrams and Latin words keep their positions (so a phrase
 * query can ask for adjacent bigrams), followed by the distinct CJK characters of all texts.
 */
export function indexTokens(texts: ReadonlyArray<string | null | undefined>): {
  positional: string[];
  unigrams: string[];
} {
  const positional: string[] = [];
  const unigrams = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const p of pieces(text)) {
      if (positional.length >= MAX_INDEX_TOKENS) break;
      if (p.cjk) {
        for (const ch of p.text) unigrams.add(ch);
        positional.push(...bigramsOf(p.text));
      } else positional.push(p.text);
    }
  }
  return { positional: positional.slice(0, MAX_INDEX_TOKENS), unigrams: [...unigrams] };
}

/** The text stored in the index: tokens separated by spaces. */
export function indexText(texts: ReadonlyArray<string | null | undefined>): string {
  const { positional, unigrams } = indexTokens(texts);
  return [...positional, ...unigrams].join(" ");
}

/** One part of a query; every part must match (AND). */
export type QueryTerm =
  /** a CJK word of two or more characters: its bigrams, adjacent and in order */
  | { kind: "phrase"; tokens: string[]; text: string }
  /** a single CJK character */
  | { kind: "char"; token: string; text: string }
  /** a Latin word or number: matches words that start with it (three characters or more) or equal it */
  | { kind: "word"; token: string; prefix: boolean; text: string };

export interface ParsedQuery {
  terms: QueryTerm[];
  /**
   * When the query is several CJK words (小镇 融资), the same words written together (小镇融资) as
   * one phrase: cases that contain them side by side rank above cases that contain them apart.
   */
  together: string[] | null;
}

/** At most this many parts of a query are used; the rest are ignored. */
export const MAX_QUERY_TERMS = 8;

export function parseQuery(q: string): ParsedQuery {
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  for (const p of pieces(q)) {
    if (terms.length >= MAX_QUERY_TERMS) break;
    const key = `${p.cjk ? "c" : "w"}:${p.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!p.cjk) terms.push({ kind: "word", token: p.text, prefix: [...p.text].length >= 3, text: p.text });
    else if ([...p.text].length === 1) terms.push({ kind: "char", token: p.text, text: p.text });
    else terms.push({ kind: "phrase", tokens: bigramsOf(p.text), text: p.text });
  }
  let together: string[] | null = null;
  if (terms.length >= 2 && terms.every((t) => t.kind !== "word")) {
    const joined = terms.map((t) => t.text).join("");
    together = bigramsOf(joined);
  }
  return { terms, together };
}

/** The strings to mark in a passage for this query (longest first, so 小镇融资 wins over 小镇). */
export function highlightStrings(parsed: ParsedQuery): string[] {
  const out = new Set<string>();
  if (parsed.together) out.add(parsed.terms.map((t) => t.text).join(""));
  for (const t of parsed.terms) out.add(t.text);
  return [...out].sort((a, b) => b.length - a.length);
}

/** A piece of a passage: plain text, or text that matched the query. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A passage as HTML: every part escaped, the hits wrapped in <mark>. */
export function snippetHtml(parts: ReadonlyArray<SnippetPart>): string {
  return parts.map((p) => (p.hit ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join("");
}

/**
 * The passage of a text around the query's matches, cut to about `width` characters, as parts.
 * Matching is on the normalized text (full-width and case folded), while the parts show the
 * original characters. Answers null when the text holds none of the strings.
 */
export function snippet(text: string, strings: ReadonlyArray<string>, width = 80): SnippetPart[] | null {
  if (!text || !strings.length) return null;
  // Normalize character by character so indexes in the folded text map back to the original.
  const chars = [...text];
  const folded = chars.map((c) => normalize(c));
  const hits: Array<[number, number]> = []; // [start, end) in chars
  const foldedStrings = strings.map((s) => [...normalize(s)]).filter((s) => s.length);
  for (let i = 0; i < chars.length; ) {
    let matched = 0;
    for (const s of foldedStrings) {
      if (i + s.length > chars.length) continue;
      let ok = true;
      for (let k = 0; k < s.length && ok; k++) if (folded[i + k] !== s[k]) ok = false;
      // A Latin word matches at the start of a word only.
      const before = folded[i - 1] ?? "";
      if (ok && !isCjk(s[0]) && /[\p{L}\p{N}]/u.test(before) && !isCjk(before)) ok = false;
      if (ok) {
        matched = s.length;
        break;
      }
    }
    if (matched) {
      hits.push([i, i + matched]);
      i += matched;
    } else i++;
  }
  if (!hits.length) return null;
  // The window with the most hits, starting a little before the first of them.
  let best = 0;
  let bestCount = 0;
  for (let h = 0; h < hits.length; h++) {
    let n = 0;
    for (let k = h; k < hits.length && hits[k][1] <= hits[h][0] + width; k++) n++;
    if (n > bestCount) {
      bestCount = n;
      best = h;
    }
  }
  const lead = Math.min(20, Math.floor(width / 4));
  let start = Math.max(0, hits[best][0] - lead);
  const end = Math.min(chars.length, start + width);
  start = Math.max(0, Math.min(start, end - width));
  const parts: SnippetPart[] = [];
  const push = (s: string, hit: boolean) => {
    const clean = s.replace(/\s+/g, " ");
    if (!clean) return;
    const last = parts[parts.length - 1];
    if (last && last.hit === hit) last.text += clean;
    else parts.push({ text: clean, hit });
  };
  if (start > 0) push("…", false);
  let at = start;
  for (const [s, e] of hits) {
    if (e <= start || s >= end) continue;
    const hs = Math.max(s, start);
    const he = Math.min(e, end);
    push(chars.slice(at, hs).join(""), false);
    push(chars.slice(hs, he).join(""), true);
    at = he;
  }
  push(chars.slice(at, end).join(""), false);
  if (end < chars.length) push("…", false);
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Relevance: computed here over the candidates the index found, the same on both databases.

/** How often a string occurs in a normalized text (a Latin word: at the start of a word only). */
function occurrences(text: string, s: string): number {
  if (!s) return 0;
  const latin = !isCjk([...s][0]);
  let n = 0;
  for (let at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + s.length)) {
    if (latin && at > 0) {
      const before = text[at - 1];
      if (/[\p{L}\p{N}]/u.test(before) && !isCjk(before)) continue;
    }
    n++;
  }
  return n;
}

export interface RankedText {
  id: number;
  title: string;
  /** the text, measures and released replies */
  text: string;
}

/** Title words weigh this much more than words of the text. */
const TITLE_WEIGHT = 3;
/** The words written together (小镇融资 for 小镇 融资) count this much on top of each word. */
const TOGETHER_WEIGHT = 2;
const K1 = 1.2;
const B = 0.75;

/**
 * A BM25-style score of each document for a query: every query word's occurrences, saturating
 * (the tenth mention adds little), in the title (weighted) and in the text (normalized by its
 * length against the others'), plus a bonus where several words stand together as typed.
 * Higher is better. Every document given is expected to contain every word (the index's AND).
 */
export function relevance(parsed: ParsedQuery, docs: ReadonlyArray<RankedText>): Map<number, number> {
  const out = new Map<number, number>();
  if (!docs.length) return out;
  const prepared = docs.map((d) => ({ id: d.id, title: normalize(d.title), text: normalize(d.text) }));
  const avgLen = prepared.reduce((n, d) => n + d.text.length, 0) / prepared.length || 1;
  const strings: Array<[string, number]> = parsed.terms.map((t) => [t.text, 1]);
  if (parsed.together) strings.push([parsed.terms.map((t) => t.text).join(""), TOGETHER_WEIGHT]);
  for (const d of prepared) {
    const norm = 1 - B + (B * d.text.length) / avgLen;
    let score = 0;
    for (const [s, weight] of strings) {
      const inTitle = occurrences(d.title, s);
      const inText = occurrences(d.text, s);
      score += weight * TITLE_WEIGHT * ((inTitle * (K1 + 1)) / (inTitle + K1));
      score += weight * ((inText * (K1 + 1)) / (inText + K1 * norm));
    }
    out.set(d.id, score);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// How alike two cases are: the one similarity rule (duplicate hints, merge candidates, dispatch
// suggestions). The index finds candidates; this decides which are alike and in what order.

/**
 * What two texts are compared by: the 2-character substrings (bigrams) of their Chinese, read as
 * one run (punctuation and spacing do not make two titles differ), a fair unit of meaning for
 * Chinese text; and their Latin words and numbers whole, as the index reads them. A reference
 * number or an English word is one unit: two titles that share only the first digits of a number
 * or a few letters are not alike for that.
 */
function bigrams(text: string): Set<string> {
  const out = new Set<string>();
  let cjk = "";
  for (const p of pieces(text)) {
    if (p.cjk) cjk += p.text;
    else out.add(p.text);
  }
  const chars = [...cjk];
  if (chars.length === 1) out.add(chars[0]);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return out;
}

/**
 * How alike two texts are, 0 to 1: the share of 2-character substrings they have in common
 * (Dice coefficient). "关于企业用电报装时间过长的问题" and "企业用电报装太慢" share most of theirs.
 */
export function textSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (!x.size || !y.size) return 0;
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return (2 * common) / (x.size + y.size);
}

/** Title likeness at or above which a request is shown as a possible duplicate. */
export const TITLE_THRESHOLD = 0.3;
/** The same for the opening of the text, which is longer and so shares more by chance. */
export const BODY_THRESHOLD = 0.4;
const BODY_PREFIX = 300;

/** How alike a request is to the one being written or dispatched, by title or by its opening text. */
export function duplicateScore(
  mine: { title: string; body?: string | null },
  other: { title: string; body: string },
): number {
  const byTitle = textSimilarity(mine.title, other.title);
  const byBody = mine.body?.trim()
    ? textSimilarity(mine.body.slice(0, BODY_PREFIX), other.body.slice(0, BODY_PREFIX))
    : 0;
  if (byTitle >= TITLE_THRESHOLD) return byTitle;
  if (byBody >= BODY_THRESHOLD) return byBody * 0.9;
  return 0;
}
