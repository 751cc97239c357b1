/** The hold-back scanner in isolation: nothing leaves before it was scanned whole, whatever the chunking. */
import { describe, expect, it } from 'vitest';
import { HoldbackScanner } from '../../src/gateway/stream/holdback.js';
import { createVault } from '../../src/core/vault.js';
import type { Finding, ScanResult } from '../../src/spec/types.js';
import { createWarden } from '../../src/warden.js';

// A tiny deterministic policy for the algorithm tests: TOKEN-xxxxxxxx is redacted, evil.example blocks.
const TOKEN = /TOKEN-[A-Z0-9]{8}/g;
const EVIL = /evil\.example/g;
/** Untimed scans: a loaded CI host can spend the 100 ms default budget, which fails closed; these tests are about the hold-back. */
const UNTIMED = { budgetMs: 60_000 };

function finding(ruleId: string, action: 'redact' | 'block', start: number, end: number): Finding {
  return { ruleId, score: 1, spans: [{ start, end }], message: ruleId, detector: ruleId.split('/')[0] ?? '', stage: 'output', action, mode: 'enforce', evidence: [] };
}

function toyScan(text: string): ScanResult {
  const findings: Finding[] = [];
  for (const m of text.matchAll(TOKEN)) findings.push(finding('toy/token', 'redact', m.index, m.index + m[0].length));
  for (const m of text.matchAll(EVIL)) findings.push(finding('toy/evil', 'block', m.index, m.index + m[0].length));
  const block = findings.some((f) => f.action === 'block');
  const action = block ? 'block' : findings.length > 0 ? 'redact' : 'allow';
  return { action, findings, text: text.replace(TOKEN, '[TOKEN]'), monitorAction: action, errors: [], latencyMs: 0, vault: createVault(), skipped: [] };
}

function run(chunks: string[], holdback: number, scan = toyScan) {
  const s = new HoldbackScanner(scan, { holdback });
  let out = '';
  const releases: string[] = [];
  for (const c of chunks) {
    const r = s.push(c);
    if (r.blocked) return { out, blocked: r.blocked.rules, releases, findings: s.findings };
    out += r.text;
    if (r.text) releases.push(r.text);
  }
  const r = s.finish();
  if (r.blocked) return { out, blocked: r.blocked.rules, releases, findings: s.findings };
  out += r.text;
  return { out, blocked: undefined, releases, findings: s.findings };
}

/** Every way of cutting a text into 3 chunks. */
function splits3(text: string): string[][] {
  const out: string[][] = [];
  for (let i = 1; i < text.length; i += 3) for (let j = i + 1; j < text.length; j += 5) out.push([text.slice(0, i), text.slice(i, j), text.slice(j)]);
  return out;
}

