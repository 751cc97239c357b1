/**
 * One error catalogue for the gateway: stable codes mapped to an HTTP status and the error bodies
 * of the OpenAI and Anthropic APIs, so SDK clients raise their usual exception types.
 */
import { CacheUnavailableError } from '../store/redis-health.js';

export type WireProtocol = 'openai' | 'anthropic';

/** The error body a route answers with: its client protocol's, or the admin API's (`{ error: { message, type, code } }`). */
export type ErrorFormat = WireProtocol | 'admin';

interface CatalogueEntry {
  status: number;
  /** OpenAI `error.type`. */
  type: string;
  /** The code clients see when it differs from the entry's name (one public code, two statuses). */
  publicCode?: string;
}

const auth = { status: 401, type: 'authentication_error' } as const;
const permission = { status: 403, type: 'permission_error' } as const;
const rate = { status: 429, type: 'rate_limit_error' } as const;

/** Stable codes; clients and dashboards may key on them. Every code the gateway answers with is here. */
export const ERROR_CATALOGUE = {
  invalid_json: { status: 400, type: 'invalid_request_error' },
  invalid_utf8: { status: 400, type: 'invalid_request_error' },
  body_too_deep: { status: 400, type: 'invalid_request_error' },
  invalid_request: { status: 400, type: 'invalid_request_error' },
  invalid_model_name: { status: 400, type: 'invalid_request_error' },
  body_too_large: { status: 413, type: 'invalid_request_error' },
  unsupported_media_type: { status: 415, type: 'invalid_request_error' },
  not_found: { status: 404, type: 'invalid_request_error' },
  model_not_found: { status: 404, type: 'invalid_request_error' },
  missing_api_key: auth,
  invalid_api_key: auth,
  invalid_token: auth,
  key_revoked: auth,
  key_expired: auth,
  invalid_admin_token: auth,
  /** /metrics without the metrics token or the admin token. */
  invalid_metrics_token: auth,
  /** A dashboard API call without a valid session (signed out, expired). */
  session_required: auth,
  model_not_allowed: permission,
  permission_denied: permission,
  admin_disabled: permission,
  /** /metrics on the API port while neither the metrics token nor the admin token is set. */
  metrics_disabled: permission,
  /** A dashboard state change without the session's CSRF token. */
  csrf_invalid: permission,
  /** The requester of a tool call tried to approve or deny it. */
  self_approval: permission,
  /** The approval was already decided or has expired. */
  approval_not_pending: { status: 409, type: 'invalid_request_error' },
  /** A tenant or key switched off: the caller may not, the gateway is fine. */
  caller_killed: { ...permission, publicCode: 'kill_switch_active' },
  /** The gateway or a model switched off: unavailable to everyone. */
  kill_switch_active: { status: 503, type: 'api_error' },
  rate_limited: rate,
  token_budget_exceeded: rate,
  cost_cap_exceeded: rate,
  concurrency_limit: rate,
  content_filter: { status: 400, type: 'policy_violation' },
  routing_refused: { status: 400, type: 'policy_violation' },
  upstream_error: { status: 502, type: 'api_error' },
  upstream_bad_response: { status: 502, type: 'api_error' },
  upstream_timeout: { status: 504, type: 'api_error' },
  upstream_rate_limited: { status: 429, type: 'rate_limit_error' },
  upstream_rejected: { status: 400, type: 'invalid_request_error' },
  upstream_unavailable: { status: 503, type: 'api_error' },
  audit_unavailable: { status: 500, type: 'api_error' },
  /** The shared Redis cache (limits, kill switches) cannot answer and gateway.cache.on_unavailable is fail_closed. */
  cache_unavailable: { status: 503, type: 'api_error' },
  internal_error: { status: 500, type: 'api_error' },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const CACHE_UNAVAILABLE_MESSAGE = 'The shared limit and kill switch store (Redis) is unavailable; retry shortly.';

/** A refusal as the identity services return it: status, type and the public code come from the catalogue entry. */
export interface Refusal {
  ok: false;
  entry: ErrorCode;
  code: string;
  status: number;
  type: string;
  message: string;
  retryAfterSec?: number;
}

export function refusal(entry: ErrorCode, message: string, retryAfterSec?: number): Refusal {
  const { status, type, publicCode }: CatalogueEntry = ERROR_CATALOGUE[entry];
  const r: Refusal = { ok: false, entry, code: publicCode ?? entry, status, type, message };
  if (retryAfterSec !== undefined) r.retryAfterSec = retryAfterSec;
  return r;
}

/**
 * A provider's own error, relayed to the client: its 4xx status, `type`, `code` and `param` replace the catalogue
 * entry's in the error body (the entry still decides the audit code and the circuit breaker), and its rate-limit
 * headers are forwarded. `code: null` is the provider's null, kept; undefined means the provider sent none.
 */
export interface ProviderError {
  protocol: WireProtocol;
  status?: number;
  type?: string;
  code?: string | null;
  param?: string | null;
  headers?: Record<string, string>;
}

/** What marks a policy block in an answer: the `warden` field of the body and the `x-warden-blocked-rules` header. */
export interface PolicyBlock {
  stage: 'input' | 'output';
  rules: readonly string[];
}

/** The `warden` body field of a blocked request or answer (docs/gateway.md, "Block marker"). */
export interface BlockMarker {
  blocked: true;
  stage: 'input' | 'output';
  rules: string[];
  request_id: string;
}

export const BLOCKED_RULES_HEADER = 'x-warden-blocked-rules';

export function blockMarker(block: PolicyBlock, requestId: string): BlockMarker {
  return { blocked: true, stage: block.stage, rules: [...block.rules], request_id: requestId };
}

export interface GatewayErrorOptions {
  param?: string;
  retryAfterSec?: number;
  provider?: ProviderError;
  block?: PolicyBlock;
}

/** An error the gateway answers with; status, type and the public code follow from the catalogue entry. */
export class GatewayError extends Error {
  readonly entry: ErrorCode;
  readonly code: string;
  readonly status: number;
  readonly type: string;
  readonly param: string | null;
  readonly retryAfterSec?: number;
  readonly provider?: ProviderError;
  readonly block?: PolicyBlock;

  constructor(code: ErrorCode, message: string, opts: GatewayErrorOptions = {}) {
    super(message);
    this.name = 'GatewayError';
    const entry: CatalogueEntry = ERROR_CATALOGUE[code];
    this.entry = code;
    this.code = entry.publicCode ?? code;
    // Only a client error of the provider keeps its status: a 5xx is the gateway's 502, whatever the provider said.
    const relayed = opts.provider?.status;
    this.status = relayed !== undefined && entry.status < 500 && relayed >= 400 && relayed < 500 ? relayed : entry.status;
    this.type = entry.type;
    this.param = opts.param ?? null;
    this.retryAfterSec = opts.retryAfterSec;
    this.provider = opts.provider;
    this.block = opts.block;
  }

  /** Wraps a refusal from admission (auth, limits, kill switches). */
  static fromAdmission(a: Refusal): GatewayError {
    return new GatewayError(a.entry, a.message, { retryAfterSec: a.retryAfterSec });
  }
}

const ANTHROPIC_TYPE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'api_error',
  503: 'overloaded_error',
  504: 'api_error',
};

