/**
 * Per-request state for the audited API routes. It is filled in as the request moves through the
 * pipeline and turned into exactly one audit record when the request ends, whatever the outcome:
 * success, policy block, bad input, upstream fault or client disconnect.
 */
import { performance } from 'node:perf_hooks';
import type { FastifyBaseLogger } from 'fastify';
import type { AuditEntry, Identity, TokenUsage } from '../../spec/gateway.js';
import type { ChatMessage } from '../../spec/types.js';
import type { WireProtocol } from '../errors.js';
import type { GatewayServices } from '../services.js';

/** The audit entry under construction (its fields, bar identity and total latency), plus routing state. */
export interface RequestState extends Omit<AuditEntry, 'identity' | 'latency'> {
  protocol: WireProtocol;
  startedAt: number;
  identity?: Identity;
  release?: (usage?: TokenUsage) => void;
  latency: Omit<AuditEntry['latency'], 'totalMs'>;
  finalized: boolean;
  /** USD per million tokens for the model alias, when configured. */
  price?: { input_per_mtok: number; output_per_mtok: number };
}

export function newState(requestId: string, route: string, protocol: WireProtocol): RequestState {
  return {
    requestId,
    route,
    protocol,
    ts: new Date().toISOString(),
    startedAt: performance.now(),
    model: null,
    upstream: null,
    request: { messages: [] },
    inputFindings: [],
    outputFindings: [],
    action: 'allow',
    status: 200,
    output: null,
    latency: {},
    streamed: false,
    finalized: false,
  };
}

export function elapsedMs(since: number): number {
  return Math.round((performance.now() - since) * 1000) / 1000;
}

/** The caller as recorded in the audit log. */
export function auditIdentity(id: Identity): NonNullable<AuditEntry['identity']> {
  return { keyId: id.keyId, tenant: id.tenant, userId: id.userId, userIdSource: id.userIdSource, roles: id.roles, authMethod: id.authMethod };
}

export function toAuditEntry(st: RequestState): AuditEntry {
  const id = st.identity;
  return {
    requestId: st.requestId,
    ts: st.ts,
    route: st.route,
    identity: id ? auditIdentity(id) : null,
    model: st.model,
    upstream: st.upstream,
    request: st.request,
    inputFindings: st.inputFindings,
    outputFindings: st.outputFindings,
    action: st.action,
    decidingRule: st.decidingRule,
    status: st.status,
    errorCode: st.errorCode,
    output: st.output,
    usage: st.usage,
    latency: { totalMs: elapsedMs(st.startedAt), ...st.latency },
    streamed: st.streamed,
  };
}

/** Writes the audit record and releases the admission once; later calls are no-ops. */
export async function finalize(st: RequestState, services: GatewayServices, log: FastifyBaseLogger): Promise<void> {
  if (st.finalized) return;
  st.finalized = true;
  // The request's only log line (fastify's per-request lines are off): a summary, never message content.
  const summary = { requestId: st.requestId, route: st.route, status: st.status, action: st.action, rule: st.decidingRule, errorCode: st.errorCode, ms: elapsedMs(st.startedAt) };
  log.info(summary, st.action === 'block' ? 'blocked by policy' : 'request completed');
  if (st.usage && st.price) {
    st.usage.costUsd = (st.usage.promptTokens * st.price.input_per_mtok + st.usage.completionTokens * st.price.output_per_mtok) / 1_000_000;
  }
  try {
    st.release?.(st.usage);
  } catch (err) {
    log.error({ err, requestId: st.requestId }, 'releasing admission failed');
  }
  try {
    await services.audit.append(toAuditEntry(st));
  } catch (err) {
    log.error({ err, requestId: st.requestId }, 'writing the audit record failed');
  }
}

/** Rough token estimate (4 characters per token) when the upstream reports no usage. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

export function messagesChars(messages: readonly ChatMessage[]): number {
  let n = 0;
  for (const m of messages) n += m.content.length;
  return n;
}
