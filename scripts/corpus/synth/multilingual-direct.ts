/** Direct injections and persona jailbreaks in 14 languages: project-written wrappers around real questions. */
import type { SynthRow, Synthesizer } from '../types.js';
import { benignPool, pick, synthRow } from './common.js';
import { DIRECT_WRAPPERS } from './payloads.js';

const PER_LANGUAGE = 40;

export const multilingualDirect: Synthesizer = {
  id: 'multilingual-direct',
  taken: 'project-written extraction and DAN-persona wrappers (14 languages) around real questions of the same language',
  generate({ rows, random }) {
    const out: SynthRow[] = [];
    for (const [lang, wrappers] of Object.entries(DIRECT_WRAPPERS)) {
      const questions = benignPool(rows, (r) => r.lang === lang && r.category === 'benign' && r.text.length >= 12 && r.text.length <= 200);
      if (questions.length === 0) continue;
      for (let i = 0; i < PER_LANGUAGE; i++) {
        const question = pick(questions, random);
        const w = i % wrappers.length;
        const text = (wrappers[w] ?? '').replace('{Q}', question.text.trim());
        out.push(synthRow(`${lang}-${i}`, text, 'attack', w === 0 ? 'direct_injection' : 'jailbreak', question, { lang }));
      }
    }
    return out;
  },
};
