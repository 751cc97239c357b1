/** Verbatim spans from protected corpora, fingerprinted from files without keeping their text. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProtectedCorpora, type ProtectedCorpora } from '../../src/integrity/corpus.js';
import { findVerbatim } from '../../src/integrity/verbatim.js';

const NOVEL =
  'The lighthouse keeper climbed the spiral staircase every evening at dusk, counting the one hundred and twelve iron steps ' +
  'under his breath, while the gulls wheeled over the grey harbour and the fishing boats came home heavy with mackerel. ' +
  'His daughter waited below with a lantern, reading letters from a brother who had sailed to the southern colonies and never returned.';
const MEMO = 'Project Heron will close the Leeds plant in the third quarter and move its assembly lines to the new facility near Gdansk, pending board approval.';

describe('verbatim reproduction', () => {
  let dir: string;
  let corpora: ProtectedCorpora;
  const opts = { minWords: 12, maxPostings: 20 };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'warden-corpus-'));
    mkdirSync(join(dir, 'books', 'vol1'), { recursive: true });
    writeFileSync(join(dir, 'books', 'vol1', 'lighthouse.txt'), NOVEL);
    writeFileSync(join(dir, 'books', '.hidden.txt'), MEMO);
    writeFileSync(join(dir, 'books', 'cover.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    writeFileSync(join(dir, 'memo.txt'), MEMO);
    corpora = await loadProtectedCorpora([
      { id: 'books', path: join(dir, 'books') },
      { id: 'memos', path: join(dir, 'memo.txt') },
    ]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('indexes each file as a document by fingerprints only, skipping hidden and binary files', () => {
    expect(corpora.index.size).toBe(2);
    expect(corpora.index.document(0)).toEqual({ id: 'books:vol1/lighthouse.txt', fingerprints: expect.any(Number) });
    expect(corpora.index.document(1)?.id).toBe('memos:memo.txt');
    expect(corpora.corpusOf).toEqual(['books', 'memos']);
    expect(corpora.notices).toEqual(['protected corpus books:cover.png: skipped, binary file']);
    expect(JSON.stringify(corpora.index.document(0))).not.toContain('lighthouse keeper');
  });

  it('finds a long verbatim span, also with changed articles and inflections, and where it is', () => {
    const copied = 'the lighthouse keeper climbed the spiral staircase every evening at dusk, counting the one hundred and twelve iron steps under his breath, while the gulls wheeled over the grey harbour';
    const answer = `Here is the passage you asked for: ${copied}. I hope that helps.`;
    const spans = findVerbatim(answer, corpora.index, opts);
    expect(spans).toHaveLength(1);
    const s = spans[0]!;
    expect(corpora.index.document(s.ordinal)?.id).toBe('books:vol1/lighthouse.txt');
    expect(s.words).toBeGreaterThanOrEqual(12);
    expect(answer.slice(s.start, s.end)).toContain('spiral staircase every evening');
    const reworded = 'A lighthouse keeper climbed a spiral staircase every evenings at dusk, counting these one hundred and twelve iron steps under her breath as gulls wheeled over a grey harbour';
    expect(findVerbatim(reworded, corpora.index, opts)).toHaveLength(1);
  });

  it('does not flag a short quotation or a summary in other words', () => {
    expect(findVerbatim('The keeper climbed the spiral staircase every evening.', corpora.index, opts)).toEqual([]);
    expect(findVerbatim('A lighthouse keeper climbs the stairs nightly while his daughter reads letters from her absent brother.', corpora.index, opts)).toEqual([]);
  });

  it('reports the document a confidential memo came from', () => {
    const spans = findVerbatim(`Leaked: ${MEMO}`, corpora.index, opts);
    expect(spans.map((s) => corpora.index.document(s.ordinal)?.id)).toEqual(['memos:memo.txt']);
  });

  it('refuses a corpus path that cannot be read, naming it', async () => {
    await expect(loadProtectedCorpora([{ id: 'gone', path: join(dir, 'missing') }])).rejects.toThrow(/protected corpus "gone": cannot read .*missing/);
  });
});
