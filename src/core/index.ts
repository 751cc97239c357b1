/** Public surface of the policy engine and pipeline (registry-agnostic; src/warden.ts binds the built-ins). */
export { PolicyError, WardenInputError, formatIssue, type PolicyIssue, type WardenInputErrorCode } from './errors.js';
export { loadPolicy, parsePolicy, policyFromObject, type PolicyLoadOptions } from './policy-load.js';
export {
  ABSOLUTE_MAX_INPUT_BYTES,
  ROLES,
  SIZE_LIMIT_DETECTOR,
  SIZE_LIMIT_RULES,
  composedSchema,
  policyObjectSchema,
  policySchemaJson,
  type PolicyObjectSchema,
  type PolicySections,
  type Role,
} from './policy-schema.js';
export {
  POLICY_DEFAULTS,
  type CommonSettings,
  type DetectorPolicy,
  type LoadedPolicy,
  type OnError,
  type PolicyDocument,
  type PolicyLayer,
  type RuleOverride,
  type SettingsOverride,
} from './policy-types.js';
export { PolicyCompiler, CompiledPolicy, type StagePlan, type Step } from './compile.js';
export { createEngine, type EngineOptions, type InputFinding, type InputScanResult, type WardenEngine } from './engine.js';
export { decide, applyRedaction, type Decision } from './decision.js';
export { createVault, PLACEHOLDER_PATTERN } from './vault.js';
export { presetNames, presetsDir, packageRoot } from './presets.js';
export type { ScanFinding } from './pipeline.js';
