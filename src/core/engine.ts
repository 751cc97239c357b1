/** The Warden implementation over a loaded policy and a detector registry. */
import type { Guard } from '../spec/guard.js';
import {
  STAGES,
  type ChatMessage,
  type Detector,
  type ScanContext,
  type ScanOptions,
  type ScanResult,
  type ScanTrace,
  type Stage,
  type Warden,
} from '../spec/types.js';
import { PolicyCompiler, type StagePlan } from './compile.js';
import { applyRedaction, decide } from './decision.js';
import { WardenInputError } from './errors.js';
import { budgetOf, finish, refuseGuards } from './scan-result.js';
import { scanMessage } from './cached-scan.js';
import { newRunState, scanText, sizeFinding, type RunState, type ScanFinding } from './pipeline.js';
import { runGuards, type GuardJob } from './guard-tier.js';
import { ROLES, SIZE_LIMIT_RULES, type Role } from './policy-schema.js';
import type { LoadedPolicy } from './policy-types.js';
import { wellFormed } from './text.js';
import { createVault } from './vault.js';
import { withFields } from './objects.js';
import { DEFAULT_MESSAGE_CACHE_ENTRIES, MessageCache } from './message-cache.js';
import { typeName, validateMessages } from './validate-input.js';
import { quarantineMessage, quarantines } from './quarantine.js';
import type { QuarantinedSegment } from '../spec/context.js';

/** scanInput findings say which message they came from; their spans are relative to that message. */
export type InputFinding = ScanFinding;

export interface InputScanResult extends ScanResult {
  findings: InputFinding[];
  messages?: ChatMessage[];
}

/** The spec's Warden plus policy introspection. */
export interface WardenEngine extends Warden {
  scanInput(messages: string | ChatMessage[], ctx?: ScanContext): InputScanResult;
  scanInputAsync(messages: string | ChatMessage[], ctx?: ScanContext, options?: ScanOptions): Promise<InputScanResult>;
  /** The loaded policy (merged document, source files, extra sections). */
  readonly policy: LoadedPolicy;
  /** The compiled plan for a stage (cached), e.g. to list which detectors run with which settings. */
  forStage(stage: Stage, ctx?: Pick<ScanContext, 'tenant' | 'useCase'>, role?: Role): StagePlan;
}

const STAGE_SET: ReadonlySet<string> = new Set(STAGES);
const EMPTY_CTX: ScanContext = {};

export interface EngineOptions {
  /** The guard registry (the async tier); none when absent. */
  guards?: readonly Guard[];
  /** Messages whose input-scan results are kept per stage plan across requests (see message-cache.ts); 0 turns it off. */
  messageCacheEntries?: number;
}

/** A scanInput call between its phases: validated, plans looked up, the budget clock running. */
interface InputRun {
  readonly single: boolean;
  readonly messages: readonly ChatMessage[];
  readonly plans: readonly StagePlan[];
  readonly clean: readonly string[];
  readonly state: RunState;
  readonly perMessage: ScanFinding[][];
  readonly head: ScanFinding[];
  readonly first: number;
}

