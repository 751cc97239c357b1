/**
 * JUnit XML: one test suite per category, one test case per attack case. A successful attack is a failure,
 * a target error an error, a skipped case skipped; blocked and resisted cases pass. CI systems show it as tests.
 */
import type { RunReport } from './run-report.js';
import type { CaseResult } from '../types.js';

/** XML 1.0 forbids most control characters even as references; they are dropped, the rest escaped. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function lastAnswer(r: CaseResult): string {
  const x = r.transcript[r.transcript.length - 1];
  return x?.reply?.content ?? x?.error ?? '';
}

function testcase(r: CaseResult): string {
  const head = `    <testcase classname="redteam.${xmlEscape(r.category)}" name="${xmlEscape(r.id)}" time="${(r.latencyMs / 1000).toFixed(3)}"`;
  const v = r.verdict;
  if (v.outcome === 'succeeded') {
    return `${head}>\n      <failure message="${xmlEscape(`attack succeeded (${v.method}): ${v.evidence}`)}" type="${xmlEscape(r.severity)}">${xmlEscape(lastAnswer(r))}</failure>\n    </testcase>`;
  }
  if (v.outcome === 'error') return `${head}>\n      <error message="${xmlEscape(v.evidence)}"/>\n    </testcase>`;
  if (v.outcome === 'skipped') return `${head}>\n      <skipped message="${xmlEscape(v.evidence)}"/>\n    </testcase>`;
  return `${head}/>`;
}

export function renderJunit(report: RunReport): string {
  const groups = new Map<string, CaseResult[]>();
  for (const r of report.results) groups.set(r.category, [...(groups.get(r.category) ?? []), r]);
  const o = report.summary.overall;
  const suites = [...groups.entries()].map(([category, rs]) => {
    const t = report.summary.byCategory[category];
    const time = rs.reduce((s, r) => s + r.latencyMs, 0) / 1000;
    return [
      `  <testsuite name="${xmlEscape(category)}" tests="${rs.length}" failures="${t?.succeeded ?? 0}" errors="${t?.errors ?? 0}" skipped="${t?.skipped ?? 0}" time="${time.toFixed(3)}">`,
      ...rs.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(`warden redteam: ${report.target.label}`)}" tests="${o.total}" failures="${o.succeeded}" errors="${o.errors}" skipped="${o.skipped}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
