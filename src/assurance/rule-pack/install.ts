/**
 * Installs a verified pack into a state directory and finds the active one at start. Layout:
 * `<state>/packs/<name>@<version>-<digest 16>/` (the pack's files as signed) and `<state>/active.json` naming it.
 * Install writes the files into a temporary directory beside the target, renames it into place, then replaces
 * active.json by rename: a crash leaves the previous pack active, never a half-written one. Loading re-verifies
 * the installed files with the trusted keys, so a pack changed on disk after install is refused at start.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { RulePackError } from './errors.js';
import type { TrustedKeys } from './trust.js';
import { packRef, verifyPackFiles, type PackRef, type VerifiedPack } from './verify.js';

const ACTIVE_FILE = 'active.json';
const activeSchema = z.strictObject({ name: z.string(), version: z.string(), digest: z.string().regex(/^[0-9a-f]{64}$/), dir: z.string().regex(/^[a-z0-9._@-]+$/), installedAt: z.string() });

async function writeSynced(path: string, bytes: Buffer | string): Promise<void> {
  const fh = await open(path, 'wx', 0o600);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Writes `pack` under `stateDir` and makes it the active pack; returns where it went. */
export async function installPack(pack: VerifiedPack, stateDir: string, now = new Date()): Promise<{ ref: PackRef; dir: string }> {
  const ref = packRef(pack);
  const name = `${ref.name}@${ref.version}-${ref.digest.slice(0, 16)}`;
  const packs = join(stateDir, 'packs');
  const target = join(packs, name);
  await mkdir(packs, { recursive: true, mode: 0o700 });
  if (!existsSync(target)) {
    const tmp = join(packs, `.tmp-${randomBytes(8).toString('hex')}`);
    try {
      for (const [path, bytes] of [...pack.files].sort(([a], [b]) => a.localeCompare(b))) {
        const file = join(tmp, ...path.split('/'));
        await mkdir(dirname(file), { recursive: true, mode: 0o700 });
        await writeSynced(file, bytes);
      }
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      throw err;
    }
  }
  const active = join(stateDir, ACTIVE_FILE);
  const tmpActive = `${active}.tmp-${randomBytes(8).toString('hex')}`;
  await writeSynced(tmpActive, `${JSON.stringify({ ...ref, dir: name, installedAt: now.toISOString() }, null, 2)}\n`);
  await rename(tmpActive, active);
  return { ref, dir: target };
}

async function readTree(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const visit = async (dir: string, prefix: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const full = join(dir, name);
      const rel = prefix === '' ? name : `${prefix}/${name}`;
      const st = await lstat(full);
      if (st.isDirectory()) await visit(full, rel);
      else if (st.isFile()) files.set(rel, await readFile(full));
      else throw new RulePackError('tampered', `${full}: not a regular file in an installed pack`);
    }
  };
  await visit(root, '');
  return files;
}

/** The active pack of `stateDir`, verified again; undefined when none was installed. */
export async function loadActivePack(stateDir: string, trusted: TrustedKeys | undefined, wardenVersion: string): Promise<VerifiedPack | undefined> {
  const activePath = join(stateDir, ACTIVE_FILE);
  let raw: string;
  try {
    raw = await readFile(activePath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(raw);
  } catch {
    parsedJson = undefined;
  }
  const active = activeSchema.safeParse(parsedJson);
  if (!active.success) throw new RulePackError('tampered', `${activePath}: not an active-pack record; reinstall the pack with \`warden rules install\``);
  if (trusted === undefined || trusted.size === 0) {
    throw new RulePackError('no_trusted_keys', `${activePath}: rule pack ${active.data.name}@${active.data.version} is installed but no trusted keys are configured to verify it (rule_packs.trusted_keys)`);
  }
  const dir = join(stateDir, 'packs', active.data.dir);
  const pack = verifyPackFiles(await readTree(dir), trusted, wardenVersion, dir);
  if (pack.digest !== active.data.digest) throw new RulePackError('tampered', `${dir}: its manifest digest is not the one ${activePath} names`);
  return pack;
}
