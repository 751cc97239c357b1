/**
 * A target the runner attacks: any OpenAI-compatible URL (a raw model, or the same model behind a Warden
 * gateway) or an upstream of a gateway config (OpenAI, Anthropic, OpenAI-compatible, demo). Calls go through
 * the gateway's own upstream clients; a Warden policy block comes back as a `blocked` reply, not an error.
 */
import type { UpstreamConfig } from '../gateway/config.js';
import { GatewayError } from '../gateway/errors.js';
import { UpstreamAbort } from '../gateway/upstreams/abort.js';
import { createUpstream } from '../gateway/upstreams/index.js';
import { obj, str, arr } from '../gateway/upstreams/json.js';
import { createOpenAIUpstream } from '../gateway/upstreams/openai.js';
import { openaiToAnthropic } from '../gateway/upstreams/translate.js';
import type { ChatResult, Upstream } from '../gateway/upstreams/types.js';
import type { ChatMessage, Reply } from './types.js';

export interface SendOptions {
  tools?: Array<Record<string, unknown>>;
  maxTokens: number;
  signal?: AbortSignal;
}

export interface Target {
  readonly label: string;
  readonly model: string;
  send(messages: readonly ChatMessage[], opts: SendOptions): Promise<Reply>;
  close(): Promise<void>;
}

/** A failed call: retryable ones (rate limits, resets, timeouts) are retried by the runner with backoff. */
export class TargetError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

const RETRYABLE = new Set(['upstream_rate_limited', 'upstream_error', 'upstream_timeout']);
const BLOCK_MESSAGE = 'Request blocked by Warden policy: ';

/** The gateway's block marker on an answer (`warden` field, or a content_filter finish). */
function answerBlock(r: ChatResult): Reply['blocked'] {
  const marker = obj(obj(r.native?.body).warden);
  if (marker.blocked === true) return { stage: str(marker.stage) ?? 'output', rules: arr(marker.rules).filter((x): x is string => typeof x === 'string') };
  return r.finishReason === 'content_filter' ? { stage: 'output', rules: [] } : undefined;
}

/** A refused request: Warden's 400 `content_filter` (its rule ids are in the message), or a provider's content filter. */
function requestBlock(e: GatewayError): Reply['blocked'] {
  const p = e.provider;
  if (p?.code !== 'content_filter' && p?.type !== 'policy_violation') return undefined;
  const at = e.message.indexOf(BLOCK_MESSAGE);
  const rules = at < 0 ? [] : e.message.slice(at + BLOCK_MESSAGE.length).split(',').map((s) => s.trim()).filter((s) => s !== '' && s !== 'policy');
  return { stage: 'input', rules };
}

function toError(e: unknown): TargetError {
  if (e instanceof GatewayError) {
    const retryAfterMs = e.retryAfterSec !== undefined ? e.retryAfterSec * 1000 : undefined;
    return new TargetError(`${e.code}: ${e.message}`, RETRYABLE.has(e.entry), retryAfterMs);
  }
  return new TargetError(e instanceof Error ? e.message : String(e), false);
}

export function targetFromUpstream(label: string, upstream: Upstream, model: string): Target {
  return {
    label,
    model,
    async send(messages, opts) {
      const openai: Record<string, unknown> = { model, messages, max_tokens: opts.maxTokens, temperature: 0 };
      if (opts.tools && opts.tools.length > 0) openai.tools = opts.tools;
      const body = upstream.protocol === 'anthropic' ? openaiToAnthropic(openai, model) : openai;
      const abort = new UpstreamAbort();
      const onAbort = () => abort.abort(opts.signal?.reason);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const started = performance.now();
      try {
        const r = await upstream.complete({ body, abort });
        const latencyMs = performance.now() - started;
        const reply: Reply = {
          content: r.content,
          toolCalls: r.toolCalls,
          finishReason: r.finishReason,
          promptTokens: r.usage?.promptTokens ?? 0,
          completionTokens: r.usage?.completionTokens ?? 0,
          latencyMs,
        };
        const blocked = answerBlock(r);
        if (blocked) reply.blocked = blocked;
        return reply;
      } catch (e) {
        const blocked = e instanceof GatewayError ? requestBlock(e) : undefined;
        if (blocked) return { content: '', toolCalls: [], finishReason: 'content_filter', promptTokens: 0, completionTokens: 0, latencyMs: performance.now() - started, blocked };
        throw toError(e);
      } finally {
        opts.signal?.removeEventListener('abort', onAbort);
      }
    },
    close: () => upstream.close(),
  };
}

export interface UrlTargetOptions {
  label: string;
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

/** Any OpenAI-compatible endpoint (base URL ending in /v1). */
export function urlTarget(o: UrlTargetOptions): Target {
  let base: URL;
  try {
    base = new URL(o.baseUrl);
  } catch {
    throw new Error(`--target expects an http(s) base URL such as http://127.0.0.1:8787/v1, got "${o.baseUrl}"`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`--target must be http or https, got "${o.baseUrl}"`);
  const timeouts = { connectMs: Math.min(o.timeoutMs, 10_000), headersMs: o.timeoutMs, bodyMs: o.timeoutMs };
  const upstream = createOpenAIUpstream({ name: o.label, baseUrl: o.baseUrl, apiKey: o.apiKey, timeouts, streamUsage: false });
  return targetFromUpstream(o.label, upstream, o.model);
}

/** An upstream of a gateway config, called directly (no policy in between). */
export function configuredTarget(label: string, name: string, u: UpstreamConfig, model: string): Target {
  return targetFromUpstream(label, createUpstream(name, u), model);
}
