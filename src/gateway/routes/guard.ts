/** POST /v1/guard: scan arbitrary messages or text for a stage and return the verdict, for callers in any language. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { STAGES, type ScanResult, type Stage } from '../../spec/types.js';
import { GatewayError } from '../errors.js';
import { requestCanariesSchema } from './canaries.js';
import { identityOf, useCaseHeader, type GatewayRuntime } from './runtime.js';

export const guardBodySchema = z
  .strictObject({
    stage: z.enum(STAGES as [Stage, ...Stage[]]).default('input'),
    text: z.string().optional(),
    messages: z
      .array(z.strictObject({ role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']), content: z.string(), name: z.string().optional() }))
      .min(1)
      .optional(),
    system_prompt: z.string().optional(),
    canaries: requestCanariesSchema.optional(),
  })
  .refine((b) => (b.text === undefined) !== (b.messages === undefined), { message: 'give exactly one of "text" or "messages"' })
  .refine((b) => b.messages === undefined || b.stage === 'input', { message: '"messages" is only scanned for stage "input"; use "text" for other stages' });

export function verdictJson(r: ScanResult): Record<string, unknown> {
  return {
    action: r.action,
    decidingRule: r.decidingRule ?? null,
    monitorAction: r.monitorAction,
    findings: r.findings,
    text: r.text,
    messages: r.messages,
    errors: r.errors,
    skipped: r.skipped,
    latencyMs: r.latencyMs,
  };
}

export function registerGuardRoute(app: FastifyInstance, rt: GatewayRuntime): void {
  app.post('/v1/guard', async (req) => {
    const rec = rt.recorderOf(req);
    const identity = identityOf(req);
    const parsed = guardBodySchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.join('.') ?? '';
      throw new GatewayError('invalid_request', `Invalid guard request${path ? ` at ${path}` : ''}: ${issue?.message ?? 'malformed'}.`);
    }
    const b = parsed.data;
    const ctx = { tenant: identity.tenant, userId: identity.userId, useCase: useCaseHeader(req), systemPrompt: b.system_prompt, canaries: b.canaries };
    rec.requestSeen({ messages: b.messages ?? [{ role: b.stage === 'output' ? 'assistant' : b.stage === 'input' ? 'user' : 'tool', content: b.text ?? '' }], params: { stage: b.stage } });
    const r = b.messages !== undefined ? await rt.warden.scanInputAsync(b.messages, ctx) : await rt.warden.scanAsync(b.text ?? '', b.stage, ctx);
    rec.guarded(b.stage, r, r.text, r.latencyMs);
    return verdictJson(r);
  });
}
