/**
 * The `metrics:` and `tracing:` keys of the `gateway:` section (docs/operations.md). Plain zod fields that
 * config.ts spreads into the gateway schema; nothing here opens a socket or loads an exporter.
 */
import { z } from 'zod';

const positiveInt = z.number().int().positive();
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'expected an environment variable name');

export const telemetryConfigFields = {
  /** Prometheus metrics at GET /metrics. */
  metrics: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Env var holding a bearer token that may read /metrics (the admin token may too). */
      token_env: envName.default('WARDEN_METRICS_TOKEN'),
      /**
       * Serve /metrics on its own listener (e.g. an interface only the Prometheus server reaches) instead of the
       * API port; there a token is asked for only when `token_env` names a variable that is set.
       */
      listen: z.strictObject({ host: z.string().min(1).default('127.0.0.1'), port: z.number().int().min(0).max(65_535) }).optional(),
      /** Tenants that get their own label value; requests of any further tenant are counted under `other`. */
      max_tenants: positiveInt.max(100_000).default(200),
    })
    .prefault({}),
  /** OpenTelemetry traces: off (no tracer provider, no per-request work) unless an endpoint is given. */
  tracing: z
    .strictObject({
      /** OTLP/HTTP traces endpoint, e.g. http://127.0.0.1:4318/v1/traces. */
      otlp_endpoint: z.url({ protocol: /^https?$/ }).optional(),
      /** Env var holding extra export headers, `name=value` pairs separated by commas (e.g. an API key). */
      headers_env: envName.optional(),
      service_name: z.string().min(1).default('warden-gateway'),
      /** Share of requests traced (parent-less head sampling). */
      sample_ratio: z.number().min(0).max(1).default(1),
      export_timeout_ms: positiveInt.max(60_000).default(10_000),
    })
    .prefault({}),
};

type Fields = typeof telemetryConfigFields;
export type MetricsConfig = z.output<Fields['metrics']>;
export type TracingConfig = z.output<Fields['tracing']>;
