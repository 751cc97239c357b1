/**
 * Configuration facts: what the loaded policy and the gateway's settings make Warden do, read from the compiled
 * plans the engine itself runs (so overlays, presets and rule overrides count exactly as they do at run time).
 */
import { PolicyCompiler, type CompiledPolicy, type LoadedPolicy } from '../core/index.js';
import { BUILTIN_DETECTORS } from '../detectors/index.js';
import { BUILTIN_ENTITY_TYPES } from '../detectors/pii/entity-types.js';
import { toolsSectionSchema } from '../tools/policy-schema.js';
import type { Action, Stage } from '../spec/types.js';
import type { Fact, FactId } from './types.js';

/** The gateway settings and live state a report needs; the CLI reads them from the gateway section and its stores. */
export interface DeploymentSettings {
  hmacKeyEnv?: string;
  redactAtRest: boolean;
  retentionDays?: number;
  /** `gateway.open_mode` is set: one shared key, no per-caller identity. */
  openMode: boolean;
  jwtIssuer?: string;
  activeKeys: number;
  activeKillSwitches: number;
}

/** HIPAA Safe Harbor identifiers the pii detector can find, that a PHI control needs covered. */
export const PHI_ENTITIES = ['PERSON', 'ADDRESS', 'DATE_TIME', 'PHONE_NUMBER', 'EMAIL_ADDRESS', 'US_SSN', 'IP_ADDRESS'] as const;
/** Identifiers of a person under the GDPR (Art. 4(1), Recital 30) that the detector can find. */
export const PERSONAL_ENTITIES = ['PERSON', 'EMAIL_ADDRESS', 'PHONE_NUMBER', 'IP_ADDRESS', 'IBAN_CODE'] as const;

export const SIX_YEARS_DAYS = 6 * 365;
export const ONE_YEAR_DAYS = 365;

/** The pii rule id of an entity type (pii.ts ruleOf). */
export const piiRule = (entity: string): string => `pii/${entity.toLowerCase().replace(/_/g, '-')}`;

const ENFORCING: ReadonlySet<Action> = new Set<Action>(['redact', 'block']);

/** Entity type -> the action enforced on it at this stage (only types redacted or blocked in enforce mode). */
function enforcedEntities(compiled: CompiledPolicy, stage: Stage): Map<string, Action> {
  const out = new Map<string, Action>();
  // Input is scanned per message role; the user's messages are the ones carrying personal data.
  const step = compiled.plan(stage, stage === 'input' ? 'user' : undefined).steps.find((s) => s.detector.id === 'pii');
  if (step === undefined) return out;
  const opts = step.settings.options as { entities?: string[]; custom_entities?: { type: string }[] };
  const types = [...(opts.entities ?? BUILTIN_ENTITY_TYPES), ...(opts.custom_entities ?? []).map((c) => c.type)];
  for (const type of types) {
    const rule = step.rules?.get(piiRule(type));
    if (rule?.enabled === false) continue;
    const action = rule?.action ?? step.action;
    const mode = rule?.mode ?? step.mode;
    if (mode === 'enforce' && ENFORCING.has(action)) out.set(type, action);
  }
  return out;
}

function coverage(id: FactId, title: string, compiled: CompiledPolicy, stage: Stage, needed: readonly string[], remedy: string): Fact {
  const enforced = enforcedEntities(compiled, stage);
  const missing = needed.filter((t) => !enforced.has(t));
  const covered = needed.filter((t) => enforced.has(t)).map((t) => `${t} (${enforced.get(t)})`);
  const detail = `${stage}: ${covered.length ? `enforced on ${covered.join(', ')}` : 'none enforced'}${missing.length ? `; not enforced: ${missing.join(', ')}` : ''}`;
  return { id, title, ok: missing.length === 0, detail, remedy };
}

function secretsFact(compiled: CompiledPolicy): Fact {
  const parts = (['input', 'output'] as const).map((stage) => {
    const step = compiled.plan(stage, stage === 'input' ? 'user' : undefined).steps.find((s) => s.detector.id === 'secrets');
    return { stage, on: step !== undefined && step.mode === 'enforce' && ENFORCING.has(step.action), action: step ? `${step.action}${step.mode === 'monitor' ? ' (monitor)' : ''}` : 'off' };
  });
  return {
    id: 'secrets',
    title: 'Secrets and credentials kept out of prompts and answers',
    ok: parts.every((p) => p.on),
    detail: parts.map((p) => `${p.stage}: ${p.action}`).join(', '),
    remedy: 'set detectors.secrets.action to redact or block, mode enforce, on input and output',
  };
}

function toolFacts(compiled: CompiledPolicy): Fact[] {
  const section = toolsSectionSchema.optional().parse((compiled.layer as Record<string, unknown>)['tools']);
  const held = Object.entries(section ?? {})
    .filter(([, t]) => t.enabled && (t.default === 'require_approval' || Object.values(t.conditions ?? {}).some((c) => c.action === 'require_approval')))
    .map(([name]) => name);
  return [
    {
      id: 'tool-policy',
      title: 'Tool calls decided by a tool policy (unknown tools refused)',
      ok: section !== undefined,
      detail: section === undefined ? 'no tools: section: every tool the model proposes is passed on' : `${Object.keys(section).length} tools named; others refused`,
      remedy: 'add a tools: section naming each tool the application offers (docs/tools.md)',
    },
    {
      id: 'approvals',
      title: 'Human approval required for sensitive tool calls',
      ok: held.length > 0,
      detail: held.length ? `require_approval on: ${held.join(', ')}` : 'no tool needs a human approval',
      remedy: 'give sensitive tools `default: require_approval` or a condition with action require_approval (docs/tools.md)',
    },
  ];
}

