/** `warden data scan FILE.jsonl`: PII, secrets, injection payloads and backdoor triggers in a dataset. */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { scanDataset } from '../../assurance/data-scan.js';
import { EXIT, type RegisterCommand } from '../command.js';
import { out } from '../io.js';
import { loadCliPolicy, parseStage, wardenFor } from '../load-policy.js';

interface DataScanCliOptions {
  policy?: string;
  stage: string;
  report?: string;
  redacted?: string;
  dropInjections?: boolean;
  promptField?: string;
  answerField?: string;
}

export const registerData: RegisterCommand = (program: Command, setCode) => {
  program
    .command('data')
    .description('training and RAG datasets')
    .command('scan')
    .description('scan a JSONL dataset for PII, secrets, injection payloads and backdoor triggers; write a report and a redacted copy (exit 1 when anything is found)')
    .argument('<file>', 'JSONL file, one record per line')
    .option('-p, --policy <file>', 'policy file or preset whose detectors scan each string (default: the default preset)')
    .option('-s, --stage <stage>', 'stage whose detectors apply (retrieved for RAG documents, input for prompts)', 'retrieved')
    .option('--report <file>', 'report path (default: FILE.report.json)')
    .option('--redacted <file>', 'redacted copy path (default: FILE.redacted.jsonl)')
    .option('--drop-injections', 'leave records with injection findings out of the redacted copy')
    .option('--prompt-field <name>', 'record field holding the prompt (default: detected)')
    .option('--answer-field <name>', 'record field holding the answer (default: detected)')
    .action(async (file: string, opts: DataScanCliOptions) => {
      const stage = parseStage(opts.stage);
      const warden = wardenFor(loadCliPolicy(opts.policy));
      const base = file.replace(/\.jsonl$/i, '');
      const reportPath = opts.report ?? `${base}.report.json`;
      const redactedPath = opts.redacted ?? `${base}.redacted.jsonl`;
      const report = await scanDataset(file, {
        scan: async (text) => (await warden.scanAsync(text, stage, { budgetMs: Number.POSITIVE_INFINITY })).findings,
        redactedPath,
        dropInjections: opts.dropInjections === true,
        fields: { ...(opts.promptField ? { prompt: opts.promptField } : {}), ...(opts.answerField ? { answer: opts.answerField } : {}) },
      });
      writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600 });
      out(`${report.records} record(s), ${report.flaggedRecords} with findings, ${report.badLines.length} unreadable line(s), ${report.triggers.length} trigger candidate(s)`);
      for (const [rule, n] of Object.entries(report.byRule).sort((a, b) => b[1] - a[1])) out(`  ${rule}: ${n}`);
      for (const t of report.triggers.slice(0, 10)) out(`  trigger? ${JSON.stringify(t.text)} in ${t.records} records: ${t.reasons.join('; ')}`);
      out(`report: ${reportPath}; redacted copy: ${redactedPath}${report.droppedFromCopy > 0 ? ` (${report.droppedFromCopy} record(s) dropped)` : ''}`);
      if (report.flaggedRecords > 0 || report.triggers.length > 0 || report.badLines.length > 0) setCode(EXIT.blocked);
    });
};
