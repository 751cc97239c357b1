/**
 * The proxy over Streamable HTTP (stateless: one JSON-RPC exchange per POST, answered as JSON). Each request
 * is admitted by the gateway's services (a virtual key or JWT, kill switches, limits) and served by a fresh
 * `Server` bound to that identity; the tool-call history of a caller is kept across its requests. A refused
 * request gets a JSON-RPC error with the catalogue's status and an audit record.
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Admission, AdmitRequest } from '../gateway/services.js';
import { adminErrorBody, refusal } from '../gateway/errors.js';
import { METRICS_PATH, metricsRefusal, type MetricsSource, type MetricsTokens } from '../gateway/telemetry/metrics-route.js';
import type { AuditEntry } from '../spec/gateway.js';
import type { ToolHistoryEntry } from '../spec/tools.js';
import { refusedEntry } from './audit.js';
import { toolIdentityOf } from './identity.js';
import type { McpProxy } from './proxy.js';

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const MAX_CALLERS = 10_000;
/** JSON-RPC's "server error" range, for refusals the protocol has no code of its own for. */
const REFUSED = -32001;

export interface ListenerOptions {
  host: string;
  port: number;
  path: string;
  admit: (req: AdmitRequest) => Promise<Admission>;
  audit: (entry: AuditEntry) => void;
  /** GET /metrics on this listener, for a bearer of the metrics or admin token (gateway.metrics, docs/mcp-proxy.md). */
  metrics?: { source: MetricsSource; tokens: MetricsTokens };
}

export interface McpListener {
  url: string;
  close(): Promise<void>;
}

function rpcError(res: ServerResponse, status: number, code: number, message: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

async function scrape(req: IncomingMessage, res: ServerResponse, metrics: NonNullable<ListenerOptions['metrics']>): Promise<void> {
  const refused = metricsRefusal(req.headers.authorization, metrics.tokens, false);
  if (refused !== undefined) {
    res.writeHead(refused.status, { 'content-type': 'application/json' }).end(JSON.stringify(adminErrorBody(refused)));
    return;
  }
  const text = await metrics.source.text();
  res.writeHead(200, { 'content-type': metrics.source.contentType, 'cache-control': 'no-store' }).end(text);
}

export async function listenHttp(proxy: McpProxy, opts: ListenerOptions): Promise<McpListener> {
  const histories = new Map<string, ToolHistoryEntry[]>();
  const historyOf = (key: string) => {
    let h = histories.get(key);
    if (h === undefined) {
      if (histories.size >= MAX_CALLERS) histories.delete(histories.keys().next().value as string);
      histories.set(key, (h = []));
    }
    return h;
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://proxy');
    if (opts.metrics !== undefined && url.pathname === METRICS_PATH && req.method === 'GET') return scrape(req, res, opts.metrics);
    if (url.pathname !== opts.path) return rpcError(res, 404, REFUSED, `no MCP endpoint at ${url.pathname}; use ${opts.path}`);
    if (req.method !== 'POST') return rpcError(res, 405, REFUSED, 'this proxy answers POST only (stateless Streamable HTTP)');
    const admission = await opts.admit({ headers: req.headers, ip: req.socket.remoteAddress ?? '', route: `mcp:${opts.path}` });
    if (!admission.ok) {
      opts.audit(refusedEntry(admission, admission.identity ?? null));
      return rpcError(res, admission.status, REFUSED, admission.message);
    }
    try {
      const raw = await readBody(req);
      if (raw === undefined) {
        const r = refusal('body_too_large', `request body over ${MAX_BODY_BYTES} bytes`);
        opts.audit(refusedEntry(r, admission.identity));
        return rpcError(res, r.status, -32600, r.message);
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        const r = refusal('invalid_json', 'the request body is not JSON');
        opts.audit(refusedEntry(r, admission.identity));
        return rpcError(res, r.status, -32700, r.message);
      }
      const { identity } = admission;
      const server = proxy.serverFor({ identity, tool: toolIdentityOf(identity) }, historyOf(`${identity.tenant}\u0000${identity.keyId}\u0000${identity.userId ?? ''}`));
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    } finally {
      admission.release();
    }
  }

  const http: HttpServer = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      process.stderr.write(`warden mcp-proxy: HTTP request failed: ${err instanceof Error ? err.message : String(err)}\n`);
      rpcError(res, 500, -32603, 'internal error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}${opts.path}`,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
