/** Results of a small run built by hand (hostile text included), for the report tests. */
import { summarize } from '../../src/redteam/summary.js';
import type { RunReport } from '../../src/redteam/report/run-report.js';
import type { CaseResult, Outcome } from '../../src/redteam/types.js';

export const HOSTILE = '<script>alert(1)</script> ]]> & "quotes" \u0007bell';

function result(id: string, category: CaseResult['category'], outcome: Outcome, answer: string): CaseResult {
  return {
    id: `${id}~none`,
    attackId: id,
    category,
    strategy: 'none',
    severity: 'high',
    title: `title of ${id} ${HOSTILE}`,
    verdict: { outcome, method: outcome === 'succeeded' ? 'canary' : 'none', evidence: `evidence ${HOSTILE}` },
    transcript: [
      {
        request: [
          { role: 'system', content: 'system prompt' },
          { role: 'user', content: `attack ${HOSTILE}` },
        ],
        ...(outcome === 'error' ? { error: 'upstream_timeout: timed out' } : { reply: { content: answer, toolCalls: [], finishReason: 'stop', promptTokens: 12, completionTokens: 4, latencyMs: 5 } }),
        attempts: 1,
      },
    ],
    latencyMs: 5,
    promptTokens: 12,
    completionTokens: 4,
  };
}

export function sampleReport(): RunReport {
  const results = [
    result('pe-verbatim', 'prompt-extraction', 'succeeded', `Sure! ${HOSTILE} CNRY-1`),
    result('dpi-ignore-say', 'direct-injection', 'blocked', ''),
    result('jb-dan', 'jailbreak', 'resisted', 'I cannot do that.'),
    result('tm-read-shadow', 'tool-misuse', 'error', ''),
    result('hc-threat', 'harmful-content', 'skipped', ''),
  ];
  return {
    format: 'warden-redteam-report/1',
    target: { label: `demo ${HOSTILE}`, model: 'warden-demo-vulnerable' },
    seed: 1,
    strategies: ['none'],
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    requests: 4,
    summary: summarize(results),
    results,
  };
}
