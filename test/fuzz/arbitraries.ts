import fc from "fast-check";

/**
 * Generators of hostile input: odd text, huge text, invalid dates, out-of-range numbers, arbitrary
 * JSON, payloads shaped like a valid one with fields dropped, retyped or added, and bodies that are
 * not JSON at all.
 */

/** Pieces that break naive text handling. */
const PIECES = [
  "\u0000", // NUL
  "\ud800", // lone high surrogate
  "\udfff", // lone low surrogate
  "\u202e", // right-to-left override
  "\u200f", // right-to-left mark
  "\u200b", // zero-width space
  "\u200d", // zero-width joiner
  "\ufeff", // byte-order mark
  "\u0301\u0301\u0301", // combining marks with nothing to combine with
  "e\u0301",
  "😀",
  "👨‍👩‍👧‍👦",
  "🇨🇳",
  "𠮷",
  "提案",
  "ｆｕｌｌｗｉｄｔｈ",
  "\t",
  "\r\n",
  " ",
  "'; DROP TABLE cases; --",
  "<script>alert(1)</script>",
  "$" + "{jndi:x}",
  "{minutes}",
  "field.required",
  "%00",
  "../../etc/passwd",
  "null",
  "undefined",
  "NaN",
  "-1",
  "__proto__",
];

const loneSurrogates = fc
  .array(fc.integer({ min: 0xd800, max: 0xdfff }), { minLength: 1, maxLength: 4 })
  .map((cs) => String.fromCharCode(...cs));

export const oddText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 6 }).map((a) => a.join("")),
  loneSurrogates,
  fc.constantFrom("", " ", "   \u3000 ", "\n"),
);

/** 100 KB and more, built once: generating them per run would cost more than sending them. */
const HUGE = [
  "a".repeat(100_001),
  "长".repeat(100_001),
  "😀".repeat(50_001),
  "\u200b".repeat(120_000),
  "e\u0301".repeat(60_000),
  `${"\ud800".repeat(60_000)}x`,
  // over the 1 MB body limit: 413
  "x".repeat(1_000_001),
];
export const hugeText = fc.constantFrom(...HUGE);

export const badDate = fc.constantFrom(
  "9999-12-31",
  "2200-01-01",
  "1899-12-31",
  "0000-01-01",
  "2026-02-30",
  "2026-13-01",
  "2026-00-10",
  "2026-04-31",
  "2025-02-29",
  "yesterday",
  "today",
  "2026-3-2",
  "26-03-02",
  "2026/03/02",
  "20260302",
  "2026-03-02T00:00:00Z",
  "2026-03-02 ",
  " 2026-03-02",
  "2026-03-02\u0000",
  "２０２６-０３-０２",
  "+002026-03-02",
  "-2026-03-02",
  "0000-00-00",
  "9999-99-99",
  "275760-09-13",
  "",
);

export const isoDay = fc
  .date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2200-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

export const oddNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-1, 0, -0, 1.5, 2 ** 31, 2 ** 31 - 1, 2 ** 53, 2 ** 53 + 2, 1e308, -1e308, 5e-324),
);

/** Any value a JSON body could carry in a field, hostile ones first. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: oddText },
  { weight: 1, arbitrary: hugeText },
  { weight: 2, arbitrary: badDate },
  { weight: 1, arbitrary: isoDay },
  { weight: 3, arbitrary: oddNumber },
  { weight: 1, arbitrary: fc.constantFrom("1", "-1", "1e999", "0x10", "NaN", "Infinity", "true") },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(oddNumber, oddText), { maxLength: 5 }) },
);

const extraKey = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "id",
    "state",
    "version",
    "actor",
    "today",
    "at",
    "",
  ),
);

const KEEP = Symbol("keep");
const DROP = Symbol("drop");

/**
 * Objects shaped like `valid`: each of `keys` kept, dropped, or replaced by a hostile value (or by
 * one from `special` for that key), sometimes with extra keys.
 */
