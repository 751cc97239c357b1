import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const DATA = resolve(ROOT, '../shared/datasets/pii.jsonl');
const WORDS = resolve(ROOT, '../shared/datasets/text_classification.jsonl');
const present = existsSync(DATA) && existsSync(WORDS);

describe('pii tagger training', () => {
  it.skipIf(!present)(
    'reproduces the committed weights and word list bit for bit (skipped: ../shared/datasets absent)',
    () => {
      const run = () =>
        execFileSync(process.execPath, ['--import', 'tsx', resolve(ROOT, 'scripts/train-pii-tagger.ts'), '--check'], {
          cwd: ROOT,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      expect(run).not.toThrow();
    },
    120_000,
  );
});
