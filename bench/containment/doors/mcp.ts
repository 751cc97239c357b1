/**
 * Door 3: the MCP proxy. The proxy's own start-up (`loadMcpConfig` + `startMcpProxy`: the gateway's SQLite
 * services, audit log, approvals, pins) on the benchmark's policy with an `mcp:` section added, in front of the
 * simulated tools as a real MCP server process (bench/containment/mcp-server.ts, over stdio). Each scenario is
 * one client session (an SDK Client) whose caller is the scenario's identity. The supervisor decides held calls
 * the way `warden approvals approve` does: through its own handle on the data directory's approval store.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { parse, stringify } from 'yaml';
import { createApprovalService } from '../../../src/approvals/service.js';
import { openSqliteStores } from '../../../src/gateway/backends/sqlite.js';
import { configuredCaller } from '../../../src/mcp/identity.js';
import { loadMcpConfig, startMcpProxy } from '../../../src/mcp/start.js';
import { createApprover, emptyTally } from '../approver.js';
import type { CallLog, Door } from '../door.js';
import type { Resolved } from '../format.js';
import { localAgent, toolIdentity } from '../session.js';
import type { Effect } from '../world.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SUPERVISOR_POLL_MS = 25;

export interface McpDoorOptions {
  policyFile: string;
  dataDir: string;
  approvalTimeoutMs: number;
}

function textOf(r: CallToolResult): string {
  return r.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
}

/** The rule of the proxy's refusal JSON (`{"error","rule","reason"}`), or the text of another error. */
function refusalRule(text: string): string {
  try {
    return String((JSON.parse(text) as { rule?: unknown }).rule ?? text.slice(0, 80));
  } catch {
    return text.slice(0, 80);
  }
}

export async function mcpDoor(o: McpDoorOptions): Promise<Door> {
  mkdirSync(o.dataDir, { recursive: true });
  const stateFile = join(o.dataDir, 'state.json');
  const effectsFile = join(o.dataDir, 'effects.jsonl');
  writeFileSync(stateFile, JSON.stringify({ token: '', world: {} }));
  writeFileSync(effectsFile, '');
  const server = {
    type: 'stdio',
    command: process.execPath,
    args: ['--import', 'tsx', join(import.meta.dirname, '..', 'mcp-server.ts')],
    cwd: ROOT,
    env: { CONTAINMENT_STATE: stateFile, CONTAINMENT_EFFECTS: effectsFile, WARDEN_BENCH_SECRET: process.env['WARDEN_BENCH_SECRET'] ?? '' },
  };
  const config = {
    ...(parse(readFileSync(o.policyFile, 'utf8')) as Record<string, unknown>),
    gateway: { data_dir: join(o.dataDir, 'data') },
    mcp: { servers: { tools: server }, pins: { file: join(o.dataDir, 'pins.json') }, call_timeout_ms: 15_000, approval_timeout_ms: o.approvalTimeoutMs },
  };
  const configFile = join(o.dataDir, 'warden.yaml');
  writeFileSync(configFile, stringify(config));
  const running = await startMcpProxy(loadMcpConfig(configFile), { stdio: false, log: () => undefined });
  // The supervisor's own handle on the approval store, as the CLI has.
  const stores = openSqliteStores(join(o.dataDir, 'data'));
  const supervisor = createApprovalService({ store: stores.approvals });

  return {
    name: 'mcp',
    async run(r: Resolved) {
      const token = `mcp-${r.scenario.id}`;
      writeFileSync(stateFile, JSON.stringify({ token, world: r.world }));
      const calls: CallLog[] = [];
      const tally = emptyTally();
      const id = toolIdentity(r, 'mcp');
      const caller = configuredCaller({ key_id: id.keyId, tenant: id.tenant, roles: [...id.roles], attributes: {}, ...(id.userId !== undefined ? { user_id: id.userId } : {}) });
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await running.proxy.serverFor(caller).connect(serverSide);
      const client = new Client({ name: 'containment-agent', version: '1.0.0' });
      await client.connect(clientSide);
      const approve = createApprover(r.scenario, async (aid, yes, approver) => (await supervisor.decide(aid, { approve: yes, by: { name: approver, via: 'cli' }, reason: 'bench' })).ok, tally);
      const seen = new Set<string>();
      let watching = true;
      const watcher = (async () => {
        while (watching) {
          for (const rec of await supervisor.list({ status: 'pending', tenant: id.tenant })) {
            if (seen.has(rec.id)) continue;
            seen.add(rec.id);
            await approve(rec);
          }
          await new Promise((res) => setTimeout(res, SUPERVISOR_POLL_MS));
        }
      })();
      try {
        await localAgent(r, async (call) => {
          let args: unknown;
          try {
            args = JSON.parse(call.arguments);
          } catch {
            // An MCP client cannot send arguments that are not a JSON object: the call never leaves the agent.
            calls.push({ tool: call.name, outcome: 'refused', rule: 'client/invalid-json' });
            return JSON.stringify({ error: 'invalid_arguments' });
          }
          const res = (await client.callTool({ name: call.name, arguments: args as Record<string, unknown> })) as CallToolResult;
          const text = textOf(res);
          calls.push(res.isError === true ? { tool: call.name, outcome: 'refused', rule: refusalRule(text) } : { tool: call.name, outcome: 'executed', rule: '' });
          return text;
        });
      } finally {
        watching = false;
        await watcher;
        await client.close();
      }
      const effects = readFileSync(effectsFile, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Effect & { token: string })
        .filter((e) => e.token === token)
        .map(({ token: _t, ...e }) => e as Effect);
      return { effects, calls, approvals: tally };
    },
    async close() {
      await running.close();
      stores.close();
    },
  };
}
