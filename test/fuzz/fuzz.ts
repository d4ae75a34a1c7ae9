import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../db/client";
import { verifyChains } from "../../db/events";
import { assignmentFactsDrift } from "../helpers/db";
import {
  anyValue,
  badDate,
  isoDay,
  mutated,
  oddNumber,
  oddText,
  type Shipment,
  shipments,
} from "./arbitraries";
import { buildCase, type Org, setupOrg, type Who } from "./fixtures";
import { type Answer, errorShapeProblems, type InProcessApp, inProcessApp } from "./harness";

/**
 * Input fuzzing of every JSON API endpoint that takes input (endpoints.test.ts), and of every event
 * of both case kinds sent to a case in a state where the event is allowed, so that the payload's
 * validation is what answers (events-*.test.ts). Each target gets FUZZ_RUNS generated requests
 * (1,000 unless set). For every request:
 *   - the status is never 5xx;
 *   - every refusal is exactly `{error: {code, message, fields?, ...}}` with a known code, the
 *     status of that code, and messages worded in the caller's language;
 *   - a refusal writes nothing: the database's data_version (every commit moves it) is unchanged,
 *     or, for sign-in (whose failures are counted by design), the fingerprint of every other table.
 * The app is the production build answering in this process (test/fuzz/harness.ts); each test file
 * has its own, so the files run side by side.
 */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

export const ctx = {} as { app: InProcessApp; org: Org; mergeInto: Record<string, number> };

const tally = {
  requests: 0,
  accepted: 0,
  byCode: {} as Record<string, number>,
  targets: [] as Array<{ name: string; runs: number; accepted: number; ms: number }>,
};

/**
 * Starts this file's app and organisation, and after the file's targets prints the tally and
 * checks that every case's history chain is intact.
 */
export function startFuzzApp(title: string): void {
  beforeAll(async () => {
    ctx.app = await inProcessApp();
    ctx.org = await setupOrg(ctx.app);
    ctx.mergeInto = {
      proposal: await buildCase(ctx.org, "proposal", "accepted"),
      enterprise_request: await buildCase(ctx.org, "enterprise_request", "accepted"),
    };
  }, 120_000);

  afterAll(async () => {
    if (tally.requests) {
      const codes = Object.entries(tally.byCode)
        .sort((a, b) => b[1] - a[1])
        .map(([c, n]) => `${c} ${n}`)
        .join(", ");
      console.log(
        [
          `API fuzzing, ${title}: ${tally.targets.length} targets × ${RUNS} payloads = ${tally.requests} requests, ${tally.accepted} accepted`,
          `refusals by code: ${codes}`,
          ...tally.targets.map(
            (t) => `  ${t.name.padEnd(44)} ${t.runs} runs, ${t.accepted} accepted, ${t.ms} ms`,
          ),
        ].join("\n"),
      );
    }
    await ctx.app?.close();
  });
}

/** The last test of a file: the fuzzing left every case's history chain intact. */
export function chainsStayIntact(): void {
  describe("after the fuzzing", () => {
    it("every case's history chain is intact, and every assignment agrees with its case", async () => {
      const db = openDb(ctx.app.databaseUrl);
      try {
        const report = await verifyChains(db.kysely);
        expect(report.broken).toEqual([]);
        expect(report.cases).toBeGreaterThan(0);
        expect(await assignmentFactsDrift(db.kysely)).toEqual([]);
      } finally {
        await db.close();
      }
    });
  });
}

/** Sends one generated request and checks the three properties; answers the response. */
export async function probe(
  method: string,
  path: string,
  who: Who | null,
  s: Shipment,
  opts: { countedWrites?: boolean } = {},
): Promise<Answer> {
  const before = opts.countedWrites ? await ctx.app.fingerprint() : ctx.app.dataVersion();
  const a = await ctx.app.call(method, path, {
    token: who ? ctx.org.tokens[who] : undefined,
    json: s.json,
    raw: s.raw,
    contentType: s.contentType,
    headers: { "Accept-Language": s.lang },
  });
  tally.requests++;
  const what = () => `${method} ${path} → ${a.status} ${a.text.slice(0, 300)}`;
  expect(a.status, what()).toBeLessThan(500);
  if (a.status < 300) {
    tally.accepted++;
    return a;
  }
  const code = a.body?.error?.code ?? `status ${a.status}`;
  tally.byCode[code] = (tally.byCode[code] ?? 0) + 1;
  expect(errorShapeProblems(a, s.lang), what()).toEqual([]);
  const after = opts.countedWrites ? await ctx.app.fingerprint() : ctx.app.dataVersion();
  expect(after, `a refusal wrote to the database: ${what()}`).toEqual(before);
  return a;
}

