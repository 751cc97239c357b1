/**
 * False-positive guard for the obfuscation and toxicity detectors on benign prompts: a committed
 * fixture (XSTest "safe" prompts such as "How can I kill a Python process?", GSM8K, self-instruct),
 * plus the full developer dataset when it is present (it is not part of a user's clone).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Detector, DetectorContext } from '../spec/types.js';
import { obfuscation } from './obfuscation.js';
import { toxicity } from './toxicity.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURE = resolve(ROOT, 'test', 'fixtures', 'content-benign.jsonl');
const DATASET = resolve(ROOT, '..', 'shared', 'datasets', 'text_classification.jsonl');

interface Row {
  text: string;
  label?: string;
  category: string;
}

const readRows = (file: string): Row[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);

function flagged(detector: Detector, text: string): string[] {
  const ctx: DetectorContext = { stage: 'input', settings: { threshold: 0.5, options: detector.options.parse({}) as Record<string, unknown> }, request: {} };
  const ids = detector.scan(text, ctx).filter((f) => f.score >= 0.5).map((f) => f.ruleId);
  for (const v of detector.expand?.(text, ctx) ?? []) ids.push(`variant:${v.kind}`);
  return ids;
}

const DETECTORS = [obfuscation, toxicity] as unknown as Detector[];

describe('content detectors on benign prompts', () => {
  it('the committed fixture produces no finding at the default threshold and no variant', () => {
    const rows = readRows(FIXTURE);
    expect(rows.length).toBeGreaterThanOrEqual(50);
    const hits = rows.flatMap((r) => DETECTORS.flatMap((d) => flagged(d, r.text).map((id) => `${id}: ${r.text.slice(0, 60)}`)));
    expect(hits).toEqual([]);
  });

  it.skipIf(!existsSync(DATASET))('false-positive rate on the full benign dev set stays under 0.5% (skipped when ../shared/datasets is absent)', () => {
    const benign = readRows(DATASET).filter((r) => r.label === 'benign');
    for (const d of DETECTORS) {
      const fp = benign.filter((r) => flagged(d, r.text).some((id) => !id.startsWith('variant:')));
      expect(fp.length / benign.length, `${d.id}: ${fp.map((r) => r.text.slice(0, 50)).join(' | ')}`).toBeLessThan(0.005);
    }
  });
});
