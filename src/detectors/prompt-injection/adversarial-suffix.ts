/**
 * adversarial-suffix: an optimised token string appended to a request, as GCG (Zou et al. 2023) and its successors
 * produce: sentence fragments glued to markup and code tokens, crossed and unclosed brackets, case flipped inside a
 * word, scripts mixed inside a word. The literature's defence is perplexity (Jain et al. 2023, Alon & Kamfonas
 * 2023); without a language model this counts the same disorder by hand, per line, after a line that opens as prose
 * (the request), so that code, tables and logs, which open as code, are not read. Inline code (`...`) and bold
 * markers are masked: people quote code in prose, and the quoted code is orderly. One pass over each line, no regex.
 */
import type { Span } from '../../spec/types.js';
import { charKind, IDEOGRAPH, WORD } from './hijack/tokens.js';

/** Words of prose that must open the line: the request the suffix is appended to. */
const PROSE_OPENING = 4;
/** Chunks a line needs beyond its opening: a suffix is several tokens long. */
const MIN_TAIL = 4;
/** Disorder points a line needs, and their share of its chunks. */
const MIN_POINTS = 6;
const MIN_DENSITY = 0.25;
/** Lines shorter than this cannot carry an opening and a suffix. */
const MIN_LINE = 24;

const isSpace = (c: number): boolean => c <= 0x20 || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);
const isAsciiLetter = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const isUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const isLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
/** A letter of any script (marks and ideographs too); digits are not. */
function isLetter(c: number): boolean {
  if (c < 0x80) return isAsciiLetter(c);
  // Astral letters ("𝓨𝓸𝓾", styled text) come as surrogate pairs.
  if (c >= 0xd800 && c <= 0xdfff) return true;
  const k = charKind(c);
  return k === WORD || k === IDEOGRAPH;
}
const isCyrillic = (c: number): boolean => c >= 0x400 && c <= 0x4ff;
/** Latin letters, accented ones included ("ç", "ş", "ệ"). */
const isLatin = (c: number): boolean => isAsciiLetter(c) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff);
/** Scripts written without spaces or glued to particles: Han, kana, Hangul. */
const isEastAsian = (c: number): boolean => charKind(c) === IDEOGRAPH || (c >= 0xac00 && c <= 0xd7af);
/** Symbols of code and markup that do not sit inside a word of prose. */
const STRUCT = '{}[]()<>\\$|=`^~;@#%*';
const OPENERS = '([{';
const CLOSERS = ')]}';
const LEADS = '([{"\'`*_';
const TRAILS = ')]}"\'`*_';
const STOPS = '.,;:!?';
const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** ASCII character kinds for the bound's pass: word characters (digits, '_'), letters by case, code symbols, other symbols. */
const K_SPACE = 0;
const K_WORD = 1;
const K_LOWER = 2;
const K_UPPER = 3;
const K_STRUCT = 4;
const K_SYMBOL = 5;
const ASCII_KINDS = new Uint8Array(0x80).map((_, c) =>
  isSpace(c) ? K_SPACE : isLower(c) ? K_LOWER : isUpper(c) ? K_UPPER : isDigit(c) || c === 0x5f ? K_WORD : STRUCT.includes(String.fromCharCode(c)) ? K_STRUCT : K_SYMBOL,
);

/** ASCII membership flags, read per character instead of searching strings. */
const F_STRUCT = 1;
const F_LEAD = 2;
const F_TRAIL = 4;
const F_STOP = 8;
const F_SENTENCE_END = 16;
const F_ESCAPABLE = 32;
const ASCII_FLAGS = new Uint8Array(0x80).map((_, c) => {
  const ch = String.fromCharCode(c);
  return (
    (STRUCT.includes(ch) ? F_STRUCT : 0) |
    (LEADS.includes(ch) ? F_LEAD : 0) |
    (TRAILS.includes(ch) ? F_TRAIL : 0) |
    (STOPS.includes(ch) ? F_STOP : 0) |
    ('.!?"\')]'.includes(ch) ? F_SENTENCE_END : 0) |
    (ASCII_PUNCTUATION.includes(ch) ? F_ESCAPABLE : 0)
  );
});
const has = (c: number, flag: number): boolean => c < 0x80 && ((ASCII_FLAGS[c] as number) & flag) !== 0;
/** 1, 2, 3 for ( [ { and their closers; 0 for anything else. */
const OPENER_OF = new Uint8Array(0x80);
const CLOSER_OF = new Uint8Array(0x80);
for (let k = 0; k < 3; k++) {
  OPENER_OF[OPENERS.charCodeAt(k)] = k + 1;
  CLOSER_OF[CLOSERS.charCodeAt(k)] = k + 1;
}
const openerOf = (c: number): number => (c < 0x80 ? (OPENER_OF[c] as number) : 0) - 1;
const closerOf = (c: number): number => (c < 0x80 ? (CLOSER_OF[c] as number) : 0) - 1;

