/**
 * Canonical shapes between the routes and the upstream adapters. Requests travel in the wire shape of
 * the upstream's protocol (the route translates when protocols differ); responses come back canonical
 * so the output scan and the renderers for either protocol work on one shape.
 */
import type { ToolCall } from '../../spec/tools.js';
import type { WireProtocol } from '../errors.js';
import type { UpstreamAbort } from './abort.js';

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

export interface ChatResult {
  id: string;
  model: string;
  content: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  usage?: Usage;
}

export type StreamEvent =
  | { type: 'start'; id: string; model: string }
  | { type: 'text'; text: string }
  | { type: 'tool'; index: number; id?: string; name?: string; args: string }
  | { type: 'end'; finishReason: FinishReason; usage?: Usage };

/** One upstream call: the body is already in the upstream protocol's wire shape. */
export interface UpstreamCall {
  body: Record<string, unknown>;
  abort: UpstreamAbort;
  /** Client headers safe to relay (e.g. `anthropic-beta`); never credentials. */
  headers?: Record<string, string>;
}

export interface Upstream {
  readonly name: string;
  readonly protocol: WireProtocol;
  complete(call: UpstreamCall): Promise<ChatResult>;
  /** Resolves once the upstream accepted the stream (headers received), so errors before any byte are HTTP errors. */
  stream(call: UpstreamCall): Promise<AsyncIterable<StreamEvent>>;
  /** Model ids the upstream serves (for /v1/models when names pass through unaliased). */
  listModels(signal: AbortSignal): Promise<string[]>;
  close(): Promise<void>;
}
