/**
 * `warden data scan`: a fine-tuning or RAG dataset (JSONL) checked record by record for PII, secrets and
 * injection payloads with the policy's own detectors, plus a hunt for backdoor triggers across records. Writes
 * a report and a copy with PII and secrets redacted (injection findings cannot be redacted: they are listed, and
 * their records dropped from the copy with `dropInjections`). Streams the file: memory stays bounded by the
 * longest line.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Finding } from '../spec/types.js';
import { mapStrings, recordParts, stringsOf } from './dataset-fields.js';
import { TriggerFinder, type TriggerCandidate } from './triggers.js';

/** Scans one text; the CLI passes the policy engine's scan at the chosen stage. */
export type TextScanner = (text: string) => Promise<Finding[]>;

export interface DataScanOptions {
  scan: TextScanner;
  /** Where the redacted copy goes; none written when absent. */
  redactedPath?: string;
  dropInjections?: boolean;
  fields?: { prompt?: string; answer?: string };
  maxLineBytes?: number;
}

export interface FlaggedRecord {
  line: number;
  rules: string[];
  /** JSON paths of the strings with findings. */
  paths: string[];
}

export interface DataScanReport {
  records: number;
  flaggedRecords: number;
  byRule: Record<string, number>;
  badLines: Array<{ line: number; error: string }>;
  /** First 1000 flagged records. */
  flagged: FlaggedRecord[];
  triggers: TriggerCandidate[];
  triggerScanTruncated: boolean;
  droppedFromCopy: number;
}

const REDACTABLE = /^(?:pii|secrets)\//;

function redact(text: string, findings: Finding[]): string {
  const spans = findings
    .filter((f) => REDACTABLE.test(f.ruleId))
    .flatMap((f) => f.spans.map((s) => ({ ...s, label: f.entityType ?? f.ruleId })))
    .sort((a, b) => b.start - a.start);
  let out = text;
  let floor = Number.POSITIVE_INFINITY;
  for (const s of spans) {
    if (s.end > floor) continue;
    out = `${out.slice(0, s.start)}[REDACTED:${s.label}]${out.slice(s.end)}`;
    floor = s.start;
  }
  return out;
}

const isInjection = (f: Finding): boolean => !REDACTABLE.test(f.ruleId);

export async function scanDataset(file: string, opts: DataScanOptions): Promise<DataScanReport> {
  const maxLine = opts.maxLineBytes ?? 10 * 1024 * 1024;
  const report: DataScanReport = { records: 0, flaggedRecords: 0, byRule: {}, badLines: [], flagged: [], triggers: [], triggerScanTruncated: false, droppedFromCopy: 0 };
  const triggers = new TriggerFinder();
  const copy = opts.redactedPath === undefined ? undefined : createWriteStream(opts.redactedPath, { mode: 0o600 });
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    if (Buffer.byteLength(line) > maxLine) {
      report.badLines.push({ line: lineNo, error: `longer than ${maxLine} bytes: not scanned, not copied` });
      continue;
    }
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (e) {
      report.badLines.push({ line: lineNo, error: `not JSON: ${(e as Error).message}` });
      continue;
    }
    report.records++;
    const found = new Map<string, Finding[]>();
    for (const { path, text } of stringsOf(record)) {
      const findings = await opts.scan(text);
      if (findings.length > 0) found.set(path, findings);
    }
    if (typeof record === 'object' && record !== null && !Array.isArray(record)) {
      const parts = recordParts(record as Record<string, unknown>, opts.fields);
      triggers.add(parts.prompt, parts.answer);
    }
    const all = [...found.values()].flat();
    if (all.length > 0) {
      report.flaggedRecords++;
      const rules = [...new Set(all.map((f) => f.ruleId))].sort();
      for (const r of rules) report.byRule[r] = (report.byRule[r] ?? 0) + 1;
      if (report.flagged.length < 1000) report.flagged.push({ line: lineNo, rules, paths: [...found.keys()] });
    }
    if (copy === undefined) continue;
    if (opts.dropInjections === true && all.some(isInjection)) {
      report.droppedFromCopy++;
      continue;
    }
    const redacted = mapStrings(record, (path, text) => redact(text, found.get(path) ?? []));
    if (!copy.write(`${JSON.stringify(redacted)}\n`)) await new Promise<void>((r) => copy.once('drain', () => r()));
  }
  if (copy !== undefined) await new Promise<void>((resolve, reject) => copy.end((e?: Error | null) => (e ? reject(e) : resolve())));
  report.triggers = triggers.finish();
  report.triggerScanTruncated = triggers.truncated;
  return report;
}