/** A word of prose: letters, inner apostrophes or hyphens, at most one closing punctuation mark. */
function isProseWord(text: string, from: number, to: number): boolean {
  if (to > from && has(text.charCodeAt(to - 1), F_STOP)) to--;
  if (to <= from) return false;
  let previousLetter = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (isLetter(c) && !isDigit(c)) previousLetter = true;
    else if ((c === 0x27 || c === 0x2019 || c === 0x2d) && previousLetter && i + 1 < to && isLetter(text.charCodeAt(i + 1))) previousLetter = false;
    else return false;
  }
  return true;
}

/**
 * A chunk no prose or orderly code writes: letters with a code symbol inside (after one wrapping mark each side),
 * Latin with Cyrillic, Latin on both sides of another script ("comfortable的Defs"), or case flipped inside a run of
 * letters ("argueRIPT", "HOHereologist"). A link is not.
 */
function isOddChunk(text: string, from: number, to: number, escaped: (i: number) => boolean): boolean {
  if (!hasDisorderedSymbol(text, from, to, escaped)) return hasOddLetters(text, from, to);
  return true;
}

/**
 * A code symbol inside the chunk (one wrapping mark each side aside), unless the chunk's brackets balance and no
 * other symbol than '#' or '$' appears: a call, an index, a link, a placeholder ("a.bool()", "[bcrypt](#bcrypt)", "${name}").
 */
function hasDisorderedSymbol(text: string, from: number, to: number, escaped: (i: number) => boolean): boolean {
  let inner = from;
  let innerEnd = to;
  if (innerEnd - inner > 1 && has(text.charCodeAt(inner), F_LEAD)) inner++;
  if (innerEnd - inner > 1 && has(text.charCodeAt(innerEnd - 1), F_STOP)) innerEnd--;
  if (innerEnd - inner > 1 && has(text.charCodeAt(innerEnd - 1), F_TRAIL)) innerEnd--;
  let symbol = false;
  let letters = false;
  for (let i = inner; i < innerEnd; i++) {
    if (!escaped(i) && has(text.charCodeAt(i), F_STRUCT)) symbol = true;
    if (isLetter(text.charCodeAt(i))) letters = true;
  }
  if (!symbol || !letters) return false;
  if (contains(text, from, to, '://')) return false;
  const stack = chunkStack;
  stack.length = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (escaped(i) || !has(c, F_STRUCT)) continue;
    const open = openerOf(c);
    const close = closerOf(c);
    if (open >= 0) stack.push(open);
    else if (close >= 0) {
      if (stack.pop() !== close) return true;
    } else if (c !== 0x23 && c !== 0x24) return true;
  }
  return stack.length > 0;
}

/** Whether `needle` occurs inside [from, to) of the text (bounded: a chunk is searched, not the rest of the text). */
function contains(text: string, from: number, to: number, needle: string): boolean {
  const first = needle.charCodeAt(0);
  for (let i = from; i + needle.length <= to; i++) if (text.charCodeAt(i) === first && text.startsWith(needle, i)) return true;
  return false;
}

/** Reused by every chunk (scans are synchronous). */
const chunkStack: number[] = [];

/** Latin with Cyrillic, Latin on both sides of another script ("comfortable的Defs"), case flipped inside a run of letters. */
function hasOddLetters(text: string, from: number, to: number): boolean {
  if (contains(text, from, to, 'www.')) return false;
  let latin = false;
  let cyrillic = false;
  let otherAfterLatin = false;
  let latinAfterOther = false;
  let lower = 0;
  let upper = 0;
  let lowerBefore = 0;
  let flip = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (isLatin(c)) {
      if (otherAfterLatin) latinAfterOther = true;
      latin = true;
    } else if (c >= 0x80 && isLetter(c)) {
      if (isCyrillic(c)) cyrillic = true;
      else if (latin && isEastAsian(c)) otherAfterLatin = true;
    }
    // Two lowercase then two uppercase ("argueRIPT"), or two uppercase between lowercase ("HOHereologist"):
    // an acronym opens a word ("HTMLElement") rather than following lowercase.
    if (isLower(c)) {
      if (upper >= 2 && lowerBefore >= 1) flip = true;
      if (upper > 0) lower = upper = 0;
      lower++;
    } else if (isUpper(c)) {
      if (upper === 0) lowerBefore = lower;
      upper++;
      lower = 0;
      if (upper >= 2 && lowerBefore >= 2) flip = true;
    } else lower = upper = lowerBefore = 0;
  }
  return (latin && cyrillic) || latinAfterOther || flip;
}

