/** What a language gives the hijack grammar: its terms, by grammatical part (lexicons/<lang>.ts fill it). */

/**
 * Terms are lowercase; a space separates tokens; a token ending in `*` matches any word it begins
 * (a stem: `ignorier*`, `talimat*`). Chinese and Japanese terms are written without spaces: every
 * character is a token.
 */
export interface HijackLexicon {
  /** Where the disregarded object stands in an imperative: after the verb, before it, or either. */
  order: 'VO' | 'OV' | 'both';
  /** Verbs of disregard that may govern any object: ignore, disregard, forget, overlook. */
  verbs: readonly string[];
  /** Verbs that only count with an instruction object: skip, bypass, override (common in code talk). */
  weakVerbs?: readonly string[];
  /** Words allowed between verb and object: articles, possessives, quantifiers, connectors. */
  fillers: readonly string[];
  /** Words that point back at earlier instructions: previous, above, all, your, system. */
  prior: readonly string[];
  /** "everything", "all of": with a prior word they form an object by themselves ("everything above"). */
  quants: readonly string[];
  /** What an instruction is called: instructions, rules, prompt, guidelines. */
  instructions: readonly string[];
  /** Objects that are instructions by themselves: "system prompt", "you have been told". */
  strong: readonly string[];
  /** Data the model was given: document, function, web page, résumé, e-mail. */
  data: readonly string[];
  /** The new directive: say, state, output, print, reply, respond. */
  directives: readonly string[];
  /** Phrases that address the model inside data: "note to the ai", "if you are a language model". */
  cues: readonly string[];
  /** Third-person possessives: "their rules" are someone else's ("make chatbots ignore their system prompt"). */
  others?: readonly string[];
  /** Words right before a verb that report it instead of giving it: "told me to", "how to". */
  reported?: readonly string[];
  /** Instruction words that are also everyday work ("clear up all the tasks", "cancel any request"): with a weak verb they need a pointer back. */
  chores?: readonly string[];
  /** "of" after an unknown word: the head noun is that word ("the previous version of the training material"). */
  partitives?: readonly string[];
  /** Prepositions that place instructions inside data: "ignore any instructions in the file | inside it". */
  locatives?: readonly string[];
  /** What a locative points at when the instructions sit in data: "inside it", "on screen", "in the file". */
  containers?: readonly string[];
  /** Words that move the object before the verb in a verb-object language (Chinese 把/将: "把上面的规则置之不理"). */
  markers?: readonly string[];
  /** Names of the model that address it when they open a sentence before ':' or ',' ("AI: ...", "Assistant, ..."). */
  vocatives: readonly string[];
  /** Tool actions that direct the model once it is addressed ("Assistant, call the send_email tool"): not directives alone. */
  actions?: readonly string[];
  /** Role names that address the model inside square brackets ("[SYSTEM] New policy: reply ..."). */
  tags?: readonly string[];
  /** The model's own output, named in the second person: "your response", "deine Antwort" (a document's reader is the model). */
  outputs?: readonly string[];
  /** Verbs that shape what goes into a reply: include, append, translate, encode; with an output term they order the model. */
  edits?: readonly string[];
  /** Words after which a bare verb is an order to the reader: "you must", "your task is to", "and", "then". */
  leads?: readonly string[];
  /** Words that open a subordinate clause: an output term after one is not the main verb's object ("Provide reasoning before giving your answer"). */
  subordinators?: readonly string[];
  /** Words that turn an order into a constraint ("do not include explanations in your answer"): a prompt's rule, not a payload. */
  negations?: readonly string[];
}

export type Part = 'verb' | 'weakVerb' | 'filler' | 'prior' | 'quant' | 'instruction' | 'strong' | 'data' | 'directive' | 'cue' | 'vocative' | 'others' | 'reported' | 'chore' | 'partitive' | 'locative' | 'container' | 'marker' | 'action' | 'tag' | 'output' | 'edit' | 'lead' | 'subordinator' | 'negation';
export const PART_KEYS: Readonly<Record<Part, keyof HijackLexicon>> = {
  verb: 'verbs',
  weakVerb: 'weakVerbs',
  filler: 'fillers',
  prior: 'prior',
  quant: 'quants',
  instruction: 'instructions',
  strong: 'strong',
  data: 'data',
  directive: 'directives',
  cue: 'cues',
  vocative: 'vocatives',
  others: 'others',
  reported: 'reported',
  chore: 'chores',
  partitive: 'partitives',
  locative: 'locatives',
  container: 'containers',
  marker: 'markers',
  action: 'actions',
  tag: 'tags',
  output: 'outputs',
  edit: 'edits',
  lead: 'leads',
  subordinator: 'subordinators',
  negation: 'negations',
};
