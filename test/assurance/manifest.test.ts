import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildManifest, generateSigningKeys, signManifest, verifyManifest } from '../../src/assurance/manifest.js';

function modelDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'warden-manifest-'));
  mkdirSync(join(d, 'tokenizer'));
  writeFileSync(join(d, 'model.safetensors'), Buffer.alloc(64, 1));
  writeFileSync(join(d, 'config.json'), '{"hidden": 8}');
  writeFileSync(join(d, 'tokenizer', 'vocab.txt'), 'a\nb\n');
  return d;
}

describe('signed model manifests', () => {
  const keys = generateSigningKeys();

  it('verifies an untouched directory', async () => {
    const d = modelDir();
    const signed = signManifest((await buildManifest(d)).manifest, keys.privateKeyPem);
    expect(Object.keys(signed.manifest.files)).toEqual(['config.json', 'model.safetensors', 'tokenizer/vocab.txt']);
    expect(signed.keyId).toBe(keys.keyId);
    expect(await verifyManifest(d, signed, keys.publicKeyPem)).toEqual({ signatureValid: true, changed: [], missing: [], extra: [], refused: [] });
  });

  it('names every changed, missing and extra file and refuses symlinks', async () => {
    const d = modelDir();
    const signed = signManifest((await buildManifest(d)).manifest, keys.privateKeyPem);
    writeFileSync(join(d, 'config.json'), '{"hidden": 9}');
    rmSync(join(d, 'tokenizer', 'vocab.txt'));
    writeFileSync(join(d, 'extra.pkl'), 'x');
    symlinkSync('/etc/passwd', join(d, 'link'));
    expect(await verifyManifest(d, signed, keys.publicKeyPem)).toEqual({
      signatureValid: true, changed: ['config.json'], missing: ['tokenizer/vocab.txt'], extra: ['extra.pkl'], refused: ['link'],
    });
  });

  it('rejects a manifest edited after signing and a signature by another key', async () => {
    const d = modelDir();
    const signed = signManifest((await buildManifest(d)).manifest, keys.privateKeyPem);
    const edited = { ...signed, manifest: { ...signed.manifest, files: { ...signed.manifest.files, 'config.json': '0'.repeat(64) } } };
    expect((await verifyManifest(d, edited, keys.publicKeyPem)).signatureValid).toBe(false);
    expect((await verifyManifest(d, signed, generateSigningKeys().publicKeyPem)).signatureValid).toBe(false);
    expect((await verifyManifest(d, { ...signed, signature: 'not base64 at all' }, keys.publicKeyPem)).signatureValid).toBe(false);
  });

  it('refuses keys that are not ed25519', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => signManifest({ version: 1, algorithm: 'sha256', files: {}, createdAt: '' }, rsa)).toThrow(/the signing key is rsa, expected ed25519/);
  });
});
