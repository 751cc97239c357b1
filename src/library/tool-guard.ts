/**
 * Door 2, the library: `warden.guardTool(definition, implementation)` wraps an in-process function so that
 * every call the model proposes is decided by the tool policy (validate, authorize, limit), held for a
 * human when the policy says so (no decision in time = deny), run (code-executing tools in the sandbox),
 * and its result scanned at the `tool_result` stage before it goes back to the model. Each
 * call writes one audit record. Nothing the model sends can make a call throw: refusals are outcomes.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ValidateFunction } from 'ajv';
import type { WardenEngine } from '../core/index.js';
import { createMemoryLimitStore } from '../store/memory-limits.js';
import type { ToolDecision, ToolDecisionRequest, ToolDefinition, ToolHistoryEntry, ToolIdentity } from '../spec/tools.js';
import type { Finding } from '../spec/types.js';
import { ToolPolicyEngine } from '../tools/decide.js';
import { argsValidator, parseArguments, schemaViolation } from '../tools/validate.js';
import { awaitApproval } from './tool-approval.js';
import { lazySandbox, runSandboxed } from './tool-sandbox.js';
import { toolCallEntry } from './tool-audit.js';
import type { GuardedTool, ToolCallContext, ToolGuardOptions, ToolImplementation, ToolOutcome } from './tool-types.js';

/** Calls remembered per key and user as the session's history when the caller passes none. */
const MAX_HISTORY = 200;
/** The tool policy's defaults for max_argument_bytes and max_depth, for calls no policy covers. */
const DEFAULT_MAX_BYTES = 65_536;
const DEFAULT_MAX_DEPTH = 16;

export interface ToolGuard {
  guardTool<A = Record<string, unknown>>(definition: ToolDefinition, implementation: ToolImplementation<A>): GuardedTool<A>;
}

/** What the model is told instead of a result: machine-readable, with the policy's reason. */
export function refusalText(d: Pick<ToolDecision, 'ruleId' | 'reason'>, error = 'tool_call_denied'): string {
  return JSON.stringify({ error, rule: d.ruleId, reason: d.reason });
}

function argumentsText(args: unknown): string | undefined {
  if (typeof args === 'string') return args;
  try {
    return JSON.stringify(args);
  } catch {
    return undefined;
  }
}

function resultText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '';
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

const DEFAULT_IDENTITY: ToolIdentity = { keyId: 'library', tenant: 'default', roles: [], attributes: {} };

