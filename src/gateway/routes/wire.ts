/** What each client-facing protocol (OpenAI, Anthropic) supplies to the shared chat pipeline. */
import type { z } from 'zod';
import type { ChatMessage, InputStage } from '../../spec/types.js';
import type { BlockMarker, GatewayError, WireProtocol } from '../errors.js';
import { isObj, type Json } from '../upstreams/json.js';
import type { ToolCall, ToolDefinition } from '../../spec/tools.js';
import type { ChatResult, FinishReason, Native, StreamEvent, Upstream, UpstreamEndpoint, Usage } from '../upstreams/types.js';

/** The reasoning events of a stream (Anthropic thinking blocks), already scanned. */
export type ReasoningEvent = Extract<StreamEvent, { type: 'thinking' | 'thinking_end' | 'redacted_thinking' }>;

/** What closes a stream besides the finish reason: the provider's closing fields, and the block marker when the policy ended it. */
export interface StreamClose {
  native?: Native;
  blocked?: BlockMarker;
  /** The gateway changed the answer's text (redaction, restored placeholders): token-level data of the original goes. */
  textChanged?: boolean;
}

/** One piece of request text the input scan sees; `set` writes the redacted text back into the body. */
export interface TextSlot {
  role: ChatMessage['role'];
  /** When not the role's default stage (documents and search results: `retrieved`). */
  stage?: InputStage;
  /** Where the text is in the body, e.g. `messages.1.content.0.text` (for the audit and error params). */
  path: string;
  text: string;
  set(text: string): void;
}

/** Request fields and content types the config lets through although the gateway does not know them (still scanned). */
export interface ExtraFields {
  fields: readonly string[];
  types: readonly string[];
}

/** Text of the system prompt proper (system messages), as opposed to tool and output-format definitions. */
export function isSystemPrompt(s: TextSlot): boolean {
  const p = s.path;
  return (s.role === 'system' || s.role === 'developer') && (p.startsWith('messages.') || p === 'system' || p.startsWith('system.') || p === 'instructions' || p.startsWith('input.'));
}

/** Turns canonical stream events into SSE frames of one protocol. */
export interface StreamRenderer {
  /** `native`: the provider's envelope, used when it is in this renderer's protocol. */
  start(id: string, model: string, native?: Native): string;
  text(text: string): string;
  /** Reasoning in the client's protocol; a protocol without it leaves the method out and the events are dropped. */
  reasoning?(ev: ReasoningEvent): string;
  tool(index: number, call: ToolCall): string;
  /** `usage` undefined: the provider sent none, and none is invented where the protocol allows leaving it out. */
  end(finish: FinishReason, usage: Usage | undefined, close?: StreamClose): string;
  error(err: GatewayError): string;
}

export interface WireAdapter {
  protocol: WireProtocol;
  route: string;
  schema: z.ZodType<Json>;
  /** Every text of the body the model reads; throws GatewayError for fields and content types it cannot scan. */
  slots(body: Json, extra?: ExtraFields): TextSlot[];
  /** The tools the body offers the model, in one shape for every protocol (the audit's `request.tools`). */
  tools(body: Json): ToolDefinition[];
  /** The body in the upstream's wire shape, with the upstream model name. */
  toUpstream(body: Json, upstream: WireProtocol, model: string): Json;
  /** The upstream's own endpoint for this protocol, if it has one: the body is then forwarded untranslated. */
  native?(upstream: Upstream): UpstreamEndpoint | undefined;
  /**
   * The answer in this protocol; `body` is the request as forwarded (after redaction). From the provider's own body
   * when protocols match (only rewritten fields change); `blocked` marks an answer the output policy replaced.
   */
  render(result: ChatResult, body?: Json, blocked?: BlockMarker): unknown;
  streamRenderer(body: Json): StreamRenderer;
}

export const ROLE_MAP: Readonly<Record<string, ChatMessage['role']>> = {
  system: 'system',
  developer: 'developer',
  user: 'user',
  assistant: 'assistant',
  tool: 'tool',
  function: 'tool',
};

/** A tool definition from one protocol's fields; a field of the wrong type is left out (the name becomes ''). */
export function toolDefinition(name: unknown, description: unknown, parameters: unknown): ToolDefinition {
  const d: ToolDefinition = { name: typeof name === 'string' ? name : '' };
  if (typeof description === 'string') d.description = description;
  if (isObj(parameters)) d.parameters = parameters;
  return d;
}
