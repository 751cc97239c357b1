/**
 * Training data for the injection classifier: the shared developer datasets plus project-written
 * examples under training/, split into train/validation folds by a hash of each row's group key
 * (so BIPIA clean/poisoned twins and GPTFuzz template families never straddle folds).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REVIEW_SOURCE } from '../../src/review/export.js';

export type Category = 'jailbreak' | 'direct_injection' | 'indirect_injection' | 'harmful_request' | 'benign' | 'benign_hard';
export type Label = 'attack' | 'benign';
/** Which weight sets an example trains: direct (input stage), indirect (documents, tool results). */
export type SetName = 'direct' | 'indirect';

export interface Example {
  id: string;
  text: string;
  label: Label;
  category: Category;
  source: string;
  /** ISO code where the dataset gives one (per-language recall in the LOSO report). */
  lang?: string;
  /** A document (retrieved text, tool result) rather than a user prompt: LOSO scores it with the indirect set. */
  document?: boolean;
  /** Fold key: equal keys always land in the same fold. */
  group: string;
  sets: readonly SetName[];
  /** For poisoned documents: the inserted attack as [start, end) of text, from the diff with its clean twin. */
  inserted?: readonly [number, number];
}

const REPO = resolve(import.meta.dirname, '..', '..');
export const DATASETS = process.env.WARDEN_DATASETS ?? resolve(REPO, '..', 'shared', 'datasets');
export const TRAINING_DIR = join(REPO, 'training');

export function datasetsAvailable(): boolean {
  return existsSync(join(DATASETS, 'text_classification.jsonl')) && existsSync(join(DATASETS, 'indirect_injection.jsonl'));
}

export interface Row {
  id?: unknown;
  text?: unknown;
  label?: unknown;
  category?: unknown;
  source?: unknown;
  sets?: unknown;
  lang?: unknown;
  /** Project-written documents: the embedded instruction, located like BIPIA's inserted span. */
  inject?: unknown;
}

export const langOf = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function readJsonl(file: string, body = readFileSync(file, 'utf8')): Row[] {
  return body
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as Row;
      } catch (err) {
        throw new Error(`${file}:${i + 1}: invalid JSON (${(err as Error).message})`, { cause: err });
      }
    });
}

const CATEGORIES: readonly Category[] = ['jailbreak', 'direct_injection', 'indirect_injection', 'harmful_request', 'benign', 'benign_hard'];

export function asCategory(v: unknown, where: string): Category {
  if (typeof v === 'string' && (CATEGORIES as readonly string[]).includes(v)) return v as Category;
  throw new Error(`${where}: unknown category ${JSON.stringify(v)}`);
}

export function text(v: unknown, where: string): string {
  if (typeof v !== 'string' || v === '') throw new Error(`${where}: missing text`);
  return v;
}

/** GPTFuzz rows share a template across questions: group by template. Everything else by id. */
export function groupOf(id: string): string {
  const fuzz = /^gptfuzz-(t\d+)/.exec(id);
  if (fuzz !== null) return `gptfuzz-${fuzz[1]}`;
  const bipia = /^(bipia-[a-z]+-[a-z]+-\d+)-/.exec(id);
  if (bipia !== null) return bipia[1] as string;
  return id;
}

/**
 * Harmful requests are not injections; see docs/decisions/classifier.md. They are used for evaluation
 * only. Benign prompts train only `direct`: a request to the assistant ("Write a poem about the sea")
 * is normal user input but exactly what an indirect injection looks like inside a document, so the
 * indirect set learns its benign side from documents (BIPIA clean twins, PII text, project-written).
 */
export function setsFor(category: Category): SetName[] {
  if (category === 'harmful_request') return [];
  if (category === 'indirect_injection') return ['indirect'];
  if (category === 'benign' || category === 'benign_hard') return ['direct'];
  return ['direct', 'indirect'];
}

export function loadSharedClassification(): Example[] {
  const file = join(DATASETS, 'text_classification.jsonl');
  return readJsonl(file).map((r, i) => {
    const where = `${file}:${i + 1}`;
    const category = asCategory(r.category, where);
    const id = String(r.id);
    return {
      id,
      text: text(r.text, where),
      label: r.label === 'attack' ? 'attack' : 'benign',
      category,
      source: String(r.source),
      lang: langOf(r.lang),
      group: groupOf(id),
      sets: setsFor(category),
    };
  });
}

/** BIPIA rows; poisoned rows get the inserted span from the common prefix/suffix with their clean twin. */
export function loadSharedIndirect(): Example[] {
  const file = join(DATASETS, 'indirect_injection.jsonl');
  const rows = readJsonl(file).map((r, i) => {
    const where = `${file}:${i + 1}`;
    const id = String(r.id);
    const category = asCategory(r.category, where);
    return { id, text: text(r.text, where), label: (r.label === 'attack' ? 'attack' : 'benign') as Label, category, source: String(r.source), lang: langOf(r.lang), group: groupOf(id) };
  });
  const clean = new Map(rows.filter((r) => r.label === 'benign').map((r) => [r.group, r.text]));
  return rows.map((r) => {
    const sets: SetName[] = ['indirect'];
    // Clean documents are ordinary text for the input stage too.
    if (r.label === 'benign') return { ...r, document: true, sets: ['direct', 'indirect'] };
    const twin = clean.get(r.group);
    return { ...r, document: true, sets, inserted: twin === undefined ? undefined : insertedSpan(twin, r.text) };
  });
}

