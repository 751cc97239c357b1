/**
 * Compiles a loaded policy into per-(tenant, use case) policies and per-(stage, role) plans.
 * Everything is computed once and cached; a request only looks plans up.
 */
import type { Guard } from '../spec/guard.js';
import type { QuarantineAction, UntrustedStage } from '../spec/context.js';
import { STAGE_PARENT, type Action, type Detector, type DetectorSettings, type Mode, type RedactionMode, type Stage } from '../spec/types.js';
import { PolicyError } from './errors.js';
import { deepMerge, isPlainObject } from './merge.js';
import { COMMON_KEYS, GUARD_KEYS, SIZE_LIMIT_DETECTOR, type Role } from './policy-schema.js';
import {
  POLICY_DEFAULTS,
  type DetectorPolicy,
  type LoadedPolicy,
  type CommonSettings,
  type PolicyLayer,
  type RuleOverride,
  type SettingsOverride,
} from './policy-types.js';

/** How the policy judges one detector's or guard's findings at a stage. */
export interface StepPolicy {
  readonly settings: DetectorSettings;
  readonly threshold: number;
  readonly action: Action;
  readonly mode: Mode;
  /** Rule overrides for this detector's rules at this stage, absent when there are none. */
  readonly rules: ReadonlyMap<string, CommonSettings> | undefined;
}

/** One detector as it runs for a stage: merged settings and its rule overrides. */
export interface Step extends StepPolicy {
  readonly detector: Detector;
}

/** One guard as it runs for a stage. */
export interface GuardStep extends StepPolicy {
  readonly guard: Guard;
  readonly timeoutMs: number;
}

/** Everything the pipeline needs to scan one text at one stage (and optionally for one message role). */
export interface StagePlan {
  readonly stage: Stage;
  readonly role: Role | undefined;
  /** Enabled detectors, cheapest cost tier first. */
  readonly steps: readonly Step[];
  /** Steps whose detector can expand variants (only used when some step scans variants). */
  readonly expanders: readonly Step[];
  readonly scansVariants: boolean;
  /** Enabled guards (the async tier); a plan with any can only be scanned through the async API. */
  readonly guards: readonly GuardStep[];
  readonly onError: Action;
  readonly budgetMs: number;
  readonly redaction: RedactionMode;
  readonly maxInputBytes: number;
  readonly maxMessages: number;
  readonly sizeRules: ReadonlyMap<string, CommonSettings>;
  /** What a blocking finding does to a document or tool result; `block` (refuse the request) at every other stage. */
  readonly quarantine: QuarantineAction;
}

const RESERVED = new Set<string>([...COMMON_KEYS, ...GUARD_KEYS, 'stages', 'roles']);

/** The policy for one (tenant, use case) pair: base merged with both overlays. */
export class CompiledPolicy {
  readonly layer: PolicyLayer;
  private readonly plans = new Map<string, StagePlan>();
  private readonly rulesByDetector = new Map<string, Map<string, RuleOverride>>();
  /**
   * Parsed options shared by every plan with the same option values, so detectors that cache compiled
   * forms per options object (pii, denylist) compile once per distinct configuration.
   */
  private readonly options: Map<string, Record<string, unknown>>;

  constructor(
    layer: PolicyLayer,
    private readonly detectors: readonly Detector[],
    private readonly guards: readonly Guard[],
    private readonly sourceName: string,
    sharedOptions: Map<string, Record<string, unknown>>,
  ) {
    this.layer = layer;
    this.options = sharedOptions;
    for (const [ruleId, override] of Object.entries(layer.rules ?? {})) {
      const id = ruleId.slice(0, ruleId.indexOf('/'));
      let m = this.rulesByDetector.get(id);
      if (!m) this.rulesByDetector.set(id, (m = new Map()));
      m.set(ruleId, override);
    }
  }

  plan(stage: Stage, role?: Role): StagePlan {
    const key = role === undefined ? stage : `${stage}:${role}`;
    let plan = this.plans.get(key);
    if (!plan) this.plans.set(key, (plan = this.build(stage, role)));
    return plan;
  }

