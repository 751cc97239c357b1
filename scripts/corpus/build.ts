/**
 * `npm run corpus:build`: reads the pinned mirrors, extracts every registered source, synthesises the
 * generated rows, dedups, and writes training/corpus/*.jsonl.gz plus manifest.json. Deterministic:
 * fixed registry order, seeded sampling, gzip without timestamps.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { mulberry32 } from '../lib/prng.js';
import { openRepo, mirrorsRoot } from './git-repo.js';
import { acceptRows, SeenTexts, type SourceStats } from './pipeline.js';
import { assertNoReserved, SOURCES, SYNTHESIZERS } from './registry.js';
import { renderReadme } from './readme.js';
import { corpusRowSchema } from './schema.js';
import { seedOf, shuffled } from './text.js';
import type { CorpusRow, SynthRow } from './types.js';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const OUT_DIR = process.env.WARDEN_CORPUS_OUT ?? join(REPO_ROOT, 'training', 'corpus');
const DATASETS = process.env.WARDEN_DATASETS ?? resolve(REPO_ROOT, '..', 'shared', 'datasets');
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'corpus-sample.jsonl');
const SHARD_ROWS = 15_000;
const FIXTURE_PER_GROUP = 50;
export const SYNTHETIC_PREFIX = 'warden/synthetic-';

interface SourceEntry extends SourceStats {
  id: string;
  repo: string;
  commit: string;
  license: string;
  taken: string;
  cap?: number;
}

/** Texts of the shared developer datasets and the project-written training rows: corpus rows equal to them are dropped. */
function preexistingTexts(): { seen: SeenTexts; files: Record<string, number> } {
  const seen = new SeenTexts();
  const files: Record<string, number> = {};
  const read = (file: string, label: string): void => {
    if (!existsSync(file)) return;
    let n = 0;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim().length === 0) continue;
      const text = (JSON.parse(line) as { text?: unknown }).text;
      if (typeof text === 'string') {
        seen.add(text);
        n++;
      }
    }
    files[label] = n;
  };
  for (const name of ['text_classification.jsonl', 'indirect_injection.jsonl']) read(join(DATASETS, name), `shared/datasets/${name}`);
  const training = join(REPO_ROOT, 'training');
  for (const name of readdirSync(training).filter((f) => f.endsWith('.jsonl')).sort()) read(join(training, name), `training/${name}`);
  return { seen, files };
}

function countBy(rows: readonly CorpusRow[], key: (r: CorpusRow) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

function groupByCategory(rows: readonly CorpusRow[]): [string, CorpusRow[]][] {
  const byCategory = new Map<string, CorpusRow[]>();
  for (const r of rows) {
    const group = `${r.label}-${r.category}`;
    const members = byCategory.get(group);
    if (members) members.push(r);
    else byCategory.set(group, [r]);
  }
  return [...byCategory].sort(([a], [b]) => a.localeCompare(b));
}

function writeShards(rows: readonly CorpusRow[]): { name: string; rows: number; sha256: string; bytes: number }[] {
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const files: { name: string; rows: number; sha256: string; bytes: number }[] = [];
  for (const [group, members] of groupByCategory(rows)) {
    for (let part = 0; part * SHARD_ROWS < members.length; part++) {
      const slice = members.slice(part * SHARD_ROWS, (part + 1) * SHARD_ROWS);
      const name = `${group}-${String(part).padStart(2, '0')}.jsonl.gz`;
      const body = gzipSync(Buffer.from(slice.map((r) => JSON.stringify(r)).join('\n') + '\n', 'utf8'), { level: 9 });
      writeFileSync(join(OUT_DIR, name), body);
      files.push({ name, rows: slice.length, sha256: createHash('sha256').update(body).digest('hex'), bytes: body.length });
    }
  }
  return files;
}

function main(): void {
  assertNoReserved(SOURCES);
  const root = mirrorsRoot();
  const { seen, files: preexisting } = preexistingTexts();
  const all: CorpusRow[] = [];
  const carriers: CorpusRow[] = [];
  const sources: SourceEntry[] = [];
  for (const s of SOURCES) {
    const reader = openRepo(root, s.repo, s.commit);
    const { rows, stats } = acceptRows(
      s.extract(reader),
      { id: s.id, sourcePrefix: s.repo, commit: reader.commit, license: s.license, cap: s.cap },
      seen,
    );
    all.push(...rows);
    if (s.carrier !== false) carriers.push(...rows);
    sources.push({ id: s.id, repo: s.repo, commit: reader.commit, license: s.license, taken: s.taken, cap: s.cap, ...stats });
    console.log(`${s.id.padEnd(24)} kept ${String(stats.kept).padStart(6)} of ${stats.extracted}`);
  }
  for (const g of SYNTHESIZERS) {
    const raw = g.generate({ rows: carriers, random: mulberry32(seedOf(`synth-${g.id}`)) });
    const origin = new Map<string, SynthRow['origin']>(raw.map((r) => [r.key, r.origin]));
    const prefix = `${SYNTHETIC_PREFIX}${g.id}`;
    const { rows, stats } = acceptRows(raw, { id: `synthetic-${g.id}`, sourcePrefix: prefix, commit: '', license: '', cap: g.cap }, seen, (r) => {
      const o = origin.get(r.key);
      return o && { source: `${prefix}:${o.source}`, commit: o.commit, license: `${o.license}; synthesis Apache-2.0 (scripts/corpus/synth)` };
    });
    all.push(...rows);
    sources.push({ id: `synthetic-${g.id}`, repo: prefix, commit: 'see rows (carrier commit)', license: 'carrier licence + Apache-2.0', taken: g.taken, cap: g.cap, ...stats });
    console.log(`${`synthetic-${g.id}`.padEnd(24)} kept ${String(stats.kept).padStart(6)} of ${stats.extracted}`);
  }
  for (const r of all) corpusRowSchema.parse(r);
  const files = writeShards(all);
  const random = mulberry32(seedOf('fixture'));
  const sample = groupByCategory(all).flatMap(([, members]) => shuffled(members, random).slice(0, FIXTURE_PER_GROUP));
  writeFileSync(FIXTURE, sample.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const manifest = {
    description: 'Warden detector training corpus; rebuild with `npm run corpus:build` (see training/corpus/README.md).',
    dedup: 'NFKC + lower-case (ß→ss, ς→σ) + collapsed whitespace; first occurrence wins in registry order',
    preexistingDedup: preexisting,
    totals: {
      rows: all.length,
      sources: new Set(sources.filter((s) => s.kept > 0).map((s) => s.repo)).size,
      extractors: sources.filter((s) => s.kept > 0).length,
      byLabel: countBy(all, (r) => r.label),
      byCategory: countBy(all, (r) => `${r.label}/${r.category}`),
      byLang: countBy(all, (r) => r.lang),
      byLabelLang: countBy(all, (r) => `${r.label}/${r.lang}`),
    },
    sources,
    files,
  };
  writeFileSync(join(OUT_DIR, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  writeFileSync(
    join(OUT_DIR, 'README.md'),
    renderReadme({ rows: all.length, repos: manifest.totals.sources, byCategory: manifest.totals.byCategory, byLabelLang: manifest.totals.byLabelLang, sources }),
  );
  console.log(`corpus: ${all.length} rows from ${manifest.totals.sources} sources in ${files.length} files -> ${OUT_DIR}`);
}

main();
