/**
 * A provider's error, kept for the client: its status, `type`, `code` and `param` (OpenAI or Anthropic body
 * shape), and the rate-limit headers a client library backs off on (`retry-after`, `x-ratelimit-*`, ...).
 */
import { GatewayError, type ProviderError } from '../errors.js';
import { isObj, num, str, type Json } from './json.js';

/** Longest upstream error message relayed to the client; upstream errors rarely need more. */
const MAX_RELAYED_MESSAGE = 300;
const MAX_RELAYED_FIELD = 128;

/** Provider headers relayed with an error: back-off hints and rate-limit state. */
const RELAYED_HEADER = /^(?:retry-after|retry-after-ms|x-ratelimit-[a-z0-9-]{1,64}|anthropic-ratelimit-[a-z0-9-]{1,64})$/;

export type RawHeaders = Record<string, string | string[] | undefined>;

export function relayedHeaders(headers: RawHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    const name = k.toLowerCase();
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined && RELAYED_HEADER.test(name)) out[name] = value.slice(0, MAX_RELAYED_FIELD);
  }
  return out;
}

/** `retry-after` in whole seconds when it is a number of seconds (an HTTP date is relayed as a header only). */
export function retryAfterSeconds(headers: Record<string, string>): number | undefined {
  const v = headers['retry-after'];
  return v !== undefined && /^\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

function bounded(v: unknown): string | undefined {
  const s = str(v);
  return s === undefined ? undefined : s.slice(0, MAX_RELAYED_FIELD);
}

/** The message shown to the client, bounded. */
export function relayedMessage(msg: string): string {
  const m = msg.trim();
  if (m === '') return 'no error message';
  return m.length > MAX_RELAYED_MESSAGE ? `${m.slice(0, MAX_RELAYED_MESSAGE)}...` : m;
}

/** The error object of an OpenAI (`{error: {...}}`) or Anthropic (`{type: "error", error: {...}}`) body. */
export function providerErrorFields(error: Json, anthropic: boolean): { message: string; provider: ProviderError } {
  const provider: ProviderError = { protocol: anthropic ? 'anthropic' : 'openai' };
  const type = bounded(error.type);
  if (type !== undefined) provider.type = type;
  if ('code' in error) provider.code = error.code === null ? null : (bounded(error.code) ?? (num(error.code) !== undefined ? String(error.code) : undefined));
  if ('param' in error) provider.param = error.param === null ? null : bounded(error.param);
  return { message: relayedMessage(str(error.message) ?? ''), provider };
}

/** Reads a non-2xx answer's body; a body that is not a provider error keeps only its text, bounded. */
export function parseProviderError(text: string): { message: string; provider?: ProviderError } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { message: relayedMessage(text) };
  }
  if (!isObj(parsed) || !isObj(parsed.error)) return { message: relayedMessage(text) };
  return providerErrorFields(parsed.error, parsed.type === 'error');
}

/** An error event inside a stream (OpenAI `{error}` chunk, Anthropic `event: error`), its type and code kept. */
export function streamError(error: Json, anthropic: boolean): GatewayError {
  const { message, provider } = providerErrorFields(error, anthropic);
  return new GatewayError('upstream_error', `Warden: upstream stream error: ${message}`, { provider });
}
