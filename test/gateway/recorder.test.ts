import { describe, expect, it } from 'vitest';
import type { AuditEntry, Identity, TokenUsage } from '../../src/spec/gateway.js';
import type { Action, Finding } from '../../src/spec/types.js';
import { RequestRecorder } from '../../src/gateway/recorder.js';

const ALICE: Identity = { keyId: 'k1', tenant: 'acme', userId: 'u1', userIdSource: 'header', roles: ['dev'], models: ['*'], tools: ['*'], trustUserHeader: true, authMethod: 'api-key' };

function finding(ruleId: string, action: Action, mode: 'enforce' | 'monitor' = 'enforce'): Finding {
  return { ruleId, score: 1, spans: [], message: ruleId, detector: ruleId.split('/')[0] ?? '', stage: 'output', action, mode, evidence: [] };
}

/** A recorder whose sink and log keep what they are given. */
function harness(opts: { failAppend?: boolean } = {}) {
  const entries: AuditEntry[] = [];
  const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const released: (TokenUsage | undefined)[] = [];
  const sink = {
    append: async (e: AuditEntry) => {
      if (opts.failAppend) throw new Error('disk full');
      entries.push(structuredClone(e));
    },
  };
  const log = {
    summary: (obj: object, msg: string) => lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    error: (obj: object, msg: string) => lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
  };
  const rec = new RequestRecorder('req-1', '/v1/chat/completions', sink, log);
  const admit = () => rec.admitted(ALICE, (u) => released.push(u ? { ...u } : undefined));
  return { rec, entries, lines, released, admit };
}

/** The request half as the chat route records it. */
function prepared(h: ReturnType<typeof harness>): void {
  h.admit();
  h.rec.modelRequested('gpt-x');
  h.rec.routed('openai', { input_per_mtok: 2, output_per_mtok: 8 });
  h.rec.requestSeen({ messages: [{ role: 'user', content: 'x'.repeat(40) }], params: { temperature: 0 } });
  h.rec.inputScanned({ action: 'allow', findings: [] }, 1.5);
}

