/** What the routes share: config, the policy engine, identity/audit services, upstreams with breakers. */
import type { FastifyRequest } from 'fastify';
import type { Identity } from '../../spec/gateway.js';
import type { Warden } from '../../spec/types.js';
import type { CircuitBreaker } from '../breaker.js';
import type { GatewayConfig } from '../config.js';
import { GatewayError } from '../errors.js';
import { modelKillNames } from '../model-names.js';
import type { GatewayServices } from '../services.js';
import type { Upstream } from '../upstreams/types.js';
import type { RequestRecorder } from '../recorder.js';

export interface UpstreamEntry {
  upstream: Upstream;
  breaker: CircuitBreaker;
}

export interface GatewayRuntime {
  config: GatewayConfig;
  warden: Warden;
  services: GatewayServices;
  upstreams: ReadonlyMap<string, UpstreamEntry>;
  /** The request's audit record (created when the request arrived). */
  recorderOf(req: FastifyRequest): RequestRecorder;
}

/** Runs admission (auth, kill switches, limits) and records the caller. */
export async function admit(rt: GatewayRuntime, req: FastifyRequest, rec: RequestRecorder, model?: string, estimatedPromptTokens?: number): Promise<Identity> {
  const modelNames = model === undefined ? undefined : modelKillNames(rt.config, model);
  const a = await rt.services.admit({ headers: req.headers, ip: req.ip, route: rec.route, model, modelNames, estimatedPromptTokens });
  if (!a.ok) {
    rec.refusedAdmission(a.identity);
    throw GatewayError.fromAdmission(a);
  }
  rec.admitted(a.identity, a.release);
  return a.identity;
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
