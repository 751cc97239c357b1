/**
 * The `tools:` section of warden.yaml: one entry per tool the policy allows, keyed by the tool's name.
 * A layer section (src/core/policy-schema.ts `layerSections`), so `tenants` and `use_cases` overlays merge into it.
 */
import { z } from 'zod';
import { celSyntaxError } from './conditions.js';
import { argsSchemaError } from './validate.js';

/** OpenAI function names (letters, digits, `_`, `-`, up to 64) plus `.` and `:` for MCP-style names. */
export const TOOL_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;
export const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** A field of the arguments: dotted keys, `[]` for every item of a list (`recipients[]`, `files[].path`). */
export const FIELD = /^[A-Za-z0-9_-]{1,64}(?:\[\])?(?:\.[A-Za-z0-9_-]{1,64}(?:\[\])?){0,7}$/;
export const WINDOW = /^[1-9][0-9]{0,5}[smhd]$/;

/** A map whose keys must match `key`; a bad key is reported on the key itself, with the entries still checked. */
function namedRecord<T extends z.ZodType>(key: RegExp, expected: string, value: T) {
  return z.record(z.string(), value).superRefine((entries: unknown, ctx) => {
    if (entries === null || typeof entries !== 'object') return;
    for (const k of Object.keys(entries)) {
      if (!key.test(k)) ctx.addIssue({ code: 'custom', path: [k], params: { onKey: true }, message: `invalid name ${JSON.stringify(k)}: ${expected}` });
    }
  }, { when: () => true });
}

const cel = z.string().min(1).max(4096).superRefine((src, ctx) => {
  const error = celSyntaxError(src);
  if (error !== undefined) ctx.addIssue({ code: 'custom', message: `invalid CEL expression: ${error}` });
});

const actionSchema = z.enum(['allow', 'deny', 'require_approval'], { error: 'expected one of "allow", "deny", "require_approval"' });

const conditionSchema = z.strictObject({
  /** CEL over `args`, `identity`, `request`, `history`; true applies the condition's action. */
  when: cel,
  action: actionSchema,
  /** Shown to the caller with the decision. */
  reason: z.string().min(1).max(500),
});

const subject = z.enum(['key', 'user', 'tenant', 'tool'], { error: 'expected one of "key", "user", "tenant", "tool"' });
const window = z.string().regex(WINDOW, { error: 'expected a window such as "30s", "1m", "1h" or "1d"' });

const rateSchema = z.strictObject({ per: subject, max: z.number().int().min(1), window });
const budgetSchema = z.strictObject({
  /** CEL giving the amount one call spends, e.g. `args.amount`. */
  sum: cel,
  per: subject,
  /** Fixed windows aligned to the epoch (a `1d` window is a UTC day). */
  window,
  max: z.number().positive(),
});

const hardenSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('path'), allow_absolute: z.boolean().default(false) }),
  z.strictObject({ kind: z.literal('shell') }),
  z.strictObject({
    kind: z.literal('url'),
    schemes: z.array(z.enum(['http', 'https'])).min(1).default(['https']),
    /** When set, the host must be one of these domains or a subdomain of one. */
    allow_domains: z.array(z.string().min(1).max(253)).optional(),
  }),
]);

const whoSchema = z.strictObject({
  tenants: z.array(z.string().min(1)).optional(),
  /** The caller needs at least one of these roles. */
  roles: z.array(z.string().min(1)).optional(),
  /** Each attribute of the key or token must equal the value (or one of the values). */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).optional(),
});

const argsSchema = z.record(z.string(), z.unknown()).superRefine((schema, ctx) => {
  const error = argsSchemaError(schema);
  if (error !== undefined) ctx.addIssue({ code: 'custom', message: `invalid JSON Schema: ${error}` });
});

export const toolPolicySchema = z.strictObject({
  /** An overlay can switch a tool off for a tenant or use case. */
  enabled: z.boolean().default(true),
  /** Who may call it; absent = every authenticated caller. */
  allow: whoSchema.optional(),
  /** JSON Schema of the arguments (fields not declared are rejected). */
  args_schema: argsSchema.optional(),
  max_argument_bytes: z.number().int().min(2).max(1_048_576).default(65_536),
  max_depth: z.number().int().min(1).max(64).default(16),
  harden: namedRecord(FIELD, 'expected a field path such as "to", "files[]" or "target.url"', hardenSchema).optional(),
  /** Named conditions (rule id `tools/<tool>/<name>`); the strictest matching action wins. */
  conditions: namedRecord(NAME, 'expected a lower-case name such as "large-refund"', conditionSchema).optional(),
  /** What happens when no condition matches. */
  default: actionSchema.default('allow'),
  limits: z
    .strictObject({
      rate: z.array(rateSchema).optional(),
      budgets: namedRecord(NAME, 'expected a lower-case name such as "daily-refunds"', budgetSchema).optional(),
    })
    .optional(),
});

/** `tools:` — present (even empty) turns the tool policy on: a tool it does not name is refused. */
export const toolsSectionSchema = namedRecord(TOOL_NAME, 'expected a tool name (letters, digits, "_", "-", ".", ":", at most 64)', toolPolicySchema);

export type ToolPolicy = z.infer<typeof toolPolicySchema>;
export type HardenSpec = z.infer<typeof hardenSchema>;
export type ToolCondition = z.infer<typeof conditionSchema>;
export type RateLimit = z.infer<typeof rateSchema>;
export type Budget = z.infer<typeof budgetSchema>;
export type LimitSubject = z.infer<typeof subject>;
export type ToolWho = z.infer<typeof whoSchema>;

/** The layer sections the tools layer adds to the policy schema. */
export const TOOL_POLICY_SECTIONS = { tools: toolsSectionSchema };

/** Window text (`30s`, `1m`, `1h`, `1d`) in milliseconds. */
export function windowMs(text: string): number {
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[text.slice(-1) as 's' | 'm' | 'h' | 'd'];
  return Number(text.slice(0, -1)) * unit;
}
