/**
 * Loading the proxy's config (policy + `gateway:` + `mcp:` sections of one warden.yaml) and starting it on the
 * gateway's services: the same data directory, audit log, keys, kill switches, limits and approvals.
 */
import { resolve } from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadPolicy } from '../core/policy-load.js';
import type { LoadedPolicy } from '../core/policy-types.js';
import { BUILTIN_DETECTORS } from '../detectors/index.js';
import { openBackends } from '../gateway/backends/index.js';
import { gatewaySectionSchema, type GatewayConfig } from '../gateway/config.js';
import { createGatewayServices } from '../gateway/services.js';
import { BUILTIN_GUARDS } from '../guards/index.js';
import { TOOL_POLICY_SECTIONS } from '../tools/policy-schema.js';
import { createCallGate } from './call-gate.js';
import { mcpSectionSchema, type McpSection } from './config.js';
import { startMetricsListener, type MetricsListener } from '../gateway/telemetry/metrics-route.js';
import { listenHttp, type McpListener } from './http-listener.js';
import { createMcpMetrics } from './metrics.js';
import { configuredCaller } from './identity.js';
import { createMcpProxy, type McpProxy } from './proxy.js';

export interface LoadedMcpConfig {
  policy: LoadedPolicy;
  gateway: GatewayConfig;
  mcp: McpSection;
}

/** Loads warden.yaml with its `mcp:` section; throws PolicyError (positioned issues) when it is invalid or has none. */
export function loadMcpConfig(path: string): LoadedMcpConfig {
  const policy = loadPolicy(path, { detectors: BUILTIN_DETECTORS, guards: BUILTIN_GUARDS, sections: { gateway: gatewaySectionSchema, mcp: mcpSectionSchema }, layerSections: TOOL_POLICY_SECTIONS });
  if (policy.sections['mcp'] === undefined) throw new Error(`${path} has no mcp: section (servers to proxy); see docs/mcp-proxy.md`);
  return { policy, gateway: gatewaySectionSchema.parse(policy.sections['gateway'] ?? {}), mcp: mcpSectionSchema.parse(policy.sections['mcp']) };
}

export interface RunningProxy {
  proxy: McpProxy;
  listener?: McpListener;
  /** /metrics on its own listener (gateway.metrics.listen). */
  metricsListener?: MetricsListener;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Serve the client on this process's stdin/stdout. */
  stdio: boolean;
  updatePins?: boolean;
  /** Overrides gateway.data_dir. */
  dataDir?: string;
  log?: (line: string) => void;
}

export async function startMcpProxy(cfg: LoadedMcpConfig, opts: StartOptions): Promise<RunningProxy> {
  const backends = await openBackends(cfg.gateway, resolve(opts.dataDir ?? cfg.gateway.data_dir));
  const services = await createGatewayServices(cfg.gateway, backends);
  let proxy: McpProxy;
  try {
    proxy = await createMcpProxy({
      policy: cfg.policy,
      mcp: cfg.mcp,
      audit: services.audit,
      approvals: services.approvals,
      limits: backends.limits,
      ...(backends.breakerSharing ? { breakerSharing: backends.breakerSharing } : {}),
      gate: createCallGate(backends.stores.killStore),
      ...(opts.updatePins ? { updatePins: true } : {}),
      ...(opts.log ? { log: opts.log } : {}),
    });
  } catch (err) {
    await services.close();
    throw err;
  }
  let listener: McpListener | undefined;
  let metricsListener: MetricsListener | undefined;
  const close = async () => {
    await metricsListener?.close();
    await listener?.close();
    await proxy.close();
    await services.close();
  };
  const m = cfg.gateway.metrics;
  const metrics = m.enabled ? createMcpMetrics(proxy) : undefined;
  try {
    // As on the gateway: on a listener of its own when gateway.metrics.listen is set, else beside the MCP endpoint.
    if (metrics !== undefined && m.listen !== undefined) metricsListener = await startMetricsListener(metrics, m.listen, m.token_env);
    if (cfg.mcp.listen !== undefined) {
      const onListener = metrics !== undefined && m.listen === undefined ? { metrics: { source: metrics, tokens: { metricsEnv: m.token_env, adminEnv: cfg.gateway.admin.token_env } } } : {};
      listener = await listenHttp(proxy, { ...cfg.mcp.listen, admit: (r) => services.admit(r), audit: (e) => void services.audit.append(e).catch(() => undefined), ...onListener });
    }
    if (opts.stdio) await proxy.serverFor(configuredCaller(cfg.mcp.identity)).connect(new StdioServerTransport());
  } catch (err) {
    await close();
    throw err;
  }
  return { proxy, ...(listener ? { listener } : {}), ...(metricsListener ? { metricsListener } : {}), close };
}
