/** `warden audit verify|head`: the chain's integrity, its checkpoints, and the head an outside system keeps. */
import type { Command } from 'commander';
import type { AuditExpectation, AuditHead, AuditVerifyReport, AuditWitnessReport } from '../../spec/gateway.js';
import { ranges } from '../../audit/seq-ranges.js';
import { EXIT } from '../command.js';
import { out, printJson } from '../io.js';
import { withStateOptions, withStores, type StateOptions } from '../state.js';

export { ranges };

interface VerifyOptions extends StateOptions {
  json?: boolean;
  expectCount?: number;
  expectHead?: string;
}

function count(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--expect-count must be a record count (a whole number), got "${v}"`);
  return n;
}

function hash(v: string): string {
  if (!/^[0-9a-f]{64}$/.test(v)) throw new Error(`--expect-head must be a head hash (64 hex characters), got "${v}"`);
  return v;
}

function expectation(opts: VerifyOptions): AuditExpectation | undefined {
  if (opts.expectHead !== undefined && opts.expectCount === undefined) throw new Error('--expect-head needs --expect-count: the record count the head belongs to');
  return opts.expectCount === undefined ? undefined : { count: opts.expectCount, head: opts.expectHead };
}

const unsigned = (file: string) => ` (unsigned: the log has no HMAC key, so whoever can write ${file} can rewrite it)`;

function printWitness(w: AuditWitnessReport): void {
  const file = w.checkpointFile ?? 'the checkpoint file';
  const cp = w.latest;
  if (cp === undefined) {
    out(`checkpoints: none in ${file}: removing the newest records is not detectable; keep the head off-host and pass it as --expect-count/--expect-head`);
    return;
  }
  const others = w.checkpoints > 1 ? ` and ${w.checkpoints - 1} earlier` : '';
  out(`checkpoints: checkpoint #${w.latestIndex ?? '?'} (${cp.count} records, head ${cp.head.slice(0, 12)}…, ${cp.ts})${others} in ${file}${cp.alg === 'none' ? unsigned(file) : ''}`);
}

function printReport(report: AuditVerifyReport, head: AuditHead): void {
  if (report.ok) {
    out(`OK: ${report.checked} records verified, chain intact`);
    // Recording the head somewhere the database's writers cannot reach anchors the chain externally.
    out(`head: seq ${head.count} hash ${head.head}`);
  } else {
    out(`FAILED: ${report.checked} records checked`);
    if (report.altered.length) out(`  altered (content no longer matches its hash): seq ${ranges(report.altered)}`);
    if (report.removed.length) out(`  removed (missing from the chain): seq ${ranges(report.removed)}`);
    if (report.reordered.length) out(`  reordered or spliced (does not link to the record before): seq ${ranges(report.reordered)}`);
    for (const f of report.witness?.failures ?? []) out(`  ${f.problem ?? `${f.source} does not hold`}`);
  }
  if (report.witness) printWitness(report.witness);
}

export function registerAuditIntegrity(audit: Command, setCode: (code: number) => void): void {
  withStateOptions(audit.command('verify'))
    .description('check the hash chain and its checkpoints; exit 1 and list altered, removed or reordered records, or a truncation')
    .option('--json', 'print the report as JSON')
    .option('--expect-count <n>', 'a record count held outside (from `warden audit head`): the log must still have it', count)
    .option('--expect-head <hash>', 'the head hash that went with --expect-count: the chain must still contain it', hash)
    .action(async (opts: VerifyOptions) => {
      const expect = expectation(opts);
      const { report, head } = await withStores(opts, async (s) => ({ report: await s.audit.verify(expect), head: await s.audit.head() }), { hmac: true });
      if (opts.json) printJson(report);
      else printReport(report, head);
      setCode(report.ok ? EXIT.ok : EXIT.blocked);
    });

  withStateOptions(audit.command('head'))
    .description('print the record count and head hash to keep outside (a later `verify --expect-count --expect-head` proves nothing was cut)')
    .option('--json', 'print as JSON')
    .action(async (opts: StateOptions & { json?: boolean }) => {
      const head = await withStores(opts, (s) => s.audit.head());
      if (opts.json) {
        printJson(head);
        return;
      }
      out(`count: ${head.count}`);
      out(`head: ${head.head}`);
      out(`alg: ${head.alg}`);
      if (head.prunedThrough > 0) out(`pruned through: seq ${head.prunedThrough}`);
      const cp = head.latestCheckpoint;
      out(cp === undefined ? `latest checkpoint: none in ${head.checkpointFile}` : `latest checkpoint: ${cp.count} records, head ${cp.head}, ${cp.ts} (${cp.alg}) in ${head.checkpointFile}`);
    });
}
