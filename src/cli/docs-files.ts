/**
 * Files -> documents for `warden docs ingest`: every regular file under a directory (hidden files and sidecars
 * skipped), metadata from the flags, then from the file's YAML front matter or its sidecar `<file>.meta.yaml` /
 * `<file>.meta.json`, which may narrow or set the ACL and classification but never change the tenant.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { RetrievalDocument } from '../spec/retrieval.js';

const SIDECARS = ['.meta.yaml', '.meta.yml', '.meta.json'];
const FRONT_MATTER_END = '\n---';

export interface IngestDefaults {
  tenant: string;
  groups?: string[];
  roles?: string[];
  users?: string[];
  classification?: string;
}

/** One file's outcome: a candidate document, or why it cannot be one (checked further by the store). */
export type FileDocument = { file: string; document: Record<string, unknown> } | { file: string; error: string };

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return walk(p);
      return e.isFile() && !SIDECARS.some((s) => e.name.endsWith(s)) ? [p] : [];
    });
}

/** Splits `---\n<yaml>\n---\n` off the top of a text; the body is the rest. */
function frontMatter(text: string): { meta: unknown; body: string } {
  if (!text.startsWith('---\n') && !text.startsWith('---\r\n')) return { meta: undefined, body: text };
  const end = text.indexOf(FRONT_MATTER_END, 3);
  if (end < 0) return { meta: undefined, body: text };
  const after = text.indexOf('\n', end + FRONT_MATTER_END.length);
  return { meta: parseYaml(text.slice(text.indexOf('\n') + 1, end)), body: after < 0 ? '' : text.slice(after + 1) };
}

function sidecar(file: string): unknown {
  for (const suffix of SIDECARS) {
    let raw: string;
    try {
      raw = readFileSync(file + suffix, 'utf8');
    } catch {
      continue;
    }
    return parseYaml(raw);
  }
  return undefined;
}

function readDocument(root: string, file: string, defaults: IngestDefaults, maxBytes: number): FileDocument {
  const rel = relative(root, file).split(sep).join('/');
  const size = statSync(file).size;
  if (size > maxBytes) return { file: rel, error: `${size} bytes, larger than max_document_bytes (${maxBytes})` };
  const { meta, body } = frontMatter(readFileSync(file, 'utf8'));
  const extra = meta ?? sidecar(file) ?? {};
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) return { file: rel, error: 'front matter / sidecar is not a mapping' };
  const fields = extra as Record<string, unknown>;
  if ('tenant' in fields && fields['tenant'] !== defaults.tenant) {
    return { file: rel, error: `claims tenant ${JSON.stringify(fields['tenant'])} but is ingested for tenant "${defaults.tenant}"` };
  }
  const base: Partial<RetrievalDocument> = { id: rel, source: rel, text: body };
  for (const k of ['groups', 'roles', 'users', 'classification'] as const) if (defaults[k] !== undefined) base[k] = defaults[k] as never;
  return { file: rel, document: { ...base, ...fields, tenant: defaults.tenant } };
}

/** Every file under dir as a candidate document (or an error naming the file); parse errors are per file. */
export function documentsFromDir(dir: string, defaults: IngestDefaults, maxBytes: number): FileDocument[] {
  return walk(dir).map((file) => {
    try {
      return readDocument(dir, file, defaults, maxBytes);
    } catch (e) {
      return { file: relative(dir, file), error: e instanceof Error ? e.message.split('\n')[0] ?? 'unreadable' : String(e) };
    }
  });
}