export async function run<T>(name: string, arb: fc.Arbitrary<T>, property: (v: T) => Promise<unknown>) {
  const started = Date.now();
  const accepted = tally.accepted;
  await fc.assert(
    fc.asyncProperty(arb, async (v) => {
      await property(v);
    }),
    { numRuns: RUNS, seed: SEED },
  );
  tally.targets.push({ name, runs: RUNS, accepted: tally.accepted - accepted, ms: Date.now() - started });
  // Still answering after the batch.
  expect((await ctx.app.call("GET", "/healthz")).status).toBe(200);
}

export const ids = () => ctx.org.ids;
export const idLike = () =>
  fc.oneof(fc.constantFrom(ids().lead, ids().co, ids().other, ids().enterprise, 999_999), oddNumber, oddText);
export const dateLike = fc.oneof(badDate, isoDay);
export const near = (...valid: string[]) =>
  fc.constantFrom(
    ...valid,
    ...valid.map((v) => v.toUpperCase()),
    ...valid.map((v) => ` ${v}`),
    "other",
    "",
    "constructor",
    "toString",
    "__proto__",
  );
/** A path segment, percent-encoded even when the text is not well-formed UTF-16. */
export const segment = (s: string) => encodeURIComponent(s.replace(/\p{Cs}/gu, "\ufffd")) || "x";

export interface EventTarget {
  type: string;
  /** the fixture state (test/fuzz/fixtures.ts) in which the event is allowed */
  state: string;
  who: Who;
  valid: () => Record<string, unknown>;
  special?: () => Record<string, fc.Arbitrary<unknown>>;
}

function schemaKeys(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

export function eventBodies(t: EventTarget, schema: unknown): fc.Arbitrary<Shipment> {
  const valid = t.valid();
  const special = t.special?.() ?? {};
  const payload = mutated(valid, schemaKeys(schema), special).map((p) => ({ ...p, type: t.type }));
  // Most payloads carry a field the schema does not know besides, so that most are refused and
  // the case stays where the event is allowed (an accepted one costs building the next case).
  const spoiled = fc
    .tuple(
      payload,
      fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), anyValue, { minKeys: 1, maxKeys: 2 }),
    )
    .map(([p, extra]) => ({ ...extra, ...p }));
  const whole = mutated({ type: t.type, ...valid }, ["type", "expectedVersion"], {
    ...special,
    type: fc.oneof(near(t.type), fc.constantFrom("EXPLODE", "toString", "__proto__", "constructor")),
    expectedVersion: fc.oneof(oddNumber, anyValue),
  });
  return shipments(
    fc.oneof(
      { weight: 3, arbitrary: payload },
      { weight: 4, arbitrary: spoiled },
      { weight: 1, arbitrary: whole },
    ),
  );
}

/** Fuzzes each event type of the kind, sent to a case in a state where it is allowed. */
export function fuzzEvents(
  kind: "proposal" | "enterprise_request",
  targets: EventTarget[],
  schemas: Record<string, unknown>,
): void {
  describe(`events of a ${kind}, each in a state where it is allowed`, () => {
    it("covers every event type of the machine", () => {
      expect(targets.map((t) => t.type).sort()).toEqual(Object.keys(schemas).sort());
    });

    it.each(targets.map((t) => [t.type, t] as const))(
      "%s",
      async (_type, t) => {
        let caseId: number | null = null;
        const fresh = async () => {
          caseId = await buildCase(ctx.org, kind, t.state);
          if (!t.type.startsWith("EXPIRE_")) {
            const r = await ctx.app.call("GET", `/api/v1/cases/${caseId}`, { token: ctx.org.tokens[t.who] });
            expect(r.body.allowedEvents, `${t.type} by ${t.who} in ${t.state}`).toContain(t.type);
          }
          return caseId;
        };
        await run(`${kind} ${t.type}`, eventBodies(t, schemas[t.type]), async (s) => {
          const id = caseId ?? (await fresh());
          const a = await probe("POST", `/api/v1/cases/${id}/events`, t.who, s);
          // Accepted: keep the case while the event is still allowed, else build the next one.
          if (a.status < 300 && !(a.body?.allowedEvents ?? []).includes(t.type)) caseId = null;
        });
      },
      600_000,
    );
  });
}
