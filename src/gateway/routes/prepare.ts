/** The request half of the chat pipeline: admit, validate, resolve the model, scan input, route. */
import type { FastifyRequest } from 'fastify';
import { performance } from 'node:perf_hooks';
import type { AuditMessage, Identity } from '../../spec/gateway.js';
import type { Finding, ScanContext, ScanOptions, ScanResult } from '../../spec/types.js';
import { blockingRules } from '../../core/decision.js';
import { WardenInputError } from '../../core/errors.js';
import { createVault } from '../../core/vault.js';
import type { RoutingRule } from '../config.js';
import { GatewayError, policyBlockMessage } from '../errors.js';
import type { Json } from '../upstreams/json.js';
import { canaryHeader } from './canaries.js';
import { identityOf, modelAllowed, refuseKilledModel, resolveModel, useCaseHeader, type GatewayRuntime, type ModelTarget } from './runtime.js';
import { elapsedMs, type RequestRecorder } from '../recorder.js';
import { isSystemPrompt, type TextSlot, type WireAdapter } from './wire.js';
import { withFields } from '../../core/objects.js';
import { CONTEXT_ROUTES, retrieveContext, takeRequestExtension } from './retrieval.js';
import { promptCanary, restrictedFor, wantsPromptCanary } from './leakage.js';
import { subjectFromIdentity } from '../../retrieval/subject.js';
import { contextText, injectContext } from './retrieval-inject.js';
import { amendSystemPrompt, isolateToolResults, requestIsolation, withHierarchy } from './isolation.js';

export interface Prepared {
  body: Json;
  identity: Identity;
  target: ModelTarget;
  stream: boolean;
  input: ScanResult;
  /** The request's texts as sent upstream, with their roles and stages (the tool policy's provenance). */
  messages: AuditMessage[];
  /** Context for the output scans of this request. */
  outputCtx: ScanContext;
  /** Documents provided to the request (retrieval step, `warden.documents`) as scanned and sent: the answer's grounding. */
  documents: { id: string; text: string }[];
}

/** Body fields whose text the record keeps as scanned messages: chat messages and tools, Responses `input` and
 * `instructions`, embedding inputs, legacy completion prompts. */
const SCANNED_KEYS = new Set(['messages', 'tools', 'functions', 'system', 'input', 'instructions', 'prompt', 'suffix']);

function ruleMatches(pattern: string, ruleId: string): boolean {
  return pattern.endsWith('/*') ? ruleId.startsWith(pattern.slice(0, -1)) : pattern === ruleId;
}

export function matchRouting(rules: readonly RoutingRule[], findings: readonly Finding[]): { rule: RoutingRule; matched: string[] } | undefined {
  const live = findings.filter((f) => f.action !== 'allow');
  for (const rule of rules) {
    const matched = live.filter(
      (f) =>
        (f.entityType !== undefined && (rule.when.entity_types ?? []).includes(f.entityType)) ||
        (rule.when.rules ?? []).some((p) => ruleMatches(p, f.ruleId)),
    );
    if (matched.length > 0) return { rule, matched: [...new Set(matched.map((f) => f.ruleId))] };
  }
  return undefined;
}

function slotMessage(s: TextSlot): AuditMessage {
  const m: AuditMessage = { role: s.role, content: s.text, path: s.path };
  if (s.stage !== undefined) m.stage = s.stage;
  return m;
}

/** The audit's view of the request: every scanned text (with its field path), tool definitions, other parameters. */
function recordRequest(rec: RequestRecorder, wire: RequestShape, body: Json, messages: AuditMessage[]): void {
  const params: Json = {};
  for (const [k, v] of Object.entries(body)) if (!SCANNED_KEYS.has(k)) params[k] = v;
  const tools = wire.tools(body);
  rec.requestSeen({ messages, tools: tools.length > 0 ? tools : undefined, params });
}

async function scanInput(rt: GatewayRuntime, messages: AuditMessage[], ctx: ScanContext, opts?: ScanOptions): Promise<ScanResult & { messages?: AuditMessage[] }> {
  try {
    return await rt.warden.scanInputAsync(messages, ctx, opts);
  } catch (err) {
    // The library rejects input it cannot scan before any detector runs.
    if (err instanceof WardenInputError) {
      throw new GatewayError('invalid_request', err.message);
    }
    throw err;
  }
}

/** What prepare needs of a protocol: the body's schema, its scan slots and the tools it offers. */
export type RequestShape = Pick<WireAdapter, 'schema' | 'slots' | 'tools'>;