function retentionFacts(days: number | undefined): Fact[] {
  const kept = days === undefined ? 'kept forever (gateway.audit.retention_days unset)' : `kept ${days} days (gateway.audit.retention_days)`;
  const atLeast = (id: FactId, min: number, label: string): Fact => ({
    id,
    title: `Audit records kept at least ${label}`,
    ok: days === undefined || days >= min,
    detail: kept,
    remedy: `set gateway.audit.retention_days to ${min} or more (or leave it unset) and archive exports (warden audit export) for longer`,
  });
  return [
    {
      id: 'retention-limited',
      title: 'Audit records (which hold personal data) deleted after a set period',
      ok: days !== undefined,
      detail: kept,
      remedy: 'set gateway.audit.retention_days to the period your records-of-processing state',
    },
    atLeast('retention-1y', ONE_YEAR_DAYS, 'one year'),
    atLeast('retention-6y', SIX_YEARS_DAYS, 'six years'),
  ];
}

function deploymentFacts(d: DeploymentSettings): Fact[] {
  const auth = [d.activeKeys > 0 ? `${d.activeKeys} active virtual key${d.activeKeys === 1 ? '' : 's'}` : 'no active virtual keys', d.jwtIssuer ? `JWTs from ${d.jwtIssuer}` : undefined].filter((x) => x !== undefined);
  return [
    {
      id: 'authentication',
      title: 'Every caller authenticated as a tenant (virtual keys or JWTs)',
      ok: !d.openMode && (d.activeKeys > 0 || d.jwtIssuer !== undefined),
      detail: d.openMode ? 'gateway.open_mode is set: one shared key, callers not told apart' : auth.join(', '),
      remedy: d.openMode ? 'remove gateway.open_mode and issue per-tenant keys (warden keys create) or configure gateway.auth.jwt' : 'issue per-tenant keys (warden keys create) or configure gateway.auth.jwt',
    },
    {
      id: 'kill-switches',
      title: 'Kill switches stop a key, tenant, model, tool or the gateway at once',
      ok: true,
      detail: `built in (warden kill, admin API, dashboard); ${d.activeKillSwitches} switched on now`,
      remedy: '',
    },
    {
      id: 'audit-hmac',
      title: 'Audit chain keyed (HMAC-SHA256), so a database writer cannot re-hash it',
      ok: d.hmacKeyEnv !== undefined,
      detail: d.hmacKeyEnv === undefined ? 'plain SHA-256 chain: whoever can write the database can rebuild it' : `HMAC key from $${d.hmacKeyEnv}`,
      remedy: 'set gateway.audit.hmac_key_env to an env var holding a secret key kept off the database host (docs/audit.md)',
    },
    {
      id: 'audit-redact-at-rest',
      title: 'PII and secrets redacted in stored audit records',
      ok: d.redactAtRest,
      detail: d.redactAtRest ? 'gateway.audit.redact_at_rest: true' : 'gateway.audit.redact_at_rest: false: raw prompts and answers are stored',
      remedy: 'set gateway.audit.redact_at_rest: true (the default)',
    },
    ...retentionFacts(d.retentionDays),
  ];
}

/** Every fact, for the base policy (tenant and use-case overlays are not merged in). */
export function configurationFacts(policy: LoadedPolicy, deployment: DeploymentSettings): Fact[] {
  const compiled = new PolicyCompiler(policy, BUILTIN_DETECTORS).forContext();
  const phiRemedy = 'extend the hipaa preset (or set detectors.pii.action: redact with these entities on every stage)';
  const gdprRemedy = 'extend the gdpr preset (or set detectors.pii.action: redact with these entities on every stage)';
  return [
    coverage('phi-input', 'PHI identifiers redacted before the prompt reaches the model provider', compiled, 'input', PHI_ENTITIES, phiRemedy),
    coverage('phi-output', 'PHI identifiers redacted or blocked in answers', compiled, 'output', PHI_ENTITIES, phiRemedy),
    coverage('pan-input', 'Card numbers (PAN) rendered unreadable before the model provider', compiled, 'input', ['CREDIT_CARD'], 'extend the pci-dss preset (rules.pii/credit-card.action: redact)'),
    coverage('pan-output', 'Card numbers (PAN) stopped in answers', compiled, 'output', ['CREDIT_CARD'], 'extend the pci-dss preset (rules.pii/credit-card.stages.output.action: block)'),
    coverage('personal-data-input', 'Personal data minimised before the model provider', compiled, 'input', PERSONAL_ENTITIES, gdprRemedy),
    coverage('personal-data-output', 'Personal data redacted or blocked in answers', compiled, 'output', PERSONAL_ENTITIES, gdprRemedy),
    secretsFact(compiled),
    {
      id: 'fail-closed',
      title: 'A detector error blocks the request (fail closed)',
      ok: (compiled.layer.on_error ?? 'block') === 'block',
      detail: `on_error: ${compiled.layer.on_error ?? 'block'}`,
      remedy: 'set on_error: block',
    },
    ...toolFacts(compiled),
    ...deploymentFacts(deployment),
  ];
}
