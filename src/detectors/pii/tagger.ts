/**
 * Averaged-perceptron token tagger for PERSON, LOCATION, ADDRESS, ORGANIZATION and DATE_TIME.
 * Greedy left-to-right decoding over hashed features; weights are int8, trained by
 * scripts/train-pii-tagger.ts and committed in tagger-weights.ts.
 */
import { features, MAX_FEATURES, NUM_CLASSES, obviouslyOutside, TAGGER_CLASSES } from './tagger-features.js';
import { TokenKind, TokenTable, tokenize, wordHash } from './tagger-tokens.js';
import { COMMON_WORDS } from './common-words.js';
import { TAGGER_MODEL } from './tagger-weights.js';

export interface TaggedSpan {
  entityType: string;
  start: number;
  end: number;
  /** Mean per-token confidence (logistic of the winning margin). */
  score: number;
}

export interface TaggerWeights {
  /** weights[bucket * NUM_CLASSES + class], in units of 1/scale. */
  weights: ArrayLike<number>;
  scale: number;
}

if (NUM_CLASSES !== 6) throw new Error('tagger decode is unrolled for 6 classes; update decode() with TAGGER_CLASSES');

// Module-level copies of the per-token helpers: calls through an import binding are not inlined in decode's loop.
const featuresOf = features;
const isObviouslyOutside = obviouslyOutside;

/** Best class and its logistic margin over the runner-up, per token (class sums kept in locals for speed). */
export function decode(tokens: TokenTable, model: TaggerWeights): { classes: Uint8Array; confidence: Float32Array } {
  const classes = new Uint8Array(tokens.count);
  const confidence = new Float32Array(tokens.count);
  const feats = new Int32Array(MAX_FEATURES);
  const w = model.weights;
  let prev = 0;
  let prev2 = 0;
  for (let i = 0; i < tokens.count; i++) {
    if (isObviouslyOutside(tokens, i, prev)) {
      confidence[i] = 1;
      prev2 = prev;
      continue;
    }
    const n = featuresOf(tokens, i, prev, prev2, feats);
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    for (let f = 0; f < n; f++) {
      const b = (feats[f] as number) * 6;
      s0 += w[b] as number;
      s1 += w[b + 1] as number;
      s2 += w[b + 2] as number;
      s3 += w[b + 3] as number;
      s4 += w[b + 4] as number;
      s5 += w[b + 5] as number;
    }
    let best = 0;
    let top = s0;
    if (s1 > top) {
      best = 1;
      top = s1;
    }
    if (s2 > top) {
      best = 2;
      top = s2;
    }
    if (s3 > top) {
      best = 3;
      top = s3;
    }
    if (s4 > top) {
      best = 4;
      top = s4;
    }
    if (s5 > top) {
      best = 5;
      top = s5;
    }
    const second = Math.max(best === 0 ? -Infinity : s0, best === 1 ? -Infinity : s1, best === 2 ? -Infinity : s2,
      best === 3 ? -Infinity : s3, best === 4 ? -Infinity : s4, best === 5 ? -Infinity : s5);
    classes[i] = best;
    confidence[i] = 1 / (1 + Math.exp(-((top - second) / model.scale)));
    prev2 = prev;
    prev = best;
  }
  return { classes, confidence };
}

export const TAGGER_FILTER_PATTERNS = {
  anyUpper: /\p{Lu}/u,
};

/**
 * Words that make a run of everyday capitalized words an organisation name (`World Health Organization`,
 * `Acme Holdings`); without one, `Quarterly Report` or `Premium Plan` is just Title Case.
 */
const ORGANIZATION_CUES = new Set(
  ('ag agency airlines associates association bank bv capital co college company consulting corp corporation council ' +
    'department enterprises foundation gmbh group holdings hospital inc industries institute insurance international ' +
    'labs llc llp ltd markets media ministry networks nv organisation organization partners plc resources sa school ' +
    'services society solutions systems technologies trust university ventures')
    .split(' ')
    .map(wordHash),
);

/**
 * Shape checks that the template-heavy training data cannot teach: names need a word (not a lone
 * everyday lower-case word) and, when the text uses case at all, a capital; addresses a number and a
 * word; dates a year, a word or a time.
 */
