/**
 * One error catalogue for the gateway: stable codes mapped to an HTTP status and the error bodies
 * of the OpenAI and Anthropic APIs, so SDK clients raise their usual exception types.
 */

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
  model_not_allowed: permission,
  permission_denied: permission,
  admin_disabled: permission,
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
  internal_error: { status: 500, type: 'api_error' },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

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

/** An error the gateway answers with; status, type and the public code follow from the catalogue entry. */
export class GatewayError extends Error {
  readonly entry: ErrorCode;
  readonly code: string;
  readonly status: number;
  readonly type: string;
  readonly param: string | null;
  readonly retryAfterSec?: number;

  constructor(code: ErrorCode, message: string, opts: { param?: string; retryAfterSec?: number } = {}) {
    super(message);
    this.name = 'GatewayError';
    const entry: CatalogueEntry = ERROR_CATALOGUE[code];
    this.entry = code;
    this.code = entry.publicCode ?? code;
    this.status = entry.status;
    this.type = entry.type;
    this.param = opts.param ?? null;
    this.retryAfterSec = opts.retryAfterSec;
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

export function openaiErrorBody(e: GatewayError): { error: { message: string; type: string; code: string; param: string | null } } {
  return { error: { message: e.message, type: e.type, code: e.code, param: e.param } };
}

export function anthropicErrorBody(e: GatewayError): { type: 'error'; error: { type: string; message: string } } {
  return { type: 'error', error: { type: ANTHROPIC_TYPE_BY_STATUS[e.status] ?? 'api_error', message: e.message } };
}

export function adminErrorBody(e: GatewayError): { error: { message: string; type: string; code: string } } {
  return { error: { message: e.message, type: e.type, code: e.code } };
}

export function errorBody(e: GatewayError, format: ErrorFormat): unknown {
  if (format === 'admin') return adminErrorBody(e);
  return format === 'anthropic' ? anthropicErrorBody(e) : openaiErrorBody(e);
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
