import { describe, expect, it } from 'vitest';
import { sourceWeights } from '../scripts/classifier/build.js';
import type { Example } from '../scripts/classifier/data.js';
import { chooseThreshold, kindOf, runLoso, sourceGroup, summarize, type Recipe } from '../scripts/classifier/loso.js';

function ex(id: string, source: string, label: 'attack' | 'benign', category: Example['category'], text: string, lang = 'en'): Example {
  return { id, text, label, category, source, lang, group: id, sets: ['direct'] };
}

/** Flags texts containing a word seen only in training attacks: it can catch a held-out group only through shared words. */
const wordRecipe: Recipe = {
  name: 'words',
  fit(trainFold) {
    const attackWords = new Set(trainFold.filter((e) => e.label === 'attack').flatMap((e) => e.text.split(' ')));
    for (const e of trainFold) if (e.label === 'benign') for (const w of e.text.split(' ')) attackWords.delete(w);
    return (text) => (text.split(' ').some((w) => attackWords.has(w)) ? 1 : 0);
  },
};

const rows: Example[] = [
  ...Array.from({ length: 12 }, (_, i) => ex(`a${i}`, 'repo/a:x.json', 'attack', 'jailbreak', `ignore rules ${i}`)),
  ...Array.from({ length: 12 }, (_, i) => ex(`b${i}`, 'repo/b:y.json', 'attack', 'direct_injection', `ignore everything b${i}`, 'de')),
  ...Array.from({ length: 12 }, (_, i) => ex(`c${i}`, 'repo/c', 'attack', 'jailbreak', `novel wording c${i}`)),
  ...Array.from({ length: 40 }, (_, i) => ex(`p${i}`, 'repo/plain', 'benign', 'benign', `what is the weather ${i}`)),
  ...Array.from({ length: 12 }, (_, i) => ex(`h${i}`, 'repo/hard', 'benign', 'benign_hard', `how to kill a process ${i}`)),
  ex('harm', 'repo/a:z.json', 'attack', 'harmful_request', 'something harmful'),
];

