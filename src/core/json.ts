/** JSON from untrusted text: nesting bounded before parsing (no recursion), `__proto__` keys dropped. */

/** Where V8's JSON.parse message says it failed; only this is relayed, since the message may quote the text. */
export const JSON_ERROR_POSITION = /position (\d{1,10})/;

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

/**
 * JSON.parse without `__proto__` keys, so no later spread or merge can be steered by them (rare, so checked
 * first). Throws SyntaxError like JSON.parse.
 */
export function parseJsonData(text: string): unknown {
  return text.includes('"__proto__"') ? JSON.parse(text, (k: string, v: unknown) => (k === '__proto__' ? undefined : v)) : JSON.parse(text);
}
