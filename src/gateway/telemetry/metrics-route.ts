/**
 * GET /metrics in the Prometheus text format. On the API port it needs a bearer token: the metrics token
 * (`metrics.token_env`, read-only, safe to give a Prometheus server) or the admin token. With `metrics.listen`
 * it is served only on a listener of its own (bind it to an interface only the scraper reaches), where the
 * metrics token is asked for when its variable is set. Scrapes are not audited: they read counters, not data.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { bearerOf, sameSecret } from '../admin.js';
import { adminErrorBody, GatewayError } from '../errors.js';
import { gatewayErrorHandler } from '../http-errors.js';

export const METRICS_PATH = '/metrics';

/** What a scrape reads: the gateway's metrics, or the MCP proxy's (mcp/metrics.ts). */
export interface MetricsSource {
  text(): Promise<string>;
  readonly contentType: string;
}

export interface MetricsTokens {
  /** Env var of the metrics token. */
  metricsEnv: string;
  /** Env var of the admin token; undefined where the admin token is not accepted. */
  adminEnv?: string;
}

function set(name: string | undefined): string | undefined {
  const v = name === undefined ? undefined : process.env[name];
  return v === undefined || v.length === 0 ? undefined : v;
}

/** The refusal of a scrape without one of the configured tokens; `open` lets it through when none is configured. */
export function metricsRefusal(authorization: string | undefined, tokens: MetricsTokens, open: boolean): GatewayError | undefined {
  const accepted = [set(tokens.metricsEnv), set(tokens.adminEnv)].filter((t): t is string => t !== undefined);
  if (accepted.length === 0) {
    if (open) return undefined;
    return new GatewayError('metrics_disabled', `/metrics disabled on this port: set ${tokens.metricsEnv} (or the admin token), or serve it on its own listener (gateway.metrics.listen).`);
  }
  const presented = bearerOf(authorization);
  if (presented === undefined || !accepted.some((t) => sameSecret(presented, t))) {
    return new GatewayError('invalid_metrics_token', 'Invalid or missing metrics token (Authorization: Bearer <metrics or admin token>).');
  }
  return undefined;
}

function authorize(req: FastifyRequest, tokens: MetricsTokens, open: boolean): void {
  const refused = metricsRefusal(req.headers.authorization, tokens, open);
  if (refused !== undefined) throw refused;
}

function route(app: FastifyInstance, metrics: MetricsSource, tokens: MetricsTokens, open: boolean): void {
  app.get(METRICS_PATH, { config: { errorFormat: 'admin' } }, async (req, reply) => {
    authorize(req, tokens, open);
    reply.header('content-type', metrics.contentType).header('cache-control', 'no-store');
    return metrics.text();
  });
}

/** /metrics on the gateway's own app (API port). */
export function registerMetricsRoute(app: FastifyInstance, metrics: MetricsSource, tokens: MetricsTokens): void {
  route(app, metrics, tokens, false);
}

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

/** /metrics alone on `host:port`; open unless the metrics token is set. */
export async function startMetricsListener(metrics: MetricsSource, listen: { host: string; port: number }, metricsEnv: string): Promise<MetricsListener> {
  const app = Fastify({ logger: false });
  app.setErrorHandler(gatewayErrorHandler());
  app.setNotFoundHandler((req, reply) => {
    const e = new GatewayError('not_found', `Only ${METRICS_PATH} is served here.`);
    return reply.code(e.status).send(adminErrorBody(e));
  });
  route(app, metrics, { metricsEnv }, true);
  await app.listen({ host: listen.host, port: listen.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : listen.port;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return { url: `http://${host}:${port}`, close: () => app.close() };
}
