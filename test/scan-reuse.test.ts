/**
 * Detectors keep scratch storage from scan to scan (token and event pools, offset maps, per-phrase regexes
 * with their lastIndex): a scan must not see anything the previous one left there. Every fixture text is
 * scanned at two stages in one order and again in the reverse order, around long multi-chunk texts, and
 * each must get the same verdict and findings both times.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Stage } from '../src/spec/types.js';
import { createWarden } from '../src/warden.js';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const texts = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) =>
    readFileSync(new URL(f, FIXTURES), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => (JSON.parse(line) as { text?: unknown }).text)
      .filter((t): t is string => typeof t === 'string'),
  );
const long = [texts.slice(0, 200).join('\n'), texts.slice(200, 400).join(' ')];
const STAGES: readonly Stage[] = ['input', 'retrieved'];

describe('scans with reused scratch storage', () => {
  it('give each text the same findings whatever was scanned before it', () => {
    expect(texts.length).toBeGreaterThan(500);
    const warden = createWarden(undefined, { messageCacheEntries: 0 });
    const ctx = { budgetMs: Number.POSITIVE_INFINITY };
    const scanAll = (order: readonly string[]) =>
      new Map(order.map((t) => [t, JSON.stringify(STAGES.map((stage) => ((r) => [r.action, r.findings, r.text])(warden.scan(t, stage, ctx))))]));
    const forward = scanAll([long[0] as string, ...texts, long[1] as string]);
    const backward = scanAll([long[1] as string, ...texts.slice().reverse(), long[0] as string]);
    let findings = 0;
    for (const [text, result] of forward) {
      expect(backward.get(text), text.slice(0, 80)).toBe(result);
      if (result.includes('ruleId')) findings++;
    }
    expect(findings).toBeGreaterThan(100);
  }, 120_000);
});
