/** Error classes callers can catch and tell apart by `code`. */

/** One problem in a policy file, positioned so editors and CI logs can jump to it. */
export interface PolicyIssue {
  /** File the problem is in (a preset file for errors inside presets, `<inline>` for objects). */
  file: string;
  /** 1-based line and column; absent when the file itself could not be read. */
  line?: number;
  column?: number;
  /** Dotted path of the offending key, e.g. `detectors.pii.threshold`; empty for the document root. */
  path: string;
  message: string;
}

export function formatIssue(issue: PolicyIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}

/** Invalid policy: carries every issue found, not just the first. */
export class PolicyError extends Error {
  readonly code = 'invalid_policy';
  readonly issues: readonly PolicyIssue[];

  constructor(unsorted: readonly PolicyIssue[]) {
    const issues = PolicyError.sorted(unsorted);
    const n = issues.length;
    super(`invalid policy (${n} ${n === 1 ? 'error' : 'errors'}):\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
    this.name = 'PolicyError';
    this.issues = issues;
  }

  /** Issues ordered by file, then position, as an editor would list them. */
  static sorted(issues: readonly PolicyIssue[]): PolicyIssue[] {
    return [...issues].sort(
      (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
    );
  }
}

/** `async_required`: a synchronous scan method was called for a stage whose policy runs async guards. */
export type WardenInputErrorCode = 'invalid_input' | 'invalid_message' | 'invalid_role' | 'invalid_content' | 'invalid_stage' | 'async_required';

/**
 * The caller passed something Warden cannot scan (wrong type, unknown role, ...) or called the synchronous API
 * for a policy that needs the async one. Thrown before any detector runs.
 */
export class WardenInputError extends Error {
  readonly code: WardenInputErrorCode;

  constructor(code: WardenInputErrorCode, message: string) {
    super(message);
    this.name = 'WardenInputError';
    this.code = code;
  }
}

/**
 * Why a sandboxed run (src/sandbox) did not complete. Returned in a run's result, never thrown: a run the machine
 * cannot isolate is `sandbox_unavailable`, not an unsandboxed run.
 */
export const SANDBOX_ERRORS = {
  sandbox_unavailable: 'this machine cannot provide the isolation the language needs',
  sandbox_invalid_request: 'unknown language, code too large or input not JSON',
  sandbox_timeout: 'wall-time limit reached',
  sandbox_cpu_limit: 'CPU-time limit reached',
  sandbox_memory_limit: 'memory limit reached',
  sandbox_output_limit: 'output limit reached',
  sandbox_code_error: 'the code threw or exited non-zero',
} as const;

export type SandboxErrorCode = keyof typeof SANDBOX_ERRORS;

/**
 * A document or query handed to a document store cannot be accepted (no metadata, malformed ACL, binary or
 * oversized text, a tenant other than the ingesting caller's). `document` names the offending one.
 */
export class RetrievalInputError extends Error {
  readonly code = 'invalid_document';
  readonly document: string;

  constructor(document: string, message: string) {
    super(`document ${document}: ${message}`);
    this.name = 'RetrievalInputError';
    this.document = document;
  }
}
