/** JSONL dataset reading for `warden eval` and the benchmarks: one JSON object per line, blank lines skipped. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const ClassificationLine = z.object({
  text: z.string(),
  label: z.enum(['attack', 'benign']),
  // null and "" mean uncategorized, as exported by some dataset tools.
  category: z
    .string()
    .nullish()
    .transform((c) => (c === null || c === '' ? undefined : c)),
});

export const PiiSpanShape = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  type: z.string().min(1),
});

export const PiiLine = z.object({
  text: z.string(),
  spans: z.array(PiiSpanShape).default([]),
});

export type ClassificationRecord = z.infer<typeof ClassificationLine> & { line: number };
export type PiiRecord = z.infer<typeof PiiLine> & { line: number };

/** Malformed dataset: every message names file:line. */
export class DatasetError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${problems.length} malformed line(s) in ${file}:\n${problems.join('\n')}`);
    this.name = 'DatasetError';
  }
}

const MAX_REPORTED = 10;

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(line)'}: ${i.message}`).join('; ');
}

function parseLines<S extends z.ZodType>(file: string, content: string, schema: S, limit: number | undefined, check?: (v: z.infer<S>) => string | undefined): Array<z.infer<S> & { line: number }> {
  const records: Array<z.infer<S> & { line: number }> = [];
  const problems: string[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (limit !== undefined && records.length >= limit) break;
    const raw = (lines[i] as string).trim();
    if (raw === '') continue;
    const where = `${file}:${i + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      problems.push(`${where}: invalid JSON (${err instanceof Error ? err.message : String(err)})`);
      if (problems.length >= MAX_REPORTED) break;
      continue;
    }
    const parsed = schema.safeParse(json);
    const problem = parsed.success ? check?.(parsed.data) : describeIssues(parsed.error);
    if (problem !== undefined) {
      problems.push(`${where}: ${problem}`);
      if (problems.length >= MAX_REPORTED) break;
      continue;
    }
    records.push({ ...(parsed.data as object), line: i + 1 } as z.infer<S> & { line: number });
  }
  if (problems.length > 0) throw new DatasetError(file, problems);
  return records;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `dataset not found: ${file}` : `cannot read dataset ${file}: ${String(err)}`, { cause: err });
  }
}

export function parseClassification(file: string, content: string, limit?: number): ClassificationRecord[] {
  return parseLines(file, content, ClassificationLine, limit);
}

function checkSpans(rec: z.infer<typeof PiiLine>): string | undefined {
  const length = [...rec.text].length;
  for (const [k, s] of rec.spans.entries()) {
    if (s.end < s.start) return `spans.${k}: end (${s.end}) is before start (${s.start})`;
    if (s.end > length) return `spans.${k}: end (${s.end}) is past the text's ${length} code points`;
  }
  return undefined;
}

/** Empty gold spans mark nothing and could never be matched, so they are dropped rather than counted as misses. */
export function parsePii(file: string, content: string, limit?: number): PiiRecord[] {
  return parseLines(file, content, PiiLine, limit, checkSpans).map((r) => ({ ...r, spans: r.spans.filter((s) => s.end > s.start) }));
}

export function readClassification(file: string, limit?: number): ClassificationRecord[] {
  return parseClassification(file, readText(file), limit);
}

export function readPii(file: string, limit?: number): PiiRecord[] {
  return parsePii(file, readText(file), limit);
}