export async function prepare(rt: GatewayRuntime, req: FastifyRequest, rec: RequestRecorder, wire: RequestShape, opts?: ScanOptions): Promise<Prepared> {
  const raw: unknown = req.body;
  const identity = identityOf(req);
  const extension = takeRequestExtension(rt.retrieval, raw);

  const parsed = wire.schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    throw new GatewayError('invalid_request', `Invalid request body${path ? ` at ${path}` : ''}: ${issue?.message ?? 'malformed'}.`, { param: path || undefined });
  }
  const body = parsed.data;
  const model = body.model as string;
  rec.modelRequested(model);
  if (!modelAllowed(identity, model)) throw new GatewayError('model_not_allowed', `This key may not use model "${model}".`, { param: 'model' });
  let target = resolveModel(rt.config, model);
  rec.routed(target.upstream, target.price);

  const slots = wire.slots(body, { fields: rt.config.allow_request_fields, types: rt.config.allow_content_types });
  const query = slots.filter((s) => s.role === 'user').at(-1)?.text ?? '';
  const context = await retrieveContext(rt.retrieval, { identity, model, route: rec.route, query, handed: extension.documents, rec });
  // Permitted documents are scanned at the `retrieved` stage with the request, after its own texts.
  const messages = context === undefined ? slots.map(slotMessage) : [...slots.map(slotMessage), ...context.messages];
  // Until the scan passes, the record shows the request as received; after it, as sent.
  recordRequest(rec, wire, body, messages);
  const systemPrompt = slots.filter(isSystemPrompt).map((s) => s.text).join('\n') || undefined;
  const leakage = rt.retrieval.leakage;
  const ctx: ScanContext = { tenant: identity.tenant, userId: identity.userId, useCase: useCaseHeader(req), systemPrompt, canaries: canaryHeader(req), isIssuedCanary: leakage.minter.isIssued };
  if (body.stream === true && rt.warden.needsAsync('output', ctx)) {
    // The hold-back scanner releases text once the synchronous tier has passed it; a guard judges whole texts only.
    throw new GatewayError('invalid_request', 'Streaming is not available under this policy: its output stage runs async guards, which judge the whole answer. Send "stream": false.', { param: 'stream' });
  }

  const t0 = performance.now();
  const input = await scanInput(rt, messages, ctx, rec.scanOptions('input_scan', opts));
  // The record names the deciding rule of a scan that changed the request (block or redact), not of a flag.
  const decisive = input.action === 'block' || input.action === 'redact';
  rec.inputScanned({ action: input.action, findings: input.findings, decidingRule: decisive ? input.decidingRule : undefined, quarantined: input.quarantined }, elapsedMs(t0));
  if (input.action === 'block') {
    const rules = blockingRules(input);
    throw new GatewayError('content_filter', policyBlockMessage(rules), { block: { stage: 'input', rules } });
  }
  const route = matchRouting(rt.config.routing, input.findings);
  if (route?.rule.action === 'refuse') {
    rec.blocked(route.matched[0]);
    throw new GatewayError('routing_refused', `Request refused by Warden routing policy: ${route.matched.join(', ')}`, { block: { stage: 'input', rules: route.matched } });
  }
  if (route?.rule.upstream !== undefined) {
    target = { upstream: route.rule.upstream, model: route.rule.model ?? target.model };
    rec.routed(target.upstream);
    refuseKilledModel(rt, model, target.model);
  }
  const redacted = input.messages ?? messages;
  slots.forEach((s, i) => {
    const m = redacted[i];
    if (m !== undefined && m.content !== s.text) s.set(m.content);
  });
  const texts = redacted.slice(slots.length);
  const scanned = redacted.map((m) => m.content);
  const documents = (context?.documents ?? []).map((d, i) => ({ id: d.id, text: texts[i]?.content ?? '' }));
  const contextual = CONTEXT_ROUTES.includes(rec.route);
  const { isolator, toolResults } = requestIsolation(rt.retrieval.config.isolation, model);
  const isolated = contextual && toolResults ? isolateToolResults(slots, scanned, isolator) : 0;
  if (context !== undefined && context.documents.length > 0) {
    injectContext(rec.route, body, contextText(context.documents.map((document, i) => ({ document, text: texts[i]?.content ?? '' })), isolator()));
  }
  // The system prompt's additions, in order: the instruction hierarchy in front, the canary after.
  const amend: ((text: string) => string)[] = [];
  const statement = toolResults && isolated + documents.length > 0 ? isolator().statement() : undefined;
  if (statement !== undefined) amend.push(withHierarchy(statement));
  const canaries = [...(ctx.canaries ?? [])];
  if (contextual && wantsPromptCanary(leakage, model, extension.canary)) {
    const token = leakage.minter.mint();
    amend.push(promptCanary(token));
    canaries.push(token);
  }
  if (amend.length > 0) amendSystemPrompt(rec.route, body, slots, scanned, (text) => amend.reduce((t, f) => f(t), text));
  recordRequest(rec, wire, body, redacted);
  const restricted = restrictedFor(leakage, subjectFromIdentity(identity), rt.retrieval.rule);
  const outputCtx = withFields(ctx, { vault: createVault(), canaries, ...(restricted === undefined ? {} : { restricted }) });
  return { body, identity, target, stream: body.stream === true, input, messages: redacted, outputCtx, documents };
}