/** Brackets out of order in a line: a closer with no opener, a closer that crosses another opener, an opener never closed. */
function bracketDisorder(text: string, from: number, to: number, masked: (i: number) => boolean): number {
  let disorder = 0;
  const stack = lineStack;
  stack.length = 0;
  // Open brackets of each kind on the stack, so that a stray closer is known without searching it.
  open.fill(0);
  for (let i = from; i < to; i++) {
    if (masked(i)) continue;
    const ch = text.charCodeAt(i);
    const opener = openerOf(ch);
    if (opener >= 0) {
      stack.push(opener);
      open[opener] = (open[opener] as number) + 1;
      continue;
    }
    const close = closerOf(ch);
    if (close < 0) continue;
    if (open[close] === 0) {
      disorder++;
      continue;
    }
    // Each opener is pushed and popped once: linear however the brackets cross.
    if (stack[stack.length - 1] !== close) disorder++;
    for (let top = stack.pop(); top !== close && top !== undefined; top = stack.pop()) open[top] = (open[top] as number) - 1;
    open[close] = (open[close] as number) - 1;
  }
  return disorder + stack.length;
}

/** Reused by every line (scans are synchronous). */
const lineStack: number[] = [];
const open = new Int32Array(3);

/** Runs of three or more symbols with three distinct ones ("]);}", "({[\\"), not sentence ends ("?!\"", "...)"). */
function symbolClusters(text: string, from: number, to: number, masked: (i: number) => boolean): number {
  let clusters = 0;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (masked(i) || isSpace(c) || isLetter(c) || isDigit(c) || c === 0x5f) {
      i++;
      continue;
    }
    const start = i;
    let plain = true;
    // The first two distinct symbols; a third makes the run mixed.
    let first = -1;
    let second = -1;
    let mixed = false;
    while (i < to && !masked(i)) {
      const d = text.charCodeAt(i);
      if (isSpace(d) || isLetter(d) || isDigit(d) || d === 0x5f) break;
      if (first < 0) first = d;
      else if (d !== first && second < 0) second = d;
      else if (d !== first && d !== second) mixed = true;
      if (!has(d, F_SENTENCE_END)) plain = false;
      i++;
    }
    if (i - start >= 3 && mixed && !plain && !text.startsWith('...', start)) clusters++;
  }
  return clusters;
}

/** What the mask says of a character of the line. */
const PLAIN = 0;
/** Inline code (`...`, paired in order) or a bold marker (**): an orderly chunk. */
const CODE = 1;
/** An escaped line break or tab in a JSON or code string ("\\n"): a separator. */
const BREAK = 2;
/** A backslash escaping punctuation and the escaped mark ("\\[6\\]"): neither symbol nor bracket. */
const ESCAPED = 3;

/** One mask for every scan (scans are synchronous), grown to the longest line seen. */
let scratch = new Uint8Array(256);

/** The mask of the line [from, to), index i - from. */
function maskLine(text: string, from: number, to: number): Uint8Array {
  if (scratch.length < to - from) scratch = new Uint8Array(Math.max(to - from, 2 * scratch.length));
  const mask = scratch;
  mask.fill(0, 0, to - from);
  let open = -1;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x60) {
      if (open < 0) open = i;
      else {
        mask.fill(CODE, open - from, i + 1 - from);
        open = -1;
      }
    } else if (open >= 0) continue;
    else if (c === 0x2a && i + 1 < to && text.charCodeAt(i + 1) === 0x2a) {
      mask[i - from] = CODE;
      mask[i + 1 - from] = CODE;
      i++;
    } else if (c === 0x5c && i + 1 < to) {
      const next = text.charCodeAt(i + 1);
      const kind = next === 0x6e || next === 0x72 || next === 0x74 ? BREAK : has(next, F_ESCAPABLE) ? ESCAPED : PLAIN;
      mask[i - from] = kind;
      mask[i + 1 - from] = kind;
      if (kind !== PLAIN) i++;
    }
  }
  return mask;
}

/**
 * Whether the line cannot reach the points it needs, in one cheap pass, so that plain prose is not analysed. An upper
 * bound of its disorder points: a code symbol scores at most twice (its chunk and a bracket out of order), a symbol
 * run one point per three symbols, a case flip needs lowercase then uppercase, a chunk mixing Latin with Cyrillic or
 * Han/kana/Hangul one point. A lower bound of its chunks, for the density: the space-separated chunks holding a letter
 * or digit that no backslash escapes, before the first backtick (the mask can turn such a character into neither a
 * separator nor inline code, so each is at least one chunk of the full count). A 1 KB paragraph on one line has a
 * few symbols but far too many words for them.
 */
