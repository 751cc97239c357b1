/** Builds a signed rule pack from a directory of content files (the paths of CONTENT_FILES). */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { canonicalJson } from '../../audit/canonical-json.js';
import { signCanonical } from '../signing.js';
import { parseContent } from './content.js';
import { RulePackError } from './errors.js';
import { CONTENT_FILES, FORMAT, MANIFEST_FILE, SIGNATURE_FILE, isContentFile, manifestSchema, type ContentFile, type PackManifest } from './format.js';
import { writeArchive } from './archive.js';

export interface PackInput {
  name: string;
  version: string;
  /** Warden versions the pack is built for, e.g. ">=0.1.0 <0.2.0". */
  warden: string;
  now?: Date;
}

async function contentFiles(dir: string): Promise<Map<ContentFile, Buffer>> {
  const files = new Map<ContentFile, Buffer>();
  const visit = async (d: string): Promise<void> => {
    for (const name of (await readdir(d)).sort()) {
      const full = join(d, name);
      const rel = relative(dir, full).split(sep).join('/');
      const st = await lstat(full);
      if (st.isDirectory()) await visit(full);
      else if (!st.isFile()) throw new RulePackError('unsafe_entry', `${full}: not a regular file (symlink or device); a pack holds regular files only`);
      else if (!isContentFile(rel)) throw new RulePackError('bad_content', `${full}: ${rel} is not a content file a pack may carry (${Object.keys(CONTENT_FILES).join(', ')})`);
      else files.set(rel, await readFile(full));
    }
  };
  await visit(dir);
  if (files.size === 0) throw new RulePackError('bad_content', `${dir}: no content files (${Object.keys(CONTENT_FILES).join(', ')})`);
  return files;
}

/** The zip bytes of the signed pack and its manifest; the content is validated as install would. */
export async function buildPack(dir: string, input: PackInput, privateKeyPem: string): Promise<{ archive: Buffer; manifest: PackManifest; keyId: string; digest: string }> {
  const content = await contentFiles(dir);
  parseContent(content, dir);
  const files: PackManifest['files'] = {};
  for (const [path, bytes] of content) files[path] = { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
  const parsed = manifestSchema.safeParse({ format: FORMAT, name: input.name, version: input.version, warden: input.warden, createdAt: (input.now ?? new Date()).toISOString(), files });
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new RulePackError('bad_content', `pack ${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}`);
  }
  const manifest = parsed.data;
  const sig = signCanonical(manifest, privateKeyPem);
  const all = new Map<string, Buffer>(content);
  all.set(MANIFEST_FILE, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  all.set(SIGNATURE_FILE, Buffer.from(`${JSON.stringify(sig)}\n`));
  return { archive: await writeArchive(all), manifest, keyId: sig.keyId, digest: createHash('sha256').update(canonicalJson(manifest)).digest('hex') };
}
