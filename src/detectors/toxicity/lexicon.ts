/**
 * Toxicity lexicon. Project-written, deliberately compact (a baseline, not a moderation model).
 * Slurs are stored rot13-encoded so the source stays readable; they are decoded once at load.
 * Each entry has a severity 0..1: mild words score low, targeted phrases ("you idiot") high.
 */

export const TOXICITY_CATEGORIES = ['insult', 'profanity', 'slur', 'hate', 'threat', 'sexual', 'self-harm'] as const;
export type ToxicityCategory = (typeof TOXICITY_CATEGORIES)[number];

export interface LexiconEntry {
  term: string;
  category: ToxicityCategory;
  severity: number;
}

const ROT13 = /[a-z]/g;
const SPACES = / {2,4}/g;
const rot13 = (s: string): string => s.replace(ROT13, (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + 13) % 26) + 97));

const MILD_INSULTS = ['idiot', 'moron', 'imbecile', 'loser', 'dumbass', 'jerk', 'clown', 'cretin', 'halfwit', 'numbskull'];
const STRONG_INSULTS = [
  'asshole', 'bastard', 'bitch', 'cunt', 'dickhead', 'douchebag', 'jackass', 'dipshit', 'motherfucker', 'prick',
  'scumbag', 'shithead', 'twat', 'wanker', 'piece of shit', 'waste of space', 'waste of oxygen',
];
const ADJECTIVE_INSULTS = ['stupid', 'worthless', 'pathetic', 'useless', 'brainless', 'dumb', 'ugly', 'disgusting'];
const TARGETS = ['you', 'you are', "you're", 'youre', 'ur', 'u r', 'u are'];
const ARTICLES = ['', 'a ', 'an ', 'such a ', 'such an ', 'a fucking ', 'a stupid '];

const PROFANITY = ['fuck', 'fucking', 'fucked', 'shit', 'shitty', 'bullshit', 'crap', 'damn', 'goddamn', 'wtf', 'stfu'];
const DIRECT_PROFANITY = ['fuck you', 'fuck off', 'go to hell', 'screw you', 'shut up', 'shut the fuck up', 'eat shit', 'go die'];

const SLURS_ROT13 = [
  'avttre', 'avttref', 'avttn', 'snttbg', 'snttbgf', 'xvxr', 'fcvp', 'puvax', 'genaal', 'ergneq', 'ergneqf', 'ergneqrq',
  'jrgonpx', 'tbbx', 'enturnq', 'gbjryurnq', 'fnaqavttre', 'ornare',
];

const THREAT_SUBJECTS = ['i will', "i'll", 'ill', 'i am going to', "i'm going to", 'im going to', "i'm gonna", 'im gonna', 'i gonna', 'we will', "we're going to", 'i want to', 'someone should'];
// No "shoot", "beat", "find": "I'll shoot you an email", "I'll beat you at chess" are everyday speech.
const THREAT_VERBS = ['kill', 'murder', 'stab', 'strangle', 'hurt', 'rape', 'behead', 'slaughter', 'hunt down', 'torture'];
const THREAT_OBJECTS = ['you', 'u', 'your family', 'your kids', 'your children', 'you all', 'all of you', 'him', 'her'];
const THREAT_PHRASES = [
  'i know where you live', 'watch your back', "you're dead", 'you are dead', 'you will die', 'you will pay for this',
  'you deserve to die', 'hope you die', 'i hope you die', 'kill yourself', 'kys', 'slit your throat', 'blow your brains out',
  'put a bullet in your', 'blow up the school', 'shoot up the school', 'i will end you', 'shoot you dead', 'shoot you in the',
];

// Ambiguous words ("cock", "tits", "xxx", "cum laude") are left out on purpose.
const SEXUAL = [
  'porn', 'porno', 'pornography', 'blowjob', 'handjob', 'cumshot', 'gangbang', 'dildo', 'masturbate', 'masturbating',
  'orgasm', 'hentai', 'pussy', 'boobs', 'nudes', 'send nudes', 'anal sex', 'oral sex', 'have sex with', 'sex with me',
  'naked pics', 'erotic roleplay', 'nsfw', 'deepthroat', 'milf', 'threesome', 'sexting',
];
const SEXUAL_MINORS = ['child porn', 'child pornography', 'cp links', 'underage sex', 'sex with a minor', 'sex with minors', 'loli porn', 'preteen nude'];

