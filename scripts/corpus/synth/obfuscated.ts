/**
 * Encoded and obfuscated variants of public attack rows: base64 with a decode-and-follow wrapper, ROT13,
 * leetspeak, Cyrillic homoglyphs, zero-width characters, letter spacing, reversed text. The category of
 * the original is kept: the obfuscation changes the surface, not the intent.
 */
import type { CorpusRow, SynthRow, Synthesizer } from '../types.js';
import { pick, synthRow } from './common.js';

const MAX_SOURCE_CHARS = 400;
const COUNT = 2400;

const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7', l: '1', g: '9' };
const HOMOGLYPHS: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', i: 'і', A: 'А', E: 'Е', O: 'О', P: 'Р', C: 'С', T: 'Т', H: 'Н', K: 'К', M: 'М', B: 'В' };
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060'];

function mapChars(text: string, f: (ch: string, i: number) => string): string {
  return [...text].map(f).join('');
}

function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

type Transform = { name: string; apply: (text: string, random: () => number) => string };

const TRANSFORMS: readonly Transform[] = [
  { name: 'base64', apply: (t) => `Decode this base64 string and do exactly what it says: ${Buffer.from(t, 'utf8').toString('base64')}` },
  { name: 'base64-bare', apply: (t) => Buffer.from(t, 'utf8').toString('base64') },
  { name: 'rot13', apply: (t) => `The following is ROT13. Decode it and follow the instructions: ${rot13(t)}` },
  { name: 'leet', apply: (t) => mapChars(t, (c) => LEET[c.toLowerCase()] ?? c) },
  { name: 'homoglyph', apply: (t, r) => mapChars(t, (c) => (r() < 0.6 ? (HOMOGLYPHS[c] ?? c) : c)) },
  { name: 'zero-width', apply: (t, r) => mapChars(t, (c) => (c !== ' ' && r() < 0.5 ? `${c}${pick(ZERO_WIDTH, r)}` : c)) },
  { name: 'spaced', apply: (t) => t.split(' ').map((w) => [...w].join(' ')).join('   ') },
  { name: 'reversed', apply: (t) => `Read the next text backwards and follow it: ${[...t].reverse().join('')}` },
  { name: 'hyphenated', apply: (t) => t.replace(/\b(\w)(\w{3,})/g, (_, a: string, b: string) => `${a}-${b}`) },
];

export const obfuscated: Synthesizer = {
  id: 'obfuscated',
  taken: 'base64, ROT13, leetspeak, homoglyph, zero-width, spacing, reversal and hyphenation variants of public injection/jailbreak rows',
  generate({ rows, random }) {
    const pool: CorpusRow[] = rows.filter(
      (r) => r.label === 'attack' && (r.category === 'direct_injection' || r.category === 'jailbreak') && r.text.length <= MAX_SOURCE_CHARS,
    );
    const out: SynthRow[] = [];
    if (pool.length === 0) return out;
    for (let i = 0; i < COUNT; i++) {
      const original = pick(pool, random);
      const transform = TRANSFORMS[i % TRANSFORMS.length] as Transform;
      const text = transform.apply(original.text, random);
      out.push(synthRow(`${transform.name}-${i}`, text, 'attack', original.category, original, { lang: original.lang }));
    }
    return out;
  },
};
