/** HTTP plumbing shared by the provider adapters: pooled undici agent, timeouts, error mapping. */
import { Agent, request } from 'undici';
import type { UpstreamAbort } from './abort.js';
import { GatewayError, type ProviderError } from '../errors.js';
import { parseProviderError, relayedHeaders, retryAfterSeconds, type RawHeaders } from './provider-error.js';

export interface HttpTimeouts {
  connectMs: number;
  headersMs: number;
  bodyMs: number;
}

export interface JsonPost {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  abort: UpstreamAbort;
}

export interface UpstreamResponse {
  status: number;
  body: AsyncIterable<Buffer> & { text(): Promise<string>; dump(): Promise<void> };
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export class UpstreamHttp {
  private readonly agent: Agent;
  /** Origin and path of each URL posted to (an adapter posts to one or two). */
  private readonly targets = new Map<string, { origin: string; path: string }>();

  constructor(
    readonly upstreamName: string,
    timeouts: HttpTimeouts,
  ) {
    this.agent = new Agent({
      connect: { timeout: timeouts.connectMs },
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
      keepAliveTimeout: 10_000,
    });
  }

  /** POSTs JSON; a non-2xx answer becomes a GatewayError after reading the upstream's error message. */
  async postJson(req: JsonPost): Promise<UpstreamResponse> {
    let res;
    try {
      // agent.request rather than undici's request(url, opts), which copies opts by spreading (src/core/objects.ts).
      const { origin, path } = this.target(req.url);
      res = await this.agent.request({
        origin,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...req.headers },
        body: JSON.stringify(req.body),
        signal: req.abort,
      });
    } catch (err) {
      throw this.mapTransportError(err);
    }
    if (res.statusCode >= 200 && res.statusCode < 300) return { status: res.statusCode, body: res.body };
    const text = await res.body.text().catch(() => '');
    throw this.mapStatus(res.statusCode, text, res.headers);
  }

  private target(url: string): { origin: string; path: string } {
    let t = this.targets.get(url);
    if (!t) {
      const u = new URL(url);
      t = { origin: u.origin, path: `${u.pathname}${u.search}` };
      this.targets.set(url, t);
    }
    return t;
  }

  /** GETs JSON (model lists); bounded by the same timeouts and size cap as answers. */
  async getJson(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<unknown> {
    let res;
    try {
      res = await request(url, { method: 'GET', headers, signal, dispatcher: this.agent });
    } catch (err) {
      throw this.mapTransportError(err);
    }
    if (res.statusCode < 200 || res.statusCode >= 300) {
      await res.body.dump().catch(() => undefined);
      throw this.mapStatus(res.statusCode, '{"error":{"message":"model list unavailable"}}', res.headers);
    }
    return readJson(this, res.body);
  }

  /** Maps a failure while reading a response body (timeouts, resets) to a GatewayError. */
  mapTransportError(err: unknown): GatewayError {
    if (err instanceof GatewayError) return err;
    const code = errorCode(err);
    if (code !== undefined && TIMEOUT_CODES.has(code)) {
      return new GatewayError('upstream_timeout', `Upstream "${this.upstreamName}" timed out (${code}).`);
    }
    const name = err instanceof Error ? err.name : '';
    if (name === 'AbortError' || code === 'UND_ERR_ABORTED') {
      return new GatewayError('upstream_error', `Request to upstream "${this.upstreamName}" was aborted.`);
    }
    return new GatewayError('upstream_error', `Upstream "${this.upstreamName}" is unreachable or reset the connection (${code ?? (name || 'network error')}).`);
  }

  /** The provider's error kept (status, type, code, param, rate-limit headers) under Warden's prefix; see errors.ts ProviderError. */
  mapStatus(status: number, text: string, headers: RawHeaders): GatewayError {
    const from = `Warden: upstream "${this.upstreamName}" answered HTTP ${status}`;
    if (status === 401 || status === 403) {
      // The gateway's own credentials: nothing the client can fix, so none of the provider's detail is relayed.
      return new GatewayError('upstream_error', `${from}: the gateway's provider credentials were rejected; check api_key_env / api_key_file.`);
    }
    const parsed = parseProviderError(text);
    const relayed = relayedHeaders(headers);
    const provider: ProviderError = parsed.provider ?? { protocol: 'openai' };
    provider.status = status;
    provider.headers = relayed;
    const message = `${from}: ${parsed.message}`;
    if (status === 429) return new GatewayError('upstream_rate_limited', message, { provider, retryAfterSec: retryAfterSeconds(relayed) });
    if (status >= 400 && status < 500) return new GatewayError('upstream_rejected', message, { provider });
    return new GatewayError('upstream_error', message, { provider });
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** Largest non-streaming upstream answer read into memory. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** Reads a JSON answer body, bounded; invalid JSON or an oversized body is an upstream fault. */
export async function readJson(http: UpstreamHttp, body: AsyncIterable<Buffer>): Promise<unknown> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) throw new GatewayError('upstream_bad_response', `Upstream "${http.upstreamName}" answer exceeds ${MAX_RESPONSE_BYTES} bytes.`);
      parts.push(chunk);
    }
  } catch (err) {
    throw http.mapTransportError(err);
  }
  try {
    return JSON.parse(Buffer.concat(parts).toString('utf8'));
  } catch {
    throw new GatewayError('upstream_bad_response', `Upstream "${http.upstreamName}" answered with invalid JSON.`);
  }
}

/** True for failures that count against the circuit breaker (the upstream, not the request, is at fault). */
export function isUpstreamFault(err: unknown): boolean {
  return err instanceof GatewayError && ['upstream_error', 'upstream_timeout', 'upstream_bad_response'].includes(err.code);
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (err as { cause?: unknown }).cause;
  return cause === undefined ? undefined : errorCode(cause);
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
