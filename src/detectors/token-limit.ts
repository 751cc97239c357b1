/**
 * token-limit: rejects texts longer than a token or character budget, counted with the real BPE
 * tokenizer (gpt-tokenizer). Every token covers at least one UTF-8 byte, so texts whose byte length is
 * within the limit never load or run the tokenizer; longer ones stop encoding as soon as the limit is passed.
 */
import { z } from 'zod';
import type { Detector, RawFinding } from '../spec/types.js';
import { piecesExceedLimit } from './token-limit/tokenizer-thread.js';

export const ENCODINGS = ['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base'] as const;
export type Encoding = (typeof ENCODINGS)[number];

const shape = {
  max_tokens: z.number().int().positive().default(8192).describe('Maximum tokens per scanned text'),
  max_chars: z.number().int().positive().optional().describe('Optional maximum length in characters (UTF-16 code units)'),
  encoding: z.enum(ENCODINGS).default('o200k_base').describe('Tokenizer encoding: o200k_base (GPT-4o and later), cl100k_base (GPT-4/3.5), ...'),
};

/**
 * BPE merging is quadratic in the length of one pre-token, so a 100 KB run of letters would take seconds.
 * Runs of whitespace or non-whitespace are cut every MAX_RUN characters; each cut can only add a token
 * (merges across it are lost), so the count never falls below the true one.
 */
export const MAX_RUN = 256;

function* pieces(text: string): Generator<string> {
  let start = 0;
  let runStart = 0;
  let runSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 0x20 || (c >= 0x09 && c <= 0x0d);
    if (space !== runSpace) {
      runSpace = space;
      runStart = i;
    } else if (i - runStart >= MAX_RUN && !(c >= 0xdc00 && c <= 0xdfff)) {
      yield text.slice(start, i);
      start = i;
      runStart = i;
    }
  }
  yield text.slice(start);
}

/**
 * True when text has more than `limit` tokens; stops encoding as soon as the limit is passed. Special tokens such
 * as `<|endoftext|>` in user text are counted as plain text, never rejected. The tokenizer runs in its own thread
 * (token-limit/tokenizer-thread.ts).
 */
export function exceedsTokenLimit(text: string, limit: number, encoding: Encoding): boolean {
  if (text.length <= limit && Buffer.byteLength(text, 'utf8') <= limit) return false;
  return piecesExceedLimit([...pieces(text)], limit, encoding);
}

export const tokenLimit: Detector<typeof shape> = {
  id: 'token-limit',
  stages: ['input', 'output'],
  cost: 0,
  description: 'Blocks texts over a token budget (real BPE count) or character budget',
  options: z.object(shape),
  scan(text, ctx): RawFinding[] {
    const { max_tokens = 8192, max_chars, encoding = 'o200k_base' } = ctx.settings.options;
    const findings: RawFinding[] = [];
    if (max_chars !== undefined && text.length > max_chars) {
      findings.push({
        ruleId: 'token-limit/chars',
        score: 1,
        spans: [],
        message: `Text is ${text.length} characters, over the ${max_chars}-character limit`,
        redactable: false,
      });
    }
    if (exceedsTokenLimit(text, max_tokens, encoding)) {
      findings.push({
        ruleId: 'token-limit/tokens',
        score: 1,
        spans: [],
        message: `Text exceeds the ${max_tokens}-token limit (${encoding}); shorten it or raise max_tokens`,
        redactable: false,
      });
    }
    return findings;
  },
};
