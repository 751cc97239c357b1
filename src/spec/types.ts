/**
 * Warden's shared vocabulary: types only (plus constant tables), no runtime dependencies.
 * Every other layer imports from here; nothing here imports from them.
 */
import type { ZodObject, ZodRawShape, infer as ZodInfer } from 'zod';
import type { QuarantinedSegment, RestrictedContent } from './context.js';

/**
 * Trust boundary a text crosses. `tool_definition` (tool names, descriptions and argument schemas offered to
 * the model) and `tool_call` (arguments of a call the model proposes) refine `input` and `output`: see STAGE_PARENT.
 */
export type Stage = 'input' | 'output' | 'retrieved' | 'tool_result' | 'tool_definition' | 'tool_call';
export const STAGES: readonly Stage[] = ['input', 'output', 'retrieved', 'tool_result', 'tool_definition', 'tool_call'];
/** Stages a message given to scanInput can be scanned at. */
export type InputStage = Exclude<Stage, 'output' | 'tool_call'>;
export const INPUT_STAGES: readonly InputStage[] = ['input', 'retrieved', 'tool_result', 'tool_definition'];
/**
 * A refining stage takes its parent's policy settings (and its detectors' defaults) unless the policy names it,
 * so policies written before it existed keep their meaning.
 */
export const STAGE_PARENT: Readonly<Partial<Record<Stage, Stage>>> = { tool_definition: 'input', tool_call: 'output' };

/** What the policy does about a finding, in rising severity. */
export type Action = 'allow' | 'flag' | 'redact' | 'block';
export const ACTION_SEVERITY: Readonly<Record<Action, number>> = { allow: 0, flag: 1, redact: 2, block: 3 };

/** enforce: act on the finding. monitor: record what would have happened, do nothing. */
export type Mode = 'enforce' | 'monitor';

/** How redacted text is rewritten. placeholder is reversible through a Vault. */
export type RedactionMode = 'mask' | 'placeholder' | 'hash';

/** Half-open [start, end) range in UTF-16 code units of the scanned text. */
export interface Span {
  start: number;
  end: number;
}

/** What a detector reports; the pipeline turns it into a Finding by applying the policy. */
export interface RawFinding {
  /** Stable rule id, `<detector>/<rule>`, e.g. `pii/email`, `prompt-injection/instruction-override`. */
  ruleId: string;
  /** Confidence 0..1; compared with the policy threshold. */
  score: number;
  /** Where in the scanned text the evidence is. May be empty for whole-text findings (e.g. token limit). */
  spans: Span[];
  /** Entity type for PII/secret findings, Presidio naming where one exists (EMAIL_ADDRESS, CREDIT_CARD, ...). */
  entityType?: string;
  /** One line, human readable, never containing the sensitive value itself. */
  message: string;
  /** True when the spans may be rewritten (PII, secrets, URLs); false for injections, which can only be blocked. */
  redactable?: boolean;
}

/** A RawFinding after the policy has been applied. */
export interface Finding extends RawFinding {
  detector: string;
  stage: Stage;
  /** The action the policy assigns to this finding (what it would do in monitor mode). */
  action: Action;
  mode: Mode;
  /** The threshold `score` met (the policy's for this rule and stage): how far above it the score is says how sure the verdict is. */
  threshold?: number;
  /** Short, truncated excerpts of the evidence with sensitive values masked. */
  evidence: string[];
  /** Set when the finding was made on a derived text (decoded base64, normalized homoglyphs, ...). */
  via?: string;
}

/** A derived text that detectors also scan: normalized or decoded from part of the original. */
export interface Variant {
  /** e.g. `nfkc`, `base64`, `hex`, `rot13`, `leet`, `invisible-stripped`. Chains are joined with `>`. */
  kind: string;
  text: string;
  /** The span of the original text this variant came from; findings on the variant are reported here. */
  source: Span;
}

/** Identity and request facts available to detectors and policy overlays. */
export interface ScanContext {
  tenant?: string;
  useCase?: string;
  userId?: string;
  /** The system prompt, for output-side leakage checks. */
  systemPrompt?: string;
  /** Canary tokens planted in the prompt; seeing one in output means exfiltration. */
  canaries?: string[];
  /** Whether a token is a canary Warden issued (context/canaries.ts); seeing one in a later input is a replay. */
  isIssuedCanary?: (token: string) => boolean;
  /** Fingerprints of restricted documents and which of them this caller may read (restricted-content detector). */
  restricted?: RestrictedContent;
  /** Reversible placeholder vault shared by the input and output scans of one request. */
  vault?: Vault;
  /** Per-request latency budget override in ms. */
  budgetMs?: number;
}

/** Reversible mapping placeholder <-> original value for one request. */
export interface Vault {
  /** Returns the placeholder for a value, allocating `[TYPE_n]` on first sight. */
  put(type: string, value: string): string;
  /** Replaces every known placeholder in text with its original value. */
  restore(text: string): string;
  readonly size: number;
}

/** Options a detector receives, already merged from policy layers for the stage being scanned. */
export interface DetectorSettings<O = Record<string, unknown>> {
  threshold: number;
  options: O;
}