describe('RequestRecorder', () => {
  it('success: one record with the answer, estimated usage, cost and the sent status; admission released once', async () => {
    const h = harness();
    prepared(h);
    h.rec.upstreamFinished(12);
    h.rec.upstreamFinished(99);
    h.rec.outputScanned({ action: 'redact', findings: [finding('pii/email', 'redact')] }, 0.5);
    h.rec.answered('y'.repeat(20));
    h.rec.metered({ promptTokens: 100 });
    await h.rec.finalize(200);
    await h.rec.finalize(500);
    expect(h.entries).toHaveLength(1);
    const e = h.entries[0] as AuditEntry;
    expect(e).toMatchObject({
      requestId: 'req-1',
      route: '/v1/chat/completions',
      identity: { keyId: 'k1', tenant: 'acme', userId: 'u1', userIdSource: 'header', roles: ['dev'], authMethod: 'api-key' },
      model: 'gpt-x',
      upstream: 'openai',
      request: { messages: [{ role: 'user', content: 'x'.repeat(40) }], params: { temperature: 0 } },
      inputFindings: [],
      outputFindings: [{ ruleId: 'pii/email' }],
      action: 'redact',
      status: 200,
      output: 'y'.repeat(20),
      usage: { promptTokens: 100, completionTokens: 5, costUsd: (100 * 2 + 5 * 8) / 1_000_000 },
      latency: { inputScanMs: 1.5, upstreamMs: 12, outputScanMs: 0.5 },
      streamed: false,
    });
    expect(e.errorCode).toBeUndefined();
    expect(e.identity).not.toHaveProperty('models');
    expect(e.latency.totalMs).toBeGreaterThanOrEqual(0);
    expect(h.released).toEqual([{ promptTokens: 100, completionTokens: 5, costUsd: (100 * 2 + 5 * 8) / 1_000_000 }]);
    expect(h.lines).toEqual([{ level: 'info', msg: 'request completed', obj: expect.objectContaining({ requestId: 'req-1', status: 200, action: 'redact' }) }]);
  });

  it('usage estimates count the request as recorded and the answer, 4 characters a token', async () => {
    const h = harness();
    prepared(h);
    h.rec.answered('z'.repeat(9));
    h.rec.metered(undefined);
    await h.rec.finalize(200);
    expect(h.entries[0]?.usage).toMatchObject({ promptTokens: 10, completionTokens: 3 });
  });

  it('input block: the action stays block, the refusal code and status are recorded, the rule named', async () => {
    const h = harness();
    prepared(h);
    h.rec.inputScanned({ action: 'block', findings: [finding('prompt-injection/override', 'block')], decidingRule: 'prompt-injection/override' }, 2);
    h.rec.refused('content_filter', 400);
    await h.rec.finalize(400);
    expect(h.entries).toHaveLength(1);
    expect(h.entries[0]).toMatchObject({ action: 'block', decidingRule: 'prompt-injection/override', errorCode: 'content_filter', status: 400, output: null });
    expect(h.entries[0]?.usage).toBeUndefined();
    expect(h.lines[0]?.msg).toBe('blocked by policy');
  });

  it('a routing refusal replaces the scan verdict with the gateway rule; a reroute keeps the alias price', async () => {
    const h = harness();
    prepared(h);
    h.rec.inputScanned({ action: 'redact', findings: [], decidingRule: 'pii/email' }, 1);
    h.rec.routed('local');
    h.rec.blocked('pii/email-routing');
    h.rec.refused('routing_refused', 403);
    await h.rec.finalize(403);
    expect(h.entries[0]).toMatchObject({ action: 'block', decidingRule: 'pii/email-routing', upstream: 'local', errorCode: 'routing_refused', status: 403 });
  });

  it('upstream error: action error with the code and status', async () => {
    const h = harness();
    prepared(h);
    h.rec.upstreamFinished(30);
    h.rec.failed('upstream_error', 502);
    await h.rec.finalize(502);
    expect(h.entries).toHaveLength(1);
    expect(h.entries[0]).toMatchObject({ action: 'error', errorCode: 'upstream_error', status: 502, latency: { upstreamMs: 30 }, streamed: false });
    expect(h.released).toEqual([undefined]);
  });

  it('admission refused: the identified caller is recorded and nothing is released', async () => {
    const h = harness();
    h.rec.refusedAdmission(ALICE);
    h.rec.failed('rate_limited', 429);
    await h.rec.finalize(429);
    expect(h.entries).toHaveLength(1);
    expect(h.entries[0]).toMatchObject({ identity: { keyId: 'k1' }, action: 'error', errorCode: 'rate_limited', status: 429, model: null, upstream: null });
    expect(h.released).toEqual([]);
  });

  it('client disconnect: 499 and client_disconnected, whatever status the transport reports afterwards', async () => {
    const h = harness();
    prepared(h);
    h.rec.disconnected();
    expect(h.rec.clientGone).toBe(true);
    await h.rec.finalize(200);
    expect(h.entries).toHaveLength(1);
    expect(h.entries[0]).toMatchObject({ action: 'error', errorCode: 'client_disconnected', status: 499 });
  });

  it('stream: the status opened with is kept; tool and hold-back findings, time to first text and the block are recorded', async () => {
    const h = harness();
    prepared(h);
    h.rec.streamOpened();
    h.rec.firstText();
    h.rec.upstreamFinished(40);
    h.rec.outputScanned({ action: 'block', findings: [finding('secrets/aws', 'block'), finding('toxicity/insult', 'flag', 'monitor')], blockedBy: ['secrets/aws'] }, 3);
    h.rec.answered('partial');
    h.rec.metered({ promptTokens: 7, completionTokens: 2 });
    await h.rec.finalize();
    expect(h.entries).toHaveLength(1);
    const e = h.entries[0] as AuditEntry;
    expect(e).toMatchObject({ streamed: true, status: 200, action: 'block', decidingRule: 'secrets/aws', output: 'partial', usage: { promptTokens: 7, completionTokens: 2 } });
    expect(e.outputFindings.map((f) => f.ruleId)).toEqual(['secrets/aws', 'toxicity/insult']);
    expect(e.latency.ttftMs).toBeGreaterThanOrEqual(0);
  });

  it('stream abort: the upstream failure mid-stream is the record, an error the scans cannot lower', async () => {
    const h = harness();
    prepared(h);
    h.rec.streamOpened();
    h.rec.failed('upstream_error', 502);
    h.rec.outputScanned({ action: 'redact', findings: [finding('pii/phone', 'redact')] }, 1);
    h.rec.answered('half an ans');
    h.rec.metered(undefined);
    await h.rec.finalize(200);
    expect(h.entries).toHaveLength(1);
    expect(h.entries[0]).toMatchObject({ streamed: true, action: 'error', errorCode: 'upstream_error', status: 502, output: 'half an ans', usage: { completionTokens: 3 } });
  });

  it('a guard call records its verdict as the answer', async () => {
    const h = harness();
    h.admit();
    h.rec.requestSeen({ messages: [{ role: 'assistant', content: 'a@b.co' }], params: { stage: 'output' } });
    h.rec.guarded('output', { action: 'flag', findings: [finding('pii/email', 'flag')], decidingRule: 'pii/email' }, 'a@b.co', 0.7);
    await h.rec.finalize(200);
    expect(h.entries[0]).toMatchObject({ action: 'flag', decidingRule: 'pii/email', inputFindings: [], outputFindings: [{ ruleId: 'pii/email' }], output: 'a@b.co', latency: { inputScanMs: 0.7 } });
  });

  it('a failing sink or release is logged, never thrown, and the record is still attempted once', async () => {
    const h = harness({ failAppend: true });
    h.rec.admitted(ALICE, () => {
      throw new Error('limit store down');
    });
    await h.rec.finalize(200);
    await h.rec.finalize(200);
    expect(h.lines.map((l) => `${l.level}: ${l.msg}`)).toEqual(['info: request completed', 'error: releasing admission failed', 'error: writing the audit record failed']);
  });
});
