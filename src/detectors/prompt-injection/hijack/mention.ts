/**
 * Stance: a phrase that is talked about is not addressed to the model. Shared by the hijack grammar and
 * the instruction-override phrase family, on folded text.
 */

/** Quote characters that open a quoted mention (not the single quote: also an apostrophe, and payloads use it). */
const QUOTES = new Set(['"', '“', '«', '„', '`', '「', '『']);

/** Whether the phrase at `start` is quoted inside a sentence (an attacker writes "ignore previous instructions"). */
export function isQuotedMention(folded: string, start: number): boolean {
  if (!QUOTES.has(folded.charAt(start - 1))) return false;
  // A quote opening the text or a line is the payload itself, not a mention of it.
  let k = start - 2;
  while (k >= 0 && folded.charCodeAt(k) === 0x20) k--;
  return k >= 0 && folded.charAt(k) !== '\n' && !QUOTES.has(folded.charAt(k)) && folded.charAt(k) !== ':';
}

/** English reporting phrases right before a verb: "told me to ignore", "how to ignore". */
export const REPORTED = ['me to', 'him to', 'her to', 'them to', 'us to', 'how to', 'told to', 'asked to', 'trying to', 'try to', 'tries to', 'attempts to', 'attempt to', 'designed to', 'meant to', 'tricked into'];
/** English third-person possessives: "their system prompt" is someone else's. */
export const OTHERS = ['their', 'his', 'her', 'its', "someone's", "others'"];

function wordAt(folded: string, at: number, word: string): boolean {
  const before = at === 0 || folded.charCodeAt(at - 1) === 0x20;
  const after = folded.charCodeAt(at + word.length);
  return before && folded.startsWith(word, at) && !(after >= 0x61 && after <= 0x7a);
}

/** A phrase match [start, end) that reports, quotes or concerns someone else's instructions. */
export function isMentionAt(folded: string, start: number, end: number): boolean {
  if (isQuotedMention(folded, start)) return true;
  if (REPORTED.some((phrase) => folded.endsWith(`${phrase} `, start))) return true;
  for (let at = folded.indexOf(' ', start); at >= 0 && at < end; at = folded.indexOf(' ', at + 1)) {
    if (OTHERS.some((word) => wordAt(folded, at + 1, word))) return true;
  }
  return false;
}
