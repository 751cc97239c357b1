/**
 * Runs cases against one target: a pool of `concurrency` workers, retries with exponential backoff that
 * honour `retry-after`, a request budget and a time budget (cases not started in time are `skipped`, so a
 * resumed run picks them up), and one CaseResult per case with every request and reply of its transcript.
 * A target that fails (timeout, garbage, reset, rate limit past the retries) fails that case only.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { finalMessages, preludeMessages, toolDefinitions } from './harness.js';
import type { Judge } from './judge.js';
import { scoreReply } from './scoring.js';
import { TargetError, type Target } from './target.js';
import type { AttackCase, CaseResult, ChatMessage, Exchange, Verdict } from './types.js';

export interface RunOptions {
  concurrency: number;
  maxTokens: number;
  /** Retries per request after the first attempt, for rate limits, resets and timeouts. */
  retries: number;
  backoffMs: number;
  maxBackoffMs: number;
  /** Most requests sent in this run, retries included. */
  maxRequests?: number;
  /** Wall-clock budget of this run. */
  maxTimeMs?: number;
  judge?: Judge;
  /** Results of an earlier run of the same cases (resume): these cases are not sent again. */
  done?: ReadonlyMap<string, CaseResult>;
  onResult?: (r: CaseResult) => void;
  sleep?: (ms: number) => Promise<void>;
}

class BudgetSpent extends Error {}

interface Budget {
  requests: number;
  readonly maxRequests: number;
  readonly deadline: number;
}

function take(b: Budget): void {
  if (b.requests >= b.maxRequests) throw new BudgetSpent('request budget spent');
  if (Date.now() >= b.deadline) throw new BudgetSpent('time budget spent');
  b.requests++;
}

async function exchange(target: Target, request: ChatMessage[], tools: Array<Record<string, unknown>>, opts: RunOptions, budget: Budget): Promise<Exchange> {
  const sleep = opts.sleep ?? ((ms: number) => delay(ms));
  for (let attempt = 1; ; attempt++) {
    take(budget);
    try {
      const reply = await target.send(request, { tools, maxTokens: opts.maxTokens });
      return { request, reply, attempts: attempt };
    } catch (e) {
      const err = e instanceof TargetError ? e : new TargetError(e instanceof Error ? e.message : String(e), false);
      if (!err.retryable || attempt > opts.retries) return { request, error: err.message, attempts: attempt };
      const backoff = opts.backoffMs * 2 ** (attempt - 1) * (1 + Math.random() / 2);
      const wait = Math.min(err.retryAfterMs ?? backoff, opts.maxBackoffMs);
      if (Date.now() + wait >= budget.deadline) return { request, error: `${err.message} (no time left to retry)`, attempts: attempt };
      await sleep(wait);
    }
  }
}

function finish(c: AttackCase, verdict: Verdict, transcript: Exchange[]): CaseResult {
  const replies = transcript.flatMap((x) => (x.reply ? [x.reply] : []));
  return {
    id: c.id,
    attackId: c.attackId,
    category: c.category,
    strategy: c.strategy,
    severity: c.severity,
    title: c.title,
    verdict,
    transcript,
    latencyMs: replies.reduce((s, r) => s + r.latencyMs, 0),
    promptTokens: replies.reduce((s, r) => s + r.promptTokens, 0),
    completionTokens: replies.reduce((s, r) => s + r.completionTokens, 0),
  };
}

async function runCase(c: AttackCase, target: Target, opts: RunOptions, budget: Budget): Promise<CaseResult> {
  const tools = toolDefinitions(c.tools);
  const transcript: Exchange[] = [];
  const history: ChatMessage[] = [];
  try {
    for (const turn of c.prelude) {
      const x = await exchange(target, preludeMessages(c, history, turn), tools, opts, budget);
      transcript.push(x);
      if (!x.reply) return finish(c, { outcome: 'error', method: 'none', evidence: x.error ?? 'no reply' }, transcript);
      if (x.reply.blocked) return finish(c, scoreReply(c, x.reply), transcript);
      history.push({ role: 'user', content: turn }, { role: 'assistant', content: x.reply.content });
    }
    const x = await exchange(target, finalMessages(c, history), tools, opts, budget);
    transcript.push(x);
    if (!x.reply) return finish(c, { outcome: 'error', method: 'none', evidence: x.error ?? 'no reply' }, transcript);
    let verdict = scoreReply(c, x.reply);
    if (opts.judge && c.objective.type === 'comply' && verdict.outcome !== 'blocked') {
      verdict = await opts.judge.judge(c.payload, x.reply.content, verdict);
    }
    return finish(c, verdict, transcript);
  } catch (e) {
    if (e instanceof BudgetSpent) return finish(c, { outcome: 'skipped', method: 'none', evidence: e.message }, transcript);
    throw e;
  }
}

export interface RunOutcome {
  /** One per case, in the order of `cases`. */
  results: CaseResult[];
  /** Requests sent in this run, retries included. */
  requests: number;
}

/** Runs every case not already done. */
export async function runCases(cases: readonly AttackCase[], target: Target, opts: RunOptions): Promise<RunOutcome> {
  const budget: Budget = {
    requests: 0,
    maxRequests: opts.maxRequests ?? Number.POSITIVE_INFINITY,
    deadline: opts.maxTimeMs !== undefined ? Date.now() + opts.maxTimeMs : Number.POSITIVE_INFINITY,
  };
  const results: Array<CaseResult | undefined> = cases.map((c) => opts.done?.get(c.id));
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= cases.length) return;
      if (results[i] !== undefined) continue;
      const r = await runCase(cases[i] as AttackCase, target, opts, budget);
      results[i] = r;
      opts.onResult?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, cases.length)) }, worker));
  return { results: results.map((r) => r as CaseResult), requests: budget.requests };
}