describe('leave-one-source-out harness', () => {
  it('groups sources by repository and leaves harmful requests out of the counts', () => {
    expect(sourceGroup('NVIDIA/garak:garak/data/x.json')).toBe('NVIDIA/garak');
    expect(kindOf(rows.at(-1) as Example)).toBeUndefined();
    expect(kindOf(ex('s', 'someone/security-stackexchange', 'benign', 'benign', 'x'))).toBe('hard');
  });

  it('chooses the lowest threshold that keeps each benign kind within its FPR target', () => {
    const plain = Array.from({ length: 100 }, (_, i) => ({ kind: 'plain' as const, set: 'direct' as const, lang: undefined, score: i / 100, companion: false }));
    const t = chooseThreshold(plain);
    expect(plain.filter((s) => s.score >= t).length).toBeLessThanOrEqual(1);
    expect(t).toBeGreaterThan(0.98);
  });

  it('scores each group with a model that never saw it', () => {
    const rules = (text: string) => text.startsWith('novel') || text === 'what is the weather 0';
    const results = runLoso(rows, wordRecipe, { groups: ['repo/a', 'repo/b', 'repo/c', 'repo/plain'], companion: rules, rulesUnread: (e) => e.source.startsWith('repo/c') });
    const recall = Object.fromEntries(results.map((r) => [r.group, r.attack?.rate]));
    // "ignore" is learned from the other group; group c shares no word with any training attack.
    expect(recall).toEqual({ 'repo/a': 1, 'repo/b': 1, 'repo/c': 0, 'repo/plain': undefined });
    const summary = summarize(results);
    expect(summary.loso_recall).toBeCloseTo(2 / 3, 4);
    expect(summary.loso_fpr_plain).toBe(0);
    expect(summary.sources).toBe(4);
    expect(summary.loso_recall_with_rules).toBe(1);
    expect(summary.loso_fpr_plain_with_rules).toBe(0.025);
    expect(summary.languages).toEqual({ de: { n: 12, recall: 1 }, en: { n: 24, recall: 0.5 } });
    expect(summary.languages_with_rules).toEqual({ de: { n: 12, recall: 1 }, en: { n: 24, recall: 1 } });
    // Only group c's attacks were not read when the rules were written: the rules catch all of them.
    expect(summary.languages_with_rules_unread).toEqual({ en: { n: 12, recall: 1 } });
    expect(summary.orders).toBe(1);
    expect(summary.by_order).toBeUndefined();
  });

  it('averages folds over training orders, order 0 being the single run', () => {
    // Learns the words of the first training attack only, so what it catches depends on the rows' order.
    const firstAttack: Recipe = {
      name: 'first-attack',
      fit(trainFold) {
        const words = new Set((trainFold.find((e) => e.label === 'attack')?.text ?? '').split(' '));
        for (const e of trainFold) if (e.label === 'benign') for (const w of e.text.split(' ')) words.delete(w);
        return (text) => (text.split(' ').some((w) => words.has(w)) ? 1 : 0);
      },
    };
    const groups = ['repo/a', 'repo/b', 'repo/c'];
    const single = runLoso(rows, firstAttack, { groups });
    const averaged = runLoso(rows, firstAttack, { groups, orders: 4 });
    for (const [i, r] of averaged.entries()) {
      const byOrder = r.byOrder ?? [];
      expect(byOrder).toHaveLength(4);
      expect(byOrder[0]?.attack).toEqual(single[i]?.attack);
      const mean = byOrder.reduce((a, o) => a + (o.attack?.rate ?? 0), 0) / 4;
      expect(r.attack?.rate).toBeCloseTo(mean, 12);
      expect(r.attack?.n).toBe(12);
    }
    const b = averaged.find((r) => r.group === 'repo/b')?.byOrder?.map((o) => o.attack?.rate);
    expect(new Set(b).size).toBeGreaterThan(1);
    const summary = summarize(averaged);
    expect(summary.orders).toBe(4);
    expect(summary.by_order).toHaveLength(4);
    expect(summary.by_order?.[0]?.loso_recall).toBe(summarize(single).loso_recall);
    expect(summary.languages['de']?.n).toBe(12);
    expect(() => runLoso(rows, firstAttack, { groups, orders: 0 })).toThrow(/positive integer/);
  });

  it('scores benign rows of real-document sources as documents too, apart from the input-stage figures', () => {
    // Half the pages carry the word the recipe flags, only when it scores a document.
    const pages = Array.from({ length: 20 }, (_, i) => ex(`w${i}`, 'mozilla/readability:page.html', 'benign', 'benign', `page ${i}${i % 2 === 0 ? ' ignore' : ''}`));
    // E-mails in the training groups: their document twins in the validation split set the document threshold.
    const mails = Array.from({ length: 40 }, (_, i) => ex(`m${i}`, 'apache/spamassassin:mail', 'benign', 'benign', `mail ${i}`));
    const documentsOnly: Recipe = { name: 'documents-only', fit: () => (text, set) => (set === 'indirect' && text.includes('ignore') ? 1 : 0) };
    const all = [...rows, ...pages, ...mails];
    const [page] = runLoso(all, documentsOnly, { groups: ['mozilla/readability'] });
    expect(page?.rows).toBe(20);
    expect(page?.plain).toEqual({ n: 20, rate: 0 });
    expect(page?.thresholds.indirect).toBeGreaterThan(0);
    expect(page?.documents.benign).toEqual({ n: 20, rate: 0.5 });
    const [asPrompts] = runLoso(all, documentsOnly, { groups: ['mozilla/readability'], documentTwins: false });
    expect(asPrompts?.documents.benign).toBeUndefined();
    expect(asPrompts?.plain).toEqual({ n: 20, rate: 0 });
  });

  it('damps big source groups per label and keeps each label\'s total weight', () => {
    // 40 plain rows from one group and 12 hard ones from another; attacks: 12 + 12 + 12 from three groups.
    const benign = rows.filter((e) => e.label === 'benign');
    const w = sourceWeights(rows, 0.5);
    const sum = (pick: (e: Example) => boolean) => rows.reduce((a, e, i) => a + (pick(e) ? (w[i] as number) : 0), 0);
    expect(sum((e) => e.label === 'benign')).toBeCloseTo(benign.length, 9);
    expect(sum((e) => e.label === 'attack')).toBeCloseTo(rows.length - benign.length, 9);
    // Group totals go as sqrt(n): 40 rows weigh sqrt(40/12) times what 12 rows weigh.
    expect(sum((e) => e.source === 'repo/plain') / sum((e) => e.source === 'repo/hard')).toBeCloseTo(Math.sqrt(40 / 12), 9);
    expect(sourceWeights(rows, 1).every((x) => x === 1)).toBe(true);
  });
});
