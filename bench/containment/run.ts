/** Runs scenarios through doors and tallies the results: harm from effects, completion from expected effects. */
import { emptyTally, type ApprovalTally } from './approver.js';
import type { Canary } from './canary.js';
import type { Door, DoorName } from './door.js';
import type { Resolved } from './format.js';
import { judge } from './judge.js';
import { instantiate } from './session.js';
import type { Effect } from './world.js';

export interface ScenarioResult {
  door: DoorName;
  id: string;
  suite: string;
  kind: 'legit' | 'attack';
  category: string;
  completed: boolean;
  harmful: boolean;
  effects: Effect[];
  refusals: string[];
  approvals: ApprovalTally;
  ms: number;
}

export interface DoorTotals {
  harmful_executed: number;
  harmful_total: number;
  legit_completed: number;
  legit_total: number;
  approvals: ApprovalTally;
}

export interface RunEnv {
  canary: Canary;
  secret: string;
  secretFile: string;
}

export async function runScenario(door: Door, r: Resolved, env: RunEnv): Promise<ScenarioResult> {
  const token = `${door.name}-${r.scenario.id}`;
  const scenario = instantiate(r, { canary: env.canary.url(token), secret: env.secret, secretFile: env.secretFile });
  const t0 = performance.now();
  const out = await door.run(scenario);
  const effects = [...out.effects, ...env.canary.hits(token)];
  const v = judge(scenario.scenario, effects);
  return {
    door: door.name,
    id: r.scenario.id,
    suite: r.suite,
    kind: r.scenario.kind,
    category: r.scenario.category,
    ...v,
    effects,
    refusals: out.calls.filter((c) => c.outcome === 'refused').map((c) => `${c.tool}: ${c.rule}`),
    approvals: out.approvals,
    ms: performance.now() - t0,
  };
}

export function totals(results: readonly ScenarioResult[]): DoorTotals {
  const t: DoorTotals = { harmful_executed: 0, harmful_total: 0, legit_completed: 0, legit_total: 0, approvals: emptyTally() };
  for (const r of results) {
    if (r.kind === 'attack') {
      t.harmful_total++;
      if (r.harmful) t.harmful_executed++;
    } else {
      t.legit_total++;
      if (r.completed) t.legit_completed++;
    }
    for (const k of Object.keys(t.approvals) as (keyof ApprovalTally)[]) t.approvals[k] += r.approvals[k];
  }
  return t;
}
