/**
 * Gateway configuration: the `gateway:` section of warden.yaml (upstreams, model aliases, routing,
 * timeouts, streaming) and the identity, limits, audit and storage keys of config-services.ts, in one
 * schema loaded together with the policy so one file configures everything.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PolicyError } from '../core/errors.js';
import { loadPolicy, parsePolicy, policyFromObject } from '../core/policy-load.js';
import type { LoadedPolicy } from '../core/policy-types.js';
import { BUILTIN_DETECTORS } from '../detectors/index.js';
import { BUILTIN_GUARDS } from '../guards/index.js';
import { servicesConfigFields } from './config-services.js';
import { retrievalSectionSchema } from './config-retrieval.js';
import { reviewConfigSchema } from './config-review.js';
import { integritySectionSchema } from './config-integrity.js';
import { telemetryConfigFields } from './telemetry/config.js';
import { alertsConfigFields } from './alerts/config.js';
import { mcpSectionSchema } from '../mcp/config.js';
import { dashboardConfigSchema } from '../dashboard/config.js';
import { TOOL_POLICY_SECTIONS } from '../tools/policy-schema.js';

const int = z.number().int();
const positive = int.positive();

const timeoutsSchema = z
  .strictObject({
    connect_ms: positive.default(5_000),
    /** Time to the upstream's response headers, which for non-streaming calls is the whole generation. */
    headers_ms: positive.default(120_000),
    /** Longest silence between body chunks. */
    body_ms: positive.default(60_000),
  })
  .prefault({});

const keySource = {
  /** Env var holding the provider key. */
  api_key_env: z.string().min(1).optional(),
  /** File holding the provider key (e.g. a mounted secret); trailing whitespace is trimmed. */
  api_key_file: z.string().min(1).optional(),
};

export const upstreamSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('demo'),
    /** Delay between streamed tokens, to make streaming visible. */
    token_delay_ms: int.min(0).max(1_000).default(0),
  }),
  z.strictObject({
    type: z.enum(['openai', 'openai-compatible']),
    base_url: z.url(),
    ...keySource,
    /** Request a usage chunk at the end of streams (stream_options.include_usage). */
    stream_usage: z.boolean().default(true),
    /** The provider serves the Responses API (POST {base_url}/responses): /v1/responses is forwarded to it untranslated. */
    responses: z.boolean().default(false),
    timeouts: timeoutsSchema,
  }),
  z.strictObject({
    type: z.literal('anthropic'),
    base_url: z.url().default('https://api.anthropic.com'),
    ...keySource,
    version: z.string().default('2023-06-01'),
    timeouts: timeoutsSchema,
  }),
]);

export type UpstreamConfig = z.infer<typeof upstreamSchema>;

const routingRuleSchema = z
  .strictObject({
    /** Applies when any input finding matches one of these (OR). */
    when: z.strictObject({
      /** Entity types, e.g. CREDIT_CARD, US_SSN. */
      entity_types: z.array(z.string().min(1)).optional(),
      /** Rule ids; `detector/*` matches every rule of a detector (classification labels are rule ids too). */
      rules: z.array(z.string().min(1)).optional(),
    }),
    /** Send the request to this upstream instead (e.g. a self-hosted model for sensitive data). */
    upstream: z.string().min(1).optional(),
    /** Model name on that upstream (default: the one the alias resolved to). */
    model: z.string().min(1).optional(),
    /** Or refuse it. */
    action: z.literal('refuse').optional(),
  })
  .refine((r) => (r.upstream === undefined) !== (r.action === undefined), {
    message: 'a routing rule needs exactly one of upstream or action: refuse',
  });

export type RoutingRule = z.infer<typeof routingRuleSchema>;

const fieldName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a field or type name: 1-64 letters, digits, "_" or "-"');

export const gatewaySectionSchema = z.strictObject({
  ...servicesConfigFields,
  ...telemetryConfigFields,
  ...alertsConfigFields,
  host: z.string().default('127.0.0.1'),
  port: int.min(0).max(65_535).default(8787),
  /** Directory of warden.db and audit.db (relative to the working directory). */
  data_dir: z.string().default('./data'),
  /** Signed rule packs (docs/rule-packs.md): where `warden rules install` puts them (default <data_dir>/rule-packs) and the keys trusted to sign them. */
  rule_packs: z.strictObject({ dir: z.string().min(1).optional(), trusted_keys: z.string().min(1).optional() }).prefault({}),
  log_level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest request body accepted; larger ones get 413. */
  body_limit_bytes: positive.max(64 * 1024 * 1024).default(2 * 1024 * 1024),
  /** Deepest JSON nesting accepted in a request body. */
  max_json_depth: positive.max(512).default(64),
  upstreams: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/), upstreamSchema).default({ demo: { type: 'demo', token_delay_ms: 0 } }),
  /** Model aliases clients may ask for: alias -> upstream + upstream model name. */
  models: z
    .record(
      z.string().min(1),
      z.strictObject({
        upstream: z.string().min(1),
        model: z.string().min(1),
        /** USD per million tokens; gives usage a cost so the cost caps under `limits` apply. */
        price: z.strictObject({ input_per_mtok: z.number().min(0), output_per_mtok: z.number().min(0) }).optional(),
      }),
    )
    .default({}),
  /** Upstream for model names that are not aliases (passed through unchanged); without it they get 404. */
  default_upstream: z.string().min(1).optional(),
  routing: z.array(routingRuleSchema).default([]),
  breaker: z
    .strictObject({
      failure_threshold: positive.default(5),
      cooldown_ms: positive.default(30_000),
    })
    .prefault({}),
  stream: z
    .strictObject({
      /** Characters held back before release so a match split across chunks is still caught. */
      holdback_chars: int.min(0).max(16_384).default(256),
    })
    .prefault({}),
  /** Top-level request fields the gateway does not know but forwards anyway (their strings are scanned); others get 400. */
  allow_request_fields: z.array(fieldName).default([]),
  /** Content part / block types the gateway does not know but forwards anyway (their strings are scanned); others get 400. */
  allow_content_types: z.array(fieldName).default([]),
  /** Identity-aware retrieval: document store, access rule, retrieval steps (docs/retrieval.md). */
  retrieval: retrievalSectionSchema.prefault({}),
  /** Output integrity: grounding, citations, verbatim reproduction of protected corpora (docs/integrity.md). */
  integrity: integritySectionSchema.prefault({}),
  /** Put the caller's original values back where the model echoed input placeholders. */
  restore_placeholders: z.boolean().default(true),
  /** Trial/demo mode: one client key accepted as tenant `default`, given inline (documented demo keys only) or by env. */
  open_mode: z
    .strictObject({
      api_key: z.string().min(8).optional(),
      api_key_env: z.string().min(1).optional(),
    })
    .optional(),
  /** The operators' web UI at /dashboard (docs/dashboard.md). */
  dashboard: dashboardConfigSchema,
  /** The human review queue: what it receives from finished requests (docs/review.md). */
  review: reviewConfigSchema,
});

