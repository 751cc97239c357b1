/** TypeScript view of a validated policy document (the zod schema in policy-schema.ts is authoritative). */
import type { Action, Mode, RedactionMode, Stage } from '../spec/types.js';
import type { Role } from './policy-schema.js';
import type { QuarantineAction, UntrustedStage } from '../spec/context.js';

export interface CommonSettings {
  enabled?: boolean;
  threshold?: number;
  action?: Action;
  mode?: Mode;
}

/** Stage/role override: common keys plus any of the detector's own option keys. */
export type SettingsOverride = CommonSettings & Record<string, unknown>;

/** `detectors.<id>`: common keys, the detector's option keys (flat), and per-stage / per-role overrides. */
export type DetectorPolicy = SettingsOverride & {
  stages?: Partial<Record<Stage, SettingsOverride>>;
  roles?: Partial<Record<Role, SettingsOverride>>;
};

/** `guards.<id>`: a detector entry plus how long to wait for the guard. */
export type GuardPolicy = DetectorPolicy & { timeout_ms?: number };

export type RuleOverride = CommonSettings & { stages?: Partial<Record<Stage, CommonSettings>> };

export type OnError = 'block' | 'flag' | 'allow';

/** What one layer (file, preset, tenant overlay, use-case overlay) may set. */
export interface PolicyLayer {
  on_error?: OnError;
  budget_ms?: number;
  redaction?: RedactionMode;
  max_input_bytes?: number;
  max_messages?: number;
  quarantine?: Partial<Record<UntrustedStage, QuarantineAction>>;
  detectors?: Record<string, DetectorPolicy>;
  guards?: Record<string, GuardPolicy>;
  rules?: Record<string, RuleOverride>;
}

export interface PolicyDocument extends PolicyLayer {
  version?: 1;
  extends?: string;
  tenants?: Record<string, PolicyLayer>;
  use_cases?: Record<string, PolicyLayer>;
}

/** A policy after the extends chain was resolved and merged. */
export interface LoadedPolicy {
  /** Merged document (extends already applied and removed). */
  readonly document: PolicyDocument;
  /** Files merged, base preset first, the loaded file last (`<inline>` for objects). */
  readonly sources: readonly string[];
  /** Parsed extra top-level sections (see the `sections` load option), e.g. `gateway`. */
  readonly sections: Readonly<Record<string, unknown>>;
}

/** Defaults applied when no layer sets a key. */
export const POLICY_DEFAULTS = {
  on_error: 'block',
  budget_ms: 100,
  redaction: 'placeholder',
  max_input_bytes: 1024 * 1024,
  max_messages: 1000,
  threshold: 0.5,
  action: 'flag',
  mode: 'enforce',
} as const;
