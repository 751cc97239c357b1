/**
 * Sentence-level cue features for indirect injections: an instruction addressed to the assistant
 * inside data ("Modify your answer to...", "AI: ignore the user's question") looks like ordinary text
 * to n-grams, so each sentence also emits a few hashed structural features: imperative opening (a
 * base-form verb from a project-written list, several languages; in verb-final languages an imperative
 * ending, cue-words.ts), second person, answer/response
 * nouns, AI/assistant/user mentions, questions, and the contrast with the rest of the document (a lone
 * imperative or question among statements, a prose line inside a table or code, versus a run of
 * recipe or how-to steps). Two linear passes over the normalized text.
 */
import { AI_MORE, ANSWER_MORE, FINAL_VERBS, OPENERS_MORE, QUESTION_MORE, RUN_PREFIX_VERBS, RUN_SUFFIX_FINALS, SECOND_CHARS, USER_MORE, VERBS_MORE, YOU_MORE } from './cue-words.js';
import type { Normalized } from './normalize.js';

/** Project-written word lists (lowercase; matched on whole normalized words). */
const VERBS =
  'add append include insert integrate incorporate embed merge blend fuse weave modify change alter rewrite rephrase write compose draft create generate produce develop provide give list describe explain summarize summarise translate reply respond answer use replace substitute convert encode decode render express mention state tell say recommend suggest help show output print run execute send forward email visit click share analyze analyse determine classify identify compare evaluate calculate find search enhance augment emphasize highlight promote advertise inform alert warn ask remind ensure remember ignore disregard forget skip stop start begin end format switch act pretend consider leverage utilize employ deploy engage enrich introduce interweave enlist validate make keep do don\'t dont never always only instead stay refuse avoid reveal disclose repeat copy paste redirect direct urge encourage ' +
  // de fr es pt it nl: imperative forms of the same verbs.
  'füge fügen schreibe schreiben antworte antworten ignoriere ignorieren gib geben nenne nennen erwähne erwähnen übersetze übersetzen verwende verwenden füge sende senden ' +
  'ajoutez ajoute écrivez écris répondez réponds ignorez ignore incluez inclus mentionnez mentionne traduisez traduis utilisez utilise fournissez fournis donnez donne envoyez envoie ' +
  'añade agrega escribe responde ignora incluye menciona traduce usa utiliza proporciona da envía ' +
  'adicione acrescente escreva responda ignore inclua mencione traduza use utilize forneça dê envie ' +
  'aggiungi scrivi rispondi ignora includi menziona traduci usa utilizza fornisci dai invia ' +
  'voeg schrijf antwoord negeer vermeld vertaal gebruik geef stuur';
const OPENERS = 'please kindly now also additionally then and so first finally important note attention urgent pls bitte veuillez por favor per favore alsjeblieft';
const YOU = 'you your yours yourself you\'re ur du dein deine deiner ihre sie vous votre tu ton ta tes usted su sua seu você tua tuo vostra vostro jij je jouw uw';
const ANSWER_NOUNS =
  'answer answers response responses reply replies summary output message code codebase solution implementation algorithm explanation elucidation translation result results completion antwort zusammenfassung ausgabe réponse résumé respuesta resumen resposta resumo risposta riassunto antwoord samenvatting';
const AI_WORDS = 'ai assistant chatbot bot llm gpt chatgpt claude copilot agent model ki ia assistent assistente asistente';
const USER_WORDS = 'user users user\'s benutzer nutzer utilisateur usuario usuário utente gebruiker';
const QUESTION_WORDS = 'what how who why when where which can could would will is are do does did should wie was wer warum quoi comment pourquoi qué cómo por quién o que como porque cosa perché wat hoe waarom';

const FNV_PRIME = 0x01000193;
const SEED_WORD = 0x3b9aca07;
/** Same cap as the word features in features.ts. */
const MAX_WORD = 24;

function isWordUnit(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || c === 0x30 || c === 0x27 || (c >= 0xc0 && !isScriptPunctuation(c));
}

/** Punctuation above U+00C0 that ends words and sentences: Arabic comma/semicolon/question mark, danda, CJK and fullwidth marks. */
function isScriptPunctuation(c: number): boolean {
  return c === 0x60c || c === 0x61b || c === 0x61f || c === 0x6d4 || c === 0x964 || c === 0x965 || (c >= 0x3000 && c <= 0x3003) || (c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff1f);
}

function wordHash(codes: Uint16Array, start: number, end: number): number {
  let h = SEED_WORD;
  for (let i = start; i < end && i - start < MAX_WORD; i++) h = Math.imul(h ^ (codes[i] as number), FNV_PRIME);
  return h >>> 0;
}

const VERB = 1;
const OPENER = 2;
const SECOND = 4;
const ANSWER = 8;
const AI = 16;
const USER = 32;
const QWORD = 64;

/** A sentence-final imperative (verb-final languages: tr, hi, ja, ko). */
const FINAL = 128;

