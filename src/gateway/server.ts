/**
 * The gateway HTTP server: OpenAI- and Anthropic-compatible endpoints in front of configured upstreams,
 * with the policy applied to every request and response and one audit record per API request.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { WardenEngine } from '../core/engine.js';
import { ToolPolicyEngine } from '../tools/decide.js';
import { createWarden } from '../warden.js';
import { loadGatewayRules } from './rule-pack.js';
import { CircuitBreaker, type BreakerSharing } from '../core/breaker.js';
import type { GatewayConfig, LoadedGatewayConfig } from './config.js';
import { GatewayError, errorBody } from './errors.js';
import { gatewayErrorHandler, protocolOf } from './http-errors.js';
import { parseJsonBody } from './routes/body.js';
import { registerHealthRoutes } from './routes/info.js';
import type { GatewayRuntime, UpstreamEntry } from './routes/runtime.js';
import { openRetrievalRuntime } from './routes/retrieval.js';
import { openIntegrityRuntime } from './routes/integrity.js';
import type { DocumentStore } from '../spec/retrieval.js';
import { RequestRecorder } from './recorder.js';
import { LOG_REDACT_PATHS, asyncStdout, recordLog } from './logging.js';
import { v1Routes } from './routes/v1.js';
import type { GatewayServices } from './services.js';
import { adminRoutes } from './admin.js';
import { tapAudit } from './audit-events.js';
import { reviewFeeder } from './review-feed.js';
import { dashboardRoutes } from '../dashboard/index.js';
import { openGatewayServices } from './backends/index.js';
import { createUpstream } from './upstreams/index.js';
import { ensurePrivateDir } from '../store/file-modes.js';
import type { Upstream } from './upstreams/types.js';
import { GatewayTelemetry } from './telemetry/telemetry.js';
import { registerMetricsRoute, startMetricsListener, type MetricsListener } from './telemetry/metrics-route.js';
import { gatewayAlerter } from './alerts/alerter.js';

export const REQUEST_ID_HEADER = 'x-warden-request-id';
/** The same id under the names client libraries read: openai's `x-request-id`, anthropic's `request-id`. */
export const CLIENT_REQUEST_ID_HEADERS = ['x-request-id', 'request-id'] as const;

/** API requests (anything under /v1/, unknown paths included) get an audit record here; admin calls and audit reads get theirs in admin.ts. */
function audited(path: string): boolean {
  return path.startsWith('/v1/') && !path.startsWith('/v1/audit');
}

