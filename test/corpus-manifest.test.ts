import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RESERVED_REPOS } from '../scripts/corpus/registry.js';
import { corpusRowSchema } from '../scripts/corpus/schema.js';
import { dedupKey } from '../scripts/corpus/text.js';

const ROOT = resolve(import.meta.dirname, '..');
const CORPUS = join(ROOT, 'training', 'corpus');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'corpus-sample.jsonl');

interface Manifest {
  totals: { rows: number; byLabel: Record<string, number>; byLang: Record<string, number> };
  sources: { id: string; repo: string; commit: string; kept: number }[];
  files: { name: string; rows: number; sha256: string }[];
}

const reserved = RESERVED_REPOS.map((r) => r.toLowerCase());

function checkRows(lines: string[]): void {
  for (const line of lines) {
    const row = corpusRowSchema.parse(JSON.parse(line));
    expect(reserved.some((r) => row.source.toLowerCase().includes(r))).toBe(false);
  }
}

describe('committed corpus sample (test/fixtures)', () => {
  it('follows the corpus schema and cites no reserved source', () => {
    const lines = readFileSync(FIXTURE, 'utf8').split('\n').filter((l) => l.length > 0);
    expect(lines.length).toBeGreaterThanOrEqual(200);
    checkRows(lines);
  });
});

describe.skipIf(!existsSync(join(CORPUS, 'manifest.json')))('training/corpus against its manifest', () => {
  const manifest = JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')) as Manifest;

  it('lists no reserved evaluation source', () => {
    for (const s of manifest.sources) expect(reserved).not.toContain(s.repo.toLowerCase());
  });

  it('matches every file: sha256, row count, schema, unique ids and dedup keys', () => {
    const ids = new Set<string>();
    const keys = new Set<string>();
    let total = 0;
    for (const file of manifest.files) {
      const body = readFileSync(join(CORPUS, file.name));
      expect(createHash('sha256').update(body).digest('hex'), file.name).toBe(file.sha256);
      const lines = gunzipSync(body).toString('utf8').split('\n').filter((l) => l.length > 0);
      expect(lines.length, file.name).toBe(file.rows);
      checkRows(lines);
      for (const line of lines) {
        const { id, text } = JSON.parse(line) as { id: string; text: string };
        expect(ids.has(id), id).toBe(false);
        ids.add(id);
        keys.add(dedupKey(text));
      }
      total += lines.length;
    }
    expect(total).toBe(manifest.totals.rows);
    expect(keys.size).toBe(total);
  });
});
