import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGatewayServices } from '../../../src/gateway/backends/index.js';
import { openStores, type Stores } from '../../../src/gateway/backends/sqlite.js';
import { gatewaySectionSchema } from '../../../src/gateway/config.js';
import type { GatewayServices } from '../../../src/gateway/services.js';
import { createVirtualKey, type CreateKeyInput } from '../../../src/gateway/identity/key-admin.js';

export function tempDir(): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'warden-id-'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs fn on a second connection to the data dir, as the CLI does against a running gateway. */
export async function asCli<T>(dataDir: string, fn: (s: Stores) => Promise<T>): Promise<T> {
  const s = openStores(dataDir);
  try {
    return await fn(s);
  } finally {
    await s.audit.close();
    s.db.close();
  }
}

export function createKey(dataDir: string, input: CreateKeyInput, now = new Date()): Promise<{ key: string; id: string }> {
  return asCli(dataDir, async (s) => {
    const { key, record } = await createVirtualKey(s.keys, s.pepper, input, now);
    return { key, id: record.id };
  });
}

/** A manual clock for limits and expiry. */
export function clock(start = Date.UTC(2025, 0, 15, 12, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms) };
}

export async function services(dataDir: string, cfg: unknown = {}, opts: { now?: () => number; openKey?: string } = {}): Promise<GatewayServices> {
  return openGatewayServices(gatewaySectionSchema.parse(cfg), {
    dataDir,
    now: opts.now,
    openMode: opts.openKey ? { apiKey: opts.openKey } : undefined,
  });
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
export const req = (headers: Record<string, string>, extra: { model?: string; ip?: string; estimatedPromptTokens?: number } = {}) => ({
  headers,
  ip: extra.ip ?? '10.0.0.1',
  route: '/v1/chat/completions',
  model: extra.model,
  estimatedPromptTokens: extra.estimatedPromptTokens,
});
