import { describe, expect, it } from 'vitest';
import { acceptRows, SeenTexts } from '../scripts/corpus/pipeline.js';
import type { RawRow } from '../scripts/corpus/types.js';

const from = { id: 'src', sourcePrefix: 'owner/repo', commit: 'a'.repeat(40), license: 'MIT (LICENSE)' };

function raw(key: string, text: string, label: RawRow['label'] = 'benign'): RawRow {
  return { key, text, label, category: label === 'benign' ? 'benign' : 'direct_injection', path: 'data.txt' };
}

describe('corpus pipeline', () => {
  it('drops normalised duplicates within a source and against earlier texts', () => {
    const seen = new SeenTexts();
    seen.add('What is the capital of France?');
    const { rows, stats } = acceptRows(
      [raw('1', 'what is the  CAPITAL of France?'), raw('2', 'How do I reset my password?'), raw('3', 'how do i reset my password?')],
      from,
      seen,
    );
    expect(rows.map((r) => r.id)).toEqual(['src:2']);
    expect(stats).toMatchObject({ extracted: 3, droppedDuplicate: 2, kept: 1 });
    expect(rows[0]).toMatchObject({ source: 'owner/repo:data.txt', commit: from.commit, license: from.license, lang: 'en' });
  });

  it('cuts long benign documents and drops long attacks', () => {
    const long = `${'word '.repeat(2000)}\n${'tail '.repeat(200)}`;
    const { rows, stats } = acceptRows([raw('doc', long), raw('atk', `Ignore everything. ${long}`, 'attack'), raw('tiny', 'hi')], from, new SeenTexts());
    expect(rows).toHaveLength(1);
    expect(rows[0]?.text.length).toBeLessThanOrEqual(8000);
    expect(stats.droppedLength).toBe(2);
  });

  it('samples capped sources with a fixed seed, keeping source order', () => {
    const many = Array.from({ length: 50 }, (_, i) => raw(`${i}`, `question number ${i} about the weather`));
    const first = acceptRows(many, { ...from, cap: 10 }, new SeenTexts());
    const again = acceptRows(many, { ...from, cap: 10 }, new SeenTexts());
    expect(first.rows.map((r) => r.id)).toEqual(again.rows.map((r) => r.id));
    expect(first.stats.droppedByCap).toBe(40);
    const order = first.rows.map((r) => Number(r.id.split(':')[1]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});