export interface OpenAIErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null; warden?: BlockMarker };
}

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string; warden?: BlockMarker };
}

export function openaiErrorBody(e: GatewayError, requestId?: string): OpenAIErrorBody {
  const p = e.provider;
  const body: OpenAIErrorBody = {
    error: { message: e.message, type: p?.type ?? e.type, code: p?.code !== undefined ? p.code : e.code, param: p?.param ?? e.param },
  };
  if (e.block !== undefined && requestId !== undefined) body.error.warden = blockMarker(e.block, requestId);
  return body;
}

/** Anthropic errors have a type and no code; a type from an OpenAI-shaped provider is replaced by the status's. */
export function anthropicErrorBody(e: GatewayError, requestId?: string): AnthropicErrorBody {
  const own = e.provider?.protocol === 'anthropic' ? e.provider.type : undefined;
  const body: AnthropicErrorBody = { type: 'error', error: { type: own ?? ANTHROPIC_TYPE_BY_STATUS[e.status] ?? 'api_error', message: e.message } };
  if (e.block !== undefined && requestId !== undefined) body.error.warden = blockMarker(e.block, requestId);
  return body;
}

export function adminErrorBody(e: GatewayError): { error: { message: string; type: string; code: string } } {
  return { error: { message: e.message, type: e.type, code: e.code } };
}

export function errorBody(e: GatewayError, format: ErrorFormat, requestId?: string): unknown {
  if (format === 'admin') return adminErrorBody(e);
  return format === 'anthropic' ? anthropicErrorBody(e, requestId) : openaiErrorBody(e, requestId);
}

/** The message for a policy block: names the rule ids, never the text that matched. */
export function policyBlockMessage(rules: readonly string[]): string {
  const list = rules.length > 0 ? rules.join(', ') : 'policy';
  return `Request blocked by Warden policy: ${list}`;
}

/** Maps anything thrown to a GatewayError without leaking internals to the client. */
export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  if (err instanceof CacheUnavailableError) return new GatewayError('cache_unavailable', CACHE_UNAVAILABLE_MESSAGE);
  return new GatewayError('internal_error', 'Internal gateway error; see the gateway log for the request id.');
}
