/** One red-team run end to end: resume from the state file, run, summarise, write the requested reports. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { packageRoot } from '../core/presets.js';
import { renderHtml } from './report/html.js';
import { renderJunit } from './report/junit.js';
import type { RunReport } from './report/run-report.js';
import { renderSarif, type AttackLocation } from './report/sarif.js';
import { runCases, type RunOptions } from './runner.js';
import { openRunState, runFingerprint } from './state.js';
import { summarize } from './summary.js';
import type { Target } from './target.js';
import type { Attack, AttackCase } from './types.js';

export interface SessionOptions extends Omit<RunOptions, 'done'> {
  seed: number;
  strategies: string[];
  /** Resumable state file; finished cases in it are not sent again. */
  stateFile?: string;
  /** Called once with the number of cases the state file already holds. */
  onResume?: (done: number) => void;
}

export async function runSession(cases: readonly AttackCase[], target: Target, opts: SessionOptions): Promise<RunReport> {
  const state = opts.stateFile !== undefined ? openRunState(opts.stateFile, runFingerprint(cases, target)) : undefined;
  opts.onResume?.(state?.done.size ?? 0);
  const startedAt = new Date().toISOString();
  const onResult = opts.onResult;
  const { results, requests } = await runCases(cases, target, {
    ...opts,
    ...(state ? { done: state.done } : {}),
    onResult: (r) => {
      state?.record(r);
      onResult?.(r);
    },
  });
  return {
    format: 'warden-redteam-report/1',
    target: { label: target.label, model: target.model },
    seed: opts.seed,
    strategies: opts.strategies,
    startedAt,
    finishedAt: new Date().toISOString(),
    requests,
    summary: summarize(results),
    results,
  };
}

export interface ReportFiles {
  json?: string;
  html?: string;
  sarif?: string;
  junit?: string;
}

function warden(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Writes each requested report; SARIF locations are the attacks' library entries, relative to the working directory. */
export function writeReports(report: RunReport, files: ReportFiles, library: readonly Attack[]): string[] {
  const written: string[] = [];
  const locate = (attackId: string, category: string): AttackLocation => {
    const src = library.find((a) => a.id === attackId)?.source;
    return src ? { uri: relative(process.cwd(), src.file).split('\\').join('/'), line: src.line } : { uri: `redteam/attacks/${category}.yaml`, line: 1 };
  };
  if (files.json) write(files.json, `${JSON.stringify(report, null, 2)}\n`);
  if (files.html) write(files.html, renderHtml(report));
  if (files.sarif) write(files.sarif, `${JSON.stringify(renderSarif(report, warden(), locate), null, 2)}\n`);
  if (files.junit) write(files.junit, renderJunit(report));
  for (const f of [files.json, files.html, files.sarif, files.junit]) if (f) written.push(f);
  return written;
}
