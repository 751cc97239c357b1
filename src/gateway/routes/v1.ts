/**
 * The /v1 API as one Fastify plugin: admission (authentication, kill switches, limits) runs once in a preHandler,
 * after the body is parsed and before any route handler, so no route can forget it; handlers read the caller with
 * identityOf(req). Errors go to the server's error handler, which this plugin inherits.
 */
import type { FastifyInstance } from 'fastify';
import { anthropicWire } from './wire-anthropic.js';
import { openaiWire } from './wire-openai.js';
import { responsesWire } from './wire-responses.js';
import { completionsWire } from './wire-completions.js';
import { registerChatRoutes } from './chat.js';
import { registerGuardRoute } from './guard.js';
import { registerModelsRoute } from './info.js';
import { registerEmbeddingsRoute } from './embeddings.js';
import { registerCountTokensRoute } from './count-tokens.js';
import { registerFeedbackRoute } from './feedback.js';
import { admitRequest, type GatewayRuntime } from './runtime.js';

export async function v1Routes(app: FastifyInstance, rt: GatewayRuntime): Promise<void> {
  app.addHook('preHandler', (req) => admitRequest(rt, req));
  registerChatRoutes(app, rt, [openaiWire, anthropicWire, responsesWire, completionsWire]);
  registerGuardRoute(app, rt);
  registerModelsRoute(app, rt);
  registerEmbeddingsRoute(app, rt);
  registerCountTokensRoute(app, rt);
  if (rt.config.review.enabled) registerFeedbackRoute(app, rt, rt.services.review);
}
