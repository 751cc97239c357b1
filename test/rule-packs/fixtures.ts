/** Builds real signed packs and altered copies of them for the rule-pack tests. */
import { mkdirSync, mkdtempSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKeys } from '../../src/assurance/signing.js';
import { buildPack, type PackInput } from '../../src/assurance/rule-pack/index.js';
import { readArchive, writeArchive } from '../../src/assurance/rule-pack/archive.js';

export const DENYLIST_YAML = `terms:
  - id: project-falcon
    terms: [project falcon, falcon roadmap]
`;
export const TOXICITY_JSON = JSON.stringify([{ term: 'gobbledygook brain', category: 'insult', severity: 0.9 }]);

export interface Fixture {
  dir: string;
  keys: ReturnType<typeof generateSigningKeys>;
  keyFile: string;
  pubFile: string;
  content: string;
}

export function fixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'warden-packs-'));
  const keys = generateSigningKeys();
  const keyFile = join(dir, 'signer.key');
  const pubFile = join(dir, 'signer.pub');
  writeFileSync(keyFile, keys.privateKeyPem);
  writeFileSync(pubFile, keys.publicKeyPem);
  const content = join(dir, 'content');
  mkdirSync(join(content, 'rules'), { recursive: true });
  mkdirSync(join(content, 'lexicons'), { recursive: true });
  writeFileSync(join(content, 'rules', 'denylist.yaml'), DENYLIST_YAML);
  writeFileSync(join(content, 'lexicons', 'toxicity.json'), TOXICITY_JSON);
  return { dir, keys, keyFile, pubFile, content };
}

export async function packFile(f: Fixture, name: string, input: Partial<PackInput> = {}, privateKeyPem = f.keys.privateKeyPem): Promise<string> {
  const built = await buildPack(f.content, { name: 'acme-rules', version: '1.2.0', warden: '>=0.1.0 <0.2.0', ...input }, privateKeyPem);
  const path = join(f.dir, name);
  writeFileSync(path, built.archive);
  return path;
}

/** A copy of the pack at `path` with its files changed by `edit`, zipped again. */
export async function altered(path: string, out: string, edit: (files: Map<string, Buffer>) => void): Promise<string> {
  const files = await readArchive(path);
  edit(files);
  writeFileSync(out, await writeArchive(files));
  return out;
}

/** Replaces every occurrence of `from` by `to` (same length) in the raw bytes: entry names yazl itself would refuse. */
export function patchBytes(bytes: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('patchBytes needs equal lengths');
  const out = Buffer.from(bytes);
  const needle = Buffer.from(from);
  let found = 0;
  for (let at = out.indexOf(needle); at >= 0; at = out.indexOf(needle, at + 1)) {
    out.write(to, at);
    found++;
  }
  if (found === 0) throw new Error(`${from} not in the archive`);
  return out;
}

/** Whether anything was written under `dir`. */
export function untouched(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}