export function createEngine(loaded: LoadedPolicy, detectors: readonly Detector[], options: EngineOptions = {}): WardenEngine {
  const compiler = new PolicyCompiler(loaded, detectors, options.guards);
  const entries = options.messageCacheEntries ?? DEFAULT_MESSAGE_CACHE_ENTRIES;
  const cache = entries > 0 ? new MessageCache(entries) : undefined;

  function planFor(text: string, stage: Stage, ctx: ScanContext): StagePlan {
    if (!STAGE_SET.has(stage)) {
      throw new WardenInputError('invalid_stage', `unknown stage ${JSON.stringify(stage)}; expected one of ${STAGES.join(', ')}`);
    }
    if (typeof text !== 'string') {
      throw new WardenInputError('invalid_content', `text to scan must be a string, got ${typeName(text)}`);
    }
    return compiler.forContext(ctx.tenant, ctx.useCase).plan(stage);
  }

  function scanResult(plan: StagePlan, clean: string, state: RunState, findings: ScanFinding[]): ScanResult {
    const decision = decide(findings, state.errors);
    const vault = state.request.vault ?? createVault();
    const out = decision.action === 'redact' ? applyRedaction(clean, findings, plan.redaction, vault) : clean;
    return finish(state, decision, findings, out, vault);
  }

  function syncScan(text: string, stage: Stage, ctx: ScanContext, plan: StagePlan): ScanResult {
    const state = newRunState(ctx, budgetOf(ctx, plan));
    const clean = wellFormed(text);
    return scanResult(plan, clean, state, scanText(plan, clean, state));
  }

  function scan(text: string, stage: Stage, ctx: ScanContext = EMPTY_CTX): ScanResult {
    const plan = planFor(text, stage, ctx);
    if (plan.guards.length > 0) refuseGuards([plan], 0, stage === 'output' ? 'scanOutput' : 'scan');
    return syncScan(text, stage, ctx, plan);
  }

  async function scanAsync(text: string, stage: Stage, ctx: ScanContext = EMPTY_CTX, opts?: ScanOptions): Promise<ScanResult> {
    const plan = planFor(text, stage, ctx);
    const trace = opts?.trace;
    if (plan.guards.length === 0 && trace === undefined) return syncScan(text, stage, ctx, plan);
    const state = newRunState(ctx, budgetOf(ctx, plan), trace);
    const clean = wellFormed(text);
    const span = trace?.start('warden.scan.text', { 'warden.stage': stage, 'warden.chars': clean.length });
    state.textSpan = span;
    const findings = scanText(plan, clean, state);
    if (plan.guards.length > 0) {
      const [guarded = []] = await runGuards([{ plan, text: clean }], state, opts?.signal);
      for (const f of guarded) findings.push(f);
    }
    span?.end({ 'warden.findings': findings.length, 'warden.blocked': state.blocked });
    return scanResult(plan, clean, state, findings);
  }

  function startInput(input: string | ChatMessage[], ctx: ScanContext, trace?: ScanTrace): InputRun {
    const single = typeof input === 'string';
    const messages = single ? [{ role: 'user' as const, content: input }] : validateMessages(input);
    const compiled = compiler.forContext(ctx.tenant, ctx.useCase);
    const base = compiled.plan('input');
    // Plans are looked up (and compiled on first use) before the budget clock starts.
    const plans = messages.map((m) => compiled.plan(m.stage ?? (m.role === 'tool' ? 'tool_result' : 'input'), m.role));
    const state = newRunState(ctx, budgetOf(ctx, base), trace);
    const head: ScanFinding[] = [];
    let first = 0;
    if (messages.length > base.maxMessages) {
      const f = sizeFinding(base, SIZE_LIMIT_RULES.messages, `${messages.length} messages exceed max_messages (${base.maxMessages})`);
      if (f) {
        head.push(f);
        if (f.mode === 'enforce' && f.action === 'block') state.blocked = true;
      }
      // Only the newest max_messages are scanned when the limit is not enforced as a block.
      first = messages.length - base.maxMessages;
    }
    const clean = messages.map((m) => wellFormed(m.content));
    return { single, messages, plans, clean, state, perMessage: messages.map(() => []), head, first };
  }

  function inputSyncTier(run: InputRun, ctx: ScanContext): void {
    const { messages, plans, clean, state, perMessage } = run;
    // A single message has no history to reuse: one-shot traffic skips the cache's hashing and churn.
    const turnCache = messages.length > 1 ? cache : undefined;
    const contextKey = turnCache === undefined ? '' : MessageCache.contextKey(ctx);
    // Newest first: that is where a new attack is, and a block there makes older history moot.
    for (let i = messages.length - 1; i >= run.first; i--) {
      const plan = plans[i] as StagePlan;
      if (state.blocked) {
        for (const s of plan.steps) state.skipped.add(s.detector.id);
        continue;
      }
      const text = clean[i] as string;
      const wasBlocked = state.blocked;
      const span = state.trace?.start('warden.scan.message', { 'warden.message_index': i, 'warden.role': messages[i]?.role ?? '', 'warden.stage': plan.stage, 'warden.chars': text.length });
      state.textSpan = span;
      perMessage[i] = turnCache === undefined ? scanText(plan, text, state, i) : scanMessage(turnCache, contextKey, plan, text, state, i);
      span?.end({ 'warden.findings': (perMessage[i] as ScanFinding[]).length, 'warden.blocked': state.blocked });
      // A quarantined segment's block stays with the segment: the older messages are still scanned.
      if (quarantines(plan)) state.blocked = wasBlocked;
    }
  }

  function inputResult(run: InputRun, ctx: ScanContext): InputScanResult {
    const { messages, plans, clean, state, perMessage } = run;
    const quarantined: QuarantinedSegment[] = [];
    let rewritten: Map<number, string> | undefined;
    perMessage.forEach((fs, i) => {
      const q = quarantineMessage(i, plans[i] as StagePlan, clean[i] as string, fs);
      if (!q) return;
      quarantined.push(q.segment);
      perMessage[i] = q.findings;
      if (q.content !== undefined) (rewritten ??= new Map()).set(i, q.content);
    });
    const findings = run.head;
    for (const fs of perMessage) for (const f of fs) findings.push(f);
    const decision = decide(findings, state.errors);
    const vault = ctx.vault ?? createVault();
    const redacted = messages.map((m, i) => {
      const content = clean[i] as string;
      const fs = perMessage[i] as ScanFinding[];
      const text =
        rewritten?.get(i) ??
        (decision.action === 'redact' && fs.length > 0 ? applyRedaction(content, fs, (plans[i] as StagePlan).redaction, vault) : content);
      return text === m.content ? m : withFields(m, { content: text });
    });
    let lastUser = '';
    for (let i = redacted.length - 1; i >= 0; i--) {
      const m = redacted[i] as ChatMessage;
      if (m.role === 'user') {
        lastUser = m.content;
        break;
      }
    }
    const result: InputScanResult = finish(state, decision, findings, lastUser, vault);
    if (!run.single) result.messages = redacted;
    if (quarantined.length > 0) result.quarantined = quarantined;
    return result;
  }

  function scanInput(input: string | ChatMessage[], ctx: ScanContext = EMPTY_CTX): InputScanResult {
    const run = startInput(input, ctx);
    refuseGuards(run.plans, run.first, 'scanInput');
    inputSyncTier(run, ctx);
    return inputResult(run, ctx);
  }

  async function scanInputAsync(input: string | ChatMessage[], ctx: ScanContext = EMPTY_CTX, opts?: ScanOptions): Promise<InputScanResult> {
    const run = startInput(input, ctx, opts?.trace);
    inputSyncTier(run, ctx);
    run.state.textSpan = undefined;
    const jobs: Array<GuardJob & { messageIndex: number }> = [];
    for (let i = run.messages.length - 1; i >= run.first; i--) {
      const plan = run.plans[i] as StagePlan;
      if (plan.guards.length > 0) jobs.push({ plan, text: run.clean[i] as string, messageIndex: i });
    }
    if (jobs.length > 0) {
      const guarded = await runGuards(jobs, run.state, opts?.signal);
      jobs.forEach((job, j) => {
        for (const f of guarded[j] ?? []) (run.perMessage[job.messageIndex] as ScanFinding[]).push(f);
      });
    }
    return inputResult(run, ctx);
  }

  function warmUp(texts: readonly string[]): void {
    const untimed: ScanContext = { budgetMs: Number.POSITIVE_INFINITY };
    for (const text of texts) {
      for (const stage of STAGES) syncScan(text, stage, untimed, planFor(text, stage, untimed));
      const run = startInput(ROLES.map((role) => ({ role, content: text })), untimed);
      inputSyncTier(run, untimed);
      inputResult(run, untimed);
    }
  }

  const engine: WardenEngine = {
    scan,
    scanInput,
    scanOutput: (text, ctx) => scan(text, 'output', ctx),
    scanAsync,
    scanInputAsync,
    scanOutputAsync: (text, ctx, opts) => scanAsync(text, 'output', ctx, opts),
    warmUp,
    needsAsync: (stage, ctx) => {
      const compiled = compiler.forContext(ctx?.tenant, ctx?.useCase);
      return compiled.plan(stage).guards.length > 0 || ROLES.some((role) => compiled.plan(stage, role).guards.length > 0);
    },
    policy: loaded,
    forStage: (stage, ctx, role) => compiler.forContext(ctx?.tenant, ctx?.useCase).plan(stage, role),
  };
  return engine;
}
