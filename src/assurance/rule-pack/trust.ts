/** The public keys a site trusts to sign rule packs: one PEM file, or every *.pub / *.pem file of a directory. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { ed25519PublicKey, keyIdOf } from '../signing.js';
import { RulePackError } from './errors.js';

export type TrustedKeys = ReadonlyMap<string, KeyObject>;

export function trustedKeysFrom(pems: ReadonlyArray<{ pem: string; source: string }>): TrustedKeys {
  const keys = new Map<string, KeyObject>();
  for (const { pem, source } of pems) {
    const key = ed25519PublicKey(pem, source);
    keys.set(keyIdOf(key), key);
  }
  return keys;
}

export function loadTrustedKeys(path: string): TrustedKeys {
  let files: string[];
  try {
    files = statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((f) => /\.(?:pub|pem)$/.test(f))
          .sort()
          .map((f) => join(path, f))
      : [path];
  } catch (err) {
    throw new RulePackError('no_trusted_keys', `trusted keys ${path}: ${(err as Error).message}`);
  }
  const keys = trustedKeysFrom(files.filter((f) => statSync(f).isFile()).map((f) => ({ pem: readFileSync(f, 'utf8'), source: f })));
  if (keys.size === 0) throw new RulePackError('no_trusted_keys', `trusted keys ${path}: no *.pub or *.pem public key found`);
  return keys;
}
