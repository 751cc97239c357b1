/** `warden audit verify|head|show|export|replay|prune`: the tamper-evident request log. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import type { AuditRecord } from '../../spec/gateway.js';
import { replayRecord, type ReplayReport } from '../../audit/replay.js';
import { parseDuration } from '../../gateway/identity/keys.js';
import { EXIT, type RegisterCommand } from '../command.js';
import { err, out, printJson } from '../io.js';
import { loadCliPolicy, reportPolicyError, wardenFor } from '../load-policy.js';
import { withStateOptions, withStores, type StateOptions } from '../state.js';
import { registerAuditIntegrity } from './audit-verify.js';

interface AuditOptions extends StateOptions {
  json?: boolean;
}

/** `30d` / `12h` ago, or an ISO-8601 date. */
export function parseSince(spec: string, now = new Date()): Date {
  const ms = parseDuration(spec);
  if (ms !== undefined) return new Date(now.getTime() - ms);
  const d = new Date(spec);
  if (Number.isNaN(d.getTime())) throw new Error(`invalid time "${spec}": use a duration like 30d or 12h, or an ISO-8601 date`);
  return d;
}

function printReplay(r: ReplayReport): void {
  out(`request ${r.requestId}`);
  out(`  then: ${r.then.action}${r.then.decidingRule ? ` (${r.then.decidingRule})` : ''}, ${r.then.findings} findings`);
  out(`  now:  ${r.now.action}${r.now.decidingRule ? ` (${r.now.decidingRule})` : ''}, ${r.now.findings} findings`);
  for (const f of r.added) out(`  + ${f.stage} ${f.ruleId} -> ${f.action}${f.spans ? ` @${f.spans}` : ''}`);
  for (const f of r.removed) out(`  - ${f.stage} ${f.ruleId} -> ${f.action}${f.spans ? ` @${f.spans}` : ''}`);
  for (const f of r.redacted) out(`  ~ ${f.stage} ${f.ruleId} -> ${f.action} (text redacted at rest: not re-checked)`);
  out(r.changed ? '  the current policy decides differently' : '  no change');
}

export const registerAudit: RegisterCommand = (program: Command, setCode) => {
  const audit = program.command('audit').description('inspect, verify and export the tamper-evident audit log');

  registerAuditIntegrity(audit, setCode);

  withStateOptions(audit.command('show'))
    .description('print one record as JSON')
    .argument('<request-id>', 'request id (x-warden-request-id)')
    .action(async (id: string, opts: StateOptions) => {
      const rec = await withStores(opts, (s) => s.audit.get(id));
      if (!rec) {
        err(`no audit record for request ${id}`);
        setCode(EXIT.blocked);
        return;
      }
      printJson(rec);
    });

  withStateOptions(audit.command('export'))
    .description('export records in sequence order as JSON lines (for a SIEM)')
    .option('-f, --format <format>', 'output format (jsonl)', 'jsonl')
    .option('--since <when>', 'only records at or after: ISO-8601 date or a duration ago (30d, 12h)')
    .option('--tenant <tenant>', 'only this tenant')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (opts: StateOptions & { format: string; since?: string; tenant?: string; output?: string }) => {
      if (opts.format !== 'jsonl') throw new Error(`unsupported format "${opts.format}"; supported: jsonl`);
      const since = opts.since === undefined ? undefined : parseSince(opts.since).getTime();
      const sink = opts.output === undefined ? process.stdout : createWriteStream(opts.output);
      let n = 0;
      await withStores(opts, async (s) => {
        for await (const rec of s.audit.iterate()) {
          if (since !== undefined && Date.parse(rec.ts) < since) continue;
          if (opts.tenant !== undefined && rec.identity?.tenant !== opts.tenant) continue;
          n++;
          if (!sink.write(`${JSON.stringify(rec)}\n`)) await once(sink, 'drain');
        }
      });
      if (sink !== process.stdout) {
        sink.end();
        await once(sink, 'finish');
        err(`exported ${n} records to ${opts.output}`);
      }
    });

  withStateOptions(audit.command('replay'))
    .description('re-run a recorded request through the current policy and show what would change')
    .argument('<request-id>', 'request id')
    .option('-p, --policy <file>', 'policy to replay with (default: --config, else the default preset)')
    .option('--json', 'print the report as JSON')
    .action(async (id: string, opts: AuditOptions & { policy?: string }) => {
      const rec: AuditRecord | undefined = await withStores(opts, (s) => s.audit.get(id));
      if (!rec) {
        err(`no audit record for request ${id}`);
        setCode(EXIT.blocked);
        return;
      }
      // Admin calls (and requests refused before their body was read) sent nothing to a model.
      if (rec.admin !== undefined || (rec.model === null && rec.request.messages.length === 0)) {
        err(`record ${id} ${rec.admin !== undefined ? 'records an admin call' : 'holds no model request'} (route ${rec.route}): nothing to replay`);
        setCode(EXIT.blocked);
        return;
      }
      let report: ReplayReport;
      try {
        report = replayRecord(rec, wardenFor(loadCliPolicy(opts.policy ?? opts.config)));
      } catch (e) {
        if (!reportPolicyError(e)) throw e;
        setCode(EXIT.usage);
        return;
      }
      if (opts.json) printJson(report);
      else printReplay(report);
    });

  withStateOptions(audit.command('prune'))
    .description('delete records older than a cutoff; the chain stays verifiable through a stored anchor')
    .requiredOption('--older-than <age>', 'duration (90d) or ISO-8601 date')
    .action(async (opts: StateOptions & { olderThan: string }) => {
      const before = parseSince(opts.olderThan);
      const n = await withStores(opts, (s) => s.audit.prune(before), { hmac: true });
      out(`pruned ${n} records older than ${before.toISOString()}`);
    });
};
