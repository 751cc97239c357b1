/**
 * Verifies a rule pack held in memory, in this order: manifest and signature present (else `unsigned`), the
 * signature by a trusted key (`unknown_key`, `bad_signature`: a changed manifest lands here), built for this
 * Warden (`incompatible`), the archive's files exactly the manifest's with their sizes and sha256 (`tampered`),
 * then the content parsed by the detectors' own schemas (`bad_content`). Nothing is trusted before its check.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../audit/canonical-json.js';
import type { DetectorContent } from '../../detectors/index.js';
import { verifyCanonical } from '../signing.js';
import { parseContent } from './content.js';
import { RulePackError } from './errors.js';
import { CONTENT_FILES, MANIFEST_FILE, SIGNATURE_FILE, isContentFile, manifestSchema, satisfies, signatureSchema, type ContentFile, type PackManifest } from './format.js';
import type { TrustedKeys } from './trust.js';

export interface VerifiedPack {
  manifest: PackManifest;
  keyId: string;
  /** sha256 of the manifest's canonical JSON: names exactly this content (the manifest holds every file's hash). */
  digest: string;
  /** Every file of the pack, manifest and signature included, by path. */
  files: ReadonlyMap<string, Buffer>;
  content: DetectorContent;
}

/** `name@version` and the digest: what the audit log records as the active pack. */
export interface PackRef {
  name: string;
  version: string;
  digest: string;
}

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

function parseJson(bytes: Buffer, what: string, source: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new RulePackError('tampered', `${source}: ${what} is not JSON (${(err as Error).message})`);
  }
}

export function verifyPackFiles(files: ReadonlyMap<string, Buffer>, trusted: TrustedKeys, wardenVersion: string, source: string): VerifiedPack {
  const manifestBytes = files.get(MANIFEST_FILE);
  const sigBytes = files.get(SIGNATURE_FILE);
  if (manifestBytes === undefined) throw new RulePackError('unsigned', `${source}: no ${MANIFEST_FILE}; not a Warden rule pack (build one with \`warden rules pack\`)`);
  if (sigBytes === undefined) throw new RulePackError('unsigned', `${source}: unsigned rule pack (no ${SIGNATURE_FILE}); only packs signed by a trusted key are accepted`);
  const sig = signatureSchema.safeParse(parseJson(sigBytes, SIGNATURE_FILE, source));
  if (!sig.success) throw new RulePackError('unsigned', `${source}: ${SIGNATURE_FILE} is not a signature ({signature, keyId})`);
  const key = trusted.get(sig.data.keyId);
  if (key === undefined) {
    throw new RulePackError('unknown_key', `${source}: signed by an unknown key (key id ${sig.data.keyId}); trusted key ids: ${[...trusted.keys()].join(', ') || 'none'}`);
  }
  const rawManifest = parseJson(manifestBytes, MANIFEST_FILE, source);
  if (!verifyCanonical(rawManifest, sig.data.signature, key)) {
    throw new RulePackError('bad_signature', `${source}: the signature does not match the manifest (key id ${sig.data.keyId}); the manifest was changed after signing`);
  }
  const parsed = manifestSchema.safeParse(rawManifest);
  if (!parsed.success) throw new RulePackError('bad_content', `${source}: ${MANIFEST_FILE} is signed but not a ${'warden-rule-pack/1'} manifest (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  const manifest = parsed.data;
  if (!satisfies(wardenVersion, manifest.warden)) {
    throw new RulePackError('incompatible', `${source}: ${manifest.name}@${manifest.version} is built for Warden ${manifest.warden}; this is Warden ${wardenVersion}`);
  }
  const content = new Map<ContentFile, Buffer>();
  for (const [path, want] of Object.entries(manifest.files)) {
    const bytes = files.get(path);
    if (!isContentFile(path)) throw new RulePackError('bad_content', `${source}: ${path} is not a known content file (${Object.keys(CONTENT_FILES).join(', ')})`);
    if (bytes === undefined) throw new RulePackError('tampered', `${source}: ${path} is in the manifest but not in the pack`);
    if (bytes.length !== want.size || sha256(bytes) !== want.sha256) {
      throw new RulePackError('tampered', `${source}: ${path} does not match its signed sha256 (content changed after signing)`);
    }
    content.set(path, bytes);
  }
  for (const path of files.keys()) {
    if (path !== MANIFEST_FILE && path !== SIGNATURE_FILE && !Object.hasOwn(manifest.files, path)) {
      throw new RulePackError('tampered', `${source}: ${path} is not in the signed manifest (added after signing)`);
    }
  }
  return { manifest, keyId: sig.data.keyId, digest: sha256(Buffer.from(canonicalJson(rawManifest))), files, content: parseContent(content, source) };
}

export function packRef(pack: VerifiedPack): PackRef {
  return { name: pack.manifest.name, version: pack.manifest.version, digest: pack.digest };
}
