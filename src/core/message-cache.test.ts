import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL, base, calls, keyword } from '../../test/helpers/fake-detectors.js';
import type { ChatMessage, Detector, ScanContext, ScanResult } from '../spec/types.js';
import { createWarden } from '../warden.js';
import { createEngine } from './engine.js';
import { policyFromObject } from './policy-load.js';

/** Texts each fake detector was called with (calls only records ids). */
function recording(d: Detector, texts: string[]): Detector {
  return { ...d, scan: (text, ctx) => (texts.push(text), d.scan(text, ctx)) };
}

/** The fakes, with keyword's texts recorded. */
function recordingAll(texts: string[]): Detector[] {
  return ALL.map((d) => (d.id === keyword.id ? recording(d, texts) : d));
}

function engine(policy: Record<string, unknown>, detectors: readonly Detector[], messageCacheEntries?: number) {
  return createEngine(policyFromObject({ version: 1, ...policy }, { detectors }), detectors, { messageCacheEntries });
}

/** A two-message request: a reply, then the user's text (single-message requests skip the cache). */
function afterReply(user: string): ChatMessage[] {
  return [
    { role: 'assistant', content: 'ok' },
    { role: 'user', content: user },
  ];
}

/** A verdict without what legitimately differs between two runs (timing, the vault object). */
function verdict(r: ScanResult): Omit<ScanResult, 'latencyMs' | 'vault'> & { restored: string } {
  const { latencyMs: _latency, vault, ...rest } = r;
  return { ...rest, restored: vault.restore(r.text) };
}

describe('message cache', () => {
  it('scans only the messages a conversation has not sent before', () => {
    const texts: string[] = [];
    const w = engine(base, recordingAll(texts));
    const turn1: ChatMessage[] = [
      { role: 'system', content: 'You are a support bot.' },
      { role: 'user', content: 'Hi, my card is 4111111111111111' },
    ];
    const first = w.scanInput(turn1);
    expect(texts).toEqual(['Hi, my card is 4111111111111111', 'You are a support bot.']);
    texts.length = 0;
    const turn2: ChatMessage[] = [...turn1, { role: 'assistant', content: 'Noted.' }, { role: 'user', content: 'Thanks' }];
    const second = w.scanInput(turn2);
    expect(texts).toEqual(['Thanks', 'Noted.']);
    // The cached message's findings come back with this request's message index and are redacted again.
    expect(second.findings.map((f) => [f.ruleId, (f as { messageIndex?: number }).messageIndex])).toEqual(first.findings.map((f) => [f.ruleId, 1]));
    expect(second.messages?.[1]?.content).toBe('Hi, my card is [CREDIT_CARD_1]');
  });

  it('gives the same verdicts as no cache, on first sight and on a hit (default policy, fixture texts)', () => {
    const lines = (file: string) =>
      readFileSync(new URL(`../../test/fixtures/${file}`, import.meta.url), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => (JSON.parse(l) as { text: string }).text);
    const texts = [...lines('injection-samples.jsonl').slice(0, 20), ...lines('pii-prose.jsonl').slice(0, 20), ...lines('content-benign.jsonl').slice(0, 20)];
    const cached = createWarden();
    const plain = createWarden(undefined, { messageCacheEntries: 0 });
    const ctx: ScanContext = { tenant: 't1', userId: 'u1', budgetMs: Number.POSITIVE_INFINITY };
    // Conversations that grow by one user/assistant pair per turn, over the fixture texts.
    for (let start = 0; start + 6 <= texts.length; start += 6) {
      const history: ChatMessage[] = [{ role: 'system', content: 'You are a careful assistant.' }];
      for (let turn = 0; turn < 3; turn++) {
        history.push({ role: 'user', content: texts[start + 2 * turn] as string }, { role: 'assistant', content: texts[start + 2 * turn + 1] as string });
        const expected = verdict(plain.scanInput(history, ctx));
        expect(verdict(cached.scanInput(history, ctx))).toEqual(expected);
        expect(verdict(cached.scanInput(history, ctx))).toEqual(expected);
      }
    }
  });

  it('an older message that blocks still blocks the request when it comes from the cache', () => {
    const w = engine(base, ALL);
    const history: ChatMessage[] = [{ role: 'user', content: 'EVIL plan' }];
    expect(w.scanInput(history).action).toBe('block');
    calls.length = 0;
    const r = w.scanInput([...history, { role: 'assistant', content: 'no' }, { role: 'user', content: 'hello' }]);
    expect(r.action).toBe('block');
    expect(r.decidingRule).toBe('keyword/evil');
    expect(r.skipped).toContain('late');
  });

  it('keys on the user and tenant: another user never hits what one user sent', () => {
    const texts: string[] = [];
    const w = engine(base, recordingAll(texts));
    const m = afterReply('same words');
    w.scanInput(m, { tenant: 'a', userId: 'u1' });
    w.scanInput(m, { tenant: 'a', userId: 'u1' });
    w.scanInput(m, { tenant: 'a', userId: 'u2' });
    w.scanInput(m, { tenant: 'b', userId: 'u1' });
    expect(texts.filter((t) => t === 'same words')).toHaveLength(3);
  });

  it('does not keep a scan that a detector failure or the latency budget cut short', () => {
    const texts: string[] = [];
    const failing = { on_error: 'flag', detectors: { ...base.detectors, boom: {} } };
    const w = engine(failing, recordingAll(texts));
    const m = afterReply('hello');
    // boom fails on both messages, every time: neither scan is kept.
    expect(w.scanInput(m).errors).toHaveLength(2);
    expect(w.scanInput(m).errors).toHaveLength(2);
    expect(texts.filter((t) => t === 'hello')).toEqual(['hello', 'hello']);

    const budgeted = engine({ ...base, detectors: { ...base.detectors, slow: { ms: 3 } } }, ALL);
    const long = afterReply('nothing to see, MAYBE');
    const cut = budgeted.scanInput(long, { budgetMs: 1 });
    expect(cut.errors.length).toBeGreaterThan(0);
    calls.length = 0;
    const full = budgeted.scanInput(long, { budgetMs: 1_000 });
    expect(full.errors).toEqual([]);
    expect(full.skipped).toEqual([]);
    expect(calls).toContain('late');
  });

  it('can be turned off', () => {
    const texts: string[] = [];
    const w = engine(base, recordingAll(texts), 0);
    const m = afterReply('again');
    w.scanInput(m);
    w.scanInput(m);
    expect(texts.filter((t) => t === 'again')).toEqual(['again', 'again']);
  });

  it('leaves requests of one message alone: nothing to reuse from a history', () => {
    const texts: string[] = [];
    const w = engine(base, recordingAll(texts));
    w.scanInput('one shot');
    w.scanInput([{ role: 'user', content: 'one shot' }]);
    expect(texts).toEqual(['one shot', 'one shot']);
  });
});