export interface GatewayOptions {
  config: GatewayConfig;
  /** The policy engine; its loaded policy's `tools:` section is the tool policy. */
  warden: WardenEngine;
  services: GatewayServices;
  /** The document store of retrieval steps, instead of the one gateway.retrieval configures (tests, benchmarks). */
  documents?: DocumentStore;
  /** Replaces configured upstreams by name (tests, benchmarks). */
  upstreams?: ReadonlyMap<string, Upstream>;
  /** false disables logging (tests); otherwise pino at the configured level. */
  logger?: boolean | FastifyBaseLogger;
  /** Where pino writes (default: stdout, buffered and asynchronous so a slow terminal or pipe never stalls requests). */
  logStream?: { write(line: string): void };
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function buildUpstreams(config: GatewayConfig, overrides?: ReadonlyMap<string, Upstream>, sharing?: BreakerSharing): Map<string, UpstreamEntry> {
  const entries = new Map<string, UpstreamEntry>();
  for (const [name, u] of Object.entries(config.upstreams)) {
    const upstream = overrides?.get(name) ?? createUpstream(name, u);
    const shared = sharing && { name: `upstream:${name}`, sharing };
    const breaker = new CircuitBreaker({ failureThreshold: config.breaker.failure_threshold, cooldownMs: config.breaker.cooldown_ms, shared });
    entries.set(name, { upstream, breaker });
  }
  return entries;
}

/**
 * Compiles the per-role plans and warms the detectors once, unbudgeted, so the first real requests do not
 * spend their latency budget (which fails closed) on one-off work.
 */
const WARM_UP = 'Warm-up: please summarise the attached notes and email them to ops@example.com by Friday.';

export async function buildGateway(opts: GatewayOptions): Promise<FastifyInstance> {
  const { config, services } = opts;
  opts.warden.warmUp([WARM_UP]);
  const stdout = (opts.logger === true || opts.logger === undefined) && opts.logStream === undefined ? asyncStdout() : undefined;
  const logger =
    opts.logger === false
      ? false
      : opts.logger === true || opts.logger === undefined
        ? { level: config.log_level, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' }, stream: opts.logStream ?? stdout?.stream }
        : undefined;
  const app = Fastify({
    ...(logger !== undefined ? { logger } : { loggerInstance: opts.logger as FastifyBaseLogger }),
    bodyLimit: config.body_limit_bytes,
    // Time to receive a whole request (headers and body); slow-loris clients are cut off. Responses are not limited.
    requestTimeout: 30_000,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // One summary line per API request is logged when its audit record is written (recorder.ts finalize).
    logController: new LogController({ disableRequestLogging: true }),
    // Without options pino makes a child on its fast path; fastify passes an empty options object, which does not.
    childLoggerFactory: (logger, bindings, opts) => logger.child(bindings, Object.keys(opts).length === 0 ? undefined : opts),
    return503OnClosing: true,
  });
  const summaryLog = app.log.child({}, { redact: [] });
  const upstreams = buildUpstreams(config, opts.upstreams, services.breakerSharing);
  const routes = new Set<string>();
  app.addHook('onRoute', (r) => {
    routes.add(r.url);
  });
  const pendingApprovals = async () => (await services.approvals.list({ status: 'pending' })).length;
  const telemetry = new GatewayTelemetry(config, { upstreams, pendingApprovals, routes, cache: services.cacheHealth });
  // The recorder writes through the tap, so the dashboard's live feed sees each request record once it is stored.
  const tapped = tapAudit(services.audit, (err) => app.log.error({ err }, 'an audit record watcher failed'));
  if (config.review.enabled) tapped.events.subscribe(reviewFeeder(services.review, config.review, (err) => app.log.error({ err }, 'filing a request for review failed')));
  const records = new WeakMap<FastifyRequest, RequestRecorder>();
  const recorderOf = (req: FastifyRequest): RequestRecorder => {
    let rec = records.get(req);
    if (!rec) {
      const route = pathOf(req.url);
      const observer = telemetry.observer({ requestId: req.id, method: req.method, route, traceparent: req.headers.traceparent });
      rec = new RequestRecorder(req.id, route, tapped.store, recordLog(summaryLog, req), observer);
      records.set(req, rec);
    }
    return rec;
  };
  const tools = new ToolPolicyEngine(opts.warden.policy, { limits: services.toolLimits });
  const warden = telemetry.observeScans(opts.warden);
  const retrieval = await openRetrievalRuntime(config.retrieval, { dataDir: config.data_dir, pepper: services.admin.pepper, log: (line) => app.log.info(line), injected: opts.documents });
  const integrity = await openIntegrityRuntime(config.integrity, (line) => app.log.info(line));
  const rt: GatewayRuntime = { config, warden, tools, services, upstreams, recorderOf, telemetry, retrieval, integrity };

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer, config.max_json_depth));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header(REQUEST_ID_HEADER, req.id);
    for (const h of CLIENT_REQUEST_ID_HEADERS) reply.header(h, req.id);
    if (audited(pathOf(req.url))) recorderOf(req);
  });
  // Not awaited: the audit write must not keep the request and its reply alive (see RequestRecorder.finalize).
  app.addHook('onResponse', (req, reply, done) => {
    void records.get(req)?.finalize(reply.statusCode);
    done();
  });

  app.setErrorHandler(
    gatewayErrorHandler((req, ge) => {
      const rec = records.get(req);
      if (ge.code === 'content_filter' || ge.code === 'routing_refused') rec?.refused(ge.code, ge.status);
      else rec?.failed(ge.code, ge.status);
    }),
  );
  app.setNotFoundHandler((req, reply) => {
    const ge = new GatewayError('not_found', `No route for ${req.method} ${pathOf(req.url)}.`);
    records.get(req)?.failed(ge.code, ge.status);
    return reply.code(404).send(errorBody(ge, protocolOf(req.url)));
  });

  app.register(v1Routes, rt);
  registerHealthRoutes(app, rt);
  app.register(adminRoutes, { ...services.admin, retrieval });
  const metricsListener = serveMetrics(app, config, telemetry);
  if (config.dashboard.enabled) {
    const dashboard = { config: config.dashboard, adminTokenEnv: config.admin.token_env, admin: services.admin, warden: opts.warden, upstreams, events: tapped.events, ephemeral: services.ephemeral };
    app.register(dashboardRoutes, dashboard);
  }
  gatewayAlerter(app, config.alerts, { kills: services.admin.killStore, approvals: services.approvals, audit: services.audit }, telemetry, services.ephemeral);
  app.addHook('onClose', async () => {
    await Promise.all([...upstreams.values()].map((e) => e.upstream.close()));
    await (await metricsListener.current)?.close();
    await telemetry.close();
    // An injected store belongs to the caller; the one opened from the config is closed with the app.
    if (opts.documents === undefined) await retrieval.store?.close();
    stdout?.stop();
  });
  return app;
}