// Hate: dehumanizing or eliminationist statements about a group (templates, not single words).
const GROUPS = [
  'jews', 'muslims', 'christians', 'hindus', 'blacks', 'black people', 'whites', 'white people', 'asians', 'arabs',
  'mexicans', 'hispanics', 'latinos', 'africans', 'indians', 'chinese people', 'immigrants', 'refugees', 'migrants',
  'gays', 'gay people', 'lesbians', 'trans people', 'transgender people', 'women', 'disabled people', 'gypsies',
];
const DEHUMANIZING = ['animals', 'vermin', 'subhuman', 'parasites', 'cockroaches', 'rats', 'inferior', 'a disease', 'scum', 'savages', 'not human', 'a plague'];
const ELIMINATION = ['kill all', 'kill all the', 'exterminate all', 'exterminate the', 'gas the', 'gas all', 'wipe out the', 'eradicate the', 'death to', 'death to all'];
const SHOULD = ['should die', 'should be killed', 'should be exterminated', 'should be gassed', 'should not exist', 'deserve to die', 'must be eliminated'];

const SELF_HARM_TOPIC = ['suicide', 'suicidal', 'self harm', 'self-harm'];
const SELF_HARM = [
  'kill myself', 'killing myself', 'want to die', 'wanna die', 'end my life', 'ending my life', 'take my own life',
  'commit suicide', 'cut myself', 'cutting myself', 'hurt myself', 'hang myself', 'overdose on', 'no reason to live',
  'better off dead', "don't want to live", 'dont want to live', 'end it all', 'how to kill yourself',
];

function add(out: LexiconEntry[], terms: readonly string[], category: ToxicityCategory, severity: number): void {
  for (const term of terms) out.push({ term, category, severity });
}

function cross(...parts: ReadonlyArray<readonly string[]>): string[] {
  return parts.reduce<string[]>((acc, part) => acc.flatMap((a) => part.map((p) => `${a} ${p}`.replace(SPACES, ' ').trim())), ['']);
}

function plural(words: readonly string[]): string[] {
  return words.flatMap((w) => (w.includes(' ') ? [w] : [w, w.endsWith('ch') ? `${w}es` : `${w}s`]));
}

function build(): LexiconEntry[] {
  const out: LexiconEntry[] = [];
  add(out, plural(MILD_INSULTS), 'insult', 0.35);
  add(out, plural(STRONG_INSULTS), 'insult', 0.6);
  add(out, cross(TARGETS, ARTICLES, [...MILD_INSULTS, ...STRONG_INSULTS]), 'insult', 0.85);
  add(out, cross(TARGETS, ['', 'so ', 'so fucking ', 'really '], ADJECTIVE_INSULTS), 'insult', 0.7);
  add(out, PROFANITY, 'profanity', 0.25);
  add(out, DIRECT_PROFANITY, 'profanity', 0.6);
  add(out, SLURS_ROT13.map(rot13), 'slur', 0.9);
  add(out, cross(THREAT_SUBJECTS, THREAT_VERBS, THREAT_OBJECTS), 'threat', 0.85);
  add(out, THREAT_PHRASES, 'threat', 0.8);
  add(out, SEXUAL, 'sexual', 0.55);
  add(out, SEXUAL_MINORS, 'sexual', 1);
  add(out, cross(GROUPS, ['are', 'are all', 'are just'], DEHUMANIZING), 'hate', 0.85);
  add(out, cross(ELIMINATION, GROUPS), 'hate', 0.9);
  add(out, cross(GROUPS, SHOULD), 'hate', 0.9);
  add(out, cross(['i hate', 'i hate all', 'we hate'], GROUPS), 'hate', 0.7);
  add(out, SELF_HARM_TOPIC, 'self-harm', 0.45);
  add(out, SELF_HARM, 'self-harm', 0.8);
  const seen = new Set<string>();
  return out.filter((e) => !seen.has(e.term) && seen.add(e.term) !== undefined);
}

export const LEXICON: readonly LexiconEntry[] = build();
