/**
 * ed25519 signatures over canonical JSON (node:crypto), shared by model manifests and rule packs. A key id is the
 * first 16 hex characters of the sha256 of the public key's SPKI DER: it names the key, it never replaces it.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../audit/canonical-json.js';

export interface Signature {
  /** Base64 ed25519 signature over the canonical JSON of the signed value. */
  signature: string;
  keyId: string;
}

export function keyIdOf(key: KeyObject): string {
  const spki = (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex').slice(0, 16);
}

export function generateSigningKeys(): { privateKeyPem: string; publicKeyPem: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

export function signCanonical(value: unknown, privateKeyPem: string): Signature {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the signing key is ${key.asymmetricKeyType ?? 'unknown'}, expected ed25519`);
  return { signature: sign(null, Buffer.from(canonicalJson(value)), key).toString('base64'), keyId: keyIdOf(key) };
}

/** An ed25519 public key from PEM; throws naming `source` for any other key. */
export function ed25519PublicKey(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (err) {
    throw new Error(`${source}: not a public key in PEM (${(err as Error).message})`, { cause: err });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${source}: the public key is ${key.asymmetricKeyType ?? 'unknown'}, expected ed25519`);
  return key;
}

/** Whether `signature` is `value`'s signature by `key`; a malformed signature is simply invalid. */
export function verifyCanonical(value: unknown, signature: string, key: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(canonicalJson(value)), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
