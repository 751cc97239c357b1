/**
 * Per-language vocabulary of the hijack grammar and its compiled index: every term becomes a token
 * pattern keyed by its first token, so looking up what starts at a token is one or two hash lookups.
 */
import { ESCAPES, IDEOGRAPH, WORD, charKind, tokenize, type Tokens } from './tokens.js';
import { MIN_TYPO_LENGTH, typoVariants } from './typos.js';
import type { Language } from '../types.js';
import { PART_KEYS, type HijackLexicon, type Part } from './lexicon-shape.js';
import { CharTrie, NONE } from './char-trie.js';

/** Parts whose single-word terms get typo variants; function words are too short or too common. */
const TYPO_PARTS: ReadonlySet<Part> = new Set(['verb', 'weakVerb', 'prior', 'quant', 'instruction', 'data', 'directive']);

interface TokenPattern {
  text: string;
  prefix: boolean;
}

interface Entry {
  lang: Language;
  part: Part;
  /** Patterns of the tokens after the first. */
  rest: readonly TokenPattern[];
  typo: boolean;
}

/** Receives the terms found at a token (the event pool: no object per lookup). */
export interface EventSink {
  add(lang: Language, part: Part, from: number, to: number, typo: boolean): void;
}

/** A term found in the text: tokens [from, to) of one language. */
export interface LexEvent {
  lang: Language;
  part: Part;
  from: number;
  to: number;
  typo: boolean;
}

/** At a node: `exact` holds the terms whose first token is exactly the path to it, `stem` those whose first token is a stem ending there. */
type Trie = CharTrie<Entry>;

/** Parts that start a grammar match: outside data regions, a text without one needs no other lookup. */
const TRIGGER_PARTS: ReadonlySet<Part> = new Set(['verb', 'weakVerb']);
/** Parts that address the model: in a whole document (retrieved, tool_result) they start a match too. */
const ADDRESS_PARTS: ReadonlySet<Part> = new Set(['cue', 'vocative', 'tag', 'output']);

/**
 * Two character tries over the first tokens of all terms (and their typo variants): one with every term,
 * one with the verbs only (mayTrigger). A token is looked up by walking its characters in the folded text, so no
 * token string is ever built; a stem matches at every node its walk passes.
 */
export class HijackIndex {
  private readonly all: Trie = new CharTrie();
  private readonly triggers: Trie = new CharTrie();
  private readonly addressees: Trie = new CharTrie();
  readonly lexicons: ReadonlyMap<Language, HijackLexicon>;

  /**
   * Typo variants in a character trie of their own: `exact` at a variant's last character, `stem` at a stem
   * variant's (matched on a token's prefixes), walked over the folded text like `all` so no substring is built.
   */
  private readonly typos: Trie = new CharTrie();

  constructor(lexicons: ReadonlyArray<readonly [Language, HijackLexicon]>) {
    this.lexicons = new Map(lexicons);
    const real = new Set<string>();
    const typos: Array<[TokenPattern, Entry]> = [];
    for (const [lang, lexicon] of lexicons) {
      for (const part of Object.keys(PART_KEYS) as Part[]) {
        for (const term of (lexicon[PART_KEYS[part]] as readonly string[] | undefined) ?? []) {
          const [first, ...rest] = termPatterns(term);
          if (first === undefined) throw new Error(`hijack lexicon ${lang}: empty ${part} term`);
          if (first.prefix && first.text.length < MIN_STEM) throw new Error(`hijack lexicon ${lang}: stem "${first.text}*" is shorter than ${MIN_STEM}`);
          real.add(first.text);
          this.add(first, { lang, part, rest, typo: false });
          if (ADDRESS_PARTS.has(part)) insert(this.addressees, addresseeKey(first, rest, lexicon.vocatives), { lang, part, rest, typo: false });
          if (rest.length === 0 && TYPO_PARTS.has(part)) {
            // One entry for all of a word's variants: entries are read, never compared by identity.
            const entry: Entry = { lang, part, rest, typo: true };
            for (const variant of typoVariants(first.text)) typos.push([{ text: variant, prefix: first.prefix }, entry]);
          }
        }
      }
    }
    // A variant that is itself a lexicon word would change that word's meaning.
    for (const [pattern, entry] of typos) {
      if (real.has(pattern.text)) continue;
      addEntry(this.typos, this.typos.path(pattern.text), pattern.prefix, entry, (e) => e.lang === entry.lang && e.part === entry.part);
      // Misspelt verbs must pass the mayTrigger prefilter too.
      if (TRIGGER_PARTS.has(entry.part)) insert(this.triggers, pattern, entry);
    }
  }

