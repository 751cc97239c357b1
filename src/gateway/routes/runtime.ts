/** What the routes share: config, the policy engine, identity/audit services, upstreams with breakers. */
import { performance } from 'node:perf_hooks';
import type { FastifyRequest } from 'fastify';
import type { Identity } from '../../spec/gateway.js';
import type { Warden } from '../../spec/types.js';
import type { CircuitBreaker } from '../../core/breaker.js';
import type { GatewayConfig } from '../config.js';
import { GatewayError } from '../errors.js';
import { modelKillNames } from '../model-names.js';
import type { GatewayServices } from '../services.js';
import type { Upstream } from '../upstreams/types.js';
import type { ToolPolicyEngine } from '../../tools/decide.js';
import { elapsedMs, estimateTokens, type RequestRecorder } from '../recorder.js';
import { isObj } from '../upstreams/json.js';
import type { RetrievalRuntime } from './retrieval.js';
import type { IntegrityRuntime } from './integrity.js';
import type { GatewayTelemetry } from '../telemetry/telemetry.js';

export interface UpstreamEntry {
  upstream: Upstream;
  breaker: CircuitBreaker;
}

export interface GatewayRuntime {
  config: GatewayConfig;
  warden: Warden;
  /** The tool policy (the `tools:` section): decides the calls models propose. */
  tools: ToolPolicyEngine;
  services: GatewayServices;
  upstreams: ReadonlyMap<string, UpstreamEntry>;
  /** The request's audit record (created when the request arrived). */
  recorderOf(req: FastifyRequest): RequestRecorder;
  /** Identity-aware retrieval: the access rule and, when a retrieval step is configured, the document store. */
  retrieval: RetrievalRuntime;
  /** Output integrity: the per-model checks and the fingerprinted protected corpora. */
  integrity: IntegrityRuntime;
  /** Metrics, traces and the overview's windowed stats (`telemetry.stats.snapshot(seconds)`). */
  telemetry: GatewayTelemetry;
}

/** The caller of each admitted request; set by the /v1 plugin's preHandler (v1.ts). */
const identities = new WeakMap<FastifyRequest, Identity>();

/**
 * Runs admission (auth, kill switches, limits) and records the caller. A body naming a model (the chat routes)
 * is admitted for that model, with its prompt tokens estimated from the body size for the token budgets.
 */
export async function admitRequest(rt: GatewayRuntime, req: FastifyRequest): Promise<void> {
  const rec = rt.recorderOf(req);
  const model = isObj(req.body) && typeof req.body.model === 'string' ? req.body.model : undefined;
  const bytes = Number(req.headers['content-length'] ?? 0);
  const tokens = model === undefined ? undefined : estimateTokens(Number.isFinite(bytes) ? bytes : 0);
  const modelNames = model === undefined ? undefined : modelKillNames(rt.config, model);
  const t0 = performance.now();
  const a = await rt.services.admit({ headers: req.headers, ip: req.ip, route: rec.route, model, modelNames, estimatedPromptTokens: tokens });
  if (!a.ok) {
    rec.refusedAdmission(a.identity, elapsedMs(t0));
    throw GatewayError.fromAdmission(a);
  }
  rec.admitted(a.identity, a.release, elapsedMs(t0));
  identities.set(req, a.identity);
}

/** The admitted caller; a route outside the /v1 plugin has none, which is a wiring fault. */
export function identityOf(req: FastifyRequest): Identity {
  const identity = identities.get(req);
  if (identity === undefined) throw new Error(`${req.method} ${req.url}: route handler ran without admission (register it inside the /v1 plugin)`);
  return identity;
}

/** Model kill switches also apply to an upstream model chosen after admission (a routing rule's). */
export function refuseKilledModel(rt: GatewayRuntime, shownAs: string, upstreamModel: string): void {
  const killed = rt.services.modelKilled(shownAs, modelKillNames(rt.config, upstreamModel));
  if (killed) throw GatewayError.fromAdmission(killed);
}

export function modelAllowed(identity: Identity, name: string): boolean {
  return identity.models.includes('*') || identity.models.includes(name);
}

export interface ModelTarget {
  upstream: string;
  model: string;
  price?: { input_per_mtok: number; output_per_mtok: number };
}

/** Alias first, then the default upstream with the name unchanged. */
export function resolveModel(cfg: GatewayConfig, name: string): ModelTarget {
  const alias = cfg.models[name];
  if (alias) return { upstream: alias.upstream, model: alias.model, price: alias.price };
  if (cfg.default_upstream !== undefined) return { upstream: cfg.default_upstream, model: name };
  const known = Object.keys(cfg.models);
  throw new GatewayError('model_not_found', `Model "${name}" is not configured on this gateway${known.length > 0 ? `; available: ${known.join(', ')}` : ''}.`, {
    param: 'model',
  });
}

/** Optional use-case selector for policy overlays. */
export function useCaseHeader(req: FastifyRequest): string | undefined {
  const v = req.headers['x-warden-use-case'];
  return typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : undefined;
}