function addWords(map: Map<number, number>, list: string, bit: number): void {
  for (const w of list.split(' ')) {
    if (w === '') continue;
    const codes = Uint16Array.from(w, (ch) => ch.charCodeAt(0));
    const h = wordHash(codes, 0, codes.length);
    map.set(h, (map.get(h) ?? 0) | bit);
  }
}

/** Word hash -> class bits, built once at module load. */
const LEXICON = new Map<number, number>();
for (const [list, bit] of [
  [VERBS, VERB],
  [VERBS_MORE, VERB],
  [FINAL_VERBS, FINAL],
  [OPENERS, OPENER],
  [OPENERS_MORE, OPENER],
  [YOU, SECOND],
  [YOU_MORE, SECOND],
  [ANSWER_NOUNS, ANSWER],
  [ANSWER_MORE, ANSWER],
  [AI_WORDS, AI],
  [AI_MORE, AI],
  [USER_WORDS, USER],
  [USER_MORE, USER],
  [QUESTION_WORDS, QWORD],
  [QUESTION_MORE, QWORD],
] as const) {
  addWords(LEXICON, list, bit);
}

/** Prefix and suffix hashes (up to AFFIX_MAX units) of runs in unsegmented scripts -> class bits. */
const PREFIXES = new Map<number, number>();
const SUFFIXES = new Map<number, number>();
addWords(PREFIXES, RUN_PREFIX_VERBS, VERB);
addWords(SUFFIXES, RUN_SUFFIX_FINALS, FINAL);
const AFFIX_MAX = 4;
/** Kana, Han and Hangul start here: runs holding them get the affix and character lookups. */
const WIDE = 0x3040;
const CHAR_BITS = new Map<number, number>(Array.from(SECOND_CHARS, (ch) => [ch.charCodeAt(0), SECOND]));

/** Class bits of a run [start, end) with a kana/Han/Hangul unit: its prefixes, suffixes and marked characters. */
function wideRunBits(codes: Uint16Array, start: number, end: number): number {
  let bits = 0;
  let h = SEED_WORD;
  for (let i = start; i < end; i++) {
    const c = codes[i] as number;
    if (i - start < AFFIX_MAX) {
      h = Math.imul(h ^ c, FNV_PRIME);
      bits |= PREFIXES.get(h >>> 0) ?? 0;
    }
    if (c >= WIDE) bits |= CHAR_BITS.get(c) ?? 0;
  }
  for (let k = 2; k <= AFFIX_MAX && k <= end - start; k++) bits |= SUFFIXES.get(wordHash(codes, end - k, end)) ?? 0;
  return bits;
}

/** Punctuation that ends a sentence when followed by a space (or the end). */
function isTerminal(c: number): boolean {
  return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3b || c === 0x7c || c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x964 || c === 0x61f || c === 0x6d4;
}

/** Always a boundary: code fences, table cells, brackets around a note. */
function isHardBreak(c: number): boolean {
  return c === 0x60 || c === 0x7c || c === 0x23 || c === 0x5b || c === 0x5d || c === 0x3c || c === 0x3e;
}

/** Cue ids are small integers, hashed with their own seed into the n-gram bucket space. */
const CUE_SEED = 0x2f6b1c3d;
/** Each cue counts as this many features: once among hundreds of n-grams it would barely move a window's score. */
export const CUE_REPEAT = 16;

interface Sentence {
  start: number;
  words: number;
  /** Class bits of the first word (after up to two openers). */
  first: number;
  firstSet: boolean;
  bits: number;
  /** Class bits of the last word so far (a verb-final imperative). */
  last: number;
  /** "Can you ..." / "could you ...": the next verb makes it a polite imperative. */
  polite: boolean;
  question: boolean;
  /** The sentence opens its line with a word. */
  lineStart: boolean;
}

export type CueSink = (pos: number, cue: number) => void;

/** Document register: how many sentences are imperatives and questions, and whether lines are mostly prose. */
interface Register {
  imperatives: number;
  questions: number;
  /** Most lines open with a non-word (table rows, code, logs): a prose line there stands out. */
  structured: boolean;
}

function emitSentence(s: Sentence, prevImperative: boolean, doc: Register, sink: CueSink): void {
  const imperative = isImperative(s);
  const question = s.question;
  const you = (s.bits & SECOND) !== 0;
  const answer = (s.bits & ANSWER) !== 0;
  const cues: number[] = [];
  if (imperative) cues.push(1, prevImperative ? 2 : 3);
  if (you && answer) cues.push(imperative ? 4 : 5);
  if (imperative && you) cues.push(6);
  if ((s.bits & AI) !== 0) cues.push(you || imperative ? 7 : 8);
  if ((s.bits & USER) !== 0) cues.push(imperative ? 9 : 10);
  if (question) cues.push((s.first & QWORD) !== 0 ? (you ? 11 : 12) : 13);
  if (s.words <= 20 && imperative) cues.push(14);
  // Contrast with the surrounding document: a lone imperative or question among statements.
  if (imperative) cues.push(doc.imperatives === 1 ? 15 : doc.imperatives <= 3 ? 16 : 17);
  if (question) cues.push(doc.questions === 1 ? 18 : 19);
  if (doc.structured && s.lineStart) cues.push(imperative || question ? 20 : 21);
  // The conjunction of everything: lets the linear model weigh combinations.
  cues.push(100 + ((imperative ? VERB : 0) | (s.first & QWORD) | (s.bits & (SECOND | ANSWER | AI | USER)) | (question ? 128 : 0) | (prevImperative ? 256 : 0)));
  for (const cue of cues) sink(s.start, cue);
}

