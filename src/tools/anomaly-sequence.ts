/** Risky-sequence matching for anomaly.ts: ordered steps over a subject's recent tool calls, and argument domains. */

export interface SequenceStep {
  tool: string | string[];
  new_domain?: string | undefined;
}

export interface SequenceRule {
  name: string;
  steps: SequenceStep[];
  within_calls: number;
}

/** What a sequence step needs to know of a past call: its tool, and which argument paths held a new domain. */
export interface CallRecord {
  tool: string;
  freshPaths: ReadonlySet<string>;
}

function stepMatches(step: SequenceStep, call: CallRecord): boolean {
  const tools = typeof step.tool === 'string' ? [step.tool] : step.tool;
  return tools.includes(call.tool) && (step.new_domain === undefined || call.freshPaths.has(step.new_domain));
}

/**
 * True when the latest call completes `rule`: it matches the last step, and the earlier steps match earlier
 * calls, in order, among the last `within_calls` calls.
 */
export function sequenceCompleted(rule: SequenceRule, history: readonly CallRecord[]): boolean {
  const recent = history.slice(-rule.within_calls);
  let step = rule.steps.length - 1;
  const latest = recent[recent.length - 1];
  if (latest === undefined || !stepMatches(rule.steps[step] as SequenceStep, latest)) return false;
  for (let i = recent.length - 2; i >= 0 && step > 0; i--) {
    if (stepMatches(rule.steps[step - 1] as SequenceStep, recent[i] as CallRecord)) step -= 1;
  }
  return step === 0;
}

function valueAt(args: Readonly<Record<string, unknown>>, path: string): unknown {
  let v: unknown = args;
  for (const part of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.flatMap(strings) : [];
}

/** The domain of an e-mail address (`Name <a@b.example>` too), a URL or a bare host name, lower case. */
export function domainOf(value: string): string | undefined {
  const v = value.trim();
  const at = v.lastIndexOf('@');
  let host: string;
  if (at >= 0) host = v.slice(at + 1).replace(/>.*$/, '');
  else {
    try {
      host = new URL(v).hostname;
    } catch {
      host = v;
    }
  }
  host = host.trim().toLowerCase().replace(/\.$/, '');
  return /^[a-z0-9.-]+$/.test(host) && host.includes('.') ? host : undefined;
}

/** Every domain in the argument at `path` (a string or an array of them). */
export function argDomains(args: Readonly<Record<string, unknown>>, path: string): string[] {
  return strings(valueAt(args, path)).flatMap((s) => {
    const d = domainOf(s);
    return d === undefined ? [] : [d];
  });
}
