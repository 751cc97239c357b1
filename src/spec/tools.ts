/**
 * Tools as Warden sees them, whatever the front door (HTTP gateway, MCP proxy, a tools layer): types only.
 * A definition is what the application or an MCP server tells the model a tool does (scanned at the
 * `tool_definition` stage); a call is what the model asks to run (scanned at the `tool_call` stage).
 */

/** A call the model proposes. */
export interface ToolCall {
  id: string;
  name: string;
  /** JSON text, as the model produced it. */
  arguments: string;
}

/** A tool offered to the model, in the same shape for every protocol. */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments (OpenAI `function.parameters`, Anthropic `input_schema`). */
  parameters?: Record<string, unknown>;
}

/** Why a tool call was refused before any scan: a kill switch is set on the tool, or the caller is not scoped to it. */
export type ToolRefusal = 'killed' | 'not_allowed';

/** What the tool policy decides for one call: run it, refuse it, or hold it for a human. */
export type ToolAction = 'allow' | 'deny' | 'require_approval';

/**
 * Who is calling, as the tool policy sees it: only what the gateway authenticated (virtual key or verified
 * JWT). The request's `user` field is an untrusted end-user id and belongs in `ToolRequestInfo`, not here.
 */
export interface ToolIdentity {
  keyId: string;
  tenant: string;
  roles: readonly string[];
  /** End-user id, when the key or token vouches for it (`userIdSource: token`) or the key trusts the header. */
  userId?: string;
  /** Attributes of the key or claims of the token (e.g. `region: eu`). */
  attributes: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}

/** Facts about the request the call came from. */
export interface ToolRequestInfo {
  model?: string;
  /** The request's own end-user id field: untrusted, asserted by the client. */
  user?: string;
  useCase?: string;
}

/** One earlier tool call of the session, oldest first. */
export interface ToolHistoryEntry {
  name: string;
  /** Parsed arguments. */
  args: unknown;
  /** What the policy decided for it, when known. */
  action?: ToolAction;
}

/**
 * A piece of the conversation with where it came from, for provenance checks: `user` text is what the caller
 * typed; `untrusted` is text the model read from elsewhere (tool results, retrieved documents).
 */
export interface ContextText {
  source: 'user' | 'untrusted';
  text: string;
}

/** Everything the tool decision engine needs to decide one call. */
export interface ToolDecisionRequest {
  call: ToolCall;
  identity: ToolIdentity;
  request?: ToolRequestInfo;
  history?: readonly ToolHistoryEntry[];
  context?: readonly ContextText[];
  /** Clock for limits (ms since epoch); defaults to Date.now(). */
  now?: number;
}

/** An explainable decision: the rule that decided, the reason shown to the caller, and the evidence. */
export interface ToolDecision {
  action: ToolAction;
  tool: string;
  callId: string;
  /** `tools/<tool>/<condition>` or a built-in rule such as `tools/unknown-tool`. */
  ruleId: string;
  reason: string;
  /** Short facts that led to the decision (matched conditions, failing fields, counter values). */
  evidence: readonly string[];
  /** Parsed arguments, when they parsed. */
  args?: unknown;
}

/**
 * The counters tool limits need; the gateway's limit store implements it, so tool rates and budgets share
 * state with request limits.
 */
export interface ToolLimitStore {
  /** Counts one hit against `limit` per `windowMs` for `key`; 0 when admitted, else ms to wait (not counted). */
  hit(key: string, limit: number, windowMs: number, now: number): Promise<number>;
  /**
   * Adds `amount` to the running total of `key` if the total stays <= `max`; the total expires at `expiresAt`.
   * Returns whether it was added and the total after (or unchanged when refused).
   */
  consume(key: string, amount: number, max: number, expiresAt: number, now: number): Promise<{ ok: boolean; total: number }>;
  /**
   * How far the store's shared clock runs ahead of this process's (ms); absent for a single-process store. Budget
   * windows (a UTC day) are cut on the shared clock, so replicas with skewed clocks fill the same window.
   */
  clockOffsetMs?(): number;
}
