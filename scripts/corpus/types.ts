/** Shared shapes of the corpus builder: rows, the mirror reader and the extractor interface. */

export type Label = 'attack' | 'benign';
export type Category =
  | 'direct_injection'
  | 'jailbreak'
  | 'indirect_injection'
  | 'harmful_request'
  | 'benign'
  | 'benign_hard';

/** One row as an extractor emits it; the builder adds source, commit, licence and a detected lang. */
export interface RawRow {
  /** Unique within the extractor; the builder prefixes the extractor id. */
  key: string;
  text: string;
  label: Label;
  category: Category;
  /** Path inside the repository the text came from (becomes `source` = repo:path). */
  path: string;
  /** Set when the source states the language; otherwise the detector decides. */
  lang?: string;
  /** For injected documents: the embedded instruction, a substring of `text`. */
  inject?: string;
}

/** One row of the committed corpus (the dev-dataset schema plus `commit`, optional `inject`). */
export interface CorpusRow {
  id: string;
  text: string;
  label: Label;
  category: Category;
  lang: string;
  source: string;
  commit: string;
  license: string;
  inject?: string;
}

/** Read access to one mirrored repository at its pinned commit. */
export interface RepoReader {
  readonly repo: string;
  readonly commit: string;
  show(path: string): string;
  showBytes(path: string): Buffer;
  /** Contents of many files in one read, in the order given. */
  showMany(paths: readonly string[]): string[];
  /** Paths of blobs under `prefix` (all when empty), sorted. */
  list(prefix?: string): string[];
}

export interface SourceExtractor {
  /** Short id, used in row ids and the manifest. */
  id: string;
  /** owner/name on GitHub. */
  repo: string;
  /** Pinned commit (12-hex prefix of the vetted snapshot HEAD); rows record the full hash. */
  commit: string;
  /** SPDX id and where it is stated. */
  license: string;
  /** Upper bound on rows kept after dedup, by seeded sampling (huge sources). */
  cap?: number;
  /**
   * False: the synthesis generators never take this source's rows as carriers (contrast rows that must stay as
   * written; adding such a source leaves every synthetic row as it was).
   */
  carrier?: false;
  /** What was taken, one line for the manifest and README. */
  taken: string;
  extract(repo: RepoReader): RawRow[];
}

/** Rows already accepted from public sources, as input to the synthesis generators. */
export interface SynthesisContext {
  rows: readonly CorpusRow[];
  /** A seeded PRNG in [0, 1) private to the generator. */
  random: () => number;
}

export interface SynthRow extends RawRow {
  /** The public row (or rows) this synthetic row was derived from: their source, commit and licence. */
  origin: { source: string; commit: string; license: string };
}

export interface Synthesizer {
  /** Becomes `warden/synthetic-<id>`. */
  id: string;
  cap?: number;
  taken: string;
  generate(ctx: SynthesisContext): SynthRow[];
}
