/**
 * Protected corpora: the files under each registered path are fingerprinted into one index at start-up and their
 * text is dropped (read one file at a time). Each file is one document, named `<corpus>:<relative path>`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { createFingerprintIndex, type MutableFingerprintIndex } from '../context/fingerprints.js';

export interface CorpusSource {
  id: string;
  path: string;
}

export interface ProtectedCorpora {
  index: MutableFingerprintIndex;
  /** The corpus of each indexed document, by ordinal. */
  corpusOf: string[];
  /** What was skipped (binary or oversized files), for the start-up log. */
  notices: string[];
}

/** A file larger than this is skipped with a notice: a corpus is prose, not archives. */
export const MAX_CORPUS_FILE_BYTES = 16 * 1024 * 1024;

async function filesUnder(path: string): Promise<string[]> {
  const s = await stat(path);
  if (s.isFile()) return [path];
  const out: string[] = [];
  for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const p = join(path, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(p)));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** Fingerprints every corpus; a path that cannot be read is an error naming the corpus and the path. */
export async function loadProtectedCorpora(sources: readonly CorpusSource[]): Promise<ProtectedCorpora> {
  const index = createFingerprintIndex();
  const corpusOf: string[] = [];
  const notices: string[] = [];
  for (const src of sources) {
    let files: string[];
    try {
      files = await filesUnder(src.path);
    } catch (err) {
      throw new Error(`protected corpus "${src.id}": cannot read ${src.path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    for (const file of files) {
      const name = `${src.id}:${relative(src.path, file) || basename(file)}`;
      if ((await stat(file)).size > MAX_CORPUS_FILE_BYTES) {
        notices.push(`protected corpus ${name}: skipped, larger than ${MAX_CORPUS_FILE_BYTES} bytes`);
        continue;
      }
      const text = await readFile(file, 'utf8');
      if (text.includes('\u0000')) {
        notices.push(`protected corpus ${name}: skipped, binary file`);
        continue;
      }
      corpusOf[index.add({ id: name, text })] = src.id;
    }
  }
  return { index, corpusOf, notices };
}