  private build(stage: Stage, role: Role | undefined): StagePlan {
    const layer = this.layer;
    const steps: Step[] = [];
    for (const detector of this.detectors) {
      const entry = layer.detectors?.[detector.id];
      if (entry === undefined) continue;
      const policy = this.policyFor(detector, entry, stage, role);
      if (policy) steps.push({ detector, ...policy });
    }
    const guards: GuardStep[] = [];
    for (const guard of this.guards) {
      const entry = layer.guards?.[guard.id];
      if (entry === undefined) continue;
      const policy = this.policyFor(guard, entry, stage, role, 'guards');
      if (!policy) continue;
      const parent = STAGE_PARENT[stage];
      const timeout =
        (role && entry.roles?.[role]?.['timeout_ms']) ?? entry.stages?.[stage]?.['timeout_ms'] ?? (parent && entry.stages?.[parent]?.['timeout_ms']) ?? entry.timeout_ms;
      guards.push({ guard, ...policy, timeoutMs: typeof timeout === 'number' ? timeout : guard.timeoutMs });
    }
    // Stable sort keeps registry order inside a tier.
    steps.sort((a, b) => a.detector.cost - b.detector.cost);
    const scansVariants = steps.some((s) => s.detector.scansVariants === true);
    return {
      stage,
      role,
      steps,
      expanders: steps.filter((s) => typeof s.detector.expand === 'function'),
      scansVariants,
      guards,
      onError: layer.on_error ?? POLICY_DEFAULTS.on_error,
      budgetMs: layer.budget_ms ?? POLICY_DEFAULTS.budget_ms,
      redaction: layer.redaction ?? POLICY_DEFAULTS.redaction,
      maxInputBytes: layer.max_input_bytes ?? POLICY_DEFAULTS.max_input_bytes,
      maxMessages: layer.max_messages ?? POLICY_DEFAULTS.max_messages,
      sizeRules: this.rulesFor(SIZE_LIMIT_DETECTOR, stage) ?? new Map(),
      quarantine: layer.quarantine?.[stage as UntrustedStage] ?? 'block',
    };
  }

  private policyFor(
    detector: Detector | Guard,
    entry: DetectorPolicy,
    stage: Stage,
    role: Role | undefined,
    section: 'detectors' | 'guards' = 'detectors',
  ): StepPolicy | undefined {
    const parent = STAGE_PARENT[stage];
    const stageOv: SettingsOverride = { ...(parent && entry.stages?.[parent]), ...entry.stages?.[stage] };
    const roleOv: SettingsOverride = (role && entry.roles?.[role]) || {};
    const applies = detector.stages.includes(stage) || (parent !== undefined && detector.stages.includes(parent));
    const enabled = roleOv.enabled ?? stageOv.enabled ?? ((entry.enabled ?? true) && applies);
    if (!enabled) return undefined;
    const merged: Record<string, unknown> = { ...entry, ...stageOv, ...roleOv };
    const optionInput: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(merged)) if (!RESERVED.has(k)) optionInput[k] = v;
    const memoKey = `${detector.id}\u0000${JSON.stringify(optionInput)}`;
    let options = this.options.get(memoKey);
    if (options === undefined) {
      const parsed = detector.options.safeParse(optionInput);
      if (!parsed.success) {
        const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        throw new PolicyError([
          { file: this.sourceName, path: `${section}.${detector.id}`, message: `options rejected for stage ${stage}: ${detail}` },
        ]);
      }
      options = parsed.data as Record<string, unknown>;
      this.options.set(memoKey, options);
    }
    const threshold = (merged['threshold'] as number | undefined) ?? POLICY_DEFAULTS.threshold;
    return {
      settings: { threshold, options },
      threshold,
      action: (merged['action'] as Action | undefined) ?? POLICY_DEFAULTS.action,
      mode: (merged['mode'] as Mode | undefined) ?? POLICY_DEFAULTS.mode,
      rules: listRules(detector.id, options, this.rulesFor(detector.id, stage)),
    };
  }

  /** The detector's rule overrides with their `stages.<stage>` part (over its parent stage's part) applied. */
  private rulesFor(detectorId: string, stage: Stage): ReadonlyMap<string, CommonSettings> | undefined {
    const rules = this.rulesByDetector.get(detectorId);
    if (!rules) return undefined;
    const parent = STAGE_PARENT[stage];
    const out = new Map<string, CommonSettings>();
    for (const [id, { stages, ...common }] of rules) out.set(id, { ...common, ...(parent && stages?.[parent]), ...stages?.[stage] });
    return out;
  }
}

