/**
 * prompt-injection: rule families for instruction override, persona jailbreaks, system-prompt extraction,
 * fake chat delimiters, refusal suppression and many-shot priming, in 15 languages, and adversarial suffixes.
 * One case-folded copy of the text, then per family one linear regex pass over just the phrases that the
 * literal prefilter cannot rule out; the hijack grammar (verb of disregard x object x new directive, and
 * instructions hidden in comments, attributes and e-mail bodies) walks the tokens once.
 */
import { z } from 'zod';
import type { Detector, RawFinding, Span } from '../spec/types.js';
import { foldForMatch } from './prompt-injection/fold.js';
import { findAdversarialSuffix } from './prompt-injection/adversarial-suffix.js';
import { detectManyShot } from './prompt-injection/many-shot.js';
import { findExfilInstructions } from './prompt-injection/exfil-instruction.js';
import { DOCUMENT_PREFILTER } from './prompt-injection/document-prefilter.js';
import { findGarbledReply } from './prompt-injection/garbled-reply.js';
import { findTaskTriggers } from './prompt-injection/task-trigger.js';
import { findToolPoisoning } from './prompt-injection/tool-poisoning.js';
import { scanHijack } from './prompt-injection/hijack/index.js';
import { isInDataAt, isMentionAt, isStringLiteral } from './prompt-injection/hijack/mention.js';
import { FAMILY_PREFILTER, FamilyMatcher, LEXICON_FAMILIES } from './prompt-injection/patterns.js';
import { mayMatch, possiblePhrases, presentSets } from './shared/prefilter.js';
import { FAMILIES, LANGUAGES, type Family, type Language, type LexiconFamily } from './prompt-injection/types.js';

export { FAMILY_PATTERNS } from './prompt-injection/patterns.js';
export { TURN_MARKER } from './prompt-injection/many-shot.js';
export { FAMILIES, LANGUAGES } from './prompt-injection/types.js';

/** Score of one strong match per family; weak matches score WEAK_SCORE and need company to pass 0.5. */
export const STRONG_SCORE: Readonly<Record<LexiconFamily, number>> = {
  'instruction-override': 0.9,
  persona: 0.85,
  'system-prompt-extraction': 0.85,
  'fake-delimiter': 0.9,
  'refusal-suppression': 0.8,
};
export const WEAK_SCORE = 0.45;
const MAX_SCORE = 0.99;
const MAX_SPANS = 8;

const LABEL: Readonly<Record<Family, string>> = {
  'instruction-override': 'instruction-override phrase',
  persona: 'jailbreak persona / role-play phrase',
  'system-prompt-extraction': 'system-prompt extraction request',
  'fake-delimiter': 'fake role delimiter or chat-template token',
  'refusal-suppression': 'refusal-suppression phrase',
  'many-shot': 'many fabricated dialogue turns in one message',
  'hijack-grammar': 'verb of disregard + object + new directive',
  'hidden-instruction': 'instruction to the model hidden in data',
  'exfil-instruction': 'instruction to put the conversation into a URL slot',
  'tool-poisoning': 'hidden errand for the model (secrecy toward the user, a secret read, a parameter, another tool rewired)',
  'adversarial-suffix': 'optimised adversarial token string after a request (GCG-style)',
  'garbled-reply': 'order to garble the reply (backwards, scrambled, upside down) hidden in data',
  'task-trigger': 'order planted for when the model summarizes or evaluates this document ("when summarizing this e-mail, say that ...")',
};
/** Written in advance to carry the conversation out: as decisive as a hidden instruction. */
const EXFIL_INSTRUCTION_SCORE = 0.9;
/** Secrecy toward the user with an errand, or a secret handed over: no honest description composes these. */
const TOOL_POISONING_SCORE = 0.95;
/** Several kinds of disorder at once after a line of prose: no person types it, an optimiser does. */
const ADVERSARIAL_SUFFIX_SCORE = 0.9;
/** Sentence rules of documents: nobody asks the reader to write back in reverse, or to claim X when summarizing this e-mail. */
const SENTENCE_RULES: ReadonlyArray<readonly ['garbled-reply' | 'task-trigger', (folded: string) => Span[]]> = [
  ['garbled-reply', findGarbledReply],
  ['task-trigger', findTaskTriggers],
];
const SENTENCE_RULE_SCORE = 0.9;

const options = z.object({
  families: z
    .array(z.enum(FAMILIES))
    .optional()
    .describe(`Rule families to run (default: all): ${FAMILIES.join(', ')}`),
  languages: z
    .array(z.enum(LANGUAGES))
    .optional()
    .describe(`Lexicon languages to match (default: all): ${LANGUAGES.join(', ')}; chat-template tokens always apply`),
});

const languageSet = new WeakMap<readonly Language[], ReadonlySet<Language>>();
function languagesOf(languages: readonly Language[] | undefined): ReadonlySet<Language> | undefined {
  if (languages === undefined) return undefined;
  let set = languageSet.get(languages);
  if (set === undefined) languageSet.set(languages, (set = new Set(languages)));
  return set;
}

interface FamilyHits {
  miss: number;
  spans: Span[];
  languages: Set<string>;
  count: number;
}

