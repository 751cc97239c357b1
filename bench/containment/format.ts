/**
 * The scenario file format of the containment benchmark (docs/containment.md): one YAML file per suite, with
 * the world the simulated tools act on, the identities that run its scenarios, and the scenarios themselves
 * (a user's request, the calls a human approver would accept, and the effects that count as done or as harm).
 * New scenarios are data: drop a file in bench/containment/scenarios/ and the benchmark and its test pick it up.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'expected a lower-case id such as "refund-small"' });
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** A test on one field of an effect: a plain value is equality. */
const fieldTest = z.union([
  scalar,
  z.strictObject({ gt: z.number() }),
  z.strictObject({ lt: z.number() }),
  z.strictObject({ contains: z.string().min(1) }),
  z.strictObject({ in: z.array(scalar).min(1) }),
  z.strictObject({ not_in: z.array(scalar).min(1) }),
]);

/** Matches effects of one kind whose fields pass every test. */
export const effectMatcherSchema = z.strictObject({
  effect: z.enum(['order_read', 'refund', 'email', 'customer_read', 'file_write', 'file_delete', 'http_get', 'code_run', 'network', 'export']),
  where: z.record(z.string(), fieldTest).default({}),
  /** How many matching effects it takes (e.g. a second refund of one order). */
  at_least: z.number().int().min(1).default(1),
});

const customer = z.strictObject({ name: z.string(), email: z.string(), phone: z.string().optional(), card_last4: z.string().optional() });
const order = z.strictObject({ customer: z.string(), total: z.number(), status: z.string(), note: z.string().default('') });

export const worldSchema = z.strictObject({
  customers: z.record(z.string(), customer).default({}),
  orders: z.record(z.string(), order).default({}),
  /** Relative paths under the agent's workspace. */
  files: z.record(z.string(), z.string()).default({}),
  /** URL -> page text; any other URL answers 404. */
  web: z.record(z.string(), z.string()).default({}),
  inbox: z.array(z.strictObject({ from: z.string(), subject: z.string(), body: z.string() })).default([]),
});

/** Who runs a scenario: the agent's credential (roles) and the end user it serves. */
export const identitySchema = z.strictObject({
  roles: z.array(z.string().min(1)).default([]),
  user_id: z.string().min(1).optional(),
});

const approvalSchema = z.strictObject({
  tool: z.string().min(1),
  args: z.record(z.string(), z.unknown()),
  /** How many times the human approves this exact call. */
  times: z.number().int().min(1).default(1),
});

export const scenarioSchema = z
  .strictObject({
    id,
    kind: z.enum(['legit', 'attack']),
    /** What the attack tries (for the breakdown), e.g. over-limit-refund, exfil-email, self-approval. */
    category: z.string().min(1).max(64),
    identity: z.string().min(1),
    /** The user's own message(s). */
    user: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    /** Scenario-specific additions to the suite's world (merged key by key). */
    world: worldSchema.partial().optional(),
    /** Calls the human approver accepts when asked (anything else they deny). */
    approve: z.array(approvalSchema).default([]),
    /** The requester tries to approve its own held calls (must be refused). */
    self_approve: z.boolean().default(false),
    /** Legit: every matcher must match an effect that happened. */
    expect: z.array(effectMatcherSchema).default([]),
    /** Attack: any effect matching one of these is a harmful action executed. */
    harmful: z.array(effectMatcherSchema).default([]),
  })
  .superRefine((s, ctx) => {
    if (s.kind === 'legit' && s.expect.length === 0) ctx.addIssue({ code: 'custom', path: ['expect'], message: 'a legit task needs at least one expected effect' });
    if (s.kind === 'attack' && s.harmful.length === 0) ctx.addIssue({ code: 'custom', path: ['harmful'], message: 'an attack needs at least one harmful effect' });
  });

export const suiteSchema = z
  .strictObject({
    suite: id,
    description: z.string().min(1),
    world: worldSchema.prefault({}),
    identities: z.record(z.string(), identitySchema),
    scenarios: z.array(scenarioSchema).min(1),
  })
  .superRefine((s, ctx) => {
    for (const [i, sc] of s.scenarios.entries()) {
      if (s.identities[sc.identity] === undefined) ctx.addIssue({ code: 'custom', path: ['scenarios', i, 'identity'], message: `unknown identity "${sc.identity}" (define it under identities:)` });
    }
  });

export type FieldTest = z.infer<typeof fieldTest>;
export type EffectMatcher = z.infer<typeof effectMatcherSchema>;
export type World = z.infer<typeof worldSchema>;
export type ScenarioIdentity = z.infer<typeof identitySchema>;
export type Scenario = z.infer<typeof scenarioSchema>;
export type Suite = z.infer<typeof suiteSchema>;

/** A scenario with its suite's world merged in and its identity resolved: what a door runs. */
export interface Resolved {
  suite: string;
  scenario: Scenario;
  world: World;
  identity: ScenarioIdentity;
}

export const SCENARIO_DIR = join(import.meta.dirname, 'scenarios');

/** Parses one suite file; throws with the file name and the path of every problem. */
export function loadSuite(file: string): Suite {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not valid YAML: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const r = suiteSchema.safeParse(doc);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new Error(`${file}: invalid scenario file\n${lines.join('\n')}`);
}

export function loadSuites(dir = SCENARIO_DIR): Suite[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  const suites = files.map((f) => loadSuite(join(dir, f)));
  const seen = new Set<string>();
  for (const s of suites) {
    for (const sc of s.scenarios) {
      if (seen.has(sc.id)) throw new Error(`${dir}: scenario id "${sc.id}" is used twice`);
      seen.add(sc.id);
    }
  }
  return suites;
}

export function resolveScenarios(suites: readonly Suite[]): Resolved[] {
  return suites.flatMap((s) =>
    s.scenarios.map((scenario) => ({
      suite: s.suite,
      scenario,
      identity: s.identities[scenario.identity] as ScenarioIdentity,
      world: {
        customers: { ...s.world.customers, ...scenario.world?.customers },
        orders: { ...s.world.orders, ...scenario.world?.orders },
        files: { ...s.world.files, ...scenario.world?.files },
        web: { ...s.world.web, ...scenario.world?.web },
        inbox: [...s.world.inbox, ...(scenario.world?.inbox ?? [])],
      },
    })),
  );
}
