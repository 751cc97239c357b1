/**
 * The warden.yaml schema, composed from the registered detectors' option schemas.
 * zod is the source of truth: validation, error messages and the editor JSON Schema all come from here.
 */
import { z } from 'zod';
import type { Guard } from '../spec/guard.js';
import type { Detector } from '../spec/types.js';
import { STAGES } from '../spec/types.js';
import { QUARANTINE_ACTIONS, UNTRUSTED_STAGES } from '../spec/context.js';

/** Message roles a detector can be tuned for (`detectors.<id>.roles.<role>`). */
export const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'] as const;
export type Role = (typeof ROLES)[number];

/** Pseudo-detector for the pipeline's own size limits; its rules can be overridden under `rules:`. */
export const SIZE_LIMIT_DETECTOR = 'size-limit';
export const SIZE_LIMIT_RULES = {
  inputBytes: 'size-limit/max-input-bytes',
  messages: 'size-limit/max-messages',
} as const;

/** Hard ceiling on `max_input_bytes`: beyond this nothing is scanned whatever the policy says. */
export const ABSOLUTE_MAX_INPUT_BYTES = 10 * 1024 * 1024;

/** Common keys of every `detectors.<id>` entry, stage override, role override and rule override. */
export const COMMON_KEYS = ['enabled', 'threshold', 'action', 'mode'] as const;
const STRUCTURAL_KEYS = ['stages', 'roles'] as const;
/** Keys only a `guards.<id>` entry has besides the common ones. */
export const GUARD_KEYS = ['timeout_ms'] as const;

const actionSchema = z.enum(['allow', 'flag', 'redact', 'block'], {
  error: 'expected one of "allow", "flag", "redact", "block"',
});
const quarantineActionSchema = z.enum(QUARANTINE_ACTIONS, { error: `expected one of ${QUARANTINE_ACTIONS.map((a) => `"${a}"`).join(', ')}` });
/** `quarantine.<stage>`: what a blocking finding in a document or tool result does (docs/context-isolation.md). */
const quarantineSchema = z.object(Object.fromEntries(UNTRUSTED_STAGES.map((s) => [s, quarantineActionSchema.optional()]))).strict();
const onErrorSchema = z.enum(['block', 'flag', 'allow'], { error: 'expected one of "block", "flag", "allow"' });
const modeSchema = z.enum(['enforce', 'monitor'], { error: 'expected one of "enforce", "monitor"' });
const redactionSchema = z.enum(['mask', 'placeholder', 'hash'], {
  error: 'expected one of "mask", "placeholder", "hash"',
});
const THRESHOLD_MSG = 'expected a number between 0 and 1';
const thresholdSchema = z
  .number({ error: THRESHOLD_MSG })
  .min(0, { error: THRESHOLD_MSG })
  .max(1, { error: THRESHOLD_MSG });
const BUDGET_MSG = 'expected a positive number of milliseconds';
const budgetSchema = z.number({ error: BUDGET_MSG }).positive({ error: BUDGET_MSG });
const INPUT_BYTES_MSG = `expected a whole number of bytes between 1 and ${ABSOLUTE_MAX_INPUT_BYTES}`;
const maxInputBytesSchema = z
  .number({ error: INPUT_BYTES_MSG })
  .int({ error: INPUT_BYTES_MSG })
  .min(1, { error: INPUT_BYTES_MSG })
  .max(ABSOLUTE_MAX_INPUT_BYTES, { error: INPUT_BYTES_MSG });
const TIMEOUT_MSG = 'expected a whole number of milliseconds between 1 and 600000';
const timeoutSchema = z
  .number({ error: TIMEOUT_MSG })
  .int({ error: TIMEOUT_MSG })
  .min(1, { error: TIMEOUT_MSG })
  .max(600_000, { error: TIMEOUT_MSG });
const MESSAGES_MSG = 'expected a whole number between 1 and 100000';
const maxMessagesSchema = z
  .number({ error: MESSAGES_MSG })
  .int({ error: MESSAGES_MSG })
  .min(1, { error: MESSAGES_MSG })
  .max(100_000, { error: MESSAGES_MSG });

const commonShape = {
  enabled: z.boolean({ error: 'expected true or false' }).optional(),
  threshold: thresholdSchema.optional(),
  action: actionSchema.optional(),
  mode: modeSchema.optional(),
};

