/**
 * Model manifests: sha256 of every file under a model directory, signed with ed25519 (node:crypto), so a
 * deployment can prove the weights it loads are the ones a release signed. Verification names every changed,
 * missing and extra file; symlinks are refused (they could point anywhere after signing).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ed25519PublicKey, signCanonical, verifyCanonical } from './signing.js';

export { generateSigningKeys, keyIdOf } from './signing.js';

export interface ModelManifest {
  version: 1;
  algorithm: 'sha256';
  /** Relative path (forward slashes) -> hex digest. */
  files: Record<string, string>;
  createdAt: string;
}

export interface SignedManifest {
  manifest: ModelManifest;
  /** Base64 ed25519 signature over the canonical JSON of `manifest`. */
  signature: string;
  /** sha256 of the signer's public key (SPKI DER), first 16 hex characters: says which key to verify with. */
  keyId: string;
}

export interface VerifyResult {
  signatureValid: boolean;
  changed: string[];
  missing: string[];
  extra: string[];
  /** Paths that are symlinks or other non-regular files. */
  refused: string[];
}

const MAX_FILES = 100_000;

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path).on('error', reject).on('data', (c) => h.update(c)).on('end', () => resolve(h.digest('hex')));
  });
}

/** Every regular file under `dir` (sorted, forward-slash paths), minus `exclude`; symlinks and devices listed apart. */
async function listFiles(dir: string, exclude: ReadonlySet<string>): Promise<{ files: string[]; refused: string[] }> {
  const files: string[] = [];
  const refused: string[] = [];
  const visit = async (d: string): Promise<void> => {
    for (const name of (await readdir(d)).sort()) {
      const full = join(d, name);
      const rel = relative(dir, full).split(sep).join('/');
      const st = await lstat(full);
      if (st.isDirectory()) await visit(full);
      else if (st.isFile()) {
        if (!exclude.has(rel)) files.push(rel);
      } else refused.push(rel);
      if (files.length > MAX_FILES) throw new Error(`more than ${MAX_FILES} files under ${dir}`);
    }
  };
  await visit(dir);
  return { files, refused };
}

export async function buildManifest(dir: string, exclude: ReadonlySet<string> = new Set(), now = new Date()): Promise<{ manifest: ModelManifest; refused: string[] }> {
  const { files, refused } = await listFiles(dir, exclude);
  const digests: Record<string, string> = {};
  for (const f of files) digests[f] = await sha256File(join(dir, f));
  return { manifest: { version: 1, algorithm: 'sha256', files: digests, createdAt: now.toISOString() }, refused };
}

export function signManifest(manifest: ModelManifest, privateKeyPem: string): SignedManifest {
  return { manifest, ...signCanonical(manifest, privateKeyPem) };
}

/** Checks the signature with a key the verifier trusts (never one the manifest brings), then every file. */
export async function verifyManifest(dir: string, signed: SignedManifest, publicKeyPem: string, exclude: ReadonlySet<string> = new Set()): Promise<VerifyResult> {
  const signatureValid = verifyCanonical(signed.manifest, signed.signature, ed25519PublicKey(publicKeyPem, 'the public key'));
  const { files, refused } = await listFiles(dir, exclude);
  const expected = signed.manifest.files;
  const present = new Set(files);
  const changed: string[] = [];
  for (const f of files) {
    const want = expected[f];
    if (want !== undefined && (await sha256File(join(dir, f))) !== want) changed.push(f);
  }
  return {
    signatureValid,
    changed,
    missing: Object.keys(expected).filter((f) => !present.has(f)).sort(),
    extra: files.filter((f) => expected[f] === undefined),
    refused,
  };
}
