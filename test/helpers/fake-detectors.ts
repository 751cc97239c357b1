/** Small fake detectors for the core pipeline tests: deterministic, with visible call order. */
import { z } from 'zod';
import { createEngine } from '../../src/core/engine.js';
import { policyFromObject } from '../../src/core/policy-load.js';
import type { Detector, RawFinding } from '../../src/spec/types.js';

const EVIL = /EVIL/g;
const MAYBE = /MAYBE/g;
const EMAIL = /[a-z0-9.]{1,64}@[a-z0-9.]{1,64}\.[a-z]{2,10}/g;
const CARD = /\b\d{16}\b/g;

function matches(re: RegExp, text: string): { start: number; end: number }[] {
  return [...text.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** Detector ids in the order their scan() ran; tests reset it. */
export const calls: string[] = [];

export const keyword: Detector = {
  id: 'keyword',
  stages: ['input', 'retrieved', 'tool_result'],
  cost: 0,
  description: 'fake injection detector',
  options: z.object({ extra: z.string().default('') }),
  scansVariants: true,
  scan(text, ctx) {
    calls.push('keyword');
    const out: RawFinding[] = [];
    for (const s of matches(EVIL, text)) out.push({ ruleId: 'keyword/evil', score: 0.9, spans: [s], message: 'evil' });
    for (const s of matches(MAYBE, text)) out.push({ ruleId: 'keyword/maybe', score: 0.3, spans: [s], message: 'maybe' });
    const extra = String(ctx.settings.options['extra'] ?? '');
    if (extra !== '' && text.includes(extra)) out.push({ ruleId: 'keyword/extra', score: 1, spans: [], message: 'extra word' });
    return out;
  },
};

export const entities: Detector = {
  id: 'entities',
  stages: ['input', 'output', 'retrieved', 'tool_result'],
  cost: 1,
  description: 'fake PII detector',
  options: z.object({}),
  scan(text) {
    calls.push('entities');
    return [
      ...matches(EMAIL, text).map((s) => ({
        ruleId: 'entities/email', score: 1, spans: [s], entityType: 'EMAIL_ADDRESS', message: 'email', redactable: true,
      })),
      ...matches(CARD, text).map((s) => ({
        ruleId: 'entities/card', score: 1, spans: [s], entityType: 'CREDIT_CARD', message: 'card', redactable: true,
      })),
    ];
  },
};

export const boom: Detector = {
  id: 'boom',
  stages: ['input'],
  cost: 2,
  description: 'always throws',
  options: z.object({}),
  scan() {
    calls.push('boom');
    throw new Error('kaboom');
  },
};

export const slow: Detector = {
  id: 'slow',
  stages: ['input', 'output'],
  cost: 2,
  description: 'busy-waits',
  options: z.object({ ms: z.number().default(5) }),
  scan(_text, ctx) {
    calls.push('slow');
    const until = performance.now() + Number(ctx.settings.options['ms']);
    while (performance.now() < until);
    return [];
  },
};

export const late: Detector = {
  id: 'late',
  stages: ['input', 'output'],
  cost: 3,
  description: 'expensive, finds nothing',
  options: z.object({}),
  scan() {
    calls.push('late');
    return [];
  },
};

const B64 = /b64:([A-Za-z0-9+/=]{4,200})/g;
export const decoder: Detector = {
  id: 'decoder',
  stages: ['input'],
  cost: 0,
  description: 'expands b64: payloads',
  options: z.object({}),
  scan: () => [],
  expand(text) {
    return [...text.matchAll(B64)].map((m) => ({
      kind: 'base64',
      text: Buffer.from(m[1] as string, 'base64').toString('utf8'),
      source: { start: m.index, end: m.index + m[0].length },
    }));
  },
};

export const ALL = [keyword, entities, boom, slow, late, decoder];

/** An engine over the fakes for an inline policy. */
export function warden(policy: Record<string, unknown>, detectors: readonly Detector[] = ALL) {
  return createEngine(policyFromObject({ version: 1, ...policy }, { detectors }), detectors);
}

/** keyword blocks, entities redact, late runs last. */
export const base = {
  detectors: {
    keyword: { action: 'block' },
    entities: { action: 'redact' },
    late: {},
  },
};
