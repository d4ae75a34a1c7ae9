/** Timing helpers shared by the benchmark's parts. */

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export interface Timing {
  runs: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

export function summarize(ms: number[]): Timing {
  const s = [...ms].sort((a, b) => a - b);
  return {
    runs: s.length,
    median: round(percentile(s, 50)),
    p95: round(percentile(s, 95)),
    min: round(s[0]),
    max: round(s[s.length - 1]),
  };
}

/**
 * Runs `f` once unmeasured, then `runs` times; milliseconds per run. A slow query stops early once
 * `budgetMs` is spent (three runs at least), so one miss does not hold up the whole benchmark.
 */
export async function timeRuns(runs: number, f: () => Promise<unknown>, budgetMs = 20_000): Promise<Timing> {
  const started = performance.now();
  await f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i >= 3 && performance.now() - started > budgetMs) break;
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  return summarize(ms);
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
