/**
 * Character-level obfuscation: invisible characters, bidi controls, Unicode tag characters.
 * All scans are single passes with simple character-class regexes.
 */
import type { Span } from '../../spec/types.js';

export const UNICODE_PATTERNS = {
  /** Zero-width and format characters that render as nothing. */
  invisible: /[\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/g,
  /** Bidi embeddings, overrides and isolates (Trojan Source). */
  bidi: /[\u202A-\u202E\u2066-\u2069]/g,
  /** Runs of tag characters U+E0000..U+E007F, as UTF-16 surrogate pairs. */
  tagRun: /(?:\uDB40[\uDC00-\uDC7F])+/g,
  /** Emoji, modifiers and variation selector 16: a ZWJ between them builds one emoji. */
  emoji: /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\uFE0F\u20E3]/u,
  /** Scripts where ZWNJ/ZWJ/LRM/RLM are part of correct spelling or layout. */
  joiningScript: /[\u0590-\u08FF\u0900-\u0DFF\u0F00-\u0FFF\u1000-\u109F\u1780-\u18AF\uFB1D-\uFDFF\uFE70-\uFEFC]/,
  rtlLetter: /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/,
  /** Scripts written without spaces, where ZWSP marks word or line-break boundaries (Thai, Lao, Khmer, Myanmar, CJK). */
  spacelessScript: /[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF]/,
  wordChar: /[\p{L}\p{N}]/u,
  nonAscii: /[^\x00-\x7F]/,
};

const BLACK_FLAG = '\uD83C\uDFF4';
const TAG_CANCEL = 0xe007f;
const SOFT_HYPHEN = 0x00ad;
/** Soft hyphens alone never make a finding decisive; the normalized variant still removes them. */
const MAX_SOFT_HYPHEN_WEIGHT = 0.2;
/** Invisibles between words or next to punctuation (e.g. U+FEFF as a no-break joiner in scraped wiki text) split no keyword. */
const LOOSE_WEIGHT = 0.15;
const MAX_LOOSE_WEIGHT = 0.5;
const STEGANOGRAPHY_RUN = 4;

export interface CharFinding {
  spans: Span[];
  /** Weighted count of suspicious occurrences; 0 means everything seen had a benign explanation. */
  weight: number;
  count: number;
}

function prevChar(text: string, i: number): string {
  if (i <= 0) return '';
  const c = text.charCodeAt(i - 1);
  return c >= 0xdc00 && c <= 0xdfff && i >= 2 ? text.slice(i - 2, i) : (text[i - 1] as string);
}

function nextChar(text: string, i: number): string {
  const cp = text.codePointAt(i + 1);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/**
 * Weight of one invisible character: 0 when its context explains it, 0.05 for a soft hyphen (a
 * hyphenation hint, common in scraped documents), 1 inside a word (splitting a keyword), less elsewhere.
 */
function benignInvisible(text: string, i: number, code: number, hasRtl: boolean): number {
  const prev = prevChar(text, i);
  const next = nextChar(text, i);
  const { emoji, joiningScript, spacelessScript, wordChar } = UNICODE_PATTERNS;
  if (code === 0xfeff && i === 0) return 0;
  if (code === 0x200d && (emoji.test(prev) || emoji.test(next))) return 0;
  if ((code === 0x200c || code === 0x200d) && (joiningScript.test(prev) || joiningScript.test(next))) return 0;
  if (code === 0x200b && (spacelessScript.test(prev) || spacelessScript.test(next))) return 0;
  if ((code === 0x200e || code === 0x200f) && hasRtl) return 0;
  if (code === SOFT_HYPHEN) return 0.05;
  return wordChar.test(prev) && wordChar.test(next) ? 1 : LOOSE_WEIGHT;
}

/** Pushes [start, end) merging with the previous span when adjacent; keeps at most `max` spans. */
function pushSpan(spans: Span[], start: number, end: number, max = 32): void {
  const last = spans[spans.length - 1];
  if (last && last.end === start) last.end = end;
  else if (spans.length < max) spans.push({ start, end });
}

export function findInvisibles(text: string): CharFinding {
  const out: CharFinding = { spans: [], weight: 0, count: 0 };
  const re = UNICODE_PATTERNS.invisible;
  re.lastIndex = 0;
  let hasRtl: boolean | undefined;
  let soft = 0;
  let loose = 0;
  let runEnd = -1;
  let runLength = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const code = text.charCodeAt(m.index);
    if ((code === 0x200e || code === 0x200f) && hasRtl === undefined) hasRtl = UNICODE_PATTERNS.rtlLetter.test(text);
    const w = benignInvisible(text, m.index, code, hasRtl === true);
    out.count++;
    if (w === 0) continue;
    runLength = m.index === runEnd ? runLength + 1 : 1;
    runEnd = m.index + 1;
    // A run of invisibles is a zero-width binary encoding of hidden text (steganography).
    if (runLength === STEGANOGRAPHY_RUN) out.weight += 1;
    if (code === SOFT_HYPHEN) soft += w;
    else if (w < 1) loose += w;
    else out.weight += w;
    pushSpan(out.spans, m.index, m.index + 1);
  }
  out.weight += Math.min(soft, MAX_SOFT_HYPHEN_WEIGHT) + Math.min(loose, MAX_LOOSE_WEIGHT);
  return out;
}

