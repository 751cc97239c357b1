/**
 * Anomaly flags on tool use: a key or session calling a tool far above its own baseline, or making a risky
 * sequence of calls (read customer data, then send e-mail to a domain it never wrote to before). A flag is
 * returned to the caller to audit; a rule whose action is `kill_key` or `kill_tool` also sets that kill switch.
 */
import { z } from 'zod';
import { PolicyError } from '../core/errors.js';
import { LruCache } from '../core/lru.js';
import type { KillSwitchStore } from '../store/interfaces.js';
import { argDomains, sequenceCompleted, type CallRecord } from './anomaly-sequence.js';

const count = z.number().int().positive();
const action = z.enum(['flag', 'kill_key', 'kill_tool']).default('flag');

const stepSchema = z.strictObject({
  /** Tool name, or names, this step matches. */
  tool: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  /** Dotted argument path (e.g. `to`): the step matches only when a domain in it is new to the key. */
  new_domain: z.string().min(1).optional(),
});

export const anomalyOptionsSchema = z.strictObject({
  rate: z
    .strictObject({
      /** Length of one counting window. */
      window_ms: count.default(60_000),
      /** Flag when a window's calls exceed `factor` times the baseline (the smoothed count of past windows)... */
      factor: z.number().gt(1).default(5),
      /** ...and at least this many, so a key with no history is judged against this floor. */
      min_calls: count.default(30),
      /** Weight of the latest window in the baseline (exponential smoothing). */
      smoothing: z.number().gt(0).lte(1).default(0.3),
      action,
    })
    .prefault({}),
  sequences: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        steps: z.array(stepSchema).min(2),
        /** The steps must all fall within this many calls of the subject. */
        within_calls: count.default(20),
        action,
      }),
    )
    .default([]),
  /** Domains that are never new (the organisation's own). */
  known_domains: z.array(z.string().min(1)).default([]),
  /** Keys, sessions and tools remembered at once (least recently used forgotten first). */
  max_subjects: count.default(10_000),
});
export type AnomalyOptions = z.output<typeof anomalyOptionsSchema>;
export type AnomalyAction = AnomalyOptions['rate']['action'];

/** One tool call as the anomaly detector sees it. */
export interface ToolCallEvent {
  tool: string;
  args: Readonly<Record<string, unknown>>;
  keyId: string;
  /** The agent session or conversation, when the front door knows it. */
  sessionId?: string;
}

export interface AnomalyFlag {
  kind: 'rate' | 'sequence';
  /** `rate` or the sequence's name. */
  rule: string;
  /** `key:<id>` or `session:<id>`. */
  subject: string;
  tool: string;
  message: string;
  action: AnomalyAction;
  /** The kill switch the flag set, if its action sets one. */
  killed?: { scope: 'key' | 'tool'; id: string };
  /** Why the kill switch could not be set (the store failed): the front door should refuse the call itself. */
  killError?: string;
}

export interface AnomalyDetector {
  /** Records a call and returns the flags it raises, after setting any kill switch they ask for; never rejects. */
  observe(call: ToolCallEvent): Promise<AnomalyFlag[]>;
}

/** Domains remembered per key; the oldest is forgotten first (it becomes new again: more flags, not fewer). */
const MAX_DOMAINS_PER_KEY = 1_000;

function remember(seen: Set<string>, domain: string): void {
  seen.delete(domain);
  seen.add(domain);
  if (seen.size > MAX_DOMAINS_PER_KEY) seen.delete(seen.values().next().value as string);
}

interface RateState {
  windowStart: number;
  count: number;
  baseline: number;
  flagged: boolean;
}

export interface AnomalyDeps {
  /** Where `kill_key` and `kill_tool` set their switch; required when a rule uses them. */
  killSwitches?: Pick<KillSwitchStore, 'set'>;
  now?: () => number;
}

