/**
 * One upstream MCP server as the proxy's client: a stdio child process or a Streamable HTTP URL. Every
 * request has a deadline, a crash or close is remembered (later calls fail at once, no respawn), and what the
 * SDK rejects (a result that is not a CallToolResult, structured content against the tool's outputSchema)
 * comes back as a typed failure rather than an exception.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError, ToolListChangedNotificationSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerConfig } from './config.js';

/** Why an upstream request failed, as the proxy's rule ids name it. */
export type UpstreamFailureKind = 'timeout' | 'unavailable' | 'invalid-result' | 'error';

export type UpstreamCallResult = { ok: true; result: CallToolResult } | { ok: false; kind: UpstreamFailureKind; message: string };

const PROXY_INFO = { name: 'warden-mcp-proxy', version: '0.1.0' };

export interface Upstream {
  readonly name: string;
  readonly config: McpServerConfig;
  /** Whether the connection is gone (crash, close); a closed upstream refuses every call. */
  readonly closed: boolean;
  listTools(): Promise<Tool[]>;
  callTool(name: string, args: Record<string, unknown>, timeoutMs: number, signal?: AbortSignal): Promise<UpstreamCallResult>;
  close(): Promise<void>;
}

function transportFor(cfg: McpServerConfig, env: NodeJS.ProcessEnv): Transport {
  if (cfg.type === 'stdio') {
    return new StdioClientTransport({ command: cfg.command, args: cfg.args, env: { ...getDefaultEnvironment(), ...cfg.env }, ...(cfg.cwd ? { cwd: cfg.cwd } : {}), stderr: 'inherit' });
  }
  const headers: Record<string, string> = {};
  for (const [header, variable] of Object.entries(cfg.headers_env)) {
    const value = env[variable];
    if (value === undefined || value === '') throw new Error(`mcp server header ${header}: environment variable ${variable} is not set`);
    headers[header] = value;
  }
  return new StreamableHTTPClientTransport(new URL(cfg.url), { requestInit: { headers } });
}

/** Sorts a thrown error into the proxy's failure kinds; the message is the upstream's, shortened. */
export function failureOf(err: unknown): { kind: UpstreamFailureKind; message: string } {
  const message = (err instanceof Error ? err.message : String(err)).slice(0, 300);
  if (err instanceof McpError) {
    if (err.code === ErrorCode.RequestTimeout) return { kind: 'timeout', message };
    if (err.code === ErrorCode.ConnectionClosed) return { kind: 'unavailable', message };
    // The SDK's own checks of what the server sent (outputSchema, result shape) answer InvalidRequest/InvalidParams.
    if (err.code === ErrorCode.InvalidRequest || err.code === ErrorCode.InvalidParams) return { kind: 'invalid-result', message };
    return { kind: 'error', message };
  }
  if (err instanceof Error && err.name === 'ZodError') return { kind: 'invalid-result', message };
  return { kind: 'error', message };
}

/** Connects to one configured server; throws when it cannot be reached in connect_timeout_ms. */
export async function connectUpstream(name: string, cfg: McpServerConfig, onToolsChanged: () => void, env: NodeJS.ProcessEnv = process.env): Promise<Upstream> {
  const client = new Client(PROXY_INFO, { capabilities: {} });
  let closed = false;
  client.onclose = () => {
    closed = true;
  };
  // An error on the transport (a bad line from the server) is not fatal to the proxy; the request it belonged to times out.
  client.onerror = () => undefined;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => onToolsChanged());
  await client.connect(transportFor(cfg, env), { timeout: cfg.connect_timeout_ms });
  return {
    name,
    config: cfg,
    get closed() {
      return closed;
    },
    async listTools() {
      const tools: Tool[] = [];
      let cursor: string | undefined;
      // Pages until the server stops giving a cursor; 100 pages bounds a server that never does.
      for (let page = 0; page < 100; page++) {
        const r = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout: cfg.connect_timeout_ms });
        tools.push(...r.tools);
        cursor = r.nextCursor;
        if (cursor === undefined) break;
      }
      return tools;
    },
    async callTool(tool, args, timeoutMs, signal) {
      if (closed) return { ok: false, kind: 'unavailable', message: `MCP server "${name}" is not connected` };
      try {
        const result = await client.callTool({ name: tool, arguments: args }, undefined, { timeout: timeoutMs, maxTotalTimeout: timeoutMs, ...(signal ? { signal } : {}) });
        if (!('content' in result)) return { ok: false, kind: 'invalid-result', message: 'the server answered without a content list' };
        return { ok: true, result: result as CallToolResult };
      } catch (err) {
        return { ok: false, ...failureOf(err) };
      }
    },
    close: () => client.close(),
  };
}
