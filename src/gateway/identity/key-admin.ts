import type { KeyLimits, KeyStore, VirtualKeyRecord } from '../../store/interfaces.js';
import { generateKey, hashKey, KeyInputError } from './keys.js';

/** A key as shown to operators: everything but the hash. */
export type PublicKey = Omit<VirtualKeyRecord, 'hash'>;

export interface CreateKeyInput {
  tenant: string;
  name?: string | null;
  roles?: string[];
  models?: string[];
  tools?: string[];
  expiresAt?: Date | null;
  trustUserHeader?: boolean;
  limits?: KeyLimits | null;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;

function checkNames(what: string, values: readonly string[], allowStar: boolean): string[] {
  for (const v of values) {
    if (!(allowStar && v === '*') && !NAME.test(v)) {
      throw new KeyInputError(`invalid ${what} "${v}": use letters, digits and . _ : @ / - (max 128 characters)`);
    }
  }
  return [...new Set(values)];
}

export function publicKey(rec: VirtualKeyRecord): PublicKey {
  const { hash: _hash, ...rest } = rec;
  return rest;
}

/** Creates a key and returns the secret: the only time it is ever available. */
export async function createVirtualKey(
  store: KeyStore,
  pepper: string,
  input: CreateKeyInput,
  now: Date,
): Promise<{ key: string; record: PublicKey }> {
  const [tenant] = checkNames('tenant', [input.tenant], false);
  if (tenant === undefined) throw new KeyInputError('a key needs a tenant');
  const models = checkNames('model', input.models?.length ? input.models : ['*'], true);
  const tools = checkNames('tool', input.tools?.length ? input.tools : ['*'], true);
  const roles = checkNames('role', input.roles ?? [], false);
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) throw new KeyInputError('expiry must be in the future');
  for (const [k, v] of Object.entries(input.limits ?? {})) {
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new KeyInputError(`limit ${k} must be a positive number`);
  }
  const limits = input.limits && Object.values(input.limits).some((v) => v !== undefined) ? input.limits : null;
  const { key, id } = generateKey();
  const record: VirtualKeyRecord = {
    id,
    hash: hashKey(pepper, key),
    name: input.name ?? null,
    tenant,
    roles,
    models,
    tools,
    trustUserHeader: input.trustUserHeader ?? false,
    limits,
    createdAt: now.toISOString(),
    expiresAt: input.expiresAt ? input.expiresAt.toISOString() : null,
    revokedAt: null,
  };
  await store.insert(record);
  return { key, record: publicKey(record) };
}