function cannotReachPoints(text: string, from: number, to: number): boolean {
  let bound = 0;
  let run = 0;
  let latin = false;
  let foreign = false;
  let lower = false;
  let chunks = 0;
  let wordInChunk = false;
  let pastTick = false;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charCodeAt(i) : 0x20;
    let kind: number;
    if (c < 0x80) kind = ASCII_KINDS[c] as number;
    else if (isSpace(c)) kind = K_SPACE;
    else if (isLetter(c)) {
      kind = K_WORD;
      if (isCyrillic(c) || isEastAsian(c)) foreign = true;
      else if (isLatin(c)) latin = true;
    } else kind = K_SYMBOL;
    if (kind === K_SPACE) {
      // A chunk mixing Latin with another script scores at most once.
      if (latin && foreign) bound++;
      latin = foreign = false;
      if (wordInChunk) chunks++;
      wordInChunk = false;
    } else if (c === 0x60) pastTick = true;
    else if (!pastTick && (kind === K_WORD || kind === K_LOWER || kind === K_UPPER) && (i === from || text.charCodeAt(i - 1) !== 0x5c)) wordInChunk = true;
    if (kind === K_UPPER && lower) bound++;
    lower = kind === K_LOWER;
    if (kind === K_LOWER || kind === K_UPPER) latin = true;
    if (kind === K_STRUCT) bound += 2;
    if (kind === K_STRUCT || kind === K_SYMBOL) {
      if (++run % 3 === 0) bound++;
    } else run = 0;
  }
  return bound < MIN_POINTS || bound < MIN_DENSITY * chunks;
}

/**
 * What any disorder point needs somewhere in the text: a code symbol, lowercase then uppercase, a non-ASCII character
 * (another script), or three symbols in a row. A text without any (most prose) has no line to analyse; the engine's
 * character-class scan is cheaper than the bound's pass. Linear: one class per position, no nesting.
 */
export const DISORDER_HINT = /[{}[\]()<>\\$|=`^~;@#%*]|[a-z][A-Z]|[^\x00-\x7f]|[^\w\s]{3}/;

/** The first line carrying an adversarial suffix after a prose opening, or undefined. */
export function findAdversarialSuffix(text: string): Span | undefined {
  if (!DISORDER_HINT.test(text)) return undefined;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    if (lineEnd - lineStart >= MIN_LINE && suffixLine(text, lineStart, lineEnd)) return { start: lineStart, end: lineEnd };
    lineStart = lineEnd + 1;
  }
  return undefined;
}

function suffixLine(text: string, from: number, to: number): boolean {
  // An indented line is code or a quotation, not a request typed with its suffix.
  const c0 = text.charCodeAt(from);
  if (c0 === 0x09 || (c0 === 0x20 && text.charCodeAt(from + 1) === 0x20)) return false;
  // The opening: PROSE_OPENING words of prose, checked before anything is built for the line.
  let i = from;
  for (let words = 0; words < PROSE_OPENING; words++) {
    while (i < to && isSpace(text.charCodeAt(i))) i++;
    const start = i;
    while (i < to && !isSpace(text.charCodeAt(i))) i++;
    if (i === start || !isProseWord(text, start, i)) return false;
  }
  if (cannotReachPoints(text, from, to)) return false;
  const mask = maskLine(text, from, to);
  const masked = (k: number): boolean => mask[k - from] !== PLAIN;
  const separates = (k: number): boolean => isSpace(text.charCodeAt(k)) || mask[k - from] === BREAK;
  const code = (k: number): boolean => mask[k - from] === CODE;
  let chunks = 0;
  let odd = 0;
  let j = from;
  while (j < to) {
    while (j < to && (separates(j) || code(j))) {
      // Inline code counts as one orderly chunk.
      if (code(j)) {
        chunks++;
        while (j < to && code(j)) j++;
      } else j++;
    }
    const start = j;
    while (j < to && !separates(j) && !code(j)) j++;
    if (j === start) continue;
    chunks++;
    if (isOddChunk(text, start, j, (k) => mask[k - from] === ESCAPED)) odd++;
  }
  if (chunks < PROSE_OPENING + MIN_TAIL) return false;
  const points = odd + bracketDisorder(text, from, to, masked) + symbolClusters(text, from, to, masked);
  return points >= MIN_POINTS && points >= MIN_DENSITY * chunks;
}
