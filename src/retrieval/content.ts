import type { AccessRuleConfig, WithheldCode } from '../spec/retrieval.js';

/** Share of control or replacement characters above which a text is treated as binary, not prose. */
const BINARY_RATIO = 0.1;

/**
 * True for text that is not prose: a NUL anywhere, or more than 10 % C0 controls (other than tab, CR, LF) or
 * U+FFFD (what invalid UTF-8 decodes to). One pass, no regex.
 */
export function looksBinary(text: string): boolean {
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) odd++;
  }
  return text.length > 0 && odd / text.length > BINARY_RATIO;
}

/** Size and binary checks on a document's text: a problem, or undefined when the text may be stored or used. */
export function contentProblem(text: string, rule: Pick<AccessRuleConfig, 'maxDocumentBytes'>): { code: WithheldCode; reason: string } | undefined {
  // UTF-16 length bounds the UTF-8 size from below, so huge texts are refused before being measured.
  if (text.length > rule.maxDocumentBytes || Buffer.byteLength(text, 'utf8') > rule.maxDocumentBytes) {
    return { code: 'too-large', reason: `text is larger than max_document_bytes (${rule.maxDocumentBytes} bytes)` };
  }
  if (looksBinary(text)) return { code: 'binary-content', reason: 'text looks binary (NUL or control characters), not a document' };
  return undefined;
}
