/**
 * obfuscation: hidden or disguised text. Reports invisible characters, bidi controls, Unicode tag
 * characters (ASCII smuggling), homoglyphs and encoded payloads, and expands the text into normalized
 * and decoded variants so the other detectors can rescan what a model would actually read.
 */
import { z } from 'zod';
import type { Detector, DetectorContext, RawFinding, Variant } from '../spec/types.js';
import { analyze, type Analysis } from './obfuscation/analyze.js';
import { DECODER_NAMES } from './obfuscation/decoded.js';
import { memoByOptions } from './shared/options-cache.js';

export { UNICODE_PATTERNS } from './obfuscation/unicode.js';
export { CONFUSABLE_PATTERNS } from './obfuscation/confusables.js';
export { DECODER_PATTERNS } from './obfuscation/decoders.js';
export { ANALYZE_PATTERNS } from './obfuscation/analyze.js';
export { VARIATION_PATTERNS } from './obfuscation/variation-selectors.js';
export { CIPHER_PATTERNS } from './obfuscation/ciphers.js';
export { SYMBOL_PATTERNS } from './obfuscation/symbols.js';
export { SUSPICIOUS_PATTERNS } from './obfuscation/decoders.js';

const shape = {
  max_depth: z.number().int().min(1).max(5).default(3).describe('Maximum nesting of decoders (base64 inside hex ...)'),
  max_variants: z.number().int().min(0).max(256).default(32).describe('Maximum decoded/normalized variants per text'),
  max_variant_bytes: z.number().int().min(0).max(1_048_576).default(65_536).describe('Maximum total characters across variants'),
  decoders: z
    .array(z.enum(DECODER_NAMES))
    .default([...DECODER_NAMES])
    .describe(`Payload decoders to run: ${DECODER_NAMES.join(', ')}`),
};

const options = z.object(shape);
type ObfuscationOptions = z.infer<typeof options>;

/** Parsing fills defaults for partial options objects (tests, direct calls); once per options object. */
const resolve = memoByOptions<ObfuscationOptions, ObfuscationOptions>((raw) => options.parse(raw));

/**
 * The pipeline calls scan() and then expand() on the same text in one scan call: scan keeps its analysis for
 * that expand, which consumes it. Kept per scan call (ctx.scanId), so nothing outlives or leaks across scans,
 * and a direct call without a scanId analyses afresh.
 */
const kept = new WeakMap<object, { text: string; opts: object; result: Analysis }>();

function analysisFor(text: string, ctx: DetectorContext<ObfuscationOptions>, consume: boolean): Analysis {
  const raw: object = ctx.settings.options ?? resolve(undefined);
  const scan = ctx.scanId;
  const prior = scan === undefined ? undefined : kept.get(scan);
  const hit = prior !== undefined && prior.opts === raw && prior.text === text ? prior.result : undefined;
  const result = hit ?? analyze(text, resolve(ctx.settings.options));
  if (scan === undefined) return result;
  if (consume) kept.delete(scan);
  else kept.set(scan, { text, opts: raw, result });
  return result;
}

export const obfuscation: Detector<typeof shape> = {
  id: 'obfuscation',
  stages: ['input', 'output', 'retrieved', 'tool_result'],
  cost: 0,
  description: 'Invisible/bidi/tag characters, homoglyphs and encoded payloads; expands decoded variants for rescanning',
  options,
  scan(text, ctx): RawFinding[] {
    return analysisFor(text, ctx, false).findings;
  },
  expand(text, ctx): Variant[] {
    return analysisFor(text, ctx, true).variants;
  },
};
