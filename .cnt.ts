import { ENGLISH_WORDS } from './src/detectors/obfuscation/english.js';
import { LEXICON } from './src/detectors/toxicity/lexicon.js';
console.log(ENGLISH_WORDS.size, LEXICON.length, Object.entries(LEXICON.reduce<Record<string, number>>((a, e) => ((a[e.category] = (a[e.category] ?? 0) + 1), a), {})));