  private add(pattern: TokenPattern, entry: Entry): void {
    insert(this.all, pattern, entry);
    if (TRIGGER_PARTS.has(entry.part)) insert(this.triggers, pattern, entry);
  }

  /**
   * Whether a verb of disregard may start anywhere in the text, checked on the characters before any
   * tokenizing: from every word start (and every ideograph) the trigger trie is walked. It may say yes
   * for a text without a match (a multi-word verb's first word), never no for a text with one. With `addressed`
   * (whole documents) a word that addresses the model counts as well.
   */
  mayTrigger(folded: string, langs: ReadonlySet<Language> | undefined, addressed = false): boolean {
    const n = folded.length;
    let previousWord = false;
    for (let p = 0; p < n; p++) {
      const kind = charKind(folded.charCodeAt(p));
      // The letter of an escape ("\\nIgnore") is no word start: the tokenizer reads `\n` as a line break.
      const escaped: boolean = kind === WORD && !previousWord && p > 0 && folded.charCodeAt(p - 1) === 0x5c && ESCAPES.includes(folded.charAt(p));
      const starts = kind === IDEOGRAPH || (kind === WORD && !previousWord && !escaped);
      previousWord = kind === WORD && !escaped;
      if (starts && (walkTrigger(this.triggers, folded, p, langs) || (addressed && walkTrigger(this.addressees, folded, p, langs)))) return true;
    }
    return false;
  }

  /** Terms starting at token i, in the given languages (all when undefined). */
  lookup(folded: string, tokens: Tokens, i: number, langs: ReadonlySet<Language> | undefined, out: EventSink): void {
    if (tokens.boundary[i] === true) return;
    const end = tokens.end[i] as number;
    const trie = this.all;
    let node = CharTrie.ROOT;
    for (let k = tokens.start[i] as number; k < end; k++) {
      node = trie.child(node, folded.charCodeAt(k));
      if (node === NONE) return;
      const stem = trie.stem[node];
      if (stem !== undefined) collect(stem, folded, tokens, i, langs, out);
    }
    const exact = trie.exact[node];
    if (exact !== undefined) collect(exact, folded, tokens, i, langs, out);
  }

  /** Misspelt terms at token i: the whole token as a variant, then variant stems from the shortest. */
  lookupTypos(folded: string, tokens: Tokens, i: number, langs: ReadonlySet<Language> | undefined, out: EventSink): void {
    if (tokens.boundary[i] === true) return;
    const start = tokens.start[i] as number;
    const end = tokens.end[i] as number;
    if (end - start < MIN_TYPO_LENGTH - 1) return;
    const trie = this.typos;
    let node = CharTrie.ROOT;
    let stems = 0;
    for (let k = start; k < end && node !== NONE; k++) {
      node = trie.child(node, folded.charCodeAt(k));
      const stem = node === NONE ? undefined : trie.stem[node];
      if (stem !== undefined && k - start + 1 >= MIN_TYPO_LENGTH - 1) typoStemScratch[stems++] = stem;
    }
    const exact = node === NONE ? undefined : trie.exact[node];
    if (exact !== undefined) collect(exact, folded, tokens, i, langs, out);
    for (let s = 0; s < stems; s++) collect(typoStemScratch[s] as Entry[], folded, tokens, i, langs, out);
    typoStemScratch.fill(undefined, 0, stems);
  }
}

