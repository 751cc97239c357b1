/**
 * The streaming hold-back (stream/holdback.ts) through its public surface (push, finish): however a text is
 * cut into deltas, what it releases is what one scan of the whole text would release, nothing twice, nothing lost
 * (up to the escapes that neutralise a markdown/HTML construct left open past MAX_OPEN_CONSTRUCT).
 */
import fc from 'fast-check';
import { createVault } from '../../src/core/vault.js';
import { HoldbackScanner, type ScanFn } from '../../src/gateway/stream/holdback.js';
import type { Finding, ScanResult } from '../../src/spec/types.js';
import { createWarden } from '../../src/warden.js';
import { OUTPUT_SECRETS, anyText, chatText, cuts } from './arbitraries.js';
import { checkProperty, ensure, stringPieces, type FuzzProperty } from './harness.js';

// A deterministic toy policy (as in test/gateway/holdback.test.ts): TOKEN-xxxxxxxx is redacted, evil.example blocks.
const TOKEN = /TOKEN-[A-Z0-9]{8}/g;
const EVIL = /evil\.example/g;
/** Longest toy match; the hold-back promise covers matches up to the hold-back length. */
const LONGEST_MATCH = 14;

function finding(ruleId: string, action: 'redact' | 'block', start: number, end: number): Finding {
  return { ruleId, score: 1, spans: [{ start, end }], message: ruleId, detector: 'toy', stage: 'output', action, mode: 'enforce', evidence: [], entityType: 'TOKEN' };
}

function toyScan(text: string): ScanResult {
  const findings: Finding[] = [];
  for (const m of text.matchAll(TOKEN)) findings.push(finding('toy/token', 'redact', m.index, m.index + m[0].length));
  for (const m of text.matchAll(EVIL)) findings.push(finding('toy/evil', 'block', m.index, m.index + m[0].length));
  const action = findings.some((f) => f.action === 'block') ? 'block' : findings.length > 0 ? 'redact' : 'allow';
  return { action, findings, text: text.replace(TOKEN, '[TOKEN]'), monitorAction: action, errors: [], latencyMs: 0, vault: createVault(), skipped: [] };
}

const streamText = fc
  .array(
    fc.oneof(
      { arbitrary: fc.constantFrom(' ', '\n', 'word ', 'TOKEN-AB12CD34', 'TOKEN-', 'evil.example', 'evil.', 'https://'), weight: 4 },
      { arbitrary: anyText, weight: 2 },
      { arbitrary: fc.integer({ min: 1, max: 5_000 }).map((n) => 'x'.repeat(n)), weight: 1 },
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

/** The text with neutralisation escapes (`\\[` for `[`, `&lt;` for `<`) folded back, for comparing modulo them. */
function unescaped(text: string): string {
  return text.replaceAll('\\[', '[').replaceAll('&lt;', '<');
}

const holdback = fc.oneof(fc.constantFrom(LONGEST_MATCH, 16, 64, 256), fc.integer({ min: LONGEST_MATCH, max: 600 }));

function stream(scan: ScanFn, size: number, pieces: readonly string[]): { out: string; blocked: boolean } {
  const s = new HoldbackScanner(scan, { holdback: size });
  let out = '';
  for (const p of pieces) {
    const r = s.push(p);
    if (r.blocked) return { out, blocked: true };
    out += r.text;
  }
  const r = s.finish();
  return r.blocked ? { out, blocked: true } : { out: out + r.text, blocked: false };
}

const toyOneShot: FuzzProperty = {
  name: 'holdback.toy-policy-equals-one-shot',
  weight: 10,
  run: (params) =>
    checkProperty(
      fc.property(streamText, holdback, cuts, (text, size, at) => {
        const oneShot = toyScan(text);
        const streamed = stream(toyScan, size, stringPieces(text, at));
        if (oneShot.action === 'block') {
          ensure(streamed.blocked, 'a text one scan blocks was streamed unblocked');
          ensure(!streamed.out.includes('evil.example'), 'blocked text was released before the block');
          return;
        }
        ensure(!streamed.blocked, 'a text one scan allows was blocked');
        ensure(unescaped(streamed.out) === unescaped(oneShot.text), 'streamed release differs from one scan of the whole text');
      }),
      params,
    ),
};

const warden = createWarden();
const outputScan: ScanFn = (text) => warden.scanOutput(text);

/** The default policy's output scan: a text one scan finds nothing in streams out unchanged, whatever the cuts. */
const cleanTextUnchanged: FuzzProperty = {
  name: 'holdback.clean-text-unchanged',
  weight: 5,
  run: (params) =>
    checkProperty(
      fc.property(fc.array(fc.oneof(chatText, fc.constantFrom(' ', '\n', 'plain words here. ')), { maxLength: 8 }).map((p) => p.join('')), fc.constantFrom(64, 256), cuts, (text, size, at) => {
        const oneShot = warden.scanOutput(text);
        if (oneShot.findings.length > 0) return;
        const streamed = stream(outputScan, size, stringPieces(text, at));
        ensure(!streamed.blocked && streamed.out === text, 'clean text was changed or blocked when streamed');
      }),
      params,
    ),
};

/** The default policy's output scan: a secret one scan of the whole text removes never streams out, whatever the cuts. */
const secretsStayRedacted: FuzzProperty = {
  name: 'holdback.secrets-stay-redacted',
  weight: 5,
  run: (params) =>
    checkProperty(
      fc.property(fc.array(fc.oneof(chatText, fc.constantFrom(...OUTPUT_SECRETS)), { maxLength: 8 }).map((p) => p.join(' ')), fc.constantFrom(64, 256), cuts, (text, size, at) => {
        const removed = OUTPUT_SECRETS.filter((secret) => text.includes(secret) && !warden.scanOutput(text).text.includes(secret));
        if (removed.length === 0) return;
        const streamed = stream(outputScan, size, stringPieces(text, at));
        for (const secret of removed) ensure(!streamed.out.includes(secret), `streamed ${secret} that one scan removes`);
      }),
      params,
    ),
};

export const holdbackProperties: FuzzProperty[] = [toyOneShot, cleanTextUnchanged, secretsStayRedacted];
