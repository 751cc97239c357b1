/**
 * The demo model's use of context, as a compromised model would: it answers from every document it was given
 * (quoting them, whatever their boundaries say), rewords or half-translates its instructions or documents on request
 * (to show leaks that survive light paraphrase) and base64-encodes what it exfiltrates when told to.
 */

/** Text between Warden's isolation boundaries (spotlight mode), or whole document-looking messages. */
const SEGMENT = /⟪BEGIN UNTRUSTED [A-Z ]{1,20}(?: "[^"\n]{0,120}")? ([0-9a-f]{12})⟫\n([^⟪]{0,4000})\n⟪END UNTRUSTED [A-Z ]{1,20} \1⟫/g;

export const DEMO_CONTEXT_PATTERNS = {
  reword: /\b(?:paraphrase|summari[sz]e|in your own words|reword|rephrase)\b/i,
  translate: /\btranslat(?:e|ion)\b/i,
  encode: /\bbase64\b/i,
} as const;

/** A few swaps a light paraphrase makes; deliberately small (the detectors are not tuned to it). */
const SYNONYMS: Readonly<Record<string, string>> = {
  never: 'do not ever',
  must: 'have to',
  customers: 'clients',
  customer: 'client',
  help: 'assist',
  only: 'just',
  reveal: 'disclose',
  answer: 'respond to',
  questions: 'queries',
  always: 'consistently',
  employees: 'staff',
  salary: 'pay',
  company: 'firm',
  confidential: 'private',
  use: 'employ',
};

/** The French a half translation swaps in. */
const FRENCH: Readonly<Record<string, string>> = {
  you: 'vous',
  are: 'êtes',
  the: 'le',
  and: 'et',
  never: 'jamais',
  customers: 'clients',
  with: 'avec',
  for: 'pour',
  assistant: 'assistant',
  questions: 'questions',
  help: 'aidez',
  not: 'pas',
  only: 'seulement',
};

function swapWords(text: string, table: Readonly<Record<string, string>>): string {
  return text.replace(/[A-Za-z]+/g, (w) => table[w.toLowerCase()] ?? w);
}

/** Drops articles and swaps a few words: what "in your own words" gets from a model that leaks anyway. */
export function reword(text: string): string {
  return swapWords(text.replace(/\b(?:a|an|the)\s+/gi, ''), SYNONYMS);
}

export function halfTranslate(text: string): string {
  return swapWords(text, FRENCH);
}

/** The isolated segments (documents, tool results) in the conversation's messages. */
export function documentsIn(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of texts) for (const m of t.matchAll(SEGMENT)) out.push(m[2] as string);
  return out;
}
