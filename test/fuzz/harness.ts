/**
 * The fuzz harness shared by the CI tests (test/fuzz/fuzz.test.ts, small fixed budget) and the benchmark
 * (bench/fuzz.ts, 100,000+ cases): each property runs through fast-check with a seed and a case count.
 */
import fc from 'fast-check';

export interface FuzzParams {
  seed: number;
  numRuns: number;
}

export interface FuzzOutcome {
  /** Cases run (up to and including the first failure). */
  cases: number;
  failed: boolean;
  /** fast-check's report with the shrunk counterexample and the error, when failed. */
  report: string;
}

export interface FuzzProperty {
  name: string;
  /** Share of the benchmark's case budget: a gateway case costs milliseconds, a parser case microseconds. */
  weight: number;
  run(params: FuzzParams): Promise<FuzzOutcome>;
}

/** Longest report kept: a shrunk counterexample is small, but an unshrinkable one may hold a 100 KB text. */
const MAX_REPORT = 8_000;

export async function checkProperty<Ts>(property: fc.IRawProperty<Ts>, params: FuzzParams): Promise<FuzzOutcome> {
  const details = await fc.check(property, { seed: params.seed, numRuns: params.numRuns });
  let report = '';
  if (details.failed) {
    const err = details.errorInstance;
    report = `${fc.defaultReportMessage(details) ?? 'property failed'}\nError: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
  }
  return { cases: details.numRuns, failed: details.failed, report: report.length > MAX_REPORT ? `${report.slice(0, MAX_REPORT)}...` : report };
}

/** A violated property: thrown from inside a predicate so fast-check shrinks and reports it. */
export function ensure(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`property violated: ${message}`);
}

/** Splits a text into UTF-8 byte chunks at the given points, so multi-byte characters may be cut in two. */
export function byteChunks(text: string, cuts: readonly number[]): Buffer[] {
  return splitBytes(Buffer.from(text, 'utf8'), cuts);
}

export function splitBytes(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let at = 0;
  for (const p of points) {
    if (p <= at) continue;
    out.push(bytes.subarray(at, p));
    at = p;
  }
  out.push(bytes.subarray(at));
  return out;
}

/** Splits a string at the given points (UTF-16 offsets, so surrogate pairs may be cut in two). */
export function stringPieces(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => (text.length === 0 ? 0 : c % (text.length + 1))))].sort((a, b) => a - b);
  const out: string[] = [];
  let at = 0;
  for (const p of points) {
    out.push(text.slice(at, p));
    at = p;
  }
  out.push(text.slice(at));
  return out;
}

export async function* fromChunks<T>(chunks: readonly T[]): AsyncGenerator<T> {
  for (const c of chunks) yield c;
}