describe('HoldbackScanner', () => {
  const filler = 'lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(3);

  it('redacts a token split across three chunks at every cut point', () => {
    const text = `${filler}here is TOKEN-AB12CD34 for you. ${filler}`;
    for (const chunks of splits3(text)) {
      const r = run(chunks, 32);
      expect(r.blocked).toBeUndefined();
      expect(r.out).toBe(text.replace('TOKEN-AB12CD34', '[TOKEN]'));
    }
  });

  it('blocks a URL split mid-host before any of it is released', () => {
    const text = `${filler}click https://evil.example/x now`;
    for (const chunks of splits3(text)) {
      const r = run(chunks, 32);
      expect(r.blocked).toEqual(['toy/evil']);
      expect(r.out).not.toContain('evil');
      expect(r.out.length).toBeLessThanOrEqual(text.indexOf('evil'));
    }
  });

  it('passes benign text through unchanged, releasing before the end once past the hold-back', () => {
    const text = filler.repeat(4);
    const chunks = text.match(/.{1,7}/gs) ?? [];
    const r = run(chunks, 64);
    expect(r.out).toBe(text);
    expect(r.releases.length).toBeGreaterThan(1);
    expect(r.findings).toEqual([]);
  });

  it('holds a URL longer than the hold-back whole, so it is still blocked', () => {
    const url = `https://evil.example/${'q'.repeat(200)}`;
    const text = `${filler}see ${url} and more text after it ${filler}`;
    for (const chunks of splits3(text).filter((_, i) => i % 5 === 0)) {
      const r = run(chunks, 16);
      expect(r.blocked).toEqual(['toy/evil']);
      expect(r.out).not.toContain('evil');
    }
  });

  it('masks a match the shorter rescan no longer sees (context after the release point)', () => {
    const NAME = /NAME-X(?= said)/g;
    const contextual = (text: string): ScanResult => {
      const findings = [...text.matchAll(NAME)].map((m) => ({ ...finding('toy/name', 'redact', m.index, m.index + 6), entityType: 'PERSON' }));
      const action = findings.length > 0 ? 'redact' : 'allow';
      return { action, findings, text: text.replace(NAME, '[PERSON_1]'), monitorAction: action, errors: [], latencyMs: 0, vault: createVault(), skipped: [] };
    };
    const text = `${'x'.repeat(20)} NAME-X saidyyyyyyyyyyyyyyyyyyyy`;
    const r = run([text], 10, contextual);
    expect(r.out).not.toContain('NAME-X');
    expect(r.out).toContain('[PERSON]');
  });

  it('with hold-back 0 releases every delta immediately', () => {
    const r = run(['a', 'b', 'c'], 0);
    expect(r.releases).toEqual(['a', 'b', 'c']);
  });

  it('keeps input placeholders whole for restore even when split', () => {
    const vault = createVault();
    const ph = vault.put('EMAIL_ADDRESS', 'jane@corp.example');
    const s = new HoldbackScanner(toyScan, { holdback: 0, restore: (t) => vault.restore(t) });
    let out = '';
    for (const c of ['Mail ', ph.slice(0, 5), ph.slice(5), ' soon']) out += s.push(c).text;
    out += s.finish().text;
    expect(out).toBe('Mail jane@corp.example soon');
  });

  it('catches a real secret split across chunks with the default policy', () => {
    const warden = createWarden();
    const filler = 'we shipped the new build today and the tests are green again. '.repeat(3);
    const secret = 'ghp_Zx8Qw2Lm4Np6Rt8Vb0Cd2Fg4Hj6Kl8Mn0Pq2';
    const text = `${filler}Your token is ${secret} - keep it safe. ${filler}`;
    const scan = (t: string) => warden.scanOutput(t, UNTIMED);
    for (const chunks of splits3(text).filter((_, i) => i % 7 === 0)) {
      const r = run(chunks, 128, scan);
      expect(r.out).not.toContain(secret.slice(4, 20));
      expect(r.out.startsWith(filler)).toBe(true);
      expect(r.out.endsWith(filler)).toBe(true);
    }
  });

  it('releases the first text as soon as anything is past the hold-back (time to first token)', () => {
    const text = filler.repeat(8);
    const s = new HoldbackScanner(toyScan, { holdback: 256 });
    let fed = 0;
    let first = -1;
    for (const c of text.match(/.{1,4}/gs) ?? []) {
      fed += c.length;
      if (s.push(c).text !== '' && first < 0) first = fed;
    }
    // The first release needs the hold-back plus at most one delta and the rest of the word at the cut.
    expect(first).toBeGreaterThan(256);
    expect(first).toBeLessThanOrEqual(256 + 4 + 16);
  });

  it('does not rescan per delta while a long whitespace-free run blocks the first release', () => {
    let scans = 0;
    const counting = (t: string) => {
      scans++;
      return toyScan(t);
    };
    const s = new HoldbackScanner(counting, { holdback: 64 });
    for (const c of `${'x'.repeat(3000)} tail`.match(/.{1,2}/gs) ?? []) s.push(c);
    expect(scans).toBeLessThan(3000 / 32 + 8);
  });

  describe('with the default hold-back (256) and the default policy', () => {
    const warden = createWarden();
    const words = 'we shipped the new build today and the tests are green again. '.repeat(5);

    it('redacts a card number written with spaces, split across three chunks', () => {
      const card = '4111 1111 1111 1111';
      const text = `${words}The card on file is ${card} and it expires soon. ${words}`;
      for (const chunks of splits3(text).filter((_, i) => i % 11 === 0)) {
        const r = run(chunks, 256, (t) => warden.scanOutput(t, UNTIMED));
        expect(r.blocked).toBeUndefined();
        expect(r.out).not.toContain('1111 1111');
        expect(r.out.startsWith(words)).toBe(true);
      }
    });

    it('blocks a verbatim system prompt leak split across three chunks before any of it is released', () => {
      const systemPrompt =
        'You are Orion, the internal support assistant for Acme Logistics. Never reveal shipment margins, carrier contract rates or the escalation phone tree to customers under any circumstances.';
      const text = `${words}Sure! My instructions say: ${systemPrompt} Anything else? ${words}`;
      const scan = (t: string) => warden.scanOutput(t, { systemPrompt, ...UNTIMED });
      for (const chunks of splits3(text).filter((_, i) => i % 13 === 0)) {
        const r = run(chunks, 256, scan);
        expect(r.blocked).toBeDefined();
        expect(r.out).not.toContain('shipment margins');
      }
    });
  });
});
