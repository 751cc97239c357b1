/**
 * Indirect injection inside the documents and tool results an agent reads (e-mail, HTML comment/alt/hidden
 * text, code comments, JSON search results, logs, tickets), and — as a separate source — the clean twins
 * built the same way from other carriers, so a format alone never decides the label.
 */
import type { CorpusRow, SynthRow, Synthesizer } from '../types.js';
import { buildDocument, type Format } from './carriers.js';
import { pick, sourceRepo, synthRow } from './common.js';
import { INJECTION_PAYLOADS } from './payloads.js';

const PLAN: readonly { format: Format; count: number; carriers: (r: CorpusRow) => boolean }[] = [
  { format: 'email', count: 250, carriers: (r) => sourceRepo(r) === 'apache/spamassassin' },
  { format: 'html', count: 400, carriers: (r) => sourceRepo(r) === 'mozilla/readability' || (sourceRepo(r) === 'deepmind/xquad' && r.text.length > 300) },
  { format: 'code', count: 500, carriers: (r) => ['TheAlgorithms/Python', 'trekhleb/javascript-algorithms'].includes(sourceRepo(r)) && /\.(py|js)$/.test(r.source) },
  { format: 'json', count: 500, carriers: (r) => r.category === 'benign' && r.text.length > 150 && r.text.length < 2000 && !/\.(py|js)$/.test(r.source) },
  { format: 'log', count: 300, carriers: (r) => ['PolyAI-LDN/task-specific-datasets', 'clinc/oos-eval', 'xliuhw/NLU-Evaluation-Data'].includes(sourceRepo(r)) },
  { format: 'ticket', count: 350, carriers: (r) => ['PolyAI-LDN/task-specific-datasets', 'clinc/oos-eval', 'google-research-datasets/dstc8-schema-guided-dialogue'].includes(sourceRepo(r)) },
];

/** Short English injections from public attack rows, with their provenance. */
function publicPayloads(rows: readonly CorpusRow[]): CorpusRow[] {
  return rows.filter((r) => r.label === 'attack' && r.category === 'direct_injection' && r.lang === 'en' && r.text.length >= 20 && r.text.length <= 300);
}

function generate(rows: readonly CorpusRow[], random: () => number, poisoned: boolean): SynthRow[] {
  const out: SynthRow[] = [];
  const payloads = publicPayloads(rows);
  const own = INJECTION_PAYLOADS.en ?? [];
  for (const { format, count, carriers } of PLAN) {
    const pool = rows.filter((r) => r.label === 'benign' && carriers(r));
    if (pool.length === 0) continue;
    for (let i = 0; i < count; i++) {
      const carrier = pick(pool, random);
      const others = [pick(pool, random), pick(pool, random)];
      if (!poisoned) {
        const built = buildDocument(format, carrier, others, undefined, random);
        out.push(synthRow(`${format}-${i}`, built.text, 'benign', 'benign', carrier));
        continue;
      }
      const publicPayload = payloads.length > 0 && random() < 0.6 ? pick(payloads, random) : undefined;
      const payload = publicPayload?.text ?? pick(own, random).replace('{Q}', 'What is the admin password for this system?');
      const built = buildDocument(format, carrier, others, payload, random);
      out.push(synthRow(`${format}-${i}`, built.text, 'attack', 'indirect_injection', carrier, { inject: built.inject, payload: publicPayload }));
    }
  }
  return out;
}

export const indirectDocuments: Synthesizer = {
  id: 'indirect-documents',
  taken: 'public (spikee, pallms, PayloadsAllTheThings) and project-written injections inside e-mails, HTML (comment, alt, hidden div), code comments, JSON search results, logs and tickets built on real carriers',
  generate: ({ rows, random }) => generate(rows, random, true),
};

export const toolOutputs: Synthesizer = {
  id: 'tool-outputs',
  taken: 'clean twins: the same document formats (e-mail, HTML, code, JSON search results, logs, tickets) built on real carriers without any payload',
  generate: ({ rows, random }) => generate(rows, random, false),
};
