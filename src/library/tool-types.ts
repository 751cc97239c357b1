/** The library door's vocabulary: options of the tool guard, a guarded tool, and what one call returns. */
import type { ApprovalService } from '../approvals/service.js';
import type { ApprovalRecord } from '../spec/approvals.js';
import type { AuditStore } from '../spec/gateway.js';
import type { ContextText, ToolDecision, ToolDefinition, ToolHistoryEntry, ToolIdentity, ToolLimitStore, ToolRequestInfo } from '../spec/tools.js';
import type { Finding } from '../spec/types.js';
import type { Sandbox, SandboxLanguage, SandboxLimits } from '../sandbox/index.js';

/**
 * A code-executing tool: the code runs in the sandbox (no network, read-only filesystem but a scratch dir, no
 * inherited environment, CPU/memory/wall limits), never in this process. The arguments are its input: the
 * global `input` in JavaScript, JSON on standard input for python and sh. `code` may build the program from the
 * arguments (a `run_python` tool whose argument is the code).
 */
export interface SandboxedTool<A> {
  language: SandboxLanguage;
  code: string | ((args: A) => string);
  limits?: Partial<SandboxLimits>;
}

export interface ToolGuardOptions {
  /** The caller when a call names none (the agent's key or service account); default `library` in tenant `default`. */
  identity?: ToolIdentity;
  /** Holds `require_approval` calls for a human; without it such calls are denied. */
  approvals?: ApprovalService;
  /** How long a held call waits for its decision; past it the call is denied. Default: the service's. */
  approvalTimeoutMs?: number;
  /** Told of each new approval request (show its id to the user). */
  onApprovalRequested?: (rec: ApprovalRecord) => void;
  /** Counters for tool rates and budgets; default: in memory, this process. */
  limits?: ToolLimitStore;
  /** Receives one audit record per guarded call. */
  audit?: Pick<AuditStore, 'append'>;
  /** Called when writing an audit record fails (default: stderr); the call's outcome stands. */
  onAuditError?: (err: unknown) => void;
  /** Runs sandboxed tools; default: `createSandbox()` on first use. */
  sandbox?: Sandbox;
}

/** Per call: who is calling and what the conversation holds, for the policy's conditions and provenance. */
export interface ToolCallContext {
  callId?: string;
  identity?: ToolIdentity;
  request?: ToolRequestInfo;
  /** Earlier calls of the session; default: the calls this guard has seen for the same key and user. */
  history?: readonly ToolHistoryEntry[];
  context?: readonly ContextText[];
  signal?: AbortSignal;
}

/**
 * What a guarded call returns. `output` is always the text to hand back to the model as the tool result:
 * the scanned result when the call ran, else a refusal that says why.
 */
export type ToolOutcome = (
  | { status: 'ok'; output: string; decision: ToolDecision; findings: Finding[]; approvalId?: string }
  | { status: 'denied'; output: string; decision: ToolDecision; approvalId?: string }
  | { status: 'blocked'; output: string; decision: ToolDecision; findings: Finding[]; blockedBy: string; approvalId?: string }
  | { status: 'error'; output: string; decision: ToolDecision; error: string; approvalId?: string }
) & {
  /** Time the tool policy took to decide, in ms (approval waits excluded); absent when it did not run. */
  decisionMs?: number;
};

/** The implementation a guarded tool wraps: a function of the parsed, validated arguments (any JSON-able value out), or sandboxed code. */
export type ToolImplementation<A> = ((args: A, ctx: { signal: AbortSignal; identity: ToolIdentity }) => unknown) | SandboxedTool<A>;

export interface GuardedTool<A> {
  (args: A | string, ctx?: ToolCallContext): Promise<ToolOutcome>;
  readonly definition: ToolDefinition;
}
