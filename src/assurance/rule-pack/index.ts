/** Signed rule packs (docs/rule-packs.md): build, verify before anything is written, install atomically, load the active one. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../core/presets.js';
import { PACK_LIMITS, readArchive, type ArchiveLimits } from './archive.js';
import type { TrustedKeys } from './trust.js';
import { verifyPackFiles, type VerifiedPack } from './verify.js';

export { buildPack, type PackInput } from './build.js';
export { RulePackError, type RulePackRefusal } from './errors.js';
export { CONTENT_FILES, currentLine } from './format.js';
export { installPack, loadActivePack } from './install.js';
export { loadTrustedKeys, trustedKeysFrom, type TrustedKeys } from './trust.js';
export { packRef, type PackRef, type VerifiedPack } from './verify.js';
export { PACK_LIMITS, type ArchiveLimits };

let version: string | undefined;

/** This Warden's version (package.json), which a pack's compatibility range is checked against. */
export function wardenVersion(): string {
  version ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

/** Reads and verifies the pack archive at `path`, all in memory: nothing is written whatever the outcome. */
export async function verifyPackFile(path: string, trusted: TrustedKeys, options: { wardenVersion?: string; limits?: ArchiveLimits } = {}): Promise<VerifiedPack> {
  const files = await readArchive(path, options.limits ?? PACK_LIMITS);
  return verifyPackFiles(files, trusted, options.wardenVersion ?? wardenVersion(), path);
}
