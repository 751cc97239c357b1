import { describe, expect, it } from 'vitest';
import type { DetectorContext } from '../spec/types.js';
import { systemPromptLeak } from './system-prompt-leak.js';

type Ctx = DetectorContext<ReturnType<typeof systemPromptLeak.options.parse>>;

function ctx(systemPrompt: string | undefined, options: Record<string, unknown> = {}): Ctx {
  return { stage: 'output', request: { systemPrompt }, settings: { threshold: 0.5, options: systemPromptLeak.options.parse(options) } };
}

const PROMPT = [
  'You are a helpful assistant.',
  'You are Nova, the customer support agent for Acme Bank.',
  'Only discuss Acme checking accounts, savings accounts and debit cards.',
  'Never mention competitors such as Globex or Initech, and never offer interest rates above 4.5 percent.',
  'If the user asks about mortgages, transfer them to a human agent with the phrase ESCALATE-MORTGAGE.',
  'Internal note: the retention discount code is SPRING-RETAIN-25 and must only be offered to customers who threaten to leave.',
].join(' ');

describe('system-prompt-leak', () => {
  it('flags a verbatim dump and scores it by the fraction reproduced', () => {
    const out = `Sure, here are my instructions:\n\n${PROMPT}`;
    const [f] = systemPromptLeak.scan(out, ctx(PROMPT));
    expect(f?.ruleId).toBe('system-prompt-leak/verbatim');
    expect(f?.score).toBe(1);
    expect(f?.redactable).toBe(true);
    expect(f?.message).toMatch(/100% of the system prompt/);
    const span = f?.spans[0];
    expect(span && out.slice(span.start, span.end)).toBe(PROMPT.slice(0, -1));
  });

  it('sees through case, whitespace, punctuation and markdown formatting changes', () => {
    const mangled = PROMPT.toUpperCase().replace(/ /g, '\n  ').replace(/\./g, ';');
    const [f] = systemPromptLeak.scan(`> ${mangled}`, ctx(PROMPT));
    expect(f?.ruleId).toBe('system-prompt-leak/verbatim');
    expect(f?.score).toBeGreaterThan(0.9);
  });

  it('flags a partial verbatim leak and covers only the leaked region', () => {
    const leaked = 'the retention discount code is SPRING-RETAIN-25 and must only be offered';
    const out = `I can tell you that ${leaked}. Anything else?`;
    const [f] = systemPromptLeak.scan(out, ctx(PROMPT));
    expect(f?.ruleId).toBe('system-prompt-leak/verbatim');
    expect(f?.score).toBeGreaterThan(0.5);
    expect(f?.score).toBeLessThan(0.8);
    const span = f?.spans[0];
    expect(span && out.slice(span.start, span.end)).toBe(leaked);
  });

  it('sees through words glued together or spaced out letter by letter', () => {
    const glued = 'Sure: ' + PROMPT.slice(0, 200).replace(/ /g, '');
    const [g] = systemPromptLeak.scan(glued, ctx(PROMPT));
    expect(g?.ruleId).toBe('system-prompt-leak/verbatim');
    expect(g?.message).toContain('glued or spaced out');
    const spaced = PROMPT.slice(0, 120).split('').join('-');
    const [s] = systemPromptLeak.scan(`Here: ${spaced}`, ctx(PROMPT));
    expect(s?.ruleId).toBe('system-prompt-leak/verbatim');
    const span = s?.spans[0];
    expect(span && spaced.includes(`Here: ${spaced}`.slice(span.start, span.end))).toBe(true);
  });

  it('sees a prompt written backwards', () => {
    const backwards = [...PROMPT.slice(0, 150)].reverse().join('');
    const out = `Reversed as asked: ${backwards}`;
    const [f] = systemPromptLeak.scan(out, ctx(PROMPT));
    expect(f?.message).toContain('backwards');
    const span = f?.spans[0];
    expect(span && out.slice(span.start, span.end).length).toBeGreaterThan(100);
  });

  it('does not count URLs the prompt gives out, and scores short shared runs low', () => {
    const prompt = `${PROMPT} Send users with card problems to https://help.acme-bank.example/cards/lost-or-stolen-card-support-center.`;
    const out = 'Please visit https://help.acme-bank.example/cards/lost-or-stolen-card-support-center to report it.';
    expect(systemPromptLeak.scan(out, ctx(prompt))).toEqual([]);
    const faq = 'never offer interest rates above 4.5 percent';
    const [f] = systemPromptLeak.scan(`Note: we ${faq}.`, ctx(PROMPT + ' ' + PROMPT.toUpperCase().split('').reverse().join('')));
    expect(f?.score).toBeLessThan(0.5);
  });

  it('flags a reworded leak through shared content phrases', () => {
    const out =
      'My setup: I am Nova, customer support agent for Acme Bank. I only discuss Acme checking accounts, savings ' +
      'accounts and debit cards; I never mention competitors like Globex or Initech, I send mortgage questions to a ' +
      'human agent, and there is a retention discount code for customers who threaten to leave.';
    const [f] = systemPromptLeak.scan(out, ctx(PROMPT, { min_overlap_chars: 80 }));
    expect(f?.ruleId).toBe('system-prompt-leak/paraphrase');
    expect(f?.score).toBeGreaterThanOrEqual(0.55);
    expect(f?.redactable).toBe(false);
  });

  it('ignores common boilerplate and short on-topic overlap', () => {
    const answers = [
      'You are a helpful assistant, and so am I! How can I help with your Acme checking account today?',
      'Your debit cards can be managed in the app. Savings accounts earn interest monthly.',
      'Here is a poem about the sea: waves roll in, gulls cry out, and the tide goes back again.',
    ];
    for (const out of answers) expect(systemPromptLeak.scan(out, ctx(PROMPT)), out).toEqual([]);
    expect(systemPromptLeak.scan('You are a helpful assistant.', ctx('You are a helpful assistant.'))).toEqual([]);
  });

  it('does nothing without a system prompt and honours min_overlap_chars', () => {
    expect(systemPromptLeak.scan(PROMPT, ctx(undefined))).toEqual([]);
    const leaked = 'Never mention competitors such as Globex or Initech';
    expect(systemPromptLeak.scan(leaked, ctx(PROMPT, { min_overlap_chars: 40, paraphrase: false }))).toHaveLength(1);
    expect(systemPromptLeak.scan(leaked, ctx(PROMPT, { min_overlap_chars: 60, paraphrase: false }))).toEqual([]);
  });

  it('is linear on long repetitive outputs and prompts', () => {
    const prompt = 'you are a bot '.repeat(2_000) + PROMPT;
    const out = 'you are a bot you are a cat '.repeat(20_000);
    const t0 = performance.now();
    systemPromptLeak.scan(out, ctx(prompt));
    expect(performance.now() - t0).toBeLessThan(5_000);
    for (const [p, o] of [
      ['a'.repeat(5_000), 'a-'.repeat(100_000)],
      ['ab'.repeat(3_000) + 'c', 'a-b-'.repeat(50_000)],
      [PROMPT, 'x'.repeat(200_000)],
    ] as const) {
      const t1 = performance.now();
      systemPromptLeak.scan(o, ctx(p));
      expect(performance.now() - t1).toBeLessThan(5_000);
    }
  });
});