function plausible(type: string, tokens: TokenTable, from: number, to: number, text: string, cased: boolean, afterLocation: boolean): boolean {
  let words = 0;
  let numbers = 0;
  let capitals = 0;
  let year = false;
  let colon = false;
  let uncommonWords = 0;
  let properWords = 0;
  let lowerCommon = 0;
  let cue = false;
  for (let i = from; i < to; i++) {
    const kind = tokens.kind(i);
    if (kind === TokenKind.Word) {
      words++;
      if (!tokens.common(i)) {
        uncommonWords++;
        if (tokens.capitalized(i)) properWords++;
      } else if (!tokens.capitalized(i)) lowerCommon++;
      if (ORGANIZATION_CUES.has(tokens.word[i] as number)) cue = true;
    } else if (kind === TokenKind.Number) {
      numbers++;
      if ((tokens.end[i] as number) - (tokens.start[i] as number) === 4) year = true;
    } else if (text.charCodeAt(tokens.start[i] as number) === 58) colon = true;
    if (tokens.capitalized(i)) capitals++;
  }
  switch (type) {
    case 'ADDRESS':
      // `12 Main St`, `Adams Street`, or a postcode right after a city/country; in cased text street
      // names are capitalized, so `10 brownies and 3 cakes` is prose.
      if (cased && (capitals === 0 || lowerCommon > capitals)) return numbers > 0 && words === 0 && afterLocation;
      return (numbers > 0 && words > 0) || words >= 2 || (numbers > 0 && afterLocation);
    case 'DATE_TIME':
      return year || words > 0 || (colon && numbers > 1);
    case 'ORGANIZATION':
      if (cased) return properWords > 0 || (cue && capitals > 0);
      return uncommonWords > 0 || cue;
    default:
      // Everyday words (`If`, `Team`, `Developer Mode`) are not a name even when capitalized.
      return cased ? properWords > 0 : uncommonWords > 0;
  }
}

const TRAILING_SEPARATORS = ',;:-(/';
const PIPE = 124;
/** A lone word filling a markdown table cell is usually a header or product/metric label, not PII: it stays below the default 0.5 threshold. */
const TABLE_CELL_FACTOR = 0.45;

/** True when tokens from..to-1 are exactly one word between two `|` cell separators. */
function loneTableCell(tokens: TokenTable, from: number, to: number, text: string): boolean {
  return (
    to - from === 1 &&
    from > 0 &&
    to < tokens.count &&
    text.charCodeAt(tokens.start[from - 1] as number) === PIPE &&
    text.charCodeAt(tokens.start[to] as number) === PIPE
  );
}

/** Merges runs of same-class tokens into spans, dropping implausible ones. */
export function spansOf(tokens: TokenTable, classes: Uint8Array, confidence: Float32Array, text: string): TaggedSpan[] {
  const out: TaggedSpan[] = [];
  const cased = TAGGER_FILTER_PATTERNS.anyUpper.test(text);
  let i = 0;
  while (i < tokens.count) {
    const c = classes[i] as number;
    if (c === 0) {
      i++;
      continue;
    }
    let j = i;
    let sum = 0;
    while (j < tokens.count && classes[j] === c) sum += confidence[j++] as number;
    const entityType = TAGGER_CLASSES[c] as string;
    const afterLocation = i > 0 && TAGGER_CLASSES[classes[i - 1] as number] === 'LOCATION';
    // Separators the tagger swept in at the end are not part of the value.
    let last = j - 1;
    while (last > i && TRAILING_SEPARATORS.includes(text[tokens.start[last] as number] as string)) last--;
    if (plausible(entityType, tokens, i, last + 1, text, cased, afterLocation)) {
      const factor = entityType !== 'DATE_TIME' && loneTableCell(tokens, i, last + 1, text) ? TABLE_CELL_FACTOR : 1;
      out.push({
        entityType,
        start: tokens.start[i] as number,
        end: tokens.end[last] as number,
        score: Math.round((sum / (j - i)) * factor * 100) / 100,
      });
    }
    i = j;
  }
  return out;
}

let common: ReadonlySet<string> | undefined;

/** The committed common-word list as a set, built on first use. */
export function commonWords(): ReadonlySet<string> {
  common ??= new Set(COMMON_WORDS.split(' '));
  return common;
}

let committed: TaggerWeights | undefined;

/** The committed model, decoded from base64 on first use. */
export function committedModel(): TaggerWeights {
  if (committed === undefined) {
    const bytes = Buffer.from(TAGGER_MODEL.weights, 'base64');
    committed = { weights: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length), scale: TAGGER_MODEL.scale };
  }
  return committed;
}

/** Reused between calls (scans are synchronous); a table grown by a huge input is not kept. */
let scratch = new TokenTable();
const MAX_KEPT_CAPACITY = 1 << 14;

/** Entity spans found by the committed tagger. */
export function tagEntities(text: string, model: TaggerWeights = committedModel()): TaggedSpan[] {
  const tokens = tokenize(text, commonWords(), scratch);
  if (tokens.capacity > MAX_KEPT_CAPACITY) scratch = new TokenTable();
  if (tokens.count === 0) return [];
  const { classes, confidence } = decode(tokens, model);
  return spansOf(tokens, classes, confidence, text);
}
