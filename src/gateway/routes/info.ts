/** GET /v1/models (the caller's models), GET /healthz (process up), GET /readyz (store + policy usable). */
import type { FastifyInstance } from 'fastify';
import { admit, modelAllowed, type GatewayRuntime } from './runtime.js';

const CREATED = Math.floor(Date.now() / 1000);

export function registerInfoRoutes(app: FastifyInstance, rt: GatewayRuntime): void {
  app.get('/v1/models', async (req) => {
    const st = rt.stateOf(req);
    const identity = await admit(rt, req, st);
    const data = Object.entries(rt.config.models)
      .filter(([alias]) => modelAllowed(identity, alias))
      .map(([alias, m]) => ({ id: alias, object: 'model', created: CREATED, owned_by: `warden:${m.upstream}` }));
    st.output = data.map((m) => m.id).join(',');
    // The Anthropic SDK sends anthropic-version and expects its own list shape.
    if (req.headers['anthropic-version'] !== undefined) {
      const created = new Date(CREATED * 1000).toISOString();
      const models = data.map((m) => ({ type: 'model', id: m.id, display_name: m.id, created_at: created }));
      return { data: models, has_more: false, first_id: models[0]?.id ?? null, last_id: models.at(-1)?.id ?? null };
    }
    return { object: 'list', data };
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const checks: Record<string, string> = {};
    try {
      rt.warden.scan('readiness probe', 'input');
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
