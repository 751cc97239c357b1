/**
 * The gateway's one HTTP error handler: whatever a route, hook or body parser throws becomes a catalogue
 * error, answered in the route family's body format; a 5xx is logged with the request id and answered
 * with a generic message, never the internal one.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { BLOCKED_RULES_HEADER, GatewayError, errorBody, toGatewayError, type ErrorFormat, type WireProtocol } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Error body of a route family; without it the client protocol's, by path (see protocolOf). */
    errorFormat?: ErrorFormat;
  }
}

export function protocolOf(url: string): WireProtocol {
  return url.startsWith('/v1/messages') ? 'anthropic' : 'openai';
}

/** Maps fastify's own errors (body limit, media type) and anything unexpected into the catalogue. */
export function mapError(err: FastifyError | Error): GatewayError {
  if (err instanceof GatewayError) return err;
  const code = (err as FastifyError).code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new GatewayError('body_too_large', 'Request body exceeds the gateway limit (gateway.body_limit_bytes).');
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new GatewayError('unsupported_media_type', 'Content-Type must be application/json.');
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return new GatewayError('invalid_json', 'Request body is empty; expected a JSON object.');
  const status = (err as FastifyError).statusCode;
  if (status !== undefined && status >= 400 && status < 500) return new GatewayError('invalid_request', err.message);
  return toGatewayError(err);
}

const failures = new WeakMap<FastifyRequest, GatewayError>();

/** The error a request was answered with, for hooks that record the outcome (audit). */
export function failureOf(req: FastifyRequest): GatewayError | undefined {
  return failures.get(req);
}

/** The handler to install with `app.setErrorHandler`; `record` sees each mapped error before the reply is sent. */
export function gatewayErrorHandler(record?: (req: FastifyRequest, e: GatewayError) => void) {
  return (err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const ge = mapError(err);
    if (ge.status >= 500) req.log.error({ err, requestId: req.id }, 'request failed');
    failures.set(req, ge);
    record?.(req, ge);
    for (const [k, v] of Object.entries(ge.provider?.headers ?? {})) reply.header(k, v);
    if (ge.retryAfterSec !== undefined) reply.header('retry-after', String(ge.retryAfterSec));
    if (ge.block !== undefined) reply.header(BLOCKED_RULES_HEADER, ge.block.rules.join(','));
    return reply.code(ge.status).send(errorBody(ge, req.routeOptions.config.errorFormat ?? protocolOf(req.url), req.id));
  };
}
