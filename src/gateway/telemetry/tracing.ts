/**
 * The gateway's OpenTelemetry tracer, made only when `gateway.tracing.otlp_endpoint` is set: a tracer provider
 * of its own (never registered globally, so the application embedding Warden keeps its own), a batch processor
 * and the OTLP/HTTP exporter. Without an endpoint nothing here is loaded into the request path.
 */
import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { TracingConfig } from './config.js';

export interface GatewayTracer {
  tracer: Tracer;
  /** Exports the spans still queued, then stops the exporter. */
  shutdown(): Promise<void>;
}

const VERSION = '0.1.0';

/** `name=value` pairs separated by commas (the OTEL_EXPORTER_OTLP_HEADERS form); a pair without `=` is an error. */
export function parseHeaders(value: string, envName: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of value.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`${envName}: expected name=value pairs separated by commas`);
    headers[pair.slice(0, eq).trim()] = decodeURIComponent(pair.slice(eq + 1).trim());
  }
  return headers;
}

export function createTracer(cfg: TracingConfig): GatewayTracer | undefined {
  if (cfg.otlp_endpoint === undefined) return undefined;
  const raw = cfg.headers_env === undefined ? undefined : process.env[cfg.headers_env];
  const headers = raw === undefined ? {} : parseHeaders(raw, cfg.headers_env as string);
  const exporter = new OTLPTraceExporter({ url: cfg.otlp_endpoint, headers, timeoutMillis: cfg.export_timeout_ms });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: cfg.service_name, [ATTR_SERVICE_VERSION]: VERSION }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(cfg.sample_ratio) }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1_000, exportTimeoutMillis: cfg.export_timeout_ms })],
  });
  return { tracer: provider.getTracer('warden-gateway', VERSION), shutdown: () => provider.shutdown() };
}
