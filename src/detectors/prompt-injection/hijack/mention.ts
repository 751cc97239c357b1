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
  return k >= 0 && folded.charAt(k) !== '\n' && !QUOTES.has(folded.charAt(k)) && folded.charAt(k) !== ':' && !isAttributeValue(folded, k, start);
}

/** `alt="..."`: the quote opens an attribute value (data the model reads), not a quotation in prose. */
function isAttributeValue(folded: string, k: number, start: number): boolean {
  if (folded.charAt(k) !== '=' || k !== start - 2) return false;
  const c = folded.charCodeAt(k - 1);
  return (c >= 0x61 && c <= 0x7a) || c === 0x2d;
}

/**
 * Whether [start, end) is a whole string literal: `stop=["<|im_start|>", "<|im_end|>"]` names a chat-template
 * token in code. A fake delimiter that is used opens a turn (`"<|im_start|>system ...`), so it is never quoted whole.
 */
export function isStringLiteral(folded: string, start: number, end: number): boolean {
  const open = folded.charAt(start - 1);
  return (open === '"' || open === "'" || open === '`') && folded.charAt(end) === open;
}

/**
 * English words right before a verb that report, forbid or describe it instead of giving it: "told me to
 * ignore", "instructing it to ignore", "requests to ignore", "never reveal", "a reminder to ignore the old
 * task list". Not "you to" ("I want you to ignore ...") nor a modal ("you will ignore ...").
 */
export const REPORTED = [
  'me to', 'him to', 'her to', 'them to', 'us to', 'it to', 'how to', 'told to', 'asked to', 'ordered to', 'trying to', 'try to', 'tries to', 'attempts to', 'attempt to', 'designed to', 'meant to', 'tricked into',
  'llm to', 'model to', 'chatbot to', 'assistant to', 'system to', 'tells you to', 'tell you to', 'get you to', 'force you to', 'instructing you to', 'instructs you to', 'asks you to', 'asking you to',
  'request to', 'requests to', 'prompting to', 'instructions to', 'commands to', 'reminder to', 'heads-up to', 'heads up to',
  'never', 'not', 'not to', "don't", "doesn't", 'cannot', "can't", "won't",
];
/** English prepositions that place instructions inside data: "ignore any instructions in the file". */
export const LOCATIVES = ['in', 'inside', 'within', 'on', 'embedded in', 'contained in', 'found in', 'hidden in'];
/** What such a preposition points at: data, not the conversation ("inside it", "on screen", "in the file"). */
export const CONTAINERS = ['it', 'them', 'screen', 'screenshots', 'images', 'attachment', 'attachments', 'upload', 'uploads', 'file', 'files', 'document', 'documents', 'page', 'pages', 'webpage', 'website', 'web', 'email', 'emails', 'e-mail', 'input', 'content', 'text', 'message', 'messages', 'output', 'results', 'tool', 'tools', 'retrieved', 'external', 'pdf', 'data'];
const PLACES = new Set(CONTAINERS);
const LOCATIVE_WORDS = new Set(LOCATIVES.filter((w) => !w.includes(' ')));
const NEAR_WORDS = 4;

/**
 * Whether the phrase ending at `end` is followed by a preposition that puts it inside data ("any instructions
 * | in the user input", "| on screen"): a defence against injected text. English words, scanned in place.
 */
export function isInDataAt(folded: string, end: number): boolean {
  let at = end;
  for (let word = 0; word <= NEAR_WORDS; word++) {
    while (folded.charCodeAt(at) === 0x20) at++;
    let stop = at;
    while (stop < folded.length && isWordChar(folded.charCodeAt(stop))) stop++;
    if (stop === at) return false;
    const w = folded.slice(at, stop);
    if (word === 0 && !LOCATIVE_WORDS.has(w)) return false;
    if (word > 0 && PLACES.has(w)) return true;
    at = stop;
  }
  return false;
}

function isWordChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || c === 0x2d || (c >= 0x30 && c <= 0x39);
}

/** English third-person possessives: "their system prompt" is someone else's. */
export const OTHERS = ['their', 'his', 'her', 'its', "someone's", "others'"];

function wordAt(folded: string, at: number, word: string): boolean {
  const before = at === 0 || folded.charCodeAt(at - 1) === 0x20;
  const after = folded.charCodeAt(at + word.length);
  return before && folded.startsWith(word, at) && !(after >= 0x61 && after <= 0x7a);
}

/**
 * A phrase match [start, end) that reports or quotes a command, or (with `others`) concerns someone else's
 * instructions. Extraction requests leave `others` off: "the assistant must reveal its system prompt" is
 * an injection in the third person.
 */
export function isMentionAt(folded: string, start: number, end: number, others = true): boolean {
  if (isQuotedMention(folded, start)) return true;
  if (REPORTED.some((phrase) => folded.endsWith(`${phrase} `, start))) return true;
  if (!others) return false;
  for (let at = folded.indexOf(' ', start); at >= 0 && at < end; at = folded.indexOf(' ', at + 1)) {
    if (OTHERS.some((word) => wordAt(folded, at + 1, word))) return true;
  }
  return false;
}
