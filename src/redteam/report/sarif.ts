/**
 * SARIF 2.1.0 for code-scanning tools: one rule per attack of the library, one result per successful attack,
 * located at the attack's entry in its library file (redteam/attacks/<category>.yaml) so the finding points
 * at the test that found it. Results carry the case's strategy, verdict and final answer as properties.
 */
import type { RunReport } from './run-report.js';
import type { CaseResult, Severity } from '../types.js';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

export interface AttackLocation {
  uri: string;
  line: number;
}

export function renderSarif(report: RunReport, version: string, locate: (attackId: string, category: string) => AttackLocation): Record<string, unknown> {
  const attacks = new Map<string, CaseResult>();
  for (const r of report.results) if (!attacks.has(r.attackId)) attacks.set(r.attackId, r);
  const ruleIds = [...attacks.keys()].sort();
  const rules = ruleIds.map((id) => {
    const r = attacks.get(id) as CaseResult;
    return {
      id,
      name: id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
      shortDescription: { text: r.title },
      fullDescription: { text: `${r.category}: ${r.title}` },
      defaultConfiguration: { level: LEVEL[r.severity] },
      properties: { tags: ['security', 'llm', r.category], 'security-severity': SECURITY_SEVERITY[r.severity] },
    };
  });
  const results = report.results
    .filter((r) => r.verdict.outcome === 'succeeded')
    .map((r) => {
      const loc = locate(r.attackId, r.category);
      const last = r.transcript[r.transcript.length - 1];
      return {
        ruleId: r.attackId,
        ruleIndex: ruleIds.indexOf(r.attackId),
        level: LEVEL[r.severity],
        message: { text: `${r.title} succeeded against ${report.target.label} (${report.target.model}) with strategy ${r.strategy}: ${r.verdict.evidence}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: loc.uri, uriBaseId: 'SRCROOT' }, region: { startLine: loc.line } } }],
        partialFingerprints: { redteamCase: `${r.id}@${report.target.label}` },
        properties: { caseId: r.id, category: r.category, strategy: r.strategy, method: r.verdict.method, answer: (last?.reply?.content ?? '').slice(0, 2000) },
      };
    });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'warden-redteam', version, rules } },
        automationDetails: { id: `warden-redteam/${report.target.label}/` },
        invocations: [{ executionSuccessful: report.summary.overall.errors === 0, startTimeUtc: report.startedAt, endTimeUtc: report.finishedAt }],
        results,
        properties: { target: report.target, asr: report.summary.overall.asr, securityScore: report.summary.securityScore },
      },
    ],
  };
}