const ruleStageOverride = z.object(commonShape).strict();

/** `rules.<rule-id>`: what a single rule may override, optionally per stage. */
export const ruleOverrideSchema = z
  .object({
    ...commonShape,
    stages: z.object(Object.fromEntries(STAGES.map((s) => [s, ruleStageOverride.optional()]))).strict().optional(),
  })
  .strict();

/** A detector or a guard: what a `detectors.<id>` or `guards.<id>` entry is composed from. */
type Part = Pick<Detector, 'id' | 'options' | 'description'>;

function detectorEntrySchema(detector: Part, extra: z.ZodRawShape = {}) {
  const optionShape = detector.options.shape;
  for (const key of [...COMMON_KEYS, ...STRUCTURAL_KEYS, ...GUARD_KEYS]) {
    if (key in optionShape) {
      throw new Error(`detector "${detector.id}" declares option "${key}", which is reserved for the policy's common keys`);
    }
  }
  const common = { ...commonShape, ...extra };
  const override = z.object({ ...common, ...detector.options.partial().shape }).strict();
  const stages = z.object(Object.fromEntries(STAGES.map((s) => [s, override.optional()]))).strict();
  const roles = z.object(Object.fromEntries(ROLES.map((r) => [r, override.optional()]))).strict();
  return z
    .object({ ...common, ...detector.options.partial().shape, stages: stages.optional(), roles: roles.optional() })
    .strict()
    .describe(detector.description);
}

const RULE_ID = /^[a-z0-9][a-z0-9-]{0,63}\/[a-z0-9][a-z0-9._-]{0,127}$/;

function rulesSchema(detectorIds: ReadonlySet<string>) {
  // `when` makes the id check run even when some rule body is invalid, so every error is reported at once.
  return z.record(z.string(), ruleOverrideSchema).superRefine((rules: unknown, ctx) => {
    if (rules === null || typeof rules !== 'object') return;
    for (const id of Object.keys(rules)) {
      const detector = id.slice(0, id.indexOf('/'));
      if (!RULE_ID.test(id)) {
        ctx.addIssue({
          code: 'custom',
          path: [id],
          params: { onKey: true },
          message: `invalid rule id "${id}": expected "<detector-id>/<rule>", e.g. "prompt-injection/many-shot"`,
        });
      } else if (!detectorIds.has(detector)) {
        ctx.addIssue({
          code: 'custom',
          path: [id],
          params: { onKey: true },
          message: `rule "${id}" names unknown detector "${detector}"; known: ${[...detectorIds].join(', ')}`,
        });
      }
    }
  }, { when: () => true });
}

/** Keys a tenant or use-case overlay may set (everything a layer can change, nothing structural). */
function layerShape(detectors: readonly Detector[], guards: readonly Guard[], layerSections: PolicySections) {
  const ids = new Set([...detectors.map((d) => d.id), ...guards.map((g) => g.id), SIZE_LIMIT_DETECTOR]);
  const entries = z.object(Object.fromEntries(detectors.map((d) => [d.id, detectorEntrySchema(d).optional()]))).strict();
  const guardEntries = z
    .object(Object.fromEntries(guards.map((g) => [g.id, detectorEntrySchema(g, { timeout_ms: timeoutSchema.optional() }).optional()])))
    .strict();
  return {
    on_error: onErrorSchema.optional(),
    budget_ms: budgetSchema.optional(),
    redaction: redactionSchema.optional(),
    max_input_bytes: maxInputBytesSchema.optional(),
    max_messages: maxMessagesSchema.optional(),
    quarantine: quarantineSchema.optional(),
    detectors: entries.optional(),
    guards: guardEntries.optional(),
    rules: rulesSchema(ids).optional(),
    ...Object.fromEntries(Object.entries(layerSections).map(([k, v]) => [k, v.optional()])),
  };
}

/**
 * The strict top-level policy object for a detector registry. Other layers add top-level sections with
 * `.extend({ gateway: ... })` (or the `sections` option of loadPolicy); every nested object stays strict.
 */