function walkTrigger(trie: Trie, folded: string, p: number, langs: ReadonlySet<Language> | undefined): boolean {
  let node = CharTrie.ROOT;
  for (let k = p; k < folded.length; k++) {
    node = trie.child(node, folded.charCodeAt(k));
    if (node === NONE) return false;
    const stem = trie.stem[node];
    if (stem !== undefined && inLanguages(stem, langs)) return true;
    const exact = trie.exact[node];
    if (exact !== undefined && charKind(folded.charCodeAt(k + 1)) !== WORD && inLanguages(exact, langs)) return true;
  }
  return false;
}

/**
 * The token of an addressing term the document prefilter looks for: any token of a match is in the text, so the
 * rarest is best; a name of the model ("if you are an AI" -> "ai") where the term holds one, else its longest token.
 */
function addresseeKey(first: TokenPattern, rest: readonly TokenPattern[], vocatives: readonly string[]): TokenPattern {
  const all = [first, ...rest];
  return all.find((p) => !p.prefix && vocatives.includes(p.text)) ?? all.reduce((a, b) => (b.text.length >= a.text.length ? b : a));
}

/** Stem variants met on one token's walk, in walk order (reused: lookups are synchronous). */
const typoStemScratch: Array<Entry[] | undefined> = [];

/** Adds entry to the stem or exact list at a node unless the list holds a `same` one. */
function addEntry(trie: Trie, node: number, stem: boolean, entry: Entry, same: (e: Entry) => boolean): void {
  const lists = stem ? trie.stem : trie.exact;
  const list = lists[node];
  // A one-element literal: an empty array grown by push reserves 17 slots, and most lists keep one entry.
  if (list === undefined) lists[node] = [entry];
  else if (!list.some(same)) list.push(entry);
}

function insert(trie: Trie, pattern: TokenPattern, entry: Entry): void {
  addEntry(trie, trie.path(pattern.text), pattern.prefix, entry, (e) => e.lang === entry.lang && e.part === entry.part && samePatterns(e.rest, entry.rest));
}

function inLanguages(entries: readonly Entry[], langs: ReadonlySet<Language> | undefined): boolean {
  return langs === undefined || entries.some((e) => langs.has(e.lang));
}

/** Shortest stem: Korean stems are two syllables. */
const MIN_STEM = 2;

function tokenIs(folded: string, tokens: Tokens, j: number, p: TokenPattern): boolean {
  if (j >= tokens.start.length || tokens.boundary[j] === true) return false;
  const start = tokens.start[j] as number;
  const length = (tokens.end[j] as number) - start;
  return (p.prefix ? length >= p.text.length : length === p.text.length) && folded.startsWith(p.text, start);
}

function collect(entries: readonly Entry[], folded: string, tokens: Tokens, i: number, langs: ReadonlySet<Language> | undefined, out: EventSink): void {
  for (const e of entries) {
    if (langs !== undefined && !langs.has(e.lang)) continue;
    let ok = true;
    for (let k = 0; k < e.rest.length && ok; k++) ok = tokenIs(folded, tokens, i + 1 + k, e.rest[k] as TokenPattern);
    if (ok) out.add(e.lang, e.part, i, i + 1 + e.rest.length, e.typo);
  }
}

function termPatterns(term: string): TokenPattern[] {
  const patterns: TokenPattern[] = [];
  for (const word of term.split(' ')) {
    const prefix = word.endsWith('*');
    const text = prefix ? word.slice(0, -1) : word;
    const tokens = tokenize(text);
    tokens.start.forEach((start, k) => {
      if (tokens.boundary[k] === true) throw new Error(`hijack lexicon term "${term}" contains a sentence end`);
      patterns.push({ text: text.slice(start, tokens.end[k]), prefix: prefix && k === tokens.start.length - 1 });
    });
  }
  return patterns;
}

function samePatterns(a: readonly TokenPattern[], b: readonly TokenPattern[]): boolean {
  return a.length === b.length && a.every((p, k) => p.text === (b[k] as TokenPattern).text && p.prefix === (b[k] as TokenPattern).prefix);
}
