import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWarden } from '../src/warden.js';

const FIXTURE = resolve(import.meta.dirname, 'fixtures', 'human-instructions-eval.jsonl');
const texts = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => (JSON.parse(l) as { text: string }).text);

// Evaluation-only fixture (never trained on); the ceiling is the figure of docs/benchmarks.md "Instructions meant for
// people", so a change that blocks more of these benign documents fails here. The scan is deterministic.
describe('benign documents with instructions meant for people (default policy)', () => {
  it('blocks at most 21 of the 122 at retrieved', () => {
    const warden = createWarden();
    const blocked = texts.filter((t) => warden.scan(t, 'retrieved', { budgetMs: Number.POSITIVE_INFINITY }).action === 'block');
    expect(texts.length).toBe(122);
    expect(blocked.length).toBeLessThanOrEqual(21);
  });
});