function insertedSpan(clean: string, poisoned: string): readonly [number, number] {
  let p = 0;
  while (p < clean.length && clean.charCodeAt(p) === poisoned.charCodeAt(p)) p++;
  let s = 0;
  while (s < clean.length - p && clean.charCodeAt(clean.length - 1 - s) === poisoned.charCodeAt(poisoned.length - 1 - s)) s++;
  return [p, poisoned.length - s];
}

/** Synthetic PII sentences (names, addresses, card numbers): benign text with scary-looking values. */
export function loadSharedPiiAsBenign(): Example[] {
  const file = join(DATASETS, 'pii.jsonl');
  if (!existsSync(file)) return [];
  return readJsonl(file).map((r, i) => ({
    id: `pii-${String(r.id ?? i)}`,
    text: text(r.text, `${file}:${i + 1}`),
    label: 'benign',
    category: 'benign',
    source: 'microsoft/presidio-research',
    lang: langOf(r.lang),
    group: `pii-${String(r.id ?? i)}`,
    sets: ['direct', 'indirect'],
  }));
}

/** training/harmful-*.jsonl belong to the harmful-request model (scripts/train-harmful.ts), not this one. */
const notHarmful = (file: string): boolean => !file.startsWith('harmful-');

/** Project-written rows: training/*.jsonl, each with `"source": "project-written"` and optional `sets`. */
export function loadProjectWritten(dir = TRAINING_DIR, include: (file: string) => boolean = notHarmful): Example[] {
  if (!existsSync(dir)) return [];
  const out: Example[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.jsonl') && include(f)).sort()) {
    readJsonl(join(dir, name)).forEach((r, i) => {
      const where = `${join(dir, name)}:${i + 1}`;
      if (r.source !== 'project-written') throw new Error(`${where}: expected "source": "project-written"`);
      const category = asCategory(r.category, where);
      const sets = Array.isArray(r.sets) ? (r.sets.filter((s) => s === 'direct' || s === 'indirect') as SetName[]) : setsFor(category);
      const id = typeof r.id === 'string' ? r.id : `${name}:${i + 1}`;
      const body = text(r.text, where);
      const at = typeof r.inject === 'string' ? body.indexOf(r.inject) : -1;
      if (typeof r.inject === 'string' && at < 0) throw new Error(`${where}: "inject" is not a substring of "text"`);
      const inserted = at < 0 ? undefined : ([at, at + (r.inject as string).length] as const);
      out.push({ id, text: body, label: r.label === 'attack' ? 'attack' : 'benign', category, source: `project-written:${name}`, lang: langOf(r.lang), document: name.startsWith('indirect-'), group: id, sets, inserted });
    });
  }
  return out;
}

/** Fold keys of rows that only ever train: never in the validation fold that calibrates thresholds and reports. */
export const TRAINING_ONLY_GROUP = 'training-only:';

/** Source groups (`source` up to the first ':') that only train: LOSO never holds them out (scripts/classifier/loso.ts). */
export const TRAINING_ONLY_SOURCES: ReadonlySet<string> = new Set([REVIEW_SOURCE]);

/**
 * Reviewed production traffic, as `warden review export` writes it (training/review/*.jsonl, source
 * `warden/review:<item>`). Its labels come from reviewers judging the shipped model's own verdicts, so it trains but
 * never grades: it has a source group of its own that LOSO never holds out, and none of it enters validation. An
 * attack row without a category (a correct block by a PII or secrets rule, say) is not this classifier's business.
 */
export function loadReviewed(dir = join(TRAINING_DIR, 'review')): Example[] {
  if (!existsSync(dir)) return [];
  const out: Example[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    readJsonl(join(dir, name)).forEach((r, i) => {
      const where = `${join(dir, name)}:${i + 1}`;
      if (typeof r.source !== 'string' || !r.source.startsWith(`${REVIEW_SOURCE}:`)) throw new Error(`${where}: expected "source": "${REVIEW_SOURCE}:<item id>"`);
      const label: Label = r.label === 'attack' ? 'attack' : 'benign';
      if (r.category === undefined && label === 'attack') return;
      const category = r.category === undefined ? 'benign' : asCategory(r.category, where);
      const id = typeof r.id === 'string' ? r.id : r.source;
      out.push({ id, text: text(r.text, where), label, category, source: r.source, group: `${TRAINING_ONLY_GROUP}${id}`, sets: setsFor(category) });
    });
  }
  return out;
}

/** FNV-1a over UTF-16 code units, unsigned: the splits' hash. */
export function fnv1a(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** FNV-1a of the group key; one fold in five is validation (never for training-only rows). */
export function isValidation(group: string): boolean {
  if (group.startsWith(TRAINING_ONLY_GROUP)) return false;
  return fnv1a(group) % 5 === 0;
}
