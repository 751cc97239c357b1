/**
 * What the tool policy knows about the conversation a call came from, read from the request: the session's
 * earlier tool calls (`history`) and which texts the caller wrote versus what the model read from tools and
 * documents (`context`, for provenance). Also the approvals the client presents for calls held earlier.
 */
import type { FastifyRequest } from 'fastify';
import type { AuditMessage, Identity } from '../../spec/gateway.js';
import type { ContextText, ToolHistoryEntry, ToolIdentity, ToolRequestInfo } from '../../spec/tools.js';
import { jsonDepthExceeds, parseJsonData } from '../../core/json.js';
import { arr, isObj, str, type Json } from '../upstreams/json.js';

/** Header naming approvals (comma-separated ids) for calls the gateway held earlier. */
export const APPROVAL_HEADER = 'x-warden-approval';
const MAX_HISTORY = 200;
const MAX_APPROVALS = 16;
const MAX_HISTORY_ARG_DEPTH = 32;

export interface ToolSession {
  request: ToolRequestInfo;
  history: readonly ToolHistoryEntry[];
  /** Request texts as sent upstream (placeholders not yet restored). */
  messages: readonly AuditMessage[];
  approvalIds: readonly string[];
  requestId: string;
}

function parsedArgs(text: unknown): unknown {
  if (typeof text !== 'string') return text ?? {};
  if (jsonDepthExceeds(text, MAX_HISTORY_ARG_DEPTH)) return text;
  try {
    return parseJsonData(text);
  } catch {
    return text;
  }
}

/** Earlier tool calls in OpenAI chat (`tool_calls`, `function_call`), Anthropic (`tool_use`) and Responses (`function_call`) bodies. */
export function toolHistory(body: Json): ToolHistoryEntry[] {
  const out: ToolHistoryEntry[] = [];
  const add = (name: unknown, args: unknown) => {
    if (typeof name === 'string') out.push({ name, args: parsedArgs(args) });
  };
  for (const m of arr(body['messages'])) {
    if (!isObj(m) || m['role'] !== 'assistant') continue;
    for (const c of arr(m['tool_calls'])) if (isObj(c) && isObj(c['function'])) add(c['function']['name'], c['function']['arguments']);
    if (isObj(m['function_call'])) add(m['function_call']['name'], m['function_call']['arguments']);
    for (const block of arr(m['content'])) if (isObj(block) && block['type'] === 'tool_use') add(block['name'], block['input']);
  }
  for (const item of arr(body['input'])) if (isObj(item) && item['type'] === 'function_call') add(item['name'], item['arguments']);
  return out.slice(-MAX_HISTORY);
}

/**
 * Texts by trust: what the caller or the application wrote (user, system, developer messages) versus what the
 * model read or produced (tool results, retrieved documents, tool definitions, earlier assistant turns).
 */
export function contextTexts(messages: readonly AuditMessage[], restore: (s: string) => string): ContextText[] {
  return messages.map((m) => {
    const trusted = (m.role === 'user' || m.role === 'system' || m.role === 'developer') && (m.stage === undefined || m.stage === 'input');
    return { source: trusted ? 'user' : 'untrusted', text: restore(m.content) };
  });
}

export function toolSession(req: FastifyRequest, body: Json, model: string, useCase: string | undefined, messages: readonly AuditMessage[]): ToolSession {
  const header = req.headers[APPROVAL_HEADER];
  const ids = (typeof header === 'string' ? header.split(',') : []).map((s) => s.trim()).filter((s) => s !== '');
  const user = str(body['user']);
  return {
    request: { model, ...(user !== undefined ? { user } : {}), ...(useCase !== undefined ? { useCase } : {}) },
    history: toolHistory(body),
    messages,
    approvalIds: ids.slice(0, MAX_APPROVALS),
    requestId: req.id,
  };
}

/** The authenticated caller as the tool policy sees it. */
export function toolIdentity(identity: Identity): ToolIdentity {
  const who: ToolIdentity = { keyId: identity.keyId, tenant: identity.tenant, roles: identity.roles, attributes: {} };
  if (identity.userId !== undefined) who.userId = identity.userId;
  return who;
}
