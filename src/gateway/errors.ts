/**
 * One error catalogue for the gateway: stable codes mapped to an HTTP status and the error bodies
 * of the OpenAI and Anthropic APIs, so SDK clients raise their usual exception types.
 */

export type WireProtocol = 'openai' | 'anthropic';

interface CatalogueEntry {
  status: number;
  /** OpenAI `error.type`. */
  type: string;
}

/** Stable codes; clients and dashboards may key on them. */
export const ERROR_CATALOGUE = {
  invalid_json: { status: 400, type: 'invalid_request_error' },
  invalid_utf8: { status: 400, type: 'invalid_request_error' },
  body_too_deep: { status: 400, type: 'invalid_request_error' },
  invalid_request: { status: 400, type: 'invalid_request_error' },
  body_too_large: { status: 413, type: 'invalid_request_error' },
  unsupported_media_type: { status: 415, type: 'invalid_request_error' },
  not_found: { status: 404, type: 'invalid_request_error' },
  model_not_found: { status: 404, type: 'invalid_request_error' },
  model_not_allowed: { status: 403, type: 'permission_error' },
  content_filter: { status: 400, type: 'policy_violation' },
  routing_refused: { status: 400, type: 'policy_violation' },
  upstream_error: { status: 502, type: 'api_error' },
  upstream_bad_response: { status: 502, type: 'api_error' },
  upstream_timeout: { status: 504, type: 'api_error' },
  upstream_rate_limited: { status: 429, type: 'rate_limit_error' },
  upstream_rejected: { status: 400, type: 'invalid_request_error' },
  upstream_unavailable: { status: 503, type: 'api_error' },
  internal_error: { status: 500, type: 'api_error' },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An error the gateway answers with; `code` may also be an admission code from the identity services. */
export class GatewayError extends Error {
  readonly code: string;
  readonly status: number;
  readonly type: string;
  readonly param: string | null;
  readonly retryAfterSec?: number;

  /** A catalogue code, or an explicit code/status/type (admission rejections from the identity services). */
  constructor(code: ErrorCode | { code: string; status: number; type: string }, message: string, opts: { param?: string; retryAfterSec?: number } = {}) {
    super(message);
    this.name = 'GatewayError';
    const entry = typeof code === 'string' ? { code, ...(ERROR_CATALOGUE[code] as CatalogueEntry) } : code;
    this.code = entry.code;
    this.status = entry.status;
    this.type = entry.type;
    this.param = opts.param ?? null;
    this.retryAfterSec = opts.retryAfterSec;
  }

  /** Wraps a rejection from admission (auth, limits, kill switches), keeping its status and code. */
  static fromAdmission(a: { status: number; code: string; type: string; message: string; retryAfterSec?: number }): GatewayError {
    return new GatewayError({ code: a.code, status: a.status, type: a.type }, a.message, { retryAfterSec: a.retryAfterSec });
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

export function openaiErrorBody(e: GatewayError): { error: { message: string; type: string; code: string; param: string | null } } {
  return { error: { message: e.message, type: e.type, code: e.code, param: e.param } };
}

export function anthropicErrorBody(e: GatewayError): { type: 'error'; error: { type: string; message: string } } {
  return { type: 'error', error: { type: ANTHROPIC_TYPE_BY_STATUS[e.status] ?? 'api_error', message: e.message } };
}

export function errorBody(e: GatewayError, protocol: WireProtocol): unknown {
  return protocol === 'anthropic' ? anthropicErrorBody(e) : openaiErrorBody(e);
}

/** The message for a policy block: names the rule ids, never the text that matched. */
export function policyBlockMessage(rules: readonly string[]): string {
  const list = rules.length > 0 ? rules.join(', ') : 'policy';
  return `Request blocked by Warden policy: ${list}`;
}

/** Maps anything thrown to a GatewayError without leaking internals to the client. */
export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  return new GatewayError('internal_error', 'Internal gateway error; see the gateway log for the request id.');
}
