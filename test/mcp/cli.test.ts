/**
 * `warden mcp-proxy` as a process: an SDK Client spawns it over stdio (the way an MCP host does), the proxy
 * spawns the fixture server; `--update-pins` re-pins reviewed definitions; a bad config exits 2 with positions.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, refusalOf, ROOT, stdioFixture, testDir, textOf, type TestDir } from './helpers.js';

const ENTRY = join(ROOT, 'test', 'approvals', 'cli-entry.ts');

function runCli(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: ROOT, encoding: 'utf8' }, (error, _stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stderr });
    });
  });
}

async function withProxy<T>(config: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ name: 'host', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', ENTRY, 'mcp-proxy', '--config', config], cwd: ROOT, stderr: 'ignore' }));
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

describe('warden mcp-proxy (process)', () => {
  let t: TestDir;
  beforeEach(() => {
    t = testDir();
  });
  afterEach(() => t.dispose());

  it('serves an MCP host over stdio: filtered list, allowed and denied calls', async () => {
    await withProxy(t.config({ servers: { fx: stdioFixture() } }), async (client) => {
      expect((await client.listTools()).tools.map((x) => x.name)).not.toContain('delete_all');
      expect(textOf(await call(client, 'add', { a: 40, b: 2 }))).toBe('42');
      expect(refusalOf(await call(client, 'refund', { order: 'A', amount: 1000 }))).toMatchObject({ rule: 'tools/refund/too-large' });
    });
  }, 120_000);

  it('--update-pins accepts a reviewed change', async () => {
    await withProxy(t.config({ servers: { fx: stdioFixture() } }), async (client) => expect((await client.listTools()).tools.length).toBeGreaterThan(0));
    const changed = t.config({ servers: { fx: stdioFixture({ FIXTURE_ADD_DESCRIPTION: 'Adds two integers.' }) } });
    await withProxy(changed, async (client) => expect(refusalOf(await call(client, 'add', { a: 1, b: 1 }))).toMatchObject({ rule: 'mcp/definition-changed' }));
    const updated = await runCli(['mcp-proxy', '--config', changed, '--update-pins']);
    expect(updated).toMatchObject({ code: 0 });
    expect(updated.stderr).toMatch(/pinned \d+ tool definitions/);
    await withProxy(changed, async (client) => expect(textOf(await call(client, 'add', { a: 1, b: 1 }))).toBe('2'));
  }, 240_000);

  it('exits 2 with file:line:column for a bad mcp: section', async () => {
    const file = join(t.dir, 'bad.yaml');
    writeFileSync(file, 'version: 1\nmcp:\n  servers:\n    fx:\n      type: ftp\n      command: x\n');
    const r = await runCli(['mcp-proxy', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:5:\d+: mcp\.servers\.fx/);
  }, 120_000);
});