export function createAnomalyDetector(options: Partial<AnomalyOptions> | Record<string, unknown> = {}, deps: AnomalyDeps = {}): AnomalyDetector {
  const opts = anomalyOptionsSchema.parse(options);
  const now = deps.now ?? Date.now;
  const kills = [opts.rate.action, ...opts.sequences.map((s) => s.action)].some((a) => a !== 'flag');
  if (kills && deps.killSwitches === undefined) {
    throw new PolicyError([{ file: '<inline>', path: 'anomaly', message: 'a rule sets a kill switch but no kill switch store was given' }]);
  }
  const rates = new LruCache<string, RateState>(opts.max_subjects);
  const histories = new LruCache<string, CallRecord[]>(opts.max_subjects);
  const seenDomains = new LruCache<string, Set<string>>(opts.max_subjects);
  const known = new Set(opts.known_domains.map((d) => d.toLowerCase()));
  const rules = opts.sequences;
  const domainPaths = [...new Set(rules.flatMap((r) => r.steps.flatMap((s) => (s.new_domain ? [s.new_domain] : []))))];
  const windowMs = opts.rate.window_ms;
  const alpha = opts.rate.smoothing;

  function rateFlag(subject: string, tool: string, t: number): AnomalyFlag | undefined {
    const key = `${subject}\u0000${tool}`;
    const s = rates.getOrCreate(key, () => ({ windowStart: t - (t % windowMs), count: 0, baseline: 0, flagged: false }));
    const elapsed = Math.floor((t - s.windowStart) / windowMs);
    if (elapsed > 0) {
      // The window that ended joins the baseline; each idle window after it counts as zero calls.
      s.baseline = (alpha * s.count + (1 - alpha) * s.baseline) * (1 - alpha) ** (elapsed - 1);
      s.windowStart += elapsed * windowMs;
      s.count = 0;
      s.flagged = false;
    }
    s.count += 1;
    const limit = Math.max(opts.rate.min_calls, opts.rate.factor * s.baseline);
    if (s.flagged || s.count <= limit) return undefined;
    s.flagged = true;
    const message = `${subject} called ${tool} ${s.count} times in ${windowMs} ms; baseline ${s.baseline.toFixed(1)} per window`;
    return { kind: 'rate', rule: 'rate', subject, tool, message, action: opts.rate.action };
  }

  function sequenceFlags(subject: string, call: ToolCallEvent, fresh: ReadonlySet<string>): AnomalyFlag[] {
    const history = histories.getOrCreate(subject, () => []);
    const record: CallRecord = { tool: call.tool, freshPaths: fresh };
    history.push(record);
    const longest = Math.max(1, ...rules.map((r) => r.within_calls));
    if (history.length > longest) history.splice(0, history.length - longest);
    return rules
      .filter((r) => sequenceCompleted(r, history))
      .map((r) => ({ kind: 'sequence', rule: r.name, subject, tool: call.tool, message: `${subject} made the risky sequence ${r.name}`, action: r.action }));
  }

  async function trip(flag: AnomalyFlag, call: ToolCallEvent, t: number): Promise<AnomalyFlag> {
    if (flag.action === 'flag' || deps.killSwitches === undefined) return flag;
    const scope = flag.action === 'kill_key' ? 'key' : 'tool';
    const id = scope === 'key' ? call.keyId : call.tool;
    try {
      await deps.killSwitches.set(scope, id, `anomaly: ${flag.message}`, new Date(t));
    } catch (err) {
      return { ...flag, killError: err instanceof Error ? err.message : String(err) };
    }
    return { ...flag, killed: { scope, id } };
  }

  return {
    async observe(call) {
      const t = now();
      const keySubject = `key:${call.keyId}`;
      const subjects = call.sessionId === undefined ? [keySubject] : [keySubject, `session:${call.sessionId}`];
      // A domain is new when neither the organisation nor this key has used it before this call.
      const seen = seenDomains.getOrCreate(call.keyId, () => new Set());
      const fresh = new Set<string>();
      for (const path of domainPaths) {
        const domains = argDomains(call.args, path);
        if (domains.some((d) => !known.has(d) && !seen.has(d))) fresh.add(path);
        for (const d of domains) remember(seen, d);
      }
      const flags: AnomalyFlag[] = [];
      for (const subject of subjects) {
        const r = rateFlag(subject, call.tool, t);
        if (r) flags.push(r);
      }
      // Sequences are followed per session when there is one, else per key.
      flags.push(...sequenceFlags(subjects[subjects.length - 1] as string, call, fresh));
      return Promise.all(flags.map((f) => trip(f, call, t)));
    },
  };
}
