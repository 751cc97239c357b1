/**
 * Letter-by-letter encodings: spaced-out letters (`i g n o r e`, `i-g-n-o-r-e`), Morse code and Braille.
 * Each keeps a decoding only when it reads as English.
 */
import type { Decoded } from './decoded.js';
import { readsAsEnglish, segment } from './english.js';

export const SYMBOL_PATTERNS = {
  /** A run of Morse characters; decodeMorse checks it holds eight or more well-formed letters. */
  morse: /[.-][.\- /]{14,}/g,
  morseSeparators: /[ /]+/,
  /** Braille cells (U+2800-U+28FF), eight or more, spaces allowed. */
  braille: /[\u2801-\u28FF][\u2800-\u28FF ]{7,}/g,
  /** Three single letters joined by separators: where a spaced-out word may start. */
  spacedStart: /[A-Za-z][ .\-_*|,/+][A-Za-z][ .\-_*|,/+][A-Za-z](?![A-Za-z])/g,
  /** Word breaks inside a Morse run: a slash or two or more spaces. */
  morseWordBreak: / ?\/ ?| {2,}/,
};

const MAX_RUN = 4096;
/** Spaced-out letters decoded as text: at least this many, each at most MAX_SPACED_GAP separators from the next. */
export const MIN_SPACED_LETTERS = 6;
export const MAX_SPACED_GAP = 3;

const MORSE: Readonly<Record<string, string>> = {
  '.-': 'a', '-...': 'b', '-.-.': 'c', '-..': 'd', '.': 'e', '..-.': 'f', '--.': 'g', '....': 'h', '..': 'i', '.---': 'j',
  '-.-': 'k', '.-..': 'l', '--': 'm', '-.': 'n', '---': 'o', '.--.': 'p', '--.-': 'q', '.-.': 'r', '...': 's', '-': 't',
  '..-': 'u', '...-': 'v', '.--': 'w', '-..-': 'x', '-.--': 'y', '--..': 'z', '-----': '0', '.----': '1', '..---': '2',
  '...--': '3', '....-': '4', '.....': '5', '-....': '6', '--...': '7', '---..': '8', '----.': '9',
  '.-.-.-': '.', '--..--': ',', '..--..': '?', '-.--.': '(', '-.--.-': ')', '-..-.': '/', '---...': ':', '-.-.-.': ';',
  '-...-': '=', '.-.-.': '+', '-....-': '-', '.----.': "'", '.-..-.': '"', '-.-.--': '!', '.--.-.': '@', '..--.-': '_',
};

// Braille grade 1: dot patterns of a-z as offsets from U+2800.
const BRAILLE_LETTERS = [0x01, 0x03, 0x09, 0x19, 0x11, 0x0b, 0x1b, 0x13, 0x0a, 0x1a, 0x05, 0x07, 0x0d, 0x1d, 0x15, 0x0f, 0x1f, 0x17, 0x0e, 0x1e, 0x25, 0x27, 0x3a, 0x2d, 0x3d, 0x35];
const BRAILLE: ReadonlyMap<number, string> = new Map(BRAILLE_LETTERS.map((dots, i) => [0x2800 + dots, String.fromCharCode(97 + i)]));
const BRAILLE_PUNCT: ReadonlyMap<number, string> = new Map([[0x2802, ','], [0x2832, '.'], [0x2826, '?'], [0x2816, '!'], [0x2824, '-'], [0x2804, "'"]]);
const BRAILLE_CAPITAL = 0x2820;
const BRAILLE_NUMBER = 0x283c;

function push(out: Decoded[], kind: Decoded['kind'], start: number, end: number, text: string): void {
  if (readsAsEnglish(text)) out.push({ kind, span: { start, end }, text });
}

function decodeMorseRun(run: string): string {
  return run
    .split(SYMBOL_PATTERNS.morseWordBreak)
    .map((word) => word.split(' ').map((code) => MORSE[code] ?? '').join(''))
    .filter((w) => w.length > 0)
    .join(' ');
}