/** What a detector's scan function receives besides the text. */
export interface DetectorContext<O = Record<string, unknown>> {
  stage: Stage;
  settings: DetectorSettings<O>;
  request: ScanContext;
  /**
   * The same object for every detector of one scan call, and a new one for the next call: detectors that
   * derive the same data from one text (normalized text, features) reuse it only while this matches, so
   * nothing carries over between requests. Absent when a detector is called on its own.
   */
  scanId?: object;
}

/** Relative cost: the cascade runs cheaper tiers first and stops at the first decisive block. */
export type CostTier = 0 | 1 | 2 | 3;

/**
 * A detector: one per file under src/detectors/, file name = id.
 * Pure with respect to its inputs; throwing or exceeding the budget is handled by the policy's on_error.
 */
export interface Detector<S extends ZodRawShape = ZodRawShape, O = ZodInfer<ZodObject<S>>> {
  readonly id: string;
  /** Stages the detector applies to by default (policy may narrow or widen via per-stage overrides). */
  readonly stages: readonly Stage[];
  readonly cost: CostTier;
  /** One-line description for docs and `warden policy schema`. */
  readonly description: string;
  /**
   * Detector-specific policy keys (every field optional or defaulted), written flat beside the common
   * keys in `detectors.<id>` of warden.yaml. The policy schema and its JSON Schema are composed from these.
   */
  readonly options: ZodObject<S>;
  /** True when the detector should also scan obfuscation variants (decoded payloads, normalized text). */
  readonly scansVariants?: boolean;
  scan(text: string, ctx: DetectorContext<O>): RawFinding[];
  /** Optional: derived texts for other detectors to rescan (obfuscation decoding). */
  expand?(text: string, ctx: DetectorContext<O>): Variant[];
}

/** Error raised inside a detector, recorded with the verdict. */
export interface DetectorError {
  detector: string;
  message: string;
  /** What the policy's on_error turned it into. */
  action: Action;
}

/** A chat message as Warden sees it (OpenAI shape, content flattened to text for scanning). */
export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  content: string;
  name?: string;
  /** Stage scanInput scans it at; default `tool_result` for `tool` messages, else `input` (`retrieved` for documents). */
  stage?: InputStage;
}

/** Outcome of one scan. `action` is the enforced action: monitor-mode findings never raise it. */
export interface ScanResult {
  action: Action;
  findings: Finding[];
  /** The scanned text after redaction (for scanInput: the last user message). */
  text: string;
  /** For scanInput: every message, redacted. */
  messages?: ChatMessage[];
  /** Rule id that decided the action, absent when allowed. */
  decidingRule?: string;
  /** Action the policy would have taken if every monitor-mode rule were enforced. */
  monitorAction: Action;
  errors: DetectorError[];
  latencyMs: number;
  /** The vault used (created per request if the context gave none), to restore placeholders later. */
  vault: Vault;
  /** Detector ids that were skipped because the cascade stopped early or the budget ran out. */
  skipped: string[];
  /** For scanInput: documents and tool results quarantined (policy `quarantine:`) instead of blocking the request. */
  quarantined?: QuarantinedSegment[];
}

/** Options of one asynchronous scan call. */
export interface ScanOptions {
  /** Cancels the guards still running (the gateway aborts it when the client disconnects). */
  signal?: AbortSignal;
  /** Receives the scan's stages as spans (the gateway's traces); absent, the engine measures nothing for it. */
  trace?: ScanTrace;
}

/** Attribute values of a scan span (OpenTelemetry's primitive attribute types). */
export type ScanSpanAttributes = Record<string, string | number | boolean | string[]>;

/** One open span of a scan; `end` adds what became known while it ran. */
export interface ScanSpan {
  end(attributes?: ScanSpanAttributes): void;
}

/**
 * Where an async scan reports its stages: each scanned text (one per message of an input scan), each cost tier of
 * detectors within it, the guard tier and each guard call. A span without `parent` is a child of the scan's own.
 */
export interface ScanTrace {
  start(name: string, attributes: ScanSpanAttributes, parent?: ScanSpan): ScanSpan;
}

/**
 * The library front door. The synchronous methods run the detectors only and throw `async_required` for a
 * stage whose policy has guards (src/spec/guard.ts); the async ones run both tiers and serve every policy.
 */
export interface Warden {
  scanInput(messages: string | ChatMessage[], ctx?: ScanContext): ScanResult;
  scanOutput(text: string, ctx?: ScanContext): ScanResult;
  /** Scan for any stage (retrieved documents, tool results). */
  scan(text: string, stage: Stage, ctx?: ScanContext): ScanResult;
  scanInputAsync(messages: string | ChatMessage[], ctx?: ScanContext, options?: ScanOptions): Promise<ScanResult>;
  scanOutputAsync(text: string, ctx?: ScanContext, options?: ScanOptions): Promise<ScanResult>;
  scanAsync(text: string, stage: Stage, ctx?: ScanContext, options?: ScanOptions): Promise<ScanResult>;
  /**
   * Runs the synchronous tier once for every stage and message role on each text, unbudgeted, so that plans are
   * compiled and the JIT warm before the first request spends its latency budget on it. Calls no guard.
   */
  warmUp(texts: readonly string[]): void;
  /** True when the policy runs guards at this stage (for any message role), so only the async methods can scan it. */
  needsAsync(stage: Stage, ctx?: Pick<ScanContext, 'tenant' | 'useCase'>): boolean;
}
