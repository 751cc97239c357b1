/** Starts a real gateway (real policy engine, real SQLite services) in front of a fake upstream. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AuditRecord } from '../../../src/spec/gateway.js';
import { gatewayConfigFromObject, type GatewayConfig } from '../../../src/gateway/config.js';
import { buildGateway, closeGracefully } from '../../../src/gateway/server.js';
import { openGatewayServices } from '../../../src/gateway/backends/index.js';
import type { GatewayServices } from '../../../src/gateway/services.js';
import { createWarden } from '../../../src/warden.js';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';

export const TEST_KEY = 'wk-test-0123456789abcdef';

export interface TestGateway {
  app: FastifyInstance;
  url: string;
  fake: FakeUpstream;
  services: GatewayServices;
  config: GatewayConfig;
  dataDir: string;
  /** The audit record of a request, waiting briefly for the asynchronous write. */
  audit(requestId: string | null | undefined): Promise<AuditRecord>;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** Extra policy keys merged over `extends: default`. */
  policy?: Record<string, unknown>;
  /** Extra gateway keys merged over the test upstreams and models (a function: given the fake upstream's URL). */
  gateway?: Record<string, unknown> | ((fakeUrl: string) => Record<string, unknown>);
  /** Capture pino output (at the configured log_level) instead of disabling logging. */
  logStream?: { write(line: string): void };
  /** Port to listen on (default: any free one), for configs that must name the gateway's own URL. */
  port?: number;
}

export async function startTestGateway(opts: TestGatewayOptions = {}): Promise<TestGateway> {
  const fake = await startFakeUpstream();
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-gw-'));
  const fast = { connect_ms: 1_000, headers_ms: 1_500, body_ms: 1_500 };
  const loaded = gatewayConfigFromObject({
    extends: 'default',
    // These tests check behaviour, not latency: on a loaded 2-core CI machine the default 100 ms budget would
    // turn slow detectors into fail-closed errors. Budget tests set their own.
    budget_ms: 10_000,
    ...opts.policy,
    gateway: {
      log_level: 'silent',
      upstreams: {
        fake: { type: 'openai-compatible', base_url: `${fake.url}/v1`, timeouts: fast },
        claude: { type: 'anthropic', base_url: fake.url, timeouts: fast },
        demo: { type: 'demo' },
      },
      models: {
        'gpt-test': { upstream: 'fake', model: 'fake-model' },
        'claude-test': { upstream: 'claude', model: 'claude-fake' },
        'demo': { upstream: 'demo', model: 'warden-demo-vulnerable' },
      },
      stream: { holdback_chars: 64 },
      ...(typeof opts.gateway === 'function' ? opts.gateway(fake.url) : opts.gateway),
    },
  });
  const warden = createWarden(loaded.policy);
  const services = await openGatewayServices(loaded.gateway, { dataDir, openMode: { apiKey: TEST_KEY } });
  const logging = opts.logStream ? { logger: true, logStream: opts.logStream } : { logger: false };
  const app = await buildGateway({ config: loaded.gateway, warden, services, ...logging });
  await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    app,
    url,
    fake,
    services,
    config: loaded.gateway,
    dataDir,
    async audit(requestId) {
      if (!requestId) throw new Error('response carried no x-warden-request-id');
      for (let i = 0; i < 100; i++) {
        const rec = await services.audit.get(requestId);
        if (rec) return rec;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no audit record for request ${requestId}`);
    },
    async close() {
      await closeGracefully(app, 2_000);
      await services.close();
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
