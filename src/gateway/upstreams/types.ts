/**
 * Canonical shapes between the routes and the upstream adapters. Requests travel in the wire shape of
 * the upstream's protocol (the route translates when protocols differ); responses come back canonical
 * so the output scan and the renderers for either protocol work on one shape. Each canonical piece also
 * keeps the provider's own object (`native`), so a client speaking the upstream's protocol gets every
 * field the gateway does not rewrite (docs/gateway.md, "Fidelity").
 */
import type { ToolCall } from '../../spec/tools.js';
import type { WireProtocol } from '../errors.js';
import type { UpstreamAbort } from './abort.js';
import type { Json } from './json.js';

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** A provider object as received, tagged with the protocol it is written in. */
export interface Native {
  protocol: WireProtocol;
  body: Json;
}

export interface Usage {
  /** Input tokens as the provider counts them (Anthropic: without cache reads and writes). */
  promptTokens: number;
  completionTokens: number;
  /** Input tokens read from the prompt cache (OpenAI `cached_tokens`, Anthropic `cache_read_input_tokens`). */
  cacheReadTokens?: number;
  /** Input tokens written to the prompt cache (Anthropic `cache_creation_input_tokens`). */
  cacheWriteTokens?: number;
  /** Output tokens spent on reasoning (OpenAI `reasoning_tokens`). */
  reasoningTokens?: number;
  /** The provider's usage object, merged across stream events. */
  native?: Native;
}

/** Reasoning the model showed: scanned as output; a signature or redacted data is opaque and passed on as sent. */
export type Reasoning = { type: 'thinking'; text: string; signature?: string } | { type: 'redacted_thinking'; data: string };

export interface ChatResult {
  id: string;
  model: string;
  content: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  usage?: Usage;
  /** Anthropic thinking blocks, in order. */
  reasoning?: Reasoning[];
  /** The provider's whole answer; renderers of the same protocol start from it and rewrite only what the gateway changes. */
  native?: Native;
}

export type StreamEvent =
  /** `native`: the provider's envelope (OpenAI: the first chunk's fields; Anthropic: `message_start.message`). */
  | { type: 'start'; id: string; model: string; native?: Native }
  | { type: 'text'; text: string }
  /** A delta of a thinking block's text. */
  | { type: 'thinking'; text: string }
  /** Ends the current thinking block; `signature` as the provider sent it. */
  | { type: 'thinking_end'; signature?: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool'; index: number; id?: string; name?: string; args: string }
  /** `native`: the provider's closing fields (OpenAI: `{ logprobs }` gathered over the chunks; Anthropic: the `message_delta` event). */
  | { type: 'end'; finishReason: FinishReason; usage?: Usage; native?: Native };

/** One upstream call: the body is already in the upstream protocol's wire shape. */
export interface UpstreamCall {
  body: Record<string, unknown>;
  abort: UpstreamAbort;
  /** Client headers safe to relay (e.g. `anthropic-beta`); never credentials. */
  headers?: Record<string, string>;
}

/** One endpoint of an upstream, taking bodies in that endpoint's wire shape. */
export interface UpstreamEndpoint {
  complete(call: UpstreamCall): Promise<ChatResult>;
  /** Resolves once the upstream accepted the stream (headers received), so errors before any byte are HTTP errors. */
  stream(call: UpstreamCall): Promise<AsyncIterable<StreamEvent>>;
}

export interface Upstream extends UpstreamEndpoint {
  readonly name: string;
  readonly protocol: WireProtocol;
  /** The provider's own Responses API (`responses: true` in the config); takes Responses request bodies. */
  readonly responses?: UpstreamEndpoint;
  /** POST /embeddings: the provider's answer, passed through; absent where the upstream has no embeddings. */
  embeddings?(call: UpstreamCall): Promise<Json>;
  /** POST /v1/messages/count_tokens: the provider's answer, passed through (Anthropic upstreams). */
  countTokens?(call: UpstreamCall): Promise<Json>;
  /** The legacy text completions endpoint (POST /completions) in the canonical shapes. */
  completions?: UpstreamEndpoint;
  /** Model ids the upstream serves (for /v1/models when names pass through unaliased). */
  listModels(signal: AbortSignal): Promise<string[]>;
  close(): Promise<void>;
}
