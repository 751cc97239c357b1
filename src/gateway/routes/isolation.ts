/**
 * Isolation of untrusted segments in a forwarded request (docs/context-isolation.md): one isolator per request, so
 * retrieved documents and client-sent tool results share its random boundary; tool results are isolated (markers
 * neutralised, spotlighted) for the configured model aliases, and the instruction hierarchy is then stated once, in
 * front of the system prompt. Runs after the input scan, which judges the text as the client sent it.
 */
import { createIsolator, type Isolator } from '../../context/isolate.js';
import type { RetrievalConfig } from '../config-retrieval.js';
import type { Json } from '../upstreams/json.js';
import { isSystemPrompt, type TextSlot } from './wire.js';

/**
 * The request's isolator, drawn on first use (a request without untrusted segments pays for no random boundary), and
 * whether its tool results are isolated (the alias is configured).
 */
export function requestIsolation(cfg: RetrievalConfig['isolation'], model: string): { isolator: () => Isolator; toolResults: boolean } {
  let isolator: Isolator | undefined;
  return {
    isolator: () => (isolator ??= createIsolator({ mode: cfg.mode, hierarchy: cfg.hierarchy })),
    toolResults: cfg.models.includes(model) || cfg.models.includes('*'),
  };
}

/** Fields holding a tool result's text (OpenAI `content`, parts' `text`, Anthropic `content`, Responses `output`). */
const TEXT_KEYS = new Set(['content', 'text', 'output']);

/** A tool result's text slot; a tool definition (role `tool` too) or a nested document is not one. */
function isToolResultText(s: TextSlot): boolean {
  return s.role === 'tool' && (s.stage === undefined || s.stage === 'tool_result') && TEXT_KEYS.has(s.path.slice(s.path.lastIndexOf('.') + 1));
}

/**
 * Rewrites every tool result slot to its isolated form; `texts` are the slots' texts as scanned (quarantine applied).
 * Returns how many segments were isolated.
 */
export function isolateToolResults(slots: readonly TextSlot[], texts: readonly string[], isolator: () => Isolator): number {
  let n = 0;
  slots.forEach((s, i) => {
    if (!isToolResultText(s)) return;
    s.set(isolator().isolate({ kind: 'tool_result', text: texts[i] ?? s.text }).text);
    n++;
  });
  return n;
}

/**
 * Rewrites the request's system prompt (the first system or developer text; `texts` are the slots' texts as scanned)
 * with `amend`, or adds one holding `amend('')` in the route's protocol. Runs after the input scan, which must not
 * see what is added.
 */
export function amendSystemPrompt(route: string, body: Json, slots: readonly TextSlot[], texts: readonly string[], amend: (text: string) => string): void {
  const i = slots.findIndex(isSystemPrompt);
  const system = slots[i];
  if (system !== undefined) {
    system.set(amend(texts[i] ?? system.text));
    return;
  }
  const text = amend('').trim();
  if (route === '/v1/messages') body['system'] = text;
  else if (route === '/v1/responses') body['instructions'] = text;
  else if (Array.isArray(body['messages'])) body['messages'].unshift({ role: 'system', content: text });
}

/** The hierarchy statement in front of a system prompt (or alone). */
export function withHierarchy(statement: string): (text: string) => string {
  return (text) => (text === '' ? statement : `${statement}\n\n${text}`);
}
