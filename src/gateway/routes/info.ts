/** GET /v1/models (the caller's models; inside the /v1 plugin), GET /healthz (process up), GET /readyz (store + policy usable). */
import type { FastifyInstance } from 'fastify';
import { identityOf, modelAllowed, type GatewayRuntime } from './runtime.js';

const CREATED = Math.floor(Date.now() / 1000);

/** How long the default upstream's model list is reused. */
const MODEL_LIST_TTL_MS = 60_000;
const MODEL_LIST_TIMEOUT_MS = 5_000;

export function registerModelsRoute(app: FastifyInstance, rt: GatewayRuntime): void {
  let cached: { at: number; ids: string[] } | undefined;
  /** Names that pass through to the default upstream, from its own model list (empty when it cannot be read). */
  const passThroughModels = async (): Promise<string[]> => {
    const name = rt.config.default_upstream;
    const entry = name === undefined ? undefined : rt.upstreams.get(name);
    if (!entry) return [];
    if (cached && Date.now() - cached.at < MODEL_LIST_TTL_MS) return cached.ids;
    try {
      cached = { at: Date.now(), ids: await entry.upstream.listModels(AbortSignal.timeout(MODEL_LIST_TIMEOUT_MS)) };
    } catch (err) {
      app.log.warn({ err, upstream: name }, 'listing the default upstream models failed');
      cached = { at: Date.now(), ids: [] };
    }
    return cached.ids;
  };

  app.get('/v1/models', async (req) => {
    const rec = rt.recorderOf(req);
    const identity = identityOf(req);
    const aliases = Object.entries(rt.config.models).map(([alias, m]) => ({ id: alias, upstream: m.upstream }));
    const passThrough = (await passThroughModels())
      .filter((id) => !(id in rt.config.models))
      .map((id) => ({ id, upstream: rt.config.default_upstream ?? '' }));
    const data = [...aliases, ...passThrough]
      .filter((m) => modelAllowed(identity, m.id))
      .map((m) => ({ id: m.id, object: 'model', created: CREATED, owned_by: `warden:${m.upstream}` }));
    rec.answered(data.map((m) => m.id).join(','));
    // The Anthropic SDK sends anthropic-version and expects its own list shape.
    if (req.headers['anthropic-version'] !== undefined) {
      const created = new Date(CREATED * 1000).toISOString();
      const models = data.map((m) => ({ type: 'model', id: m.id, display_name: m.id, created_at: created }));
      return { data: models, has_more: false, first_id: models[0]?.id ?? null, last_id: models.at(-1)?.id ?? null };
    }
    return { object: 'list', data };
  });
}

/** Unauthenticated probes, outside the /v1 plugin. */
export function registerHealthRoutes(app: FastifyInstance, rt: GatewayRuntime): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const checks: Record<string, string> = {};
    try {
      await rt.warden.scanAsync('readiness probe', 'input');
      checks.policy = 'ok';
    } catch (err) {
      checks.policy = `failed: ${err instanceof Error ? err.message : String(err)}`;
    }
    try {
      await rt.services.audit.query({ limit: 1 });
      checks.store = 'ok';
    } catch (err) {
      checks.store = `failed: ${err instanceof Error ? err.message : String(err)}`;
    }
    const ready = Object.values(checks).every((v) => v === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });
}
