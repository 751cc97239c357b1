/**
 * The larger training corpus under training/corpus/ (gzip JSONL shards, the shared datasets' schema plus
 * `commit`), when present. Rows of the sources reserved for evaluation are refused here as well, so a
 * shard that slipped one in cannot train or calibrate a model.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { asCategory, groupOf, langOf, readJsonl, setsFor, text, TRAINING_DIR, type Example } from './data.js';

export const CORPUS_DIR = join(TRAINING_DIR, 'corpus');

/** Never fetched, trained, tuned or thresholded on (the hidden evaluation's sources). */
export const RESERVED_SOURCES: readonly string[] = ['meta-llama/PurpleLlama', 'SaFoLab-WISC/InjecGuard', 'Nannigalaxy/PII-synthetic_dataset'];

/** Generators whose benign rows are documents (clean twins of poisoned ones), scored at the document stages. */
const DOCUMENT_SOURCES = /^warden\/synthetic-(tool-outputs|indirect)/;

/**
 * Documents with instructions meant for people (scripts/corpus/sources/human-addressed.ts): the indirect set's benign
 * side only; as user input they would teach the direct set that requests are benign.
 */
const HUMAN_ADDRESSED = /^(stevemao\/github-issue-templates|ossf\/oss-vulnerability-guide):/;

export const isReserved = (source: string): boolean => RESERVED_SOURCES.some((r) => source.toLowerCase().startsWith(r.toLowerCase()));

function shards(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.jsonl.gz') || f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(dir, f));
}

export function loadCorpus(dir = CORPUS_DIR): Example[] {
  const out: Example[] = [];
  for (const file of shards(dir)) {
    const body = file.endsWith('.gz') ? gunzipSync(readFileSync(file)).toString('utf8') : readFileSync(file, 'utf8');
    readJsonl(file, body).forEach((r, i) => {
      const where = `${file}:${i + 1}`;
      const source = String(r.source);
      if (isReserved(source)) throw new Error(`${where}: source ${source} is reserved for evaluation and must not be in the training corpus`);
      const category = asCategory(r.category, where);
      const id = `corpus-${String(r.id ?? `${file}:${i + 1}`)}`;
      const body = text(r.text, where);
      const at = typeof r.inject === 'string' ? body.indexOf(r.inject) : -1;
      const inserted = at < 0 ? undefined : ([at, at + (r.inject as string).length] as const);
      const forPeople = HUMAN_ADDRESSED.test(source);
      const document = category === 'indirect_injection' || DOCUMENT_SOURCES.test(source) || forPeople;
      const sets = forPeople ? (['indirect'] as const) : setsFor(category);
      out.push({ id, text: body, label: r.label === 'attack' ? 'attack' : 'benign', category, source, lang: langOf(r.lang), document, group: groupOf(id), sets, inserted });
    });
  }
  return out;
}
