/**
 * Untrusted context and leakage defences: types only (docs/context-isolation.md, docs/leakage.md).
 * Retrieved documents and tool results are data, never instructions; these types describe how Warden
 * quarantines them, isolates them when it assembles context, and recognises restricted content in answers.
 */

/** Stages whose texts are untrusted data the application hands the model (documents, tool output). */
export type UntrustedStage = 'retrieved' | 'tool_result';
export const UNTRUSTED_STAGES: readonly UntrustedStage[] = ['retrieved', 'tool_result'];

/**
 * What happens to a document or tool result whose scan would block: `block` refuses the whole request (the
 * default, as for any stage), `drop` replaces the segment by a notice, `neutralise` rewrites the evidence spans
 * so the rest stays usable, `flag` keeps it unchanged and records the finding.
 */
export type QuarantineAction = 'block' | 'drop' | 'flag' | 'neutralise';
export const QUARANTINE_ACTIONS: readonly QuarantineAction[] = ['block', 'drop', 'flag', 'neutralise'];

/** One segment the input scan quarantined instead of blocking the request. */
export interface QuarantinedSegment {
  /** Index of the message in the scanned list. */
  messageIndex: number;
  stage: UntrustedStage;
  action: Exclude<QuarantineAction, 'block'>;
  /** The rules whose block was turned into the quarantine. */
  rules: string[];
}

/**
 * How untrusted segments are marked when Warden assembles context: `spotlight` wraps each in random
 * boundaries, `datamark` also interleaves a random marker between its words, `encode` hands it base64-encoded;
 * `off` leaves segments as they are (role-spoofing markers are still neutralised).
 */
export type IsolationMode = 'spotlight' | 'datamark' | 'encode' | 'off';
export const ISOLATION_MODES: readonly IsolationMode[] = ['spotlight', 'datamark', 'encode', 'off'];

/** A document or tool result to isolate. */
export interface UntrustedSegment {
  kind: 'document' | 'tool_result';
  text: string;
  /** Where it came from (document id or source, tool name), written outside the boundaries. */
  label?: string;
}

/** Restricted documents as winnowed shingle fingerprints, for the restricted-content detector. */
export interface FingerprintIndex {
  /** Documents indexed. */
  readonly size: number;
  /** Ordinals of the documents holding a fingerprint hash. */
  postings(hash: number): readonly number[] | undefined;
  /** Document by ordinal: its id, source and number of distinct fingerprints. */
  document(ordinal: number): IndexedDocument | undefined;
}

export interface IndexedDocument {
  id: string;
  source?: string;
  fingerprints: number;
}

/** What one request may see of the fingerprinted documents. */
export interface RestrictedContent {
  index: FingerprintIndex;
  /** Whether the caller may read the document (the retrieval access rule); reproducing one it may read is fine. */
  mayRead(ordinal: number): boolean;
}