export type GatewayConfig = z.infer<typeof gatewaySectionSchema>;

/** The part of the gateway config the identity, limits and audit services read. */
export type ServicesConfig = Pick<GatewayConfig, keyof typeof servicesConfigFields>;

export interface LoadedGatewayConfig {
  policy: LoadedPolicy;
  gateway: GatewayConfig;
}

/** Cross-references zod cannot see: every named upstream must exist. */
export function checkReferences(g: GatewayConfig, file: string): void {
  const missing: string[] = [];
  const known = (name: string, where: string) => {
    if (!(name in g.upstreams)) missing.push(`${where}: unknown upstream "${name}" (defined: ${Object.keys(g.upstreams).join(', ') || 'none'})`);
  };
  for (const [alias, m] of Object.entries(g.models)) known(m.upstream, `gateway.models.${alias}.upstream`);
  if (g.default_upstream !== undefined) known(g.default_upstream, 'gateway.default_upstream');
  g.routing.forEach((r, i) => r.upstream !== undefined && known(r.upstream, `gateway.routing.${i}.upstream`));
  if (missing.length > 0) throw new PolicyError(missing.map((m) => ({ file, path: m.split(':')[0] ?? '', message: m.slice(m.indexOf(':') + 2) })));
}

/** The proxy's `mcp:` section may share the file (`warden mcp-proxy` reads it; the gateway only validates it). */
const SECTIONS = { gateway: gatewaySectionSchema, mcp: mcpSectionSchema };

function fromLoaded(policy: LoadedPolicy, file: string): LoadedGatewayConfig {
  const gateway = gatewaySectionSchema.parse(policy.sections.gateway ?? {});
  checkReferences(gateway, file);
  return { policy, gateway };
}

/** Loads warden.yaml (policy + gateway section). Throws PolicyError with positioned issues. */
export function loadGatewayConfig(path: string): LoadedGatewayConfig {
  return fromLoaded(loadPolicy(path, { detectors: BUILTIN_DETECTORS, guards: BUILTIN_GUARDS, sections: SECTIONS, layerSections: TOOL_POLICY_SECTIONS }), path);
}

/** Parses a candidate warden.yaml from text without applying it (the dashboard's policy check). Throws PolicyError. */
export function parseGatewayConfig(yamlText: string, fileName: string): LoadedGatewayConfig {
  return fromLoaded(parsePolicy(yamlText, fileName, { detectors: BUILTIN_DETECTORS, guards: BUILTIN_GUARDS, sections: SECTIONS, layerSections: TOOL_POLICY_SECTIONS }), fileName);
}

/** Builds a config from an object (zero-config trial mode, tests). */
export function gatewayConfigFromObject(value: unknown): LoadedGatewayConfig {
  return fromLoaded(policyFromObject(value, { detectors: BUILTIN_DETECTORS, guards: BUILTIN_GUARDS, sections: SECTIONS, layerSections: TOOL_POLICY_SECTIONS }), '<inline>');
}

/** Zero-config trial: a preset policy in front of one OpenAI-compatible upstream. */
export function trialConfig(upstreamUrl: string, preset: string): LoadedGatewayConfig {
  return gatewayConfigFromObject({
    extends: preset,
    gateway: {
      upstreams: { upstream: { type: 'openai-compatible', base_url: upstreamUrl, api_key_env: 'WARDEN_UPSTREAM_API_KEY' } },
      default_upstream: 'upstream',
    },
  });
}

/** Reads a provider key from env or file; never logged. */
export function resolveApiKey(u: { api_key_env?: string; api_key_file?: string }, name: string): string | undefined {
  if (u.api_key_file !== undefined) {
    try {
      return readFileSync(u.api_key_file, 'utf8').trim();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`upstream "${name}": cannot read api_key_file ${u.api_key_file}: ${reason}`, { cause: err });
    }
  }
  if (u.api_key_env !== undefined) return process.env[u.api_key_env];
  return undefined;
}
