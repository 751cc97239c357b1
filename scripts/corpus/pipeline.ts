/**
 * Turns extractor output into corpus rows: length limits, language, normalised-text dedup within and
 * across sources (and against rows seen before the corpus, e.g. the shared developer datasets), and
 * seeded sampling for capped sources. Pure: same inputs, same output.
 */
import { mulberry32 } from '../lib/prng.js';
import { detectLang } from './lang-detect.js';
import { dedupKey, fitLength, seedOf, shuffled } from './text.js';
import type { CorpusRow, RawRow } from './types.js';

export interface SourceStats {
  extracted: number;
  droppedLength: number;
  droppedDuplicate: number;
  droppedByCap: number;
  kept: number;
}

export interface Provenance {
  /** Prefix of row ids and the seed name for sampling. */
  id: string;
  /** Prefix of `source` (owner/name or warden/synthetic-x). */
  sourcePrefix: string;
  commit: string;
  license: string;
  cap?: number;
}

/** Keys already taken; shared across all sources of one build. */
export class SeenTexts {
  private readonly keys = new Set<string>();
  has(text: string): boolean {
    return this.keys.has(dedupKey(text));
  }
  add(text: string): void {
    this.keys.add(dedupKey(text));
  }
  get size(): number {
    return this.keys.size;
  }
}

export function acceptRows(
  raw: readonly RawRow[],
  from: Provenance,
  seen: SeenTexts,
  overrides?: (r: RawRow) => Pick<CorpusRow, 'source' | 'commit' | 'license'> | undefined,
): { rows: CorpusRow[]; stats: SourceStats } {
  const stats: SourceStats = { extracted: raw.length, droppedLength: 0, droppedDuplicate: 0, droppedByCap: 0, kept: 0 };
  const local = new Set<string>();
  const ids = new Set<string>();
  const candidates: CorpusRow[] = [];
  for (const r of raw) {
    const text = fitLength(r.text, r.label === 'benign');
    if (text === undefined) {
      stats.droppedLength++;
      continue;
    }
    const key = dedupKey(text);
    if (local.has(key) || seen.has(text)) {
      stats.droppedDuplicate++;
      continue;
    }
    if (r.inject !== undefined && !text.includes(r.inject)) {
      stats.droppedLength++;
      continue;
    }
    local.add(key);
    let id = `${from.id}:${r.key}`;
    for (let n = 2; ids.has(id); n++) id = `${from.id}:${r.key}#${n}`;
    ids.add(id);
    const provenance = overrides?.(r) ?? { source: `${from.sourcePrefix}:${r.path}`, commit: from.commit, license: from.license };
    const out: CorpusRow = {
      id,
      text,
      label: r.label,
      category: r.category,
      lang: r.lang ?? detectLang(text),
      ...provenance,
    };
    if (r.inject !== undefined) out.inject = r.inject;
    candidates.push(out);
  }
  let rows = candidates;
  if (from.cap !== undefined && candidates.length > from.cap) {
    const order = new Map(candidates.map((c, i) => [c, i]));
    rows = shuffled(candidates, mulberry32(seedOf(from.id)))
      .slice(0, from.cap)
      .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    stats.droppedByCap = candidates.length - rows.length;
  }
  for (const r of rows) seen.add(r.text);
  stats.kept = rows.length;
  return { rows, stats };
}