/** /metrics on the API port, or on its own listener (started with the app, closed with it). */
function serveMetrics(app: FastifyInstance, config: GatewayConfig, telemetry: GatewayTelemetry): { current?: Promise<MetricsListener> } {
  const metrics = telemetry.metrics;
  const listener: { current?: Promise<MetricsListener> } = {};
  if (metrics === undefined) return listener;
  const listen = config.metrics.listen;
  if (listen === undefined) {
    registerMetricsRoute(app, metrics, { metricsEnv: config.metrics.token_env, adminEnv: config.admin.token_env });
    return listener;
  }
  app.addHook('onReady', async () => {
    listener.current = startMetricsListener(metrics, listen, config.metrics.token_env);
    const l = await listener.current;
    app.log.info({ url: `${l.url}/metrics` }, 'metrics listener started');
  });
  return listener;
}

/**
 * Stops accepting requests and lets in-flight ones (streams) finish for up to `graceMs`, then cuts what is left.
 * Keep-alive connections that turn idle while draining are swept; otherwise they would hold close() open.
 */
export async function closeGracefully(app: FastifyInstance, graceMs = 10_000): Promise<void> {
  const sweep = setInterval(() => app.server.closeIdleConnections(), 200);
  const deadline = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
  }
}

export interface StartOptions {
  host?: string;
  port?: number;
  dataDir?: string;
  /** Client key for trial/demo mode (tenant `default`). */
  openModeKey?: string;
  logger?: boolean | FastifyBaseLogger;
}

export interface RunningGateway {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** Loads everything a config describes (policy engine, store, upstreams) and starts listening. */
export async function startGateway(loaded: LoadedGatewayConfig, opts: StartOptions = {}): Promise<RunningGateway> {
  const config: GatewayConfig = {
    ...loaded.gateway,
    host: opts.host ?? loaded.gateway.host,
    port: opts.port ?? loaded.gateway.port,
    data_dir: opts.dataDir ?? loaded.gateway.data_dir,
  };
  const rules = await loadGatewayRules(config);
  const warden = createWarden(loaded.policy, { detectors: rules.detectors });
  ensurePrivateDir(config.data_dir);
  const services = await openGatewayServices(config, {
    dataDir: config.data_dir,
    rulePack: rules.audit,
    ...(opts.openModeKey !== undefined ? { openMode: { apiKey: opts.openModeKey } } : {}),
  });
  let app: FastifyInstance;
  try {
    app = await buildGateway({ config, warden, services, logger: opts.logger });
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await services.close();
    throw err;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    app,
    url: `http://${host}:${port}`,
    close: async () => {
      await closeGracefully(app);
      await services.close();
    },
  };
}
