import { describe, expect, it } from 'vitest';
import type { DetectorContext } from '../spec/types.js';
import { toxicity } from './toxicity.js';
import { LEXICON } from './toxicity/lexicon.js';

type Options = Parameters<typeof toxicity.scan>[1]['settings']['options'];

function ctx(options: Partial<Options> = {}): DetectorContext<Options> {
  return { stage: 'output', settings: { threshold: 0.5, options: toxicity.options.parse(options) }, request: {} };
}

const scan = (text: string, options?: Partial<Options>) => toxicity.scan(text, ctx(options));
const flagged = (text: string) => scan(text).filter((f) => f.score >= 0.5).map((f) => f.ruleId);

describe('toxicity: true positives', () => {
  it.each([
    ['You are such an idiot', 'toxicity/insult'],
    ["you're a worthless piece of shit", 'toxicity/insult'],
    ['y0u 4r3 4n 1d10t', 'toxicity/insult'],
    ['I will kill you and your family', 'toxicity/threat'],
    ["I know where you live, so watch your back", 'toxicity/threat'],
    ['I want to kill myself tonight', 'toxicity/self-harm'],
    ['there is no reason to live anymore', 'toxicity/self-harm'],
    ['send nudes and porn', 'toxicity/sexual'],
    ['fuck off', 'toxicity/profanity'],
    ['immigrants are vermin', 'toxicity/hate'],
    ['Death to all jews', 'toxicity/hate'],
    ['gay people should not exist', 'toxicity/hate'],
    ['fuuuuck offff', 'toxicity/profanity'],
    ['you are such an iiiidiooot', 'toxicity/insult'],
    ['what an asssshole', 'toxicity/insult'],
  ])('%s -> %s', (text, ruleId) => {
    expect(flagged(text)).toContain(ruleId);
  });

  it('flags slurs from the encoded lexicon', () => {
    const slur = LEXICON.find((e) => e.category === 'slur')?.term as string;
    expect(flagged(`they are all ${slur}`)).toEqual(['toxicity/slur']);
  });

  it('reports exact spans and never quotes the term in the message', () => {
    const text = 'Honestly, you moron.';
    const [f] = scan(text);
    expect(f?.spans.map((s) => text.slice(s.start, s.end))).toEqual(['you moron']);
    expect(f?.message).not.toContain('moron');
    expect(f?.redactable).toBe(true);
  });

  it('scores by severity and count', () => {
    const one = scan('what an idiot')[0]?.score ?? 0;
    const two = scan('what an idiot and a moron')[0]?.score ?? 0;
    expect(one).toBeLessThan(0.5);
    expect(two).toBeGreaterThan(one);
    expect(scan('I will murder you')[0]?.score).toBeGreaterThanOrEqual(0.8);
  });
});

describe('toxicity: false positives', () => {
  it.each([
    'Kill the process and shoot me an email when the build is done.',
    'Sorry if this is a stupid question, but how do I sort a list?',
    'She graduated magna cum laude from a college in Scunthorpe.',
    'The assassin ordered a cocktail; the class assignment is due Monday.',
    'I will beat you at chess tomorrow, and then we find them in the docs.',
    'This bug is killing me, but the hotfix will execute tonight.',
    'Put the hard drive in the cockpit of the model plane.',
    'Can you recommend a good thriller novel about a hitman?',
    'Sooooo good, the bookkeeper said: zzzz, aaah, hmmm.',
    'Immigrants are an important part of the economy; refugees deserve protection.',
    'Women are underrepresented in engineering and gay people face discrimination.',
  ])('%s', (text) => {
    expect(flagged(text)).toEqual([]);
  });
});

describe('toxicity: options', () => {
  it('filters categories and ignores listed terms', () => {
    expect(scan('you idiot, fuck off', { categories: ['profanity'] }).map((f) => f.ruleId)).toEqual(['toxicity/profanity']);
    expect(scan('damn it', { ignore: ['damn'] })).toEqual([]);
  });

  it('works without an options object (all defaults)', () => {
    const bare = { stage: 'output' as const, settings: { threshold: 0.5, options: undefined as unknown as Options }, request: {} };
    expect(toxicity.scan('you idiot', bare).map((f) => f.ruleId)).toEqual(['toxicity/insult']);
  });

  it('scans variants (homoglyph/zero-width normalized text from obfuscation)', () => {
    expect(toxicity.scansVariants).toBe(true);
  });

  it('runs in linear time on large input', () => {
    const text = 'a perfectly normal sentence about gardening and kittens. '.repeat(100_000);
    const start = performance.now();
    expect(scan(text)).toEqual([]);
    expect(performance.now() - start).toBeLessThan(5000);
  });
});
