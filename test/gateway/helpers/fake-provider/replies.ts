/** What a test scripts the fake provider to answer, and the deterministic figures every answer carries. */

/** One scripted answer; the protocol of the request decides how it is written on the wire. */
export type Reply =
  | {
      kind: 'text';
      text: string;
      /** Stream deltas (default: the text split into word tokens). */
      chunks?: readonly string[];
      /** Anthropic extended thinking, sent before the text with its signature (Responses: a reasoning item). */
      thinking?: { text: string; signature: string };
      /** An Anthropic redacted_thinking block's opaque data. */
      redactedThinking?: string;
      finish?: 'stop' | 'length';
    }
  | { kind: 'tool'; name: string; args: unknown; id?: string }
  /** Structured output: JSON text, or a call of the tool the request forces (`tool_choice`) with the value as arguments. */
  | { kind: 'json'; value: unknown }
  | ProviderError
  /** Valid frames, then a frame whose JSON is broken (a JSON request gets a broken body). */
  | { kind: 'malformed-sse'; chunks?: readonly string[] }
  /** Valid frames, then half an event, then the socket is closed. */
  | { kind: 'cut-mid-event'; chunks?: readonly string[] };

/** A provider error as the provider writes it: OpenAI `{ error: { message, type, code, param } }`, Anthropic `{ type: 'error', error: { type, message } }`. */
export interface ProviderError {
  kind: 'error';
  status: number;
  message: string;
  /** OpenAI error.type. */
  type: string;
  code: string | null;
  param: string | null;
  /** Anthropic error.type. */
  anthropicType: string;
  headers?: Record<string, string>;
}

/** The rate-limit headers a 429 carries (both providers' sets, so either protocol can assert its own). */
export const RATE_LIMIT_HEADERS: Readonly<Record<string, string>> = {
  'retry-after': '7',
  'x-ratelimit-limit-requests': '60',
  'x-ratelimit-remaining-requests': '0',
  'x-ratelimit-reset-requests': '7s',
  'x-ratelimit-limit-tokens': '150000',
  'x-ratelimit-remaining-tokens': '149000',
  'x-ratelimit-reset-tokens': '400ms',
  'anthropic-ratelimit-requests-limit': '50',
  'anthropic-ratelimit-requests-remaining': '0',
  'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:07Z',
};

/** Ready-made provider errors. */
export const PROVIDER_ERRORS = {
  contextLength: {
    kind: 'error',
    status: 400,
    message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130001 tokens.",
    type: 'invalid_request_error',
    code: 'context_length_exceeded',
    param: 'messages',
    anthropicType: 'invalid_request_error',
  },
  rateLimit: {
    kind: 'error',
    status: 429,
    message: 'Rate limit reached for requests per min (RPM): Limit 60, Used 60, Requested 1.',
    type: 'requests',
    code: 'rate_limit_exceeded',
    param: null,
    anthropicType: 'rate_limit_error',
    headers: RATE_LIMIT_HEADERS,
  },
  server: {
    kind: 'error',
    status: 500,
    message: 'The server had an error while processing your request.',
    type: 'server_error',
    code: null,
    param: null,
    anthropicType: 'api_error',
  },
} as const satisfies Record<string, ProviderError>;

/** Fixed usage figures: every answer reports them, so direct and through-gateway answers compare equal. */
export const USAGE = { input: 21, cachedInput: 8, cacheCreation: 5, reasoning: 3 } as const;
export const SYSTEM_FINGERPRINT = 'fp_fake_0042';
export const CREATED = 1_767_225_600;

/** Word tokens of a text (each word with its trailing space): the stream deltas, logprob tokens and output token count. */
export function tokensOf(text: string): string[] {
  return text.match(/\s*\S+\s*|\s+/g) ?? [];
}

/** A deterministic log probability per token position (a binary fraction, exact through JSON). */
export function logprobOf(index: number): number {
  return -(index + 1) / 64;
}

/** The text a reply produces as the assistant's message (JSON text for structured output). */
export function replyText(r: Reply): string {
  if (r.kind === 'text') return r.text;
  if (r.kind === 'json') return JSON.stringify(r.value);
  if (r.kind === 'malformed-sse' || r.kind === 'cut-mid-event') return (r.chunks ?? ['partial ']).join('');
  return '';
}

/** The stream deltas of a reply's text. */
export function replyChunks(r: Reply): readonly string[] {
  if (r.kind === 'text') return r.chunks ?? tokensOf(r.text);
  if (r.kind === 'malformed-sse' || r.kind === 'cut-mid-event') return r.chunks ?? ['partial '];
  return tokensOf(replyText(r));
}

export function sseData(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

export function sseEvent(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

export type Body = Record<string, unknown>;

export function isRecord(v: unknown): v is Body {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A stream as frames, and whether the socket is closed after them instead of ending the response. */
export interface Frames {
  frames: string[];
  destroy: boolean;
}

/**
 * The frames of a stream that goes wrong: `head` (the text so far) followed by a frame whose JSON is
 * broken, or by the first half of `next` (the event that should have come) before the socket closes.
 */
export function faultFrames(r: Reply, head: string[], next: string, full: string[]): Frames {
  if (r.kind === 'malformed-sse') return { frames: [...head, 'data: {"choices": [ {not json\n\n'], destroy: false };
  if (r.kind === 'cut-mid-event') return { frames: [...head, next.slice(0, Math.floor(next.length / 2))], destroy: true };
  return { frames: full, destroy: false };
}

/** The tool a request forces: OpenAI chat `{ type: 'function', function: { name } }`, Responses `{ type: 'function', name }`, Anthropic `{ type: 'tool', name }`. */
export function forcedTool(req: Body): string | undefined {
  const choice = req.tool_choice;
  if (!isRecord(choice)) return undefined;
  const fn = isRecord(choice.function) ? choice.function : choice;
  return (choice.type === 'function' || choice.type === 'tool') && typeof fn.name === 'string' ? fn.name : undefined;
}
