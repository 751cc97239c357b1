/** `warden redteam`: attack a model or an application (raw or through Warden), generate attack sets, compare targets. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { compareRows, renderCompare, type CompareEntry } from '../../redteam/compare.js';
import { failedGates, parseGates } from '../../redteam/fail-on.js';
import { casesAsEvalLines } from '../../redteam/generate.js';
import { createJudge, type Judge } from '../../redteam/judge.js';
import { openTarget, parseTargetSpec, type OpenTarget, type TargetSpec } from '../../redteam/open-target.js';
import type { RunReport } from '../../redteam/report/run-report.js';
import { runSession, writeReports } from '../../redteam/session.js';
import type { AttackCase } from '../../redteam/types.js';
import { renderTable } from '../eval/table.js';
import { EXIT, type RegisterCommand } from '../command.js';
import { err, out, printJson } from '../io.js';
import { addCaseOptions, addRunOptions, buildCases, runSettings, type CaseOptions, type RunFlags } from '../redteam/options.js';
import { startRunProgress, type RunProgress } from '../redteam/progress.js';

interface RunCommandOptions extends CaseOptions, RunFlags {
  target?: string;
  upstream?: string;
  config?: string;
  model?: string;
  apiKeyEnv?: string;
  judge?: string;
  state?: string;
  json?: string;
  html?: string;
  sarif?: string;
  junit?: string;
  failOn?: string;
  printJson?: boolean;
}

function runTargetSpec(o: RunCommandOptions): TargetSpec {
  if ((o.target === undefined) === (o.upstream === undefined)) throw new Error('give exactly one of --target URL (or a target spec) and --upstream NAME (with --config)');
  const spec = o.target !== undefined ? parseTargetSpec(o.target) : parseTargetSpec(`upstream:${o.upstream ?? ''}`);
  if (o.model !== undefined) spec.model = o.model;
  if (o.apiKeyEnv !== undefined) spec.apiKeyEnv = o.apiKeyEnv;
  return spec;
}

async function withJudge<T>(spec: string | undefined, ctx: { config?: string; timeoutMs: number }, fn: (judge: Judge | undefined) => Promise<T>): Promise<T> {
  if (spec === undefined) return fn(undefined);
  const opened = await openTarget(parseTargetSpec(spec), ctx);
  try {
    return await fn(createJudge(opened.target));
  } finally {
    await opened.close();
  }
}

async function attack(opened: OpenTarget, cases: readonly AttackCase[], o: CaseOptions & RunFlags & { state?: string }, seed: number, strategies: string[], judge: Judge | undefined): Promise<RunReport> {
  const settings = runSettings(o);
  let progress: RunProgress | undefined;
  try {
    return await runSession(cases, opened.target, {
      ...settings,
      backoffMs: 500,
      maxBackoffMs: 60_000,
      seed,
      strategies,
      ...(judge ? { judge } : {}),
      ...(o.state !== undefined ? { stateFile: o.state } : {}),
      onResume: (done) => {
        progress = startRunProgress(cases.length, opened.spec.label, done);
      },
      onResult: (r) => progress?.done(r),
    });
  } finally {
    progress?.stop();
  }
}

function printSummary(report: RunReport): void {
  const s = report.summary;
  const rows = Object.entries(s.byCategory).map(([k, t]) => [k, t.total, t.succeeded, t.blocked, t.resisted, t.errors, t.skipped, `${(t.asr * 100).toFixed(1)}%`]);
  rows.push(['overall', s.overall.total, s.overall.succeeded, s.overall.blocked, s.overall.resisted, s.overall.errors, s.overall.skipped, `${(s.overall.asr * 100).toFixed(1)}%`]);
  out(renderTable(['category', 'cases', 'succeeded', 'blocked', 'resisted', 'errors', 'skipped', 'ASR'], rows, { title: `${report.target.label} (${report.target.model}): ${report.requests} requests` }));
  out(`security score ${s.securityScore}; latency p50 ${s.latencyMs.p50} ms, p95 ${s.latencyMs.p95} ms; tokens in ${s.tokens.prompt}, out ${s.tokens.completion}`);
}

function registerRun(redteam: Command, setCode: (c: number) => void): void {
  addRunOptions(addCaseOptions(redteam))
    .option('-t, --target <url|spec>', 'OpenAI-compatible base URL (e.g. http://127.0.0.1:8787/v1), or url:/upstream:/gateway: spec as in compare')
    .option('-u, --upstream <name>', 'an upstream of the --config gateway config, called directly (e.g. demo)')
    .option('-c, --config <file>', 'gateway config defining the upstreams (and the judge\'s)')
    .option('-m, --model <name>', 'model name sent to the target')
    .option('--api-key-env <var>', 'environment variable holding the target\'s API key')
    .option('--judge <spec>', 'LLM judge for harmful-content answers, e.g. upstream:openai,model=gpt-4o-mini')
    .option('--state <file>', 'resumable state file: finished cases are kept and not sent again')
    .option('--json <file>', 'write the JSON report (every transcript)')
    .option('--html <file>', 'write the self-contained HTML report')
    .option('--sarif <file>', 'write SARIF 2.1.0')
    .option('--junit <file>', 'write JUnit XML')
    .option('--fail-on <gates>', 'exit 1 when e.g. "asr>0.05", "asr:jailbreak>0", "succeeded>0", "errors>0", "score<90"')
    .option('--print-json', 'print the summary as one JSON object instead of the table')
    .action(async (o: RunCommandOptions) => {
      const gates = o.failOn !== undefined ? parseGates(o.failOn) : [];
      const { library, cases, strategies, seed } = buildCases(o);
      const ctx = { ...(o.config !== undefined ? { config: o.config } : {}), timeoutMs: runSettings(o).timeoutMs };
      const opened = await openTarget(runTargetSpec(o), ctx);
      let report: RunReport;
      try {
        report = await withJudge(o.judge, ctx, (judge) => attack(opened, cases, o, seed, strategies, judge));
      } finally {
        await opened.close();
      }
      for (const f of writeReports(report, { json: o.json, html: o.html, sarif: o.sarif, junit: o.junit }, library)) err(`wrote ${f}`);
      if (o.printJson) printJson({ target: report.target, requests: report.requests, ...report.summary });
      else printSummary(report);
      const failed = failedGates(gates, report.summary);
      for (const f of failed) err(`warden: --fail-on: ${f}`);
      setCode(failed.length > 0 ? EXIT.blocked : EXIT.ok);
    });
}

function registerGenerate(redteam: Command, setCode: (c: number) => void): void {
  addCaseOptions(redteam.command('generate').description('write the generated attack set as JSONL for `warden eval --dataset` (or full cases)'))
    .requiredOption('-o, --out <file>', 'output JSONL file')
    .option('--format <f>', 'eval ({"text","label":"attack","category"}) or cases (every field of each case)', 'eval')
    .action((o: CaseOptions & { out: string; format: string }) => {
      if (o.format !== 'eval' && o.format !== 'cases') throw new Error(`--format expects eval or cases, got "${o.format}"`);
      const { cases } = buildCases(o);
      const lines = o.format === 'eval' ? casesAsEvalLines(cases) : cases.map((c) => JSON.stringify(c));
      writeFileSync(o.out, `${lines.join('\n')}\n`);
      err(`wrote ${cases.length} attacks to ${o.out}`);
      setCode(EXIT.ok);
    });
}

function registerCompare(redteam: Command, setCode: (c: number) => void): void {
  addRunOptions(addCaseOptions(redteam.command('compare').description('run the same suite against several targets and print them side by side')))
    .requiredOption('-t, --target <spec...>', '[LABEL=]url:URL | upstream:NAME | gateway:CONFIG.yaml, then ,model=M ,key-env=VAR ,price=IN/OUT (USD per Mtok); repeat per target')
    .option('-c, --config <file>', 'gateway config defining the upstream: targets')
    .option('--judge <spec>', 'LLM judge for harmful-content answers')
    .option('--json <file>', 'write every target\'s JSON report and the comparison to this file')
    .option('--print-json', 'print the comparison as one JSON object instead of the table')
    .action(async (o: CaseOptions & RunFlags & { target: string[]; config?: string; judge?: string; json?: string; printJson?: boolean }) => {
      const specs = o.target.map(parseTargetSpec);
      const { cases, strategies, seed } = buildCases(o);
      const ctx = { ...(o.config !== undefined ? { config: o.config } : {}), timeoutMs: runSettings(o).timeoutMs };
      const entries: CompareEntry[] = await withJudge(o.judge, ctx, async (judge) => {
        const done: CompareEntry[] = [];
        for (const spec of specs) {
          const opened = await openTarget(spec, ctx);
          try {
            done.push({ report: await attack(opened, cases, o, seed, strategies, judge), ...(spec.price ? { price: spec.price } : {}) });
          } finally {
            await opened.close();
          }
        }
        return done;
      });
      const rows = compareRows(entries);
      if (o.json !== undefined) writeFileSync(o.json, `${JSON.stringify({ rows, reports: entries.map((e) => e.report) }, null, 2)}\n`);
      if (o.printJson) printJson({ cases: cases.length, seed, strategies, rows });
      else out(renderCompare(rows));
      setCode(EXIT.ok);
    });
}

export const registerRedteam: RegisterCommand = (program: Command, setCode) => {
  const redteam = program
    .command('redteam')
    .description('attack a model or an AI application (raw or behind Warden) and report what got through')
    // Options after a subcommand's name belong to it (generate and compare share flags with the run itself).
    .enablePositionalOptions();
  registerGenerate(redteam, setCode);
  registerCompare(redteam, setCode);
  registerRun(redteam, setCode);
};