export function createToolGuard(warden: WardenEngine, opts: ToolGuardOptions = {}): ToolGuard {
  const engine = new ToolPolicyEngine(warden.policy, { limits: opts.limits ?? createMemoryLimitStore() });
  const sessions = new Map<string, ToolHistoryEntry[]>();
  const sandbox = lazySandbox(opts.sandbox);
  const onAuditError = opts.onAuditError ?? ((err: unknown) => process.stderr.write(`warden: tool call audit record not written: ${message(err)}\n`));
  const sessionOf = (id: ToolIdentity) => {
    const key = `${id.tenant}\u0000${id.keyId}\u0000${id.userId ?? ''}`;
    let list = sessions.get(key);
    if (list === undefined) sessions.set(key, (list = []));
    return list;
  };

  /** The policy's decision, then the definition's own schema and the argument scan, each able only to deny. */
  async function decide(def: ToolDefinition, schema: ValidateFunction | undefined, text: string, callId: string, ctx: ToolCallContext, identity: ToolIdentity) {
    const history = ctx.history ?? sessionOf(identity);
    const request: ToolDecisionRequest = { call: { id: callId, name: def.name, arguments: text }, identity, request: ctx.request, history, context: ctx.context };
    const t0 = performance.now();
    let decision = await engine.decide(request);
    const decisionMs = performance.now() - t0;
    const findings: Finding[] = [];
    if (decision.action === 'deny') return { decision, findings, request, decisionMs };
    if (decision.args === undefined) {
      // No tool policy here (tools/no-policy): the arguments still have to be JSON within the default bounds.
      const parsed = parseArguments(text, DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH);
      if (!parsed.ok) return { decision: { ...decision, action: 'deny' as const, ruleId: `tools/${def.name}/invalid-arguments`, reason: parsed.error }, findings, request, decisionMs };
      decision = { ...decision, args: parsed.args };
    }
    const violation = schema === undefined ? undefined : schemaViolation(schema, decision.args);
    if (violation !== undefined) {
      const reason = `arguments do not match the tool's definition: ${violation}`;
      return { decision: { ...decision, action: 'deny' as const, ruleId: `tools/${def.name}/definition-schema`, reason, evidence: [violation] }, findings, request, decisionMs };
    }
    const scan = await warden.scanAsync(text, 'tool_call', { tenant: identity.tenant, userId: identity.userId }, { signal: ctx.signal });
    findings.push(...scan.findings);
    if (scan.action !== 'block') return { decision, findings, request, decisionMs };
    const rule = scan.decidingRule ?? 'tool_call scan';
    return { decision: { ...decision, action: 'deny' as const, ruleId: rule, reason: `the arguments were blocked by ${rule}`, evidence: [rule] }, findings, request, decisionMs };
  }

  return {
    guardTool<A>(definition: ToolDefinition, implementation: ToolImplementation<A>): GuardedTool<A> {
      const schema = definition.parameters === undefined ? undefined : argsValidator(definition.parameters);
      const call = async (rawArgs: A | string, ctx: ToolCallContext = {}): Promise<ToolOutcome> => {
        const started = performance.now();
        const identity = ctx.identity ?? opts.identity ?? DEFAULT_IDENTITY;
        const callId = ctx.callId ?? `call_${randomUUID()}`;
        let outputFindings: Finding[] = [];
        let inputFindings: Finding[] = [];
        let approvalId: string | undefined;
        const timing: { decisionMs?: number } = {};
        const finish = (o: ToolOutcome): ToolOutcome => {
          if (timing.decisionMs !== undefined) o.decisionMs = timing.decisionMs;
          if (ctx.history === undefined && o.decision.args !== undefined) {
            const list = sessionOf(identity);
            list.push({ name: definition.name, args: o.decision.args, action: o.decision.action });
            if (list.length > MAX_HISTORY) list.shift();
          }
          const entry = toolCallEntry({ callId, definition, identity, outcome: o, inputFindings, outputFindings, totalMs: performance.now() - started });
          opts.audit?.append(entry).catch(onAuditError);
          return o;
        };
        const text = argumentsText(rawArgs);
        if (text === undefined) {
          const d: ToolDecision = { action: 'deny', tool: definition.name, callId, ruleId: `tools/${definition.name}/invalid-arguments`, reason: 'the arguments cannot be written as JSON', evidence: [] };
          return finish({ status: 'denied', output: refusalText(d), decision: d });
        }
        let decided: Awaited<ReturnType<typeof decide>>;
        try {
          decided = await decide(definition, schema, text, callId, ctx, identity);
        } catch (err) {
          // A scan guard that failed or was cancelled: fail closed.
          const d: ToolDecision = { action: 'deny', tool: definition.name, callId, ruleId: 'tools/scan-error', reason: `the call could not be checked: ${message(err)}`, evidence: [] };
          return finish({ status: 'denied', output: refusalText(d), decision: d });
        }
        let { decision } = decided;
        inputFindings = decided.findings;
        timing.decisionMs = decided.decisionMs;
        if (decision.action === 'deny') return finish({ status: 'denied', output: refusalText(decision), decision });
        if (decision.action === 'require_approval') {
          const held = await awaitApproval(opts, decision, identity, callId, ctx.signal);
          approvalId = held.approvalId;
          if (!held.ok) return finish({ status: 'denied', output: refusalText(held.decision), decision: held.decision, approvalId });
          // Approved: its rates and budgets are spent now, and a tool the policy no longer allows is refused.
          const approved = await engine.approved(decided.request, decision);
          if (approved.action === 'deny') return finish({ status: 'denied', output: refusalText(approved), decision: approved, approvalId });
          decision = { ...approved, action: 'require_approval' };
        }
        const ctl = new AbortController();
        const stop = () => ctl.abort(ctx.signal?.reason);
        ctx.signal?.addEventListener('abort', stop, { once: true });
        let value: unknown;
        try {
          const args = decision.args as A;
          value = await (typeof implementation === 'function' ? implementation(args, { signal: ctl.signal, identity }) : runSandboxed(sandbox(), implementation, args, ctl.signal));
        } catch (err) {
          const error = message(err);
          return finish({ status: 'error', output: JSON.stringify({ error: 'tool_failed', tool: definition.name, message: error }), decision, error, approvalId });
        } finally {
          ctx.signal?.removeEventListener('abort', stop);
        }
        try {
          const scan = await warden.scanAsync(resultText(value), 'tool_result', { tenant: identity.tenant, userId: identity.userId }, { signal: ctx.signal });
          outputFindings = scan.findings;
          if (scan.action === 'block') {
            const withheld = { ruleId: scan.decidingRule ?? 'tool_result scan', reason: 'the tool result was withheld by the tool_result scan' };
            return finish({ status: 'blocked', output: refusalText(withheld, 'tool_result_blocked'), decision, findings: scan.findings, blockedBy: withheld.ruleId, approvalId });
          }
          return finish({ status: 'ok', output: scan.text, decision, findings: scan.findings, approvalId });
        } catch (err) {
          const withheld = { ruleId: 'tools/scan-error', reason: `the tool result could not be scanned: ${message(err)}` };
          return finish({ status: 'blocked', output: refusalText(withheld, 'tool_result_blocked'), decision, findings: [], blockedBy: withheld.ruleId, approvalId });
        }
      };
      return Object.assign(call, { definition });
    },
  };
}
