/** The MCP proxy under test: a config written to a temp dir, the proxy started on it, a real SDK Client connected. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { stringify } from 'yaml';
import { expect } from 'vitest';
import { openStores } from '../../src/gateway/backends/sqlite.js';
import { configuredCaller } from '../../src/mcp/identity.js';
import { loadMcpConfig, startMcpProxy, type RunningProxy } from '../../src/mcp/start.js';
import type { AuditRecord } from '../../src/spec/gateway.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const FIXTURES = join(ROOT, 'test', 'mcp', 'fixtures');

/** The fixture server over stdio, as a `servers:` entry. */
export function stdioFixture(env: Record<string, string> = {}) {
  return { type: 'stdio', command: process.execPath, args: ['--import', 'tsx', join(FIXTURES, 'stdio-server.ts')], cwd: ROOT, env };
}

export const TOOLS_POLICY = {
  add: {},
  read_doc: {},
  refund: {
    args_schema: { type: 'object', properties: { order: { type: 'string' }, amount: { type: 'number' } }, required: ['order', 'amount'] },
    conditions: {
      'too-large': { when: 'args.amount > 100', action: 'deny', reason: 'refunds over 100 are not allowed' },
      'needs-human': { when: 'args.amount > 50', action: 'require_approval', reason: 'refunds over 50 need a second person' },
    },
    limits: { budgets: { daily: { sum: 'args.amount', per: 'key', window: '1d', max: 100 } } },
  },
  delete_all: { allow: { roles: ['admin'] } },
  slow: {},
  crash: {},
  huge: {},
  rug_pull: {},
  weather: {},
};

export interface TestDir {
  dir: string;
  dataDir: string;
  pins: string;
  /** Writes warden.yaml with the given mcp: section (merged over defaults); returns its path. */
  config(mcp: Record<string, unknown>, extra?: Record<string, unknown>): string;
  dispose(): void;
}

export function testDir(): TestDir {
  const dir = mkdtempSync(join(tmpdir(), 'warden-mcp-'));
  const dataDir = join(dir, 'data');
  const pins = join(dir, 'pins.json');
  return {
    dir,
    dataDir,
    pins,
    config(mcp, extra = {}) {
      const doc = {
        version: 1,
        extends: 'default',
        // A loaded CI host can push the first tool_definition scan past the 100 ms default, which fails closed and
        // reads as a poisoned definition (seen once on `refund`); these tests are about the proxy, not latency.
        budget_ms: 10_000,
        gateway: { data_dir: dataDir },
        tools: TOOLS_POLICY,
        mcp: { identity: { key_id: 'agent-1', tenant: 'acme', roles: ['support'] }, pins: { file: pins }, call_timeout_ms: 2_000, ...mcp },
        ...extra,
      };
      const file = join(dir, 'warden.yaml');
      writeFileSync(file, stringify(doc));
      return file;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Connected {
  running: RunningProxy;
  client: Client;
  close(): Promise<void>;
}

/** Starts the proxy from a config file and connects an SDK Client as the configured stdio identity. */
export async function connect(configFile: string): Promise<Connected> {
  const cfg = loadMcpConfig(configFile);
  const running = await startMcpProxy(cfg, { stdio: false, log: () => undefined });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await running.proxy.serverFor(configuredCaller(cfg.mcp.identity)).connect(serverSide);
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  await client.connect(clientSide);
  return {
    running,
    client,
    async close() {
      await client.close();
      await running.close();
    },
  };
}

export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The text of the first content block. */
export function textOf(r: CallToolResult): string {
  const first = r.content[0];
  return first?.type === 'text' ? first.text : '';
}

/** The refusal JSON the proxy answers with instead of a result. */
export function refusalOf(r: CallToolResult): { error: string; rule: string; reason: string; approval_id?: string } {
  expect(r.isError).toBe(true);
  return JSON.parse(textOf(r)) as { error: string; rule: string; reason: string };
}

/** Every audit record of the data dir, oldest first (read after the proxy closed, so all are flushed). */
export async function auditRecords(dataDir: string): Promise<AuditRecord[]> {
  const s = openStores(dataDir);
  try {
    return (await s.audit.query({ limit: 1000 })).reverse();
  } finally {
    await s.audit.close();
    s.db.close();
  }
}
