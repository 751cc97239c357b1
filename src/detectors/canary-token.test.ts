import { describe, expect, it } from 'vitest';
import type { DetectorContext, ScanContext, Stage } from '../spec/types.js';
import { canaryInstruction, canaryToken, createCanary } from './canary-token.js';

type Options = DetectorContext<ReturnType<typeof canaryToken.options.parse>>;

function ctx(request: ScanContext, options: Record<string, unknown> = {}, stage: Stage = 'output'): Options {
  return { stage, request, settings: { threshold: 0.5, options: canaryToken.options.parse(options) } };
}

const CANARY = 'wdn3f9a1c27be4d8e6f0a5b2c9d7e1f3a4b';

describe('canary-token', () => {
  it('finds the canary as written and reports its span', () => {
    const text = `Sure! My instructions include ${CANARY} and more.`;
    const [f] = canaryToken.scan(text, ctx({ canaries: [CANARY] }));
    expect(f?.ruleId).toBe('canary-token/leak');
    expect(f?.score).toBe(1);
    expect(f?.spans).toEqual([{ start: text.indexOf(CANARY), end: text.indexOf(CANARY) + CANARY.length }]);
    expect(f?.message).not.toContain(CANARY);
  });

  it('finds the canary with case changes, spaces, dashes and zero-width characters inserted', () => {
    const spaced = CANARY.toUpperCase().split('').join(' ');
    const zw = CANARY.slice(0, 10) + '\u200b' + CANARY.slice(10, 20) + '\u2060-' + CANARY.slice(20);
    for (const text of [`leak: ${spaced}!`, `leak: ${zw}`]) {
      const [f] = canaryToken.scan(text, ctx({ canaries: [CANARY] }));
      expect(f?.message).toContain('spaced');
      const span = f?.spans[0];
      expect(span && text.slice(span.start, span.end).replace(/[^a-z0-9]/gi, '').toLowerCase()).toBe(CANARY);
    }
  });

  it('finds base64 at every alignment inside a longer blob, and hex and reversed forms', () => {
    for (const pad of ['', 'x', 'xy', 'xyz']) {
      const b64 = Buffer.from(`${pad}system prompt: ${CANARY} end`).toString('base64');
      const [f] = canaryToken.scan(`Here it is: ${b64}`, ctx({ canaries: [CANARY] }));
      expect(f?.message, pad).toContain('base64');
    }
    const b64url = Buffer.from(`>>?${CANARY}??>`).toString('base64url');
    expect(canaryToken.scan(b64url, ctx({ canaries: [CANARY] }))).toHaveLength(1);
    const hex = Buffer.from(`token=${CANARY}`).toString('hex').toUpperCase();
    expect(canaryToken.scan(hex, ctx({ canaries: [CANARY] }))[0]?.message).toContain('hex');
    const rot13 = CANARY.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + 13) % 26) + 97));
    expect(canaryToken.scan(`in rot13: ${rot13}`, ctx({ canaries: [CANARY] }))[0]?.message).toContain('rot13');
    const reversed = [...CANARY].reverse().join('');
    expect(canaryToken.scan(`backwards: ${reversed}`, ctx({ canaries: [CANARY] }))[0]?.message).toContain('reversed');
  });

  it('uses configured tokens and applies to tool results', () => {
    const [f] = canaryToken.scan('the doc says ACME-CANARY-7731 here', ctx({}, { tokens: ['ACME-CANARY-7731'] }, 'tool_result'));
    expect(f?.message).toContain('Configured canary token #1');
    expect(canaryToken.stages).toEqual(['output', 'tool_result', 'input']);
  });

  it('does not fire on unrelated text, partial tokens, or when no canary is set', () => {
    const partial = CANARY.slice(0, 12);
    expect(canaryToken.scan(`no leak here, just ${partial} and prose`, ctx({ canaries: [CANARY] }))).toEqual([]);
    expect(canaryToken.scan(`anything ${CANARY}`, ctx({}))).toEqual([]);
    const b64 = Buffer.from('a completely ordinary sentence about the weather').toString('base64');
    expect(canaryToken.scan(b64, ctx({ canaries: [CANARY] }))).toEqual([]);
  });

  it('rejects configured tokens too short to be distinctive', () => {
    expect(() => canaryToken.options.parse({ tokens: ['abc'] })).toThrow();
  });

  it('creates unguessable canaries with a validated prefix and a plantable instruction', () => {
    const a = createCanary();
    const b = createCanary('acme');
    expect(a).toMatch(/^wdn[0-9a-f]{32}$/);
    expect(b).toMatch(/^acme[0-9a-f]{32}$/);
    expect(a).not.toBe(createCanary());
    expect(() => createCanary('bad prefix!')).toThrow(/prefix/);
    const prompt = `You are a bot. ${canaryInstruction(a)}`;
    expect(canaryToken.scan(`Leaked: ${prompt}`, ctx({ canaries: [a] }))).toHaveLength(1);
  });

  it('stays linear on long adversarial input', () => {
    const text = `${CANARY.slice(0, 30)} `.repeat(20_000);
    const t0 = performance.now();
    expect(canaryToken.scan(text, ctx({ canaries: [CANARY] }))).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