export function policyObjectSchema(detectors: readonly Detector[], guards: readonly Guard[] = [], layerSections: PolicySections = {}) {
  const seen = new Set<string>();
  // One namespace: a rule id's prefix must name exactly one detector or guard.
  for (const d of [...detectors, ...guards]) {
    if (seen.has(d.id)) throw new Error(`two detectors or guards share the id "${d.id}"`);
    if (d.id === SIZE_LIMIT_DETECTOR) throw new Error(`detector id "${d.id}" is reserved`);
    seen.add(d.id);
  }
  const layer = z.object(layerShape(detectors, guards, layerSections)).strict();
  return z
    .object({
      version: z.literal(1, { error: 'expected 1 (the only policy format version)' }).optional(),
      extends: z
        .string({ error: 'expected a preset name (default, strict, hipaa, pci-dss, gdpr) or a relative path' })
        .min(1, { error: 'expected a preset name (default, strict, hipaa, pci-dss, gdpr) or a relative path' })
        .optional(),
      ...layer.shape,
      tenants: z.record(z.string(), layer).optional(),
      use_cases: z.record(z.string(), layer).optional(),
    })
    .strict();
}

export type PolicyObjectSchema = ReturnType<typeof policyObjectSchema>;

/**
 * Extra top-level sections validated with the policy: `sections` (e.g. `gateway`) are returned parsed;
 * `layerSections` (e.g. `tools`) may also appear in `tenants` and `use_cases` overlays and stay in the document.
 */
export type PolicySections = Record<string, z.ZodType>;

export function composedSchema(
  detectors: readonly Detector[],
  sections: PolicySections = {},
  guards: readonly Guard[] = [],
  layerSections: PolicySections = {},
): z.ZodObject {
  const base = policyObjectSchema(detectors, guards, layerSections);
  const clash = Object.keys(sections).filter((k) => k in base.shape);
  if (clash.length > 0) throw new Error(`policy section(s) ${clash.join(', ')} clash with built-in policy keys`);
  const extra = Object.fromEntries(Object.entries(sections).map(([k, s]) => [k, s.optional()]));
  return base.extend(extra);
}

/** JSON Schema of warden.yaml, for editor completion (`# yaml-language-server: $schema=...`). */
export function policySchemaJson(
  detectors: readonly Detector[],
  sections: PolicySections = {},
  guards: readonly Guard[] = [],
  layerSections: PolicySections = {},
): Record<string, unknown> {
  const json = z.toJSONSchema(composedSchema(detectors, sections, guards, layerSections), { io: 'input', unrepresentable: 'any' });
  return { ...json, title: 'Warden policy (warden.yaml)' };
}

/** Walks the schema along a path to list the keys an object there accepts (for "did you mean"). */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let s: z.ZodType | undefined = schema;
  for (const key of [...path, null]) {
    while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
    if (key === null) break;
    if (s instanceof z.ZodObject) s = (s.shape as Record<string, z.ZodType>)[String(key)];
    else if (s instanceof z.ZodRecord) s = s.valueType as z.ZodType;
    else return undefined;
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape) : undefined;
}

/** Parse-level error map: schema-level messages (above) win; this phrases the rest as "expected ...". */
export function describeIssue(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${article(String(issue.expected))}`;
    case 'too_small':
      return `expected ${boundText(issue.origin, '>', issue.minimum, issue.inclusive)}`;
    case 'too_big':
      return `expected ${boundText(issue.origin, '<', issue.maximum, issue.inclusive)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}`
        : `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return `expected a valid ${issue.format}`;
    case 'not_multiple_of':
      return `expected a multiple of ${String(issue.divisor)}`;
    case 'invalid_union':
      return 'expected a value matching one of the allowed shapes';
    default:
      return issue.message ?? 'invalid value';
  }
}

function article(type: string): string {
  if (type === 'object') return 'a mapping (key: value)';
  if (type === 'array') return 'a list';
  if (type === 'boolean') return 'true or false';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function boundText(origin: string, dir: '>' | '<', bound: number | bigint | Date, inclusive?: boolean): string {
  const op = `${dir}${inclusive ? '=' : ''}`;
  if (origin === 'string') return `a string with ${dir === '>' ? 'at least' : 'at most'} ${String(bound)} characters`;
  if (origin === 'array') return `a list with ${dir === '>' ? 'at least' : 'at most'} ${String(bound)} items`;
  return `a value ${op} ${String(bound)}`;
}
