/** The part of autocannon 9 the benchmark uses (the package ships no types). */
declare module "autocannon" {
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    headers?: Record<string, string>;
  }
  interface Histogram {
    average: number;
    total: number;
  }
  interface Result {
    requests: Histogram;
    non2xx: number;
    errors: number;
    timeouts: number;
  }
  interface Instance {
    on(event: "response", f: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  }
  function autocannon(opts: Options, done: (err: Error | null, result: Result) => void): Instance;
  export default autocannon;
}
