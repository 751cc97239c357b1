/**
 * One pass over a text producing both the obfuscation findings and the variants to rescan, so that
 * scan() and expand() on the same text share the work.
 */
import type { RawFinding, Span, Variant } from '../../spec/types.js';
import { CONFUSABLE_PATTERNS, findHomoglyphWords, type HomoglyphWord } from './confusables.js';
import type { DecoderName } from './decoded.js';
import { decodeAll, isSuspicious } from './decoders.js';
import { findBidi, findInvisibles, findTags, stripInvisible, UNICODE_PATTERNS } from './unicode.js';
import { findVariationSmuggling, stripVariationRuns } from './variation-selectors.js';

export interface AnalyzeOptions {
  max_depth: number;
  max_variants: number;
  max_variant_bytes: number;
  decoders: readonly DecoderName[];
}

export interface Analysis {
  findings: RawFinding[];
  variants: Variant[];
}

export const ANALYZE_PATTERNS = {
  /**
   * Styled letters NFKC folds to ASCII: fullwidth, math alphanumerics (and their letterlike-block holes),
   * circled and squared letters, ligatures. Not ™, ①, x₁: common in normal text and no evasion value.
   */
  compatAlnum:
    /[\uFB00-\uFB06\uFF21-\uFF3A\uFF41-\uFF5A\u210A-\u2113\u2115\u2119-\u211D\u2124\u2128\u212C\u212D\u212F-\u2131\u2133\u2134\u2139\u24B6-\u24E9\u{1D400}-\u{1D7FF}\u{1F130}-\u{1F189}]/u,
  unprintable: /[^\x20-\x7E]/g,
  /** Stacked combining marks ("zalgo" text), which break keyword matching without changing the letters. */
  zalgo: /[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]{2}/,
  combining: /[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/g,
};

/** Kinds that are ciphers rather than transport encodings: nobody writes rot13 or Morse to a model by accident. */
const CIPHERS = ['rot13', 'reverse', 'spaced', 'morse', 'braille'];
const SELF_INVERSE = ['rot13', 'reverse'];

const PREVIEW = 24;
/** Decoded candidates examined per free variant slot, so suspicious ones can win the budget. */
const CANDIDATES_PER_VARIANT = 4;

/** A short, quoted, printable preview of hidden text, so the message shows intent without the full payload. */
export function preview(text: string): string {
  const clean = text.slice(0, PREVIEW).replace(ANALYZE_PATTERNS.unprintable, '?');
  return `"${clean}${text.length > PREVIEW ? '...' : ''}" (${text.length} chars)`;
}

function saturating(base: number, per: number, weight: number, cap = 0.95): number {
  return Math.min(cap, base + per * weight);
}

class VariantBudget {
  readonly variants: Variant[] = [];
  private bytes = 0;
  constructor(private readonly opts: AnalyzeOptions) {}

  add(v: Variant): boolean {
    if (this.variants.length >= this.opts.max_variants || this.bytes + v.text.length > this.opts.max_variant_bytes) return false;
    if (this.variants.some((x) => x.text === v.text)) return false;
    this.variants.push(v);
    this.bytes += v.text.length;
    return true;
  }

  get remaining(): number {
    return Math.max(0, this.opts.max_variants - this.variants.length);
  }

  get full(): boolean {
    return this.variants.length >= this.opts.max_variants || this.bytes >= this.opts.max_variant_bytes;
  }
}

interface PayloadHit {
  kind: string;
  span: Span;
  suspicious: boolean;
  depth: number;
}

/** Breadth-first decoding up to max_depth; a chained variant keeps the outermost segment as its source. */
function decodePayloads(text: string, opts: AnalyzeOptions, budget: VariantBudget, rootKind: string, rootSource?: Span): PayloadHit[] {
  const hits: PayloadHit[] = [];
  let frontier: Array<{ text: string; kind: string; source?: Span }> = [{ text, kind: rootKind, source: rootSource }];
  for (let depth = 1; depth <= opts.max_depth && frontier.length > 0 && !budget.full; depth++) {
    const next: typeof frontier = [];
    for (const item of frontier) {
      // rot13 and reversal are their own inverses: never apply them to their own output.
      const last = item.kind.slice(item.kind.lastIndexOf('>') + 1);
      const decoders = SELF_INVERSE.includes(last) ? opts.decoders.filter((d) => d !== last) : opts.decoders;
      for (const d of decodeAll(item.text, decoders, CANDIDATES_PER_VARIANT * budget.remaining)) {
        const kind = item.kind ? `${item.kind}>${d.kind}` : d.kind;
        const source = item.source ?? d.span;
        if (!budget.add({ kind, text: d.text, source })) continue;
        hits.push({ kind, span: source, suspicious: isSuspicious(d.text), depth });
        next.push({ text: d.text, kind, source });
      }
    }
    frontier = next;
  }
  return hits;
}

function payloadFinding(hits: PayloadHit[]): RawFinding | undefined {
  if (hits.length === 0) return undefined;
  const suspicious = hits.filter((h) => h.suspicious);
  const deepest = Math.max(...hits.map((h) => h.depth));
  const kinds = [...new Set(hits.map((h) => h.kind))].slice(0, 6).join(', ');
  const ciphers = hits.some((h) => CIPHERS.some((c) => h.kind.includes(c)));
  let score = ciphers ? 0.45 : 0.25;
  if (suspicious.length > 0) score = 0.85;
  if (deepest > 1) score = Math.min(0.95, score + 0.1);
  const spans = dedupeSpans((suspicious.length > 0 ? suspicious : hits).map((h) => h.span));
  const what = suspicious.length > 0 ? 'decodes to instruction-like or secret-seeking text' : 'decodes to readable text';
  return {
    ruleId: 'obfuscation/encoded-payload',
    score,
    spans,
    message: `${hits.length} encoded segment(s) (${kinds}) ${what}${deepest > 1 ? `, nested ${deepest} deep` : ''}`,
    redactable: false,
  };
}

function dedupeSpans(spans: Span[]): Span[] {
  const seen = new Set<string>();
  return spans.filter((s) => {
    const key = `${s.start}:${s.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function normalize(text: string, strip: boolean, words: HomoglyphWord[], zalgo: boolean): string {
  let out = text;
  if (words.length > 0) {
    const parts: string[] = [];
    let at = 0;
    for (const w of words) {
      parts.push(out.slice(at, w.span.start), w.folded);
      at = w.span.end;
    }
    parts.push(out.slice(at));
    out = parts.join('');
  }
  if (strip) out = stripVariationRuns(stripInvisible(out));
  out = out.normalize('NFKC');
  // After NFKC composed legitimate accents, what remains of the marks in zalgo text is noise.
  return zalgo ? out.replace(ANALYZE_PATTERNS.combining, '') : out;
}

/** Character-level findings; only run on texts that contain non-ASCII characters. */
function unicodeFindings(text: string, findings: RawFinding[]): { strip: boolean; words: HomoglyphWord[]; hidden: string } {
  const inv = findInvisibles(text);
  if (inv.weight > 0) {
    findings.push({
      ruleId: 'obfuscation/invisible',
      score: saturating(0.25, 0.2, inv.weight),
      spans: inv.spans,
      message: `${inv.count} invisible character(s), ${Math.ceil(inv.weight)} outside emoji or joining-script context`,
      redactable: false,
    });
  }
  const bidi = findBidi(text);
  if (bidi.count > 0) {
    const rtl = UNICODE_PATTERNS.rtlLetter.test(text);
    const score = (bidi.overrides > 0 ? 0.8 : rtl ? 0.35 : 0.6) + (bidi.unbalanced ? 0.15 : 0);
    findings.push({
      ruleId: 'obfuscation/bidi',
      score: Math.min(0.95, score),
      spans: bidi.spans,
      message: `${bidi.count} bidi control character(s)${bidi.overrides > 0 ? `, ${bidi.overrides} override(s)` : ''}${bidi.unbalanced ? ', unbalanced' : ''}: displayed order may differ from logical order`,
      redactable: false,
    });
  }
  const tags = findTags(text);
  if (tags.weight > 0) {
    findings.push({
      ruleId: 'obfuscation/tag-chars',
      score: tags.hidden.trim().length >= 3 ? 0.9 : 0.6,
      spans: tags.spans,
      message: `${tags.weight} Unicode tag character(s) hide text ${preview(tags.hidden)}`,
      redactable: false,
    });
  }
  const words = CONFUSABLE_PATTERNS.foreignLetter.test(text) ? findHomoglyphWords(text) : [];
  const spoofed = words.filter((w) => w.weight > 0);
  if (spoofed.length > 0) {
    const weight = spoofed.reduce((n, w) => n + w.weight, 0);
    findings.push({
      ruleId: 'obfuscation/homoglyph',
      score: saturating(0.4, 0.25, weight),
      spans: spoofed.slice(0, 32).map((w) => w.span),
      message: `${spoofed.length} word(s) mix Latin letters with Cyrillic/Greek/Armenian/Cherokee lookalikes (e.g. reads as "${spoofed[0]?.folded.slice(0, 24) ?? ''}")`,
      redactable: false,
    });
  }
  const selectors = findVariationSmuggling(text);
  if (selectors.count > 0) {
    findings.push({
      ruleId: 'obfuscation/tag-chars',
      score: selectors.count >= 4 ? 0.9 : 0.5,
      spans: selectors.spans,
      message: `${selectors.count} stacked variation selector(s) carry hidden bytes ${preview(selectors.hidden)}`,
      redactable: false,
    });
  }
  const hidden = [tags.hidden, selectors.hidden].filter((h) => h.trim().length > 0).join('\n');
  return { strip: inv.weight > 0 || tags.weight > 0 || selectors.count > 0, words, hidden };
}

export function analyze(text: string, opts: AnalyzeOptions): Analysis {
  const findings: RawFinding[] = [];
  const budget = new VariantBudget(opts);
  const whole = { start: 0, end: text.length };
  let normalized: string | undefined;
  let hidden = '';
  if (UNICODE_PATTERNS.nonAscii.test(text)) {
    const u = unicodeFindings(text, findings);
    hidden = u.hidden.trim();
    if (hidden.length > 0) budget.add({ kind: 'tag-chars', text: u.hidden, source: whole });
    const zalgo = ANALYZE_PATTERNS.zalgo.test(text);
    if (u.strip || u.words.length > 0 || zalgo || ANALYZE_PATTERNS.compatAlnum.test(text)) {
      const n = normalize(text, u.strip, u.words, zalgo);
      if (n !== text) normalized = n;
    }
  }
  if (normalized !== undefined) budget.add({ kind: 'normalized', text: normalized, source: whole });
  const hits = decodePayloads(text, opts, budget, '');
  if (normalized !== undefined) hits.push(...decodePayloads(normalized, opts, budget, 'normalized', whole));
  if (hidden.length > 0) hits.push(...decodePayloads(hidden, opts, budget, 'tag-chars', whole));
  const payload = payloadFinding(hits);
  if (payload) findings.push(payload);
  return { findings, variants: budget.variants };
}
