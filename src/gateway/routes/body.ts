/** Request body decoding: strict UTF-8, bounded nesting, JSON, each failure with its own error code. */
import { GatewayError } from '../errors.js';

export const JSON_ERROR_POSITION = /position (\d{1,10})/;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Deepest `[`/`{` nesting outside strings, stopping early once over the limit (linear, no recursion). */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

export function parseJsonBody(body: Buffer, maxDepth: number): unknown {
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    throw new GatewayError('invalid_utf8', 'Request body is not valid UTF-8.');
  }
  if (text.trim() === '') throw new GatewayError('invalid_json', 'Request body is empty; expected a JSON object.');
  if (jsonDepthExceeds(text, maxDepth)) throw new GatewayError('body_too_deep', `Request body nests deeper than ${maxDepth} levels.`);
  try {
    // `__proto__` keys are dropped so no later spread or merge can be steered by them (rare, so checked first).
    return text.includes('"__proto__"') ? JSON.parse(text, (k: string, v: unknown) => (k === '__proto__' ? undefined : v)) : JSON.parse(text);
  } catch (err) {
    // The engine's message may quote the body; only the position is relayed.
    const pos = err instanceof Error ? JSON_ERROR_POSITION.exec(err.message) : null;
    throw new GatewayError('invalid_json', `Request body is not valid JSON${pos ? ` (at position ${pos[1]})` : ''}.`);
  }
}
