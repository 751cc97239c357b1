/**
 * `warden model scan`: finds the model files under a path and checks each by its format (from its first
 * bytes, then its extension): pickles and zipped PyTorch checkpoints for dangerous imports, safetensors headers,
 * GGUF metadata. A file that cannot be read completely is never reported clean.
 */
import { open, readdir, lstat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { checkGguf } from './gguf.js';
import { scanPickle, type PickleImport } from './pickle-scan.js';
import { checkSafetensors } from './safetensors.js';
import { zipPickles } from './zip-pickles.js';

export type ModelFormat = 'pickle' | 'pytorch-zip' | 'safetensors' | 'gguf';
/** dangerous: would run code or is malformed on purpose; unreadable: could not be cleared; warning: unknown imports. */
export type FileVerdict = 'clean' | 'warning' | 'dangerous' | 'unreadable' | 'skipped';

export interface FileScan {
  path: string;
  format: ModelFormat | 'other';
  verdict: FileVerdict;
  imports: PickleImport[];
  problems: string[];
}

/** Legacy PyTorch files hold pickles followed by tensor bytes; only this much of a pickle file is read. */
export const MAX_PICKLE_READ = 256 * 1024 * 1024;
const MAX_FILES = 100_000;
const PICKLE_EXT = new Set(['.pkl', '.pickle', '.pt', '.pth', '.bin', '.ckpt', '.joblib', '.npy', '.data']);

function detect(head: Buffer, path: string): ModelFormat | 'other' {
  if (head.length >= 4 && head.toString('latin1', 0, 4) === 'PK\x03\x04') return 'pytorch-zip';
  if (head.length >= 4 && head.toString('latin1', 0, 4) === 'GGUF') return 'gguf';
  if (head.length >= 9 && head.readBigUInt64LE(0) < 100_000_000n && head[8] === 0x7b) return 'safetensors';
  if (head[0] === 0x80 && (head[1] ?? 0) <= 5) return 'pickle';
  const ext = extname(path).toLowerCase();
  if (ext === '.safetensors') return 'safetensors';
  if (ext === '.gguf') return 'gguf';
  return PICKLE_EXT.has(ext) ? 'pickle' : 'other';
}

function fromImports(imports: PickleImport[], problems: string[]): FileVerdict {
  if (problems.length > 0 || imports.some((i) => i.verdict === 'dangerous')) return 'dangerous';
  return imports.some((i) => i.verdict === 'unknown') ? 'warning' : 'clean';
}

async function scanFile(path: string): Promise<FileScan> {
  const file = await open(path, 'r');
  let format: ModelFormat | 'other' = 'other';
  try {
    const { size } = await file.stat();
    const head = Buffer.alloc(Math.min(size, 16));
    await file.read(head, 0, head.length, 0);
    format = detect(head, path);
    const base = { path, format, imports: [] as PickleImport[], problems: [] as string[] };
    if (format === 'other') return { ...base, verdict: 'skipped' };
    if (format === 'safetensors') {
      const r = await checkSafetensors(file, size);
      return { ...base, problems: r.problems, verdict: r.problems.length > 0 ? 'dangerous' : 'clean' };
    }
    if (format === 'gguf') {
      const r = await checkGguf(file, size);
      return { ...base, problems: r.problems, verdict: r.problems.length > 0 ? 'dangerous' : 'clean' };
    }
    if (format === 'pytorch-zip') {
      const imports: PickleImport[] = [];
      const problems: string[] = [];
      const members = await zipPickles(path);
      if (members.length === 0) problems.push('zip archive without a pickle member (data.pkl): not a PyTorch checkpoint this scanner can clear');
      for (const m of members) {
        const r = scanPickle(m.bytes);
        imports.push(...r.imports.map((i) => ({ ...i, opcode: `${m.name}: ${i.opcode}` })));
        problems.push(...r.problems.map((p) => `${m.name}: ${p}`));
      }
      return { ...base, imports, problems, verdict: fromImports(imports, problems) };
    }
    const bytes = Buffer.alloc(Math.min(size, MAX_PICKLE_READ));
    await file.read(bytes, 0, bytes.length, 0);
    const r = scanPickle(bytes);
    return { ...base, imports: r.imports, problems: r.problems, verdict: fromImports(r.imports, r.problems) };
  } catch (e) {
    return { path, format, verdict: 'unreadable', imports: [], problems: [(e as Error).message] };
  } finally {
    await file.close();
  }
}

async function* walk(path: string, depth = 0): AsyncGenerator<string> {
  const st = await lstat(path);
  if (st.isSymbolicLink()) return;
  if (st.isFile()) {
    yield path;
    return;
  }
  if (!st.isDirectory() || depth > 32) return;
  const names = (await readdir(path)).sort();
  for (const n of names) yield* walk(join(path, n), depth + 1);
}

/** Scans `path` (a file, or every file under a directory, symlinks not followed). */
export async function scanModelPath(path: string): Promise<FileScan[]> {
  const out: FileScan[] = [];
  for await (const f of walk(path)) {
    if (out.length >= MAX_FILES) throw new Error(`more than ${MAX_FILES} files under ${path}`);
    out.push(await scanFile(f));
  }
  return out;
}
