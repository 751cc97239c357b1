/**
 * `warden approvals list|show|approve|deny`: human approval of held tool calls, on the gateway's data dir. A
 * decision is seen by a waiting gateway within its poll interval (it re-reads the store), is refused when
 * the approver is the call's requester, and is written to the audit log with the approver's name.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { createApprovalService } from '../../approvals/service.js';
import { APPROVAL_STATUSES, type ApprovalRecord, type ApprovalStatus } from '../../spec/approvals.js';
import { EXIT, type RegisterCommand } from '../command.js';
import { err, out, printJson } from '../io.js';
import { auditChange, withStateOptions, withStores, type StateOptions } from '../state.js';

interface ListOptions extends StateOptions {
  status: string;
  tenant?: string;
  limit: string;
  json?: boolean;
}

interface DecideOptions extends StateOptions {
  reason: string;
  as?: string;
  json?: boolean;
}

function statusFilter(s: string): ApprovalStatus | undefined {
  if (s === 'all') return undefined;
  if ((APPROVAL_STATUSES as readonly string[]).includes(s)) return s as ApprovalStatus;
  throw new Error(`unknown --status "${s}"; expected all or one of ${APPROVAL_STATUSES.join(', ')}`);
}

function positive(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a whole number of at least 1`);
  return n;
}

const requesterOf = (r: ApprovalRecord) => (r.requester.userId === undefined ? r.requester.keyId : `${r.requester.keyId}/${r.requester.userId}`);

function describe(r: ApprovalRecord): string {
  const lines = [
    `${r.id}  ${r.status}  tenant ${r.tenant}  requested by ${requesterOf(r)}`,
    `  tool: ${r.tool}`,
    `  args: ${r.args}`,
    `  why:  ${r.reason}${r.ruleId === undefined ? '' : ` (${r.ruleId})`}`,
    `  created ${r.createdAt}, expires ${r.expiresAt}`,
  ];
  if (r.decidedBy !== null) lines.push(`  decided by ${r.decidedBy.name} (${r.decidedBy.via}) at ${r.decidedAt ?? '?'}: ${r.decisionReason ?? ''}`);
  return lines.join('\n');
}

export const registerApprovals: RegisterCommand = (program: Command, setCode) => {
  const cmd = program.command('approvals').description('human approval of tool calls held by the tool policy (require_approval)');

  withStateOptions(cmd.command('list'))
    .description('list approvals, newest first (pending by default)')
    .option('--status <status>', `pending, approved, denied, expired or all`, 'pending')
    .option('-t, --tenant <tenant>', 'only this tenant')
    .option('-n, --limit <n>', 'at most this many', '100')
    .option('--json', 'print JSON')
    .action(async (opts: ListOptions) => {
      const filter = { status: statusFilter(opts.status), tenant: opts.tenant, limit: positive(opts.limit, '--limit') };
      const list = await withStores(opts, async (s) => {
        const svc = createApprovalService({ store: s.approvals });
        // Reading each pending one first turns those whose time is up into `expired`.
        for (const r of await s.approvals.list({ status: 'pending' })) await svc.get(r.id);
        return svc.list(filter);
      });
      if (opts.json) return printJson(list);
      if (list.length === 0) return out(`no ${opts.status === 'all' ? '' : `${opts.status} `}approvals`);
      out(list.map(describe).join('\n\n'));
    });

  withStateOptions(cmd.command('show'))
    .description('show one approval')
    .argument('<id>', 'approval id (apr_...)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: StateOptions & { json?: boolean }) => {
      const rec = await withStores(opts, (s) => createApprovalService({ store: s.approvals }).get(id));
      if (rec === undefined) {
        err(`no approval ${id}; see "warden approvals list --status all"`);
        return setCode(EXIT.blocked);
      }
      if (opts.json) return printJson(rec);
      out(describe(rec));
    });

  for (const verb of ['approve', 'deny'] as const) {
    withStateOptions(cmd.command(verb))
      .description(verb === 'approve' ? 'let the held call run once, with exactly the arguments shown' : 'refuse the held call')
      .argument('<id>', 'approval id (apr_...)')
      .requiredOption('-r, --reason <text>', 'why; kept in the audit log')
      .option('--as <name>', 'the approver, as the audit log names them (default: your login name)')
      .option('--json', 'print the decided approval as JSON')
      .action(async (id: string, opts: DecideOptions) => {
        const by = { name: opts.as ?? userInfo().username, via: 'cli' as const };
        const outcome = await withStores(
          opts,
          async (s) => {
            const o = await createApprovalService({ store: s.approvals }).decide(id, { approve: verb === 'approve', by, reason: opts.reason });
            const change = { change: `approval.${verb}`, approval: id, approver: by, reason: opts.reason, tool: o.record?.tool, argsHash: o.record?.argsHash };
            if (o.ok) await auditChange(s, `cli:approvals ${verb}`, change);
            else if (o.code !== 'not_found') await auditChange(s, `cli:approvals ${verb}`, Object.assign(change, { refused: o.code }));
            return o;
          },
          { hmac: true },
        );
        if (!outcome.ok) {
          err(outcome.message);
          return setCode(EXIT.blocked);
        }
        if (opts.json) return printJson(outcome.record);
        out(`${outcome.record.status}: ${outcome.record.id} (${outcome.record.tool}) by ${by.name}`);
      });
  }
};
