/**
 * The `alerts:` key of the `gateway:` section (docs/operations.md): where alerts go (webhook destinations, plain
 * JSON or a Slack-compatible body) and the rules that raise them. Checked by `warden policy check`, a rule naming
 * an unknown destination included.
 */
import { z } from 'zod';

const positiveInt = z.number().int().positive();
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'expected an environment variable name');
const name = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'expected 1-64 lowercase letters, digits, "_" or "-"');

const destinationSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  /** `json`: Warden's alert object; `slack`: `{ text, blocks }` as Slack (and Mattermost, Rocket.Chat) incoming webhooks take it. */
  format: z.enum(['json', 'slack']).default('json'),
  /** Env var holding the secret that signs each body (`x-warden-signature: sha256=<hex HMAC>`). */
  secret_env: envName.optional(),
  timeout_ms: positiveInt.max(60_000).default(5_000),
  /** Attempts after the first, on a network error, a timeout or a non-2xx answer. */
  retries: z.number().int().min(0).max(10).default(3),
  /** Wait before retry n: backoff_ms * 2^(n-1). */
  backoff_ms: positiveInt.max(60_000).default(500),
});

const common = {
  name,
  severity: z.enum(['info', 'warning', 'critical']).default('warning'),
  /** Destination names; default: every destination. */
  to: z.array(name).min(1).optional(),
  /** After firing, the rule stays quiet this long (per subject: an upstream, a switch, an approval). */
  cooldown_seconds: z.number().int().min(0).max(86_400).default(600),
};

const window = { window_seconds: positiveInt.max(86_400).default(300) };

export const alertRuleSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...common,
    type: z.literal('injection_spike'),
    /** Rule ids counted; `detector/*` matches every rule of a detector. */
    rules: z.array(z.string().min(1)).min(1).default(['prompt-injection/*', 'jailbreak/*']),
    /** Requests with a non-allow finding of these rules within the window that fire the alert. */
    threshold: positiveInt,
    ...window,
  }),
  z.strictObject({ ...common, type: z.literal('kill_switch') }),
  z.strictObject({
    ...common,
    type: z.literal('approval_waiting'),
    /** A pending approval older than this fires once. */
    older_than_seconds: positiveInt.max(604_800),
  }),
  z.strictObject({
    ...common,
    type: z.literal('audit_chain'),
    /** How often the whole chain (and the checkpoint file) is verified. */
    every_seconds: positiveInt.min(10).max(604_800).default(3_600),
  }),
  z.strictObject({
    ...common,
    type: z.literal('upstream_error_rate'),
    /** One upstream; default: each upstream on its own. */
    upstream: z.string().min(1).optional(),
    /** Share of requests that failed at the upstream (upstream_* error codes), 0 < threshold <= 1. */
    threshold: z.number().gt(0).lte(1),
    /** Requests the share needs before it counts. */
    min_requests: positiveInt.default(20),
    ...window,
  }),
]);

export type AlertRule = z.output<typeof alertRuleSchema>;
export type AlertDestination = z.output<typeof destinationSchema>;

export const alertsConfigFields = {
  alerts: z
    .strictObject({
      destinations: z.record(name, destinationSchema).default({}),
      rules: z.array(alertRuleSchema).default([]),
      /** How often the rules that poll (kill switches, approvals, error rates, spikes) are checked. */
      evaluate_every_seconds: positiveInt.max(3_600).default(15),
    })
    .superRefine((a, ctx) => {
      const seen = new Set<string>();
      a.rules.forEach((r, i) => {
        if (seen.has(r.name)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: `alert rule name "${r.name}" is used twice` });
        seen.add(r.name);
        r.to?.forEach((d, j) => {
          if (!(d in a.destinations)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'to', j], message: `unknown destination "${d}" (defined: ${Object.keys(a.destinations).join(', ') || 'none'})` });
        });
      });
      if (a.rules.length > 0 && Object.keys(a.destinations).length === 0) ctx.addIssue({ code: 'custom', path: ['destinations'], message: 'alert rules need at least one destination' });
    })
    .prefault({}),
};

export type AlertsConfig = z.output<(typeof alertsConfigFields)['alerts']>;