/**
 * Option lists whose entries each define one rule `<detector>/<entry id>` and may carry that rule's
 * `action` / `mode` (e.g. `detectors.denylist.terms[].action`). RawFinding has no action, so the list's
 * own setting has to reach the rule through the policy.
 */
const RULE_LISTS: Readonly<Record<string, readonly string[]>> = { denylist: ['terms', 'topics', 'patterns'] };
const ACTIONS: ReadonlySet<unknown> = new Set<Action>(['allow', 'flag', 'redact', 'block']);
const MODES: ReadonlySet<unknown> = new Set<Mode>(['enforce', 'monitor']);

/** Rule overrides from list entries' action/mode; explicit `rules:` entries win key by key. */
function listRules(
  detectorId: string,
  options: Record<string, unknown>,
  explicit: ReadonlyMap<string, CommonSettings> | undefined,
): ReadonlyMap<string, CommonSettings> | undefined {
  let out: Map<string, CommonSettings> | undefined;
  for (const key of RULE_LISTS[detectorId] ?? []) {
    const list = options[key];
    if (!Array.isArray(list)) continue;
    for (const entry of list as unknown[]) {
      if (!isPlainObject(entry) || typeof entry['id'] !== 'string') continue;
      const derived: CommonSettings = {};
      if (ACTIONS.has(entry['action'])) derived.action = entry['action'] as Action;
      if (MODES.has(entry['mode'])) derived.mode = entry['mode'] as Mode;
      if (derived.action === undefined && derived.mode === undefined) continue;
      const ruleId = `${detectorId}/${entry['id']}`;
      out ??= new Map(explicit);
      const merged: Record<string, unknown> = { ...derived };
      for (const [k, v] of Object.entries(explicit?.get(ruleId) ?? {})) if (v !== undefined) merged[k] = v;
      out.set(ruleId, merged as CommonSettings);
    }
  }
  return out ?? explicit;
}

/** Caches one CompiledPolicy per (tenant, use case) actually defined in the policy. */
export class PolicyCompiler {
  private readonly cache = new Map<string, CompiledPolicy>();
  private readonly sharedOptions = new Map<string, Record<string, unknown>>();
  private readonly sourceName: string;

  constructor(
    readonly loaded: LoadedPolicy,
    private readonly detectors: readonly Detector[],
    private readonly guards: readonly Guard[] = [],
  ) {
    this.sourceName = loaded.sources.join(' + ');
  }

  /** Unknown tenants and use cases fall back to the base policy, so arbitrary ids cannot grow the cache. */
  forContext(tenant?: string, useCase?: string): CompiledPolicy {
    const doc = this.loaded.document;
    const t = tenant !== undefined && doc.tenants && Object.hasOwn(doc.tenants, tenant) ? tenant : undefined;
    const u = useCase !== undefined && doc.use_cases && Object.hasOwn(doc.use_cases, useCase) ? useCase : undefined;
    const key = `${t ?? ''}\u0000${u ?? ''}`;
    let compiled = this.cache.get(key);
    if (!compiled) {
      const { tenants, use_cases, version: _v, extends: _e, ...base } = doc;
      let layer: PolicyLayer = base;
      if (t !== undefined) layer = deepMerge(layer, tenants?.[t]);
      if (u !== undefined) layer = deepMerge(layer, use_cases?.[u]);
      compiled = new CompiledPolicy(layer, this.detectors, this.guards, this.sourceName, this.sharedOptions);
      this.cache.set(key, compiled);
    }
    return compiled;
  }
}