export function mutated(
  valid: Record<string, unknown>,
  keys: string[] = Object.keys(valid),
  special: Record<string, fc.Arbitrary<unknown>> = {},
): fc.Arbitrary<Record<string, unknown>> {
  const all = [...new Set([...Object.keys(valid), ...keys])];
  const choice = (k: string) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<unknown>(KEEP) },
      { weight: 2, arbitrary: fc.constant<unknown>(DROP) },
      { weight: 3, arbitrary: anyValue },
      ...(special[k] ? [{ weight: 3, arbitrary: special[k] }] : []),
    );
  // With no fields to spoil, extra ones are the payload's way to be wrong.
  const extras = fc.oneof(
    { weight: all.length ? 4 : 1, arbitrary: fc.constant({}) },
    { weight: all.length ? 1 : 3, arbitrary: fc.dictionary(extraKey, anyValue, { minKeys: 1, maxKeys: 2 }) },
  );
  return fc.record({ fields: fc.tuple(...all.map(choice)), extras }).map(({ fields, extras }) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(extras))
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    all.forEach((k, i) => {
      const c = fields[i];
      if (c === DROP) return;
      const v = c === KEEP ? valid[k] : c;
      if (v === undefined) return;
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    });
    return out;
  });
}

/** How a generated body travels. */
export interface Shipment {
  /** the JSON value sent, when it is sent as JSON */
  json?: unknown;
  /** a body that is not (or not only) JSON */
  raw?: string | Uint8Array;
  contentType?: string | null;
  lang: "zh-CN" | "en";
}

const RAW_BODIES = fc.oneof(
  fc.constantFrom(
    "{",
    "}",
    "[]",
    "[1,2]",
    "null",
    "true",
    "42",
    '"text"',
    "1e999",
    '{"a":1e999}',
    '{"type":"SIGN",}',
    "{'type':'SIGN'}",
    '{"__proto__":{"polluted":1}}',
    "<xml/>",
    "a=1&b=2",
    '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nBEGIN:VCALENDAR\r\n--x--',
    "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20261301\r\nEND:VEVENT\r\nEND:VCALENDAR",
    "\ufeff{}",
    "",
  ),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.uint8Array({ maxLength: 64 }),
);

const CONTENT_TYPES = fc.constantFrom<string | null>(
  "application/json",
  "application/json; charset=latin1",
  "text/plain",
  "text/calendar",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "multipart/form-data",
  "application/octet-stream",
  null,
);

/** A body: mostly `json` as JSON, sometimes JSON under the wrong content type, sometimes not JSON. */
export function shipments(json: fc.Arbitrary<unknown>): fc.Arbitrary<Shipment> {
  const lang = fc.constantFrom<"zh-CN" | "en">("zh-CN", "zh-CN", "en");
  return fc.oneof(
    { weight: 12, arbitrary: fc.record({ json, lang }) },
    { weight: 1, arbitrary: fc.record({ json: fc.jsonValue({ maxDepth: 3 }), lang }) },
    {
      weight: 1,
      arbitrary: fc.record({
        raw: json.map((j) => JSON.stringify(j) ?? ""),
        contentType: CONTENT_TYPES,
        lang,
      }),
    },
    { weight: 2, arbitrary: fc.record({ raw: RAW_BODIES, contentType: CONTENT_TYPES, lang }) },
  );
}

/**
 * A query string built from `valid` params mutated like a body, values as strings, sometimes
 * repeated. Values are cut at 8,000 characters: an HTTP server refuses longer request lines
 * (Node's limit is 16 KB of headers) before the app sees them.
 */
export function queries(
  valid: Record<string, string>,
  keys: string[],
  special: Record<string, fc.Arbitrary<unknown>> = {},
): fc.Arbitrary<string> {
  return fc
    .tuple(
      mutated(valid, keys, special),
      fc.oneof(
        { weight: 6, arbitrary: fc.constant("") },
        {
          weight: 1,
          arbitrary: fc.constantFrom("&page=1&page=2", "&%", "&%E0%A4%A", "&=x", "&&&", "&q=%00"),
        },
      ),
    )
    .map(([o, tail]) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(o))
        params.append(k, (typeof v === "string" ? v : (JSON.stringify(v) ?? "")).slice(0, 8000));
      const qs = params.toString() + tail;
      return qs ? `?${qs}` : "";
    });
}
