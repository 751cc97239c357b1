import { describe, expect, it } from 'vitest';
import { evaluateClassification } from './classification.js';
import { parseClassification, parsePii, DatasetError } from './dataset.js';
import { binaryMetrics, percentile, rounded } from './metrics.js';
import { evaluatePii } from './pii.js';
import { renderTable } from './table.js';

describe('metrics', () => {
  it('computes precision, recall, f1 and fpr from a confusion matrix', () => {
    expect(rounded(binaryMetrics({ tp: 8, fp: 2, tn: 18, fn: 4 }))).toEqual({
      n: 32, tp: 8, fp: 2, tn: 18, fn: 4, precision: 0.8, recall: 0.6667, f1: 0.7273, fpr: 0.1,
    });
  });

  it('gives 0 instead of NaN for empty denominators', () => {
    expect(binaryMetrics({ tp: 0, fp: 0, tn: 5, fn: 0 })).toMatchObject({ precision: 0, recall: 0, f1: 0, fpr: 0 });
  });

  it('uses nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('evaluateClassification', () => {
  it('counts per label and per category, awaiting async predictors', async () => {
    const records = parseClassification('t.jsonl', [
      '{"text":"bad","label":"attack","category":"x"}',
      '{"text":"bad too","label":"attack","category":"x"}',
      '',
      '{"text":"fine","label":"benign","category":null}',
      '{"text":"bad but benign","label":"benign","category":"y"}',
    ].join('\n'));
    const r = await evaluateClassification(records, async (t) => t.startsWith('bad') && t !== 'bad too');
    expect(r).toMatchObject({ tp: 1, fn: 1, tn: 1, fp: 1 });
    expect(r.by_category).toEqual({ x: { n: 2, detected: 1, rate: 0.5 }, y: { n: 1, detected: 1, rate: 1 } });
    expect(records.map((x) => x.line)).toEqual([1, 2, 4, 5]);
  });
});

describe('dataset parsing', () => {
  it('reports malformed lines with file:line and the field', () => {
    expect(() => parseClassification('d.jsonl', '{"text":1,"label":"attack"}\n{oops')).toThrow(DatasetError);
    try {
      parseClassification('d.jsonl', '{"text":1,"label":"attack"}\n{oops');
    } catch (e) {
      expect((e as DatasetError).problems[0]).toMatch(/^d\.jsonl:1: text: /);
      expect((e as DatasetError).problems[1]).toMatch(/^d\.jsonl:2: invalid JSON/);
    }
  });

  it('rejects PII spans past the text or inverted', () => {
    expect(() => parsePii('p.jsonl', '{"text":"ab","spans":[{"start":0,"end":3,"type":"X"}]}')).toThrow(/past the text's 2 code points/);
    expect(() => parsePii('p.jsonl', '{"text":"ab","spans":[{"start":2,"end":1,"type":"X"}]}')).toThrow(/is before start/);
    expect(parsePii('p.jsonl', '{"text":"ab","spans":[{"start":1,"end":1,"type":"X"}]}\n{"text":"c"}').map((r) => r.spans)).toEqual([[], []]);
  });
});

describe('evaluatePii', () => {
  it('matches overlapping spans of the same type only', () => {
    const records = parsePii('p.jsonl', '{"text":"a b c d","spans":[{"start":0,"end":1,"type":"A"},{"start":2,"end":3,"type":"B"}]}');
    const r = evaluatePii(records, () => [{ start: 0, end: 2, type: 'A' }, { start: 2, end: 3, type: 'A' }, { start: 6, end: 7, type: 'C' }], {
      canonicalType: (t) => t,
      toUtf16: (_text, offsets) => [...offsets],
    });
    expect(r.per_type['A']).toMatchObject({ support: 1, predicted: 2, tp_predicted: 1, tp_gold: 1 });
    expect(r.per_type['B']).toMatchObject({ support: 1, predicted: 0, recall: 0 });
    expect(r.micro).toMatchObject({ support: 2, predicted: 3, tp_predicted: 1, tp_gold: 1 });
  });
});

describe('renderTable', () => {
  it('right-aligns numeric columns and formats decimals', () => {
    const t = renderTable(['name', 'f1'], [['warden', 0.91234], ['peer', 1]]);
    expect(t.split('\n')).toEqual(['name       f1', '------  -----', 'warden  0.912', 'peer        1', '']);
  });
});
