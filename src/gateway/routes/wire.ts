/** What each client-facing protocol (OpenAI, Anthropic) supplies to the shared chat pipeline. */
import type { z } from 'zod';
import type { ChatMessage } from '../../spec/types.js';
import type { GatewayError, WireProtocol } from '../errors.js';
import type { Json } from '../upstreams/json.js';
import type { ChatResult, FinishReason, ToolCall, Usage } from '../upstreams/types.js';

/** One piece of request text the input scan sees; `set` writes the redacted text back into the body. */
export interface TextSlot {
  role: ChatMessage['role'];
  text: string;
  set(text: string): void;
}

/** Turns canonical stream events into SSE frames of one protocol. */
export interface StreamRenderer {
  start(id: string, model: string): string;
  text(text: string): string;
  tool(index: number, call: ToolCall): string;
  end(finish: FinishReason, usage: Usage | undefined): string;
  error(err: GatewayError): string;
}

export interface WireAdapter {
  protocol: WireProtocol;
  route: string;
  schema: z.ZodType<Json>;
  slots(body: Json): TextSlot[];
  /** The body in the upstream's wire shape, with the upstream model name. */
  toUpstream(body: Json, upstream: WireProtocol, model: string): Json;
  render(result: ChatResult): unknown;
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
