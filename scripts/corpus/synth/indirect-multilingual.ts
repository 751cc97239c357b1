/**
 * Indirect injection in 14 languages: a project-written payload of the carrier's language (six intents,
 * payloads.ts) inserted at a seeded position of a real paragraph (XQuAD, JSQuAD, guide pages, READMEs);
 * `{Q}` is filled with a real question of the same language.
 */
import type { SynthRow, Synthesizer } from '../types.js';
import { benignPool, insertAt, pick, POSITIONS, sourceRepo, synthRow } from './common.js';
import { INJECTION_PAYLOADS } from './payloads.js';

const PER_LANGUAGE = 160;
const CODE_REPOS = new Set(['TheAlgorithms/Python', 'openai/human-eval']);

export const indirectMultilingual: Synthesizer = {
  id: 'indirect-multilingual',
  taken: 'project-written payloads (14 languages × 6 intents) inserted at start/middle/end of real paragraphs of the same language',
  generate({ rows, random }) {
    const out: SynthRow[] = [];
    for (const [lang, payloads] of Object.entries(INJECTION_PAYLOADS)) {
      const docs = benignPool(rows, (r) => r.lang === lang && r.text.length >= 200 && r.text.length <= 3000 && !CODE_REPOS.has(sourceRepo(r)));
      const questions = benignPool(rows, (r) => r.lang === lang && r.text.length >= 12 && r.text.length <= 200 && r.category === 'benign');
      if (docs.length === 0 || questions.length === 0) continue;
      for (let i = 0; i < PER_LANGUAGE; i++) {
        const carrier = pick(docs, random);
        const question = pick(questions, random);
        const payload = pick(payloads, random).replace('{Q}', question.text.replace(/\s+/g, ' ').trim());
        const position = pick(POSITIONS, random);
        const text = insertAt(carrier.text, payload, position);
        out.push(synthRow(`${lang}-${i}-${position}`, text, 'attack', 'indirect_injection', carrier, { lang, inject: payload }));
      }
    }
    return out;
  },
};
