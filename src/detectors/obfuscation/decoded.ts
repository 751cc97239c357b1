/** What every obfuscation decoder returns; its own file so the decoders need not import their dispatcher. */
import type { Span } from '../../spec/types.js';

export const DECODER_NAMES = ['base64', 'base32', 'hex', 'url', 'rot13', 'reverse', 'leet', 'spaced', 'morse', 'braille'] as const;
export type DecoderName = (typeof DECODER_NAMES)[number];

export interface Decoded {
  kind: DecoderName;
  span: Span;
  text: string;
}
