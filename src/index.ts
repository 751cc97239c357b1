/** Warden's public library API. */
export { createWarden, loadPolicy, loadRulePack, parsePolicy, policySchemaJson, type PolicySource, type Warden, type WardenOptions } from './warden.js';
export { RulePackError, type VerifiedPack } from './assurance/rule-pack/index.js';
export {
  PolicyError,
  WardenInputError,
  createVault,
  policyObjectSchema,
  presetNames,
  type InputFinding,
  type InputScanResult,
  type LoadedPolicy,
  type PolicyDocument,
  type PolicyIssue,
  type PolicyLayer,
  type PolicySections,
  type StagePlan,
  type WardenEngine,
  type WardenInputErrorCode,
} from './core/index.js';
export { BUILTIN_DETECTORS } from './detectors/index.js';
export { BUILTIN_GUARDS } from './guards/index.js';
export { createCanary, canaryInstruction } from './detectors/canary-token.js';
export * from './spec/types.js';
export type * from './spec/guard.js';
export type * from './spec/gateway.js';
export type * from './spec/tools.js';
export { ToolPolicyEngine, NO_TOOL_POLICY, UNKNOWN_TOOL, type ToolPolicyOptions } from './tools/decide.js';
export { SANDBOX_ERRORS, type SandboxErrorCode } from './core/errors.js';
export * from './sandbox/index.js';
export { createToolBreakers, toolBreakerOptionsSchema, type ToolAdmission, type ToolBreakerOptions, type ToolBreakers } from './tools/breakers.js';
export { anomalyOptionsSchema, createAnomalyDetector, type AnomalyAction, type AnomalyDeps, type AnomalyDetector, type AnomalyFlag, type AnomalyOptions, type ToolCallEvent } from './tools/anomaly.js';
export { createApprovalService, type ApprovalService, type ApprovalServiceOptions, type DecideOutcome, type NewApproval } from './approvals/service.js';
export type * from './spec/approvals.js';
export { openLibraryStores, type LibraryStores } from './library/stores.js';
export { refusalText, type ToolGuard } from './library/tool-guard.js';
export type * from './library/tool-types.js';
export type * from './spec/context.js';
export { createIsolator, DEFAULT_ISOLATION, type IsolatedSegment, type IsolationSettings, type Isolator } from './context/isolate.js';
export { neutraliseRoleMarkers, type NeutralisedText } from './context/role-markers.js';
export { RetrievalInputError } from './core/errors.js';
export * from './retrieval/index.js';
export type * from './spec/retrieval.js';
export { createCanaryMinter, withDocumentCanary, withPromptCanary, type CanaryMinter } from './context/canaries.js';
export { createFingerprintIndex, restrictedFor, type FingerprintSource, type MutableFingerprintIndex } from './context/fingerprints.js';
export type * from './spec/integrity.js';
export { checkGrounding, type AnswerCheck, type GroundingReport, type IntegrityFinding, type SentenceVerdict } from './integrity/grounding.js';
export { compileCitationFormat, findCitations, type Citation, type CitationFormat } from './integrity/citations.js';
export { findVerbatim, type VerbatimSpan } from './integrity/verbatim.js';
export { loadProtectedCorpora, type ProtectedCorpora } from './integrity/corpus.js';
