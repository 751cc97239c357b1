/** Text hygiene applied before scanning. */

/** A lone (unpaired) UTF-16 surrogate; one code unit of lookaround keeps this linear. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

/** Replaces lone surrogates with U+FFFD; length is unchanged so spans stay valid. */
export function wellFormed(text: string): string {
  if (!ANY_SURROGATE.test(text)) return text;
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** UTF-8 byte length, computed only when the text could exceed the limit. */
export function exceedsBytes(text: string, maxBytes: number): boolean {
  if (text.length * 3 <= maxBytes) return false;
  if (text.length > maxBytes) return true;
  return Buffer.byteLength(text, 'utf8') > maxBytes;
}
