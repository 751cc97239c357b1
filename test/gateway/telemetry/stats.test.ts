/** The overview's windowed stats: counts, block rate, top rules and latency per stage over chosen windows. */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/spec/gateway.js';
import type { Finding } from '../../../src/spec/types.js';
import { GatewayStats } from '../../../src/gateway/telemetry/stats.js';

const MIN = 60_000;

function finding(ruleId: string, action: Finding['action']): Finding {
  return { ruleId, score: 1, spans: [], message: '', detector: ruleId.split('/')[0] as string, stage: 'input', action, mode: 'enforce', evidence: [] };
}

function entry(action: AuditEntry['action'], totalMs: number, findings: Finding[] = [], errorCode?: string): AuditEntry {
  return {
    requestId: 'r', ts: '', route: '/v1/chat/completions', identity: null, model: null, upstream: 'u', request: { messages: [] },
    inputFindings: findings, outputFindings: [], action, status: 200, errorCode, output: null, latency: { totalMs }, streamed: false,
  };
}

describe('GatewayStats', () => {
  it('sums the minutes inside the window and forgets the ones outside it', async () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 30);
    const stats = new GatewayStats({ breakers: () => [{ upstream: 'u', state: 'open' }], pendingApprovals: async () => 3 }, () => now);
    stats.request(entry('allow', 10));
    stats.request(entry('block', 4, [finding('prompt-injection/override', 'block'), finding('pii/email', 'allow')]));
    now += 10 * MIN;
    stats.request(entry('error', 2000, [], 'upstream_timeout'));
    stats.request(entry('block', 6, [finding('prompt-injection/override', 'block'), finding('secrets/aws', 'redact')]));
    stats.stage('upstream', 1900);

    const recent = await stats.snapshot(300);
    expect(recent).toMatchObject({ windowSeconds: 300, requests: 2, blocked: 1, errors: 1, upstreamErrors: 1, blockRate: 0.5, approvalsPending: 3 });
    expect(recent.series).toHaveLength(5);
    expect(recent.series.at(-1)).toMatchObject({ requests: 2, blocked: 1, errors: 1 });
    expect(recent.breakers).toEqual([{ upstream: 'u', state: 'open' }]);

    const hour = await stats.snapshot(3600);
    expect(hour).toMatchObject({ requests: 4, blocked: 2, blockRate: 0.5 });
    expect(hour.topRules).toEqual([
      { rule: 'prompt-injection/override', count: 2 },
      { rule: 'secrets/aws', count: 1 },
    ]);
    expect(hour.latency.total).toMatchObject({ count: 4, p50Ms: 10, p99Ms: 2500 });
    expect(hour.latency.total?.meanMs).toBeCloseTo(2020 / 4);
    expect(hour.latency.upstream).toMatchObject({ count: 1, p95Ms: 2500 });

    now += 25 * 60 * MIN;
    expect(await stats.snapshot(86_400)).toMatchObject({ requests: 0, blockRate: 0, topRules: [] });
  });
});