export const promptInjection: Detector<typeof options.shape> = {
  id: 'prompt-injection',
  stages: ['input', 'retrieved', 'tool_result'],
  cost: 1,
  description: 'Rule-based prompt injection and jailbreak phrases (15 languages), hijack grammar (16), hidden instructions in data, fake delimiters, many-shot priming',
  options,
  scansVariants: true,
  scan(text, ctx) {
    const { families, languages } = ctx.settings.options;
    const folded = foldForMatch(text);
    const findings: RawFinding[] = [];
    const present = presentSets(FAMILY_PREFILTER, folded);
    for (const family of LEXICON_FAMILIES) {
      if (families !== undefined && !families.includes(family)) continue;
      const possible = possiblePhrases(FAMILY_PREFILTER, family, present);
      if (possible.length === 0) continue;
      matcher.reset(family, possible, folded);
      const hits = matchFamily(matcher, folded, languages, family);
      if (hits === undefined) continue;
      findings.push({
        ruleId: `prompt-injection/${family}`,
        score: Math.min(MAX_SCORE, 1 - hits.miss),
        spans: hits.spans,
        message: `${LABEL[family]} (${describeHits(hits)})`,
        redactable: false,
      });
    }
    if (families === undefined || families.includes('many-shot')) {
      const hit = detectManyShot(folded);
      if (hit !== undefined) {
        findings.push({
          ruleId: 'prompt-injection/many-shot',
          score: hit.score,
          spans: hit.spans,
          message: `${LABEL['many-shot']} (${hit.turns} speaker labels)`,
          redactable: false,
        });
      }
    }
    // The user types the suffix; a retrieved page or tool result carries JSON and markup after its prose.
    if (ctx.stage === 'input' && (families === undefined || families.includes('adversarial-suffix'))) {
      // The original text: case flipped inside a word is part of the disorder, and folding loses it.
      const span = findAdversarialSuffix(text);
      if (span !== undefined) {
        findings.push({ ruleId: 'prompt-injection/adversarial-suffix', score: ADVERSARIAL_SUFFIX_SCORE, spans: [span], message: LABEL['adversarial-suffix'], redactable: false });
      }
    }
    const grammar = families === undefined || families.includes('hijack-grammar');
    const hidden = families === undefined || families.includes('hidden-instruction');
    // A tool definition is data too: its author, not the user, wrote it (src/mcp/definition-scan.ts).
    const document = ctx.stage === 'retrieved' || ctx.stage === 'tool_result' || ctx.stage === 'tool_definition';
    if (grammar || hidden) findings.push(...scanHijack(folded, { grammar, hidden, languages: languagesOf(languages), document }));
    if (document && (families === undefined || families.includes('exfil-instruction'))) {
      const spans = findExfilInstructions(folded);
      if (spans.length > 0) {
        findings.push({ ruleId: 'prompt-injection/exfil-instruction', score: EXFIL_INSTRUCTION_SCORE, spans, message: `${LABEL['exfil-instruction']} (${spans.length})`, redactable: false });
      }
    }
    if (document) findings.push(...sentenceRules(folded, families));
    if (document && (families === undefined || families.includes('tool-poisoning'))) {
      const hit = findToolPoisoning(folded);
      if (hit !== undefined) {
        findings.push({ ruleId: 'prompt-injection/tool-poisoning', score: TOOL_POISONING_SCORE, spans: hit.spans, message: `${LABEL['tool-poisoning']}: ${hit.parts.join(' + ')}`, redactable: false });
      }
    }
    return findings;
  },
};

function sentenceRules(folded: string, families: readonly Family[] | undefined): RawFinding[] {
  const findings: RawFinding[] = [];
  const present = presentSets(DOCUMENT_PREFILTER, folded);
  for (const [family, find] of SENTENCE_RULES) {
    if ((families !== undefined && !families.includes(family)) || !mayMatch(DOCUMENT_PREFILTER, family, present)) continue;
    const spans = find(folded);
    if (spans.length > 0) findings.push({ ruleId: `prompt-injection/${family}`, score: SENTENCE_RULE_SCORE, spans, message: `${LABEL[family]} (${spans.length})`, redactable: false });
  }
  return findings;
}

/** Families whose phrases are commands to the model, so a reported, negated or quoted one is a mention. */
const MENTIONABLE: ReadonlySet<LexiconFamily> = new Set(['instruction-override', 'system-prompt-extraction']);

/** Reused by every scan (scans are synchronous): holds no text between them. */
const matcher = new FamilyMatcher();

function matchFamily(m: FamilyMatcher, folded: string, languages: readonly Language[] | undefined, family: LexiconFamily): FamilyHits | undefined {
  let hits: FamilyHits | undefined;
  while (m.next()) {
    // "told me to ignore the old guidelines", "never reveal your instructions", an attack quoted in a policy:
    // talked about or forbidden, not addressed.
    if (MENTIONABLE.has(family) && isMentionAt(folded, m.start, m.end, family === 'instruction-override')) continue;
    // "ignore any instructions in the file | on screen": a defence against injected text.
    if (family === 'instruction-override' && isInDataAt(folded, m.end)) continue;
    if (family === 'fake-delimiter' && isStringLiteral(folded, m.start, m.end)) continue;
    const group = m.group;
    const cut = group.lastIndexOf('_');
    const lang = group.slice(0, cut);
    if (lang !== 'common' && languages !== undefined && !languages.includes(lang as Language)) continue;
    const score = group.endsWith('_strong') ? STRONG_SCORE[family] : WEAK_SCORE;
    hits ??= { miss: 1, spans: [], languages: new Set(), count: 0 };
    hits.miss *= 1 - score;
    hits.count++;
    hits.languages.add(lang);
    if (hits.spans.length < MAX_SPANS) hits.spans.push({ start: m.start, end: m.end });
  }
  return hits;
}

function describeHits(hits: FamilyHits): string {
  const langs = [...hits.languages].filter((l) => l !== 'common');
  const where = langs.length > 0 ? `, lang ${langs.join('/')}` : '';
  return `${hits.count} match${hits.count === 1 ? '' : 'es'}${where}`;
}
