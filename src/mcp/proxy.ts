/**
 * Door 3, the MCP proxy: an MCP server to its clients and an MCP client of the configured upstream servers.
 * tools/list offers the catalog (pinned, scanned) filtered by the caller's identity; tools/call goes through
 * handleCall (policy, approval, upstream deadline, result scan, audit). One `Server` per client session, all
 * sharing the upstream connections, the catalog, the decision engine and the gateway's services.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ApprovalService } from '../approvals/service.js';
import type { LoadedPolicy } from '../core/policy-types.js';
import type { AuditEntry, AuditStore, Identity } from '../spec/gateway.js';
import type { ToolHistoryEntry, ToolLimitStore } from '../spec/tools.js';
import { createToolBreakers, type ToolBreakers } from '../tools/breakers.js';
import type { BreakerSharing } from '../core/breaker.js';
import { ToolPolicyEngine } from '../tools/decide.js';
import { createWarden } from '../warden.js';
import { catalogEntry } from './audit.js';
import type { CallGate } from './call-gate.js';
import { handleCall, refusalResult, type CallDeps, type CallSession } from './call.js';
import { createCatalog, type Catalog, type CatalogEvent } from './catalog.js';
import type { McpSection } from './config.js';
import type { McpCaller } from './identity.js';
import { connectUpstream, type Upstream } from './upstream.js';
import { createToolLister } from './visibility.js';

export interface McpProxyOptions {
  policy: LoadedPolicy;
  mcp: McpSection;
  audit: AuditStore;
  approvals?: ApprovalService;
  limits?: ToolLimitStore;
  /** Shares the tool breakers' circuits with the other replicas (gateway.cache). */
  breakerSharing?: BreakerSharing;
  /** Kill switches and key scopes, re-read before each list and call. */
  gate?: CallGate;
  /** Record the current definitions as pins (review first): `warden mcp-proxy --update-pins`. */
  updatePins?: boolean;
  /** Where audit-write failures and upstream trouble are reported; stderr by default. */
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface McpProxy {
  /** A new MCP server for one client session of `caller` (connect it to a transport). */
  serverFor(caller: McpCaller, history?: ToolHistoryEntry[]): Server;
  readonly catalog: Catalog;
  /** The tools' circuit breakers (`mcp.breakers`); absent when not configured. */
  readonly breakers?: ToolBreakers;
  /** Re-lists the upstreams and audits what changed. */
  refresh(caller?: Identity): Promise<CatalogEvent[]>;
  close(): Promise<void>;
}

const PROXY_INFO = { name: 'warden-mcp-proxy', version: '0.1.0' };

export async function createMcpProxy(opts: McpProxyOptions): Promise<McpProxy> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`warden mcp-proxy: ${line}\n`));
  const warden = createWarden(opts.policy);
  const engine = new ToolPolicyEngine(opts.policy, opts.limits ? { limits: opts.limits } : {});
  const lister = createToolLister(opts.policy, opts.gate);
  const sessions = new Set<Server>();
  const audit = (entry: AuditEntry) => {
    opts.audit.append(entry).catch((err: unknown) => log(`audit record ${entry.requestId} not written: ${err instanceof Error ? err.message : String(err)}`));
  };
  const upstreams = new Map<string, Upstream>();
  const onToolsChanged = () => {
    void proxy.refresh().then(() => {
      for (const s of sessions) s.sendToolListChanged().catch(() => undefined);
    });
  };
  try {
    for (const [name, cfg] of Object.entries(opts.mcp.servers)) upstreams.set(name, await connectUpstream(name, cfg, onToolsChanged, opts.env));
  } catch (err) {
    await Promise.allSettled([...upstreams.values()].map((u) => u.close()));
    throw err;
  }
  const cat = createCatalog({ upstreams: [...upstreams.values()], warden, config: opts.mcp, ...(opts.updatePins ? { updatePins: true } : {}) });
  const deps: CallDeps = {
    catalog: cat,
    upstreams,
    engine,
    warden,
    audit,
    config: opts.mcp,
    ...(opts.approvals ? { approvals: opts.approvals } : {}),
    ...(opts.gate ? { gate: opts.gate } : {}),
    ...(opts.mcp.breakers ? { breakers: createToolBreakers(opts.mcp.breakers, Date.now, opts.breakerSharing) } : {}),
  };
  // One record per distinct event: a changed definition is reported once, not on every tools/list.
  const reported = new Set<string>();

  const proxy: McpProxy = {
    catalog: cat,
    ...(deps.breakers ? { breakers: deps.breakers } : {}),
    async refresh(caller) {
      const events = await cat.refresh();
      for (const e of events) {
        const key = `${e.ruleId}\u0000${e.server}\u0000${e.tool ?? ''}\u0000${e.message}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const tool = e.tool === undefined ? undefined : cat.get(e.tool);
        audit(catalogEntry(e, caller ?? null, tool ? { name: tool.exposed, ...(tool.tool.description !== undefined ? { description: tool.tool.description } : {}), parameters: tool.tool.inputSchema } : undefined));
        if (e.action === 'block') log(`${e.ruleId}: ${e.message}`);
      }
      return events;
    },
    serverFor(caller, history = []) {
      const server = new Server(PROXY_INFO, { capabilities: { tools: { listChanged: true } } });
      const session: CallSession = { caller, history };
      server.setRequestHandler(ListToolsRequestSchema, async () => {
        await proxy.refresh(caller.identity);
        await opts.gate?.refresh();
        return { tools: lister.visible(cat.all(), caller) };
      });
      server.setRequestHandler(CallToolRequestSchema, async (req, extra): Promise<CallToolResult> => {
        try {
          return await handleCall(deps, session, req.params.name, req.params.arguments, extra.signal);
        } catch (err) {
          // A bug, not an input: the client gets a deny, the log gets the message, the proxy keeps serving.
          log(`tools/call ${req.params.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
          return refusalResult('internal_error', 'mcp/internal-error', 'the proxy failed to handle this call; it was not run');
        }
      });
      sessions.add(server);
      server.onclose = () => sessions.delete(server);
      return server;
    },
    async close() {
      await Promise.allSettled([...sessions].map((s) => s.close()));
      await Promise.allSettled([...upstreams.values()].map((u) => u.close()));
    },
  };
  await proxy.refresh();
  return proxy;
}