export interface BidiFinding extends CharFinding {
  overrides: number;
  unbalanced: boolean;
}

export function findBidi(text: string): BidiFinding {
  const out: BidiFinding = { spans: [], weight: 0, count: 0, overrides: 0, unbalanced: false };
  const re = UNICODE_PATTERNS.bidi;
  re.lastIndex = 0;
  let embedDepth = 0;
  let isolateDepth = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const code = text.charCodeAt(m.index);
    out.count++;
    if (code === 0x202d || code === 0x202e) out.overrides++;
    if (code >= 0x202a && code <= 0x202e && code !== 0x202c) embedDepth++;
    else if (code === 0x202c) embedDepth--;
    else if (code === 0x2069) isolateDepth--;
    else isolateDepth++;
    pushSpan(out.spans, m.index, m.index + 1);
  }
  out.unbalanced = embedDepth !== 0 || isolateDepth !== 0;
  out.weight = out.count;
  return out;
}

export interface TagFinding extends CharFinding {
  /** ASCII text hidden in the tag characters (emoji flag sequences excluded). */
  hidden: string;
  hiddenSpans: Span[];
}

function tagCodes(run: string): number[] {
  const codes: number[] = [];
  for (let i = 1; i < run.length; i += 2) codes.push(0xe0000 + (run.charCodeAt(i) - 0xdc00));
  return codes;
}

/** Subdivision flags: black flag, 1-7 lowercase/digit tags, cancel tag. */
function isFlagSequence(text: string, index: number, codes: number[]): boolean {
  return (
    text.startsWith(BLACK_FLAG, index - 2) &&
    codes.length <= 8 &&
    codes[codes.length - 1] === TAG_CANCEL &&
    codes.slice(0, -1).every((c) => (c >= 0xe0030 && c <= 0xe0039) || (c >= 0xe0061 && c <= 0xe007a))
  );
}

/** Tag characters mirror ASCII: U+E0041 is an invisible "A". Flag emoji (🏴 + tags + cancel) are legitimate. */
export function findTags(text: string): TagFinding {
  const out: TagFinding = { spans: [], weight: 0, count: 0, hidden: '', hiddenSpans: [] };
  const re = UNICODE_PATTERNS.tagRun;
  re.lastIndex = 0;
  const parts: string[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const run = m[0];
    const codes = tagCodes(run);
    out.count += codes.length;
    if (isFlagSequence(text, m.index, codes)) continue;
    out.weight += codes.length;
    pushSpan(out.spans, m.index, m.index + run.length);
    if (out.hidden.length < 65_536) {
      parts.push(codes.filter((c) => c >= 0xe0020 && c < TAG_CANCEL).map((c) => String.fromCharCode(c - 0xe0000)).join(''));
      out.hiddenSpans.push({ start: m.index, end: m.index + run.length });
      out.hidden = parts.join(' ');
    }
  }
  return out;
}

/** Removes invisibles (except benign ZWJ/ZWNJ, which are kept as-is) and tag characters. */
export function stripInvisible(text: string): string {
  const hasRtl = UNICODE_PATTERNS.rtlLetter.test(text);
  const keep = (ch: string, offset: number) => (benignInvisible(text, offset, ch.charCodeAt(0), hasRtl) === 0 ? ch : '');
  const keepFlag = (run: string, offset: number, all: string) => (isFlagSequence(all, offset, tagCodes(run)) ? run : '');
  return text.replace(UNICODE_PATTERNS.invisible, keep).replace(UNICODE_PATTERNS.tagRun, keepFlag);
}