const MIN_MORSE_LETTERS = 8;

export function decodeMorse(text: string, out: Decoded[], limit: number): void {
  const re = SYMBOL_PATTERNS.morse;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null && out.length < limit; m = re.exec(text)) {
    const run = m[0].trimEnd();
    if (run.length > MAX_RUN) continue;
    const codes = run.split(SYMBOL_PATTERNS.morseSeparators);
    const unknown = codes.filter((c) => MORSE[c] === undefined).length;
    if (codes.length < MIN_MORSE_LETTERS || unknown > codes.length * 0.1) continue;
    push(out, 'morse', m.index, m.index + run.length, decodeMorseRun(run));
  }
}

function decodeBrailleRun(run: string): string {
  let s = '';
  let capital = false;
  let number = false;
  for (const ch of run) {
    const c = ch.charCodeAt(0);
    if (c === BRAILLE_CAPITAL) capital = true;
    else if (c === BRAILLE_NUMBER) number = true;
    else if (c === 0x2800 || c === 0x20) {
      s += ' ';
      number = false;
    } else {
      const letter = BRAILLE.get(c);
      if (letter === undefined) s += BRAILLE_PUNCT.get(c) ?? '';
      else if (number && letter <= 'j') s += String((letter.charCodeAt(0) - 96) % 10);
      else s += capital ? letter.toUpperCase() : letter;
      capital = false;
    }
  }
  return s;
}

export function decodeBraille(text: string, out: Decoded[], limit: number): void {
  const re = SYMBOL_PATTERNS.braille;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null && out.length < limit; m = re.exec(text)) {
    if (m[0].length <= MAX_RUN) push(out, 'braille', m.index, m.index + m[0].length, decodeBrailleRun(m[0]).trim());
  }
}

export const SEPARATORS: ReadonlySet<number> = new Set([0x20, 0x2e, 0x2d, 0x5f, 0x2a, 0x7c, 0x2c, 0x2f, 0x2b]);
const isLetter = (c: number) => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;

/**
 * Spaced-out letters: single letters joined by one separator. The first separator seen is the one
 * inside words; any other (or a longer gap) ends a word. Without word breaks the letters are segmented
 * into known words.
 */
export function decodeSpaced(text: string, out: Decoded[], limit: number): void {
  const re = SYMBOL_PATTERNS.spacedStart;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null && out.length < limit; m = re.exec(text)) {
    const i = m.index;
    if (isLetter(text.charCodeAt(i - 1))) {
      // The match began inside a word: the spaced run, if any, starts at the next single letter.
      re.lastIndex = i + 1;
      continue;
    }
    const start = i;
    const inner = text.charCodeAt(i + 1);
    let letters = '';
    let count = 0;
    let words = 1;
    let end = i;
    let j = i;
    while (j < text.length && j - start < MAX_RUN) {
      const ch = text.charCodeAt(j);
      if (!isLetter(ch) || isLetter(text.charCodeAt(j + 1))) break;
      letters += String.fromCharCode(ch | 0x20);
      count++;
      end = j + 1;
      let k = j + 1;
      while (k < text.length && k - j <= MAX_SPACED_GAP && SEPARATORS.has(text.charCodeAt(k))) k++;
      const gap = k - j - 1;
      if (gap === 0 || gap > MAX_SPACED_GAP || !isLetter(text.charCodeAt(k)) || isLetter(text.charCodeAt(k + 1))) break;
      if (gap > 1 || text.charCodeAt(j + 1) !== inner) {
        letters += ' ';
        words++;
      }
      j = k;
    }
    re.lastIndex = Math.max(end, i + 1);
    if (count < MIN_SPACED_LETTERS) continue;
    push(out, 'spaced', start, end, words > 1 ? letters : segment(letters));
  }
}
