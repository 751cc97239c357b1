/**
 * `warden policy test FILE`: tool-policy unit tests in YAML. Each test is a tool call with an identity, request
 * facts, the session's history and context, and the decision expected; `steps` run several calls in order on
 * one set of counters (rates, budgets). Exit 0 when every test passes, 1 when any fails, 2 for a bad file.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { PolicyError, type LoadedPolicy } from '../../core/index.js';
import { describeIssue } from '../../core/policy-schema.js';
import { toPolicyIssues } from '../../core/policy-issues.js';
import { createMemoryLimitStore } from '../../store/memory-limits.js';
import type { ToolDecision, ToolDecisionRequest } from '../../spec/tools.js';
import { ToolPolicyEngine } from '../../tools/decide.js';
import { EXIT } from '../command.js';
import { out } from '../io.js';
import { loadCliPolicy } from '../load-policy.js';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
const identitySchema = z.strictObject({
  key_id: z.string().default('policy-test'),
  tenant: z.string().default('default'),
  roles: z.array(z.string()).default([]),
  user_id: z.string().optional(),
  attributes: z.record(z.string(), scalar).default({}),
});
const stepSchema = z.strictObject({
  call: z.strictObject({ name: z.string().min(1), arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).default({}) }),
  expect: z.strictObject({
    action: z.enum(['allow', 'deny', 'require_approval']),
    rule: z.string().optional(),
    reason_contains: z.string().optional(),
  }),
});
const testSchema = z.strictObject({
  name: z.string().min(1),
  identity: identitySchema.prefault({}),
  request: z.strictObject({ model: z.string().optional(), user: z.string().optional(), use_case: z.string().optional() }).default({}),
  history: z.array(z.strictObject({ name: z.string(), args: z.unknown().optional() })).default([]),
  context: z.array(z.strictObject({ source: z.enum(['user', 'untrusted']), text: z.string() })).default([]),
  /** ISO-8601 time of the calls (limits windows); default 2026-01-01T12:00:00Z, so results never depend on the clock. */
  at: z.iso.datetime().default('2026-01-01T12:00:00Z'),
  call: stepSchema.shape.call.optional(),
  expect: stepSchema.shape.expect.optional(),
  steps: z.array(stepSchema).optional(),
});
const fileSchema = z.strictObject({
  /** The policy under test, relative to this file (or `--policy`). */
  policy: z.string().min(1).optional(),
  tests: z.array(testSchema).min(1),
});

type PolicyTest = z.infer<typeof testSchema>;
type Step = z.infer<typeof stepSchema>;

function parseTestFile(file: string): z.infer<typeof fileSchema> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new PolicyError(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { file, line: pos.line, column: pos.col, path: '', message: `YAML syntax error: ${e.message}` };
      }),
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const parsed = fileSchema.safeParse(data, { error: describeIssue });
  if (!parsed.success) throw new PolicyError(toPolicyIssues(parsed.error.issues, data, { file, doc, lineCounter }, fileSchema));
  const bad = parsed.data.tests.findIndex((t) => (t.steps === undefined) === (t.call === undefined || t.expect === undefined));
  if (bad >= 0) throw new PolicyError([{ file, path: `tests[${bad}]`, message: 'a test has either "call" and "expect", or "steps"' }]);
  return parsed.data;
}

function verdict(d: ToolDecision): string {
  return `${d.action} (${d.ruleId}): ${d.reason}`;
}

async function runTest(policy: LoadedPolicy, t: PolicyTest): Promise<string | undefined> {
  const engine = new ToolPolicyEngine(policy, { limits: createMemoryLimitStore() });
  const steps: Step[] = t.steps ?? (t.call && t.expect ? [{ call: t.call, expect: t.expect }] : []);
  const now = Date.parse(t.at);
  for (const [i, step] of steps.entries()) {
    const args = typeof step.call.arguments === 'string' ? step.call.arguments : JSON.stringify(step.call.arguments);
    const id = t.identity;
    const req: ToolDecisionRequest = {
      call: { id: `test-${i}`, name: step.call.name, arguments: args },
      identity: { keyId: id.key_id, tenant: id.tenant, roles: id.roles, attributes: id.attributes, ...(id.user_id !== undefined ? { userId: id.user_id } : {}) },
      request: { ...(t.request.model !== undefined ? { model: t.request.model } : {}), ...(t.request.user !== undefined ? { user: t.request.user } : {}), ...(t.request.use_case !== undefined ? { useCase: t.request.use_case } : {}) },
      history: t.history.map((h) => ({ name: h.name, args: h.args ?? {} })),
      context: t.context,
      now,
    };
    const d = await engine.decide(req);
    const e = step.expect;
    const where = steps.length > 1 ? `step ${i + 1}: ` : '';
    if (d.action !== e.action || (e.rule !== undefined && d.ruleId !== e.rule) || (e.reason_contains !== undefined && !d.reason.includes(e.reason_contains))) {
      return `${where}expected ${e.action}${e.rule ? ` (${e.rule})` : ''}${e.reason_contains ? ` with a reason containing ${JSON.stringify(e.reason_contains)}` : ''}, got ${verdict(d)}`;
    }
  }
  return undefined;
}

/** Runs a test file; the policy comes from `--policy`, else the file's `policy:` (relative to it). Throws PolicyError. */
export async function runPolicyTests(file: string, policyFile: string | undefined): Promise<number> {
  const tests = parseTestFile(file);
  const target = policyFile ?? (tests.policy !== undefined ? resolve(dirname(file), tests.policy) : undefined);
  if (target === undefined) throw new PolicyError([{ file, path: 'policy', message: 'no policy to test: add "policy: ./warden.yaml" or pass --policy' }]);
  const policy = loadCliPolicy(target);
  let failed = 0;
  for (const t of tests.tests) {
    const problem = await runTest(policy, t);
    if (problem === undefined) out(`PASS ${t.name}`);
    else {
      failed++;
      out(`FAIL ${t.name}: ${problem}`);
    }
  }
  out(`${tests.tests.length - failed} passed, ${failed} failed (${target})`);
  return failed === 0 ? EXIT.ok : EXIT.blocked;
}
