/** Builds the configured upstreams. Provider keys are resolved here and live only inside the adapters. */
import { resolveApiKey, type UpstreamConfig } from '../config.js';
import { createAnthropicUpstream } from './anthropic.js';
import { createDemoUpstream } from './demo.js';
import { createOpenAIUpstream } from './openai.js';
import { createResponsesEndpoint } from './responses.js';
import { anthropicEndpoints, openaiEndpoints, withEndpoints } from './endpoints.js';
import type { Upstream } from './types.js';
import { withFields } from '../../core/objects.js';

export function createUpstream(name: string, u: UpstreamConfig): Upstream {
  if (u.type === 'demo') return createDemoUpstream({ name, tokenDelayMs: u.token_delay_ms });
  const timeouts = { connectMs: u.timeouts.connect_ms, headersMs: u.timeouts.headers_ms, bodyMs: u.timeouts.body_ms };
  const apiKey = resolveApiKey(u, name);
  if (u.type === 'anthropic') {
    const opts = { name, baseUrl: u.base_url, apiKey, timeouts, version: u.version };
    return withEndpoints(createAnthropicUpstream(opts), anthropicEndpoints(opts));
  }
  const opts = { name, baseUrl: u.base_url, apiKey, timeouts, streamUsage: u.stream_usage };
  const chat = withEndpoints(createOpenAIUpstream(opts), openaiEndpoints(opts));
  if (!u.responses) return chat;
  const responses = createResponsesEndpoint({ name, baseUrl: u.base_url, apiKey, timeouts });
  return withFields(chat, { responses, close: () => Promise.all([chat.close(), responses.close()]).then(() => undefined) });
}