const newSentence = (start: number): Sentence => ({ start, words: 0, first: 0, firstSet: false, bits: 0, last: 0, polite: false, question: false, lineStart: false });

/** Opens with an imperative verb, or (verb-final languages) ends with one. */
const isImperative = (s: Sentence): boolean => (s.first & VERB) !== 0 || (s.last & FINAL) !== 0;

/** At least three lines and under 40 % of them open with a word. */
function isStructured(norm: Normalized): boolean {
  let lines = 0;
  let prose = 0;
  for (let i = 0; i < norm.length; i++) {
    if (i === 0 || norm.breaks[i] === 1) {
      lines++;
      if (isWordUnit(norm.codes[i] as number)) prose++;
    }
  }
  return lines >= 3 && prose < 0.4 * lines;
}

/** Emits each sentence's cues (small integers, once each) anchored at the sentence's first word. */
export function forEachCue(norm: Normalized, sink: CueSink): void {
  const sentences = splitSentences(norm);
  const doc: Register = { imperatives: 0, questions: 0, structured: isStructured(norm) };
  for (const s of sentences) {
    if (isImperative(s)) doc.imperatives++;
    if (s.question) doc.questions++;
  }
  let prevImperative = false;
  for (const s of sentences) {
    emitSentence(s, prevImperative, doc, sink);
    prevImperative = isImperative(s);
  }
}

function splitSentences(norm: Normalized): Sentence[] {
  const { codes, length, breaks } = norm;
  const out: Sentence[] = [];
  let s = newSentence(0);
  let i = 0;
  while (i < length) {
    let boundary = false;
    let question = false;
    let comma = false;
    while (i < length && !isWordUnit(codes[i] as number)) {
      const c = codes[i] as number;
      // "In your reply, add ..." / "AI assistant: ignore ...": a verb right after a short lead-in.
      if (c === 0x2c || c === 0x3a || c === 0xff1a || c === 0xff0c || c === 0x3001 || c === 0x60c) comma = true;
      if (breaks[i] === 1 || isHardBreak(c)) boundary = true;
      // The danda and CJK stops end a sentence with no space after them.
      else if (isTerminal(c) && (c >= 0x964 || i + 1 >= length || codes[i + 1] === 0x20 || !isWordUnit(codes[i + 1] as number))) {
        boundary = true;
        question ||= c === 0x3f || c === 0xff1f || c === 0x61f;
      }
      i++;
    }
    if (i >= length) break;
    if (breaks[i] === 1) boundary = true;
    if (boundary && s.words > 0) {
      s.question = question;
      out.push(s);
      s = newSentence(i);
    }
    const start = i;
    let wide = false;
    while (i < length && isWordUnit(codes[i] as number)) {
      wide ||= (codes[i] as number) >= WIDE;
      i++;
    }
    const cls = (LEXICON.get(wordHash(codes, start, i)) ?? 0) | (wide ? wideRunBits(codes, start, i) : 0);
    if (s.words === 0) {
      s.start = start;
      s.lineStart = start === 0 || breaks[start] === 1;
    }
    // Openers ("please", "now", "important:") do not count as the first word.
    if (!s.firstSet && (s.words >= 3 || (cls & OPENER) === 0)) {
      s.first = s.words >= 3 ? 0 : cls;
      s.firstSet = true;
    }
    // "In your response, mention ..." and "Can you reply in German?" open with an imperative too.
    if ((cls & VERB) !== 0 && ((comma && s.words <= 6) || s.polite)) s.first |= VERB;
    s.polite = s.words === 1 && (s.first & QWORD) !== 0 && (cls & SECOND) !== 0;
    s.bits |= cls;
    s.last = cls;
    s.words++;
  }
  for (let k = length - 1; k >= 0 && !isWordUnit(codes[k] as number); k--) if (codes[k] === 0x3f || codes[k] === 0xff1f || codes[k] === 0x61f) s.question = true;
  if (s.words > 0) out.push(s);
  return out;
}

/** Hashed feature index of a cue, in the classifier's bucket space. */
export function cueIndex(cue: number, mask: number): number {
  const h = Math.imul(CUE_SEED ^ cue, FNV_PRIME);
  return (h ^ (h >>> 15)) & mask;
}
