/**
 * `warden review list|decide|export`: the human review queue on the gateway's data dir (or shared PostgreSQL store).
 * A decision is written to the audit log with the reviewer's name; `export` writes the labelled items as `warden eval`
 * JSONL tagged `warden/review` (docs/review.md).
 */
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { z } from 'zod';
import { REVIEW_REASONS, REVIEW_STATUSES, type ReviewItem, type ReviewReason, type ReviewStatus } from '../../spec/review.js';
import { reviewDecisionBody } from '../../gateway/admin-review.js';
import { exportReviewed, toJsonl } from '../../review/export.js';
import { EXIT, type RegisterCommand } from '../command.js';
import { err, out, printJson } from '../io.js';
import { auditChange, withStateOptions, withStores, type StateOptions } from '../state.js';

interface ListOptions extends StateOptions {
  status: string;
  reason?: string;
  tenant?: string;
  limit: string;
  json?: boolean;
}

interface DecideOptions extends StateOptions {
  label: string;
  note?: string;
  category?: string;
  as?: string;
  json?: boolean;
}

interface ExportOptions extends StateOptions {
  out: string;
  tenant?: string;
}

function oneOf<T extends string>(values: readonly T[], v: string, flag: string): T {
  if ((values as readonly string[]).includes(v)) return v as T;
  throw new Error(`unknown ${flag} "${v}"; expected one of ${values.join(', ')}`);
}

function line(i: ReviewItem): string {
  const label = i.label === null ? '' : ` label=${i.label}`;
  return `${i.id}  ${i.status}  ${i.tenant}  ${i.requestId}  ${i.reasons.join(',')}  ${i.ruleIds.join(',') || '-'}  feedback=${i.feedback.length}${label}`;
}

export const registerReview: RegisterCommand = (program: Command, setCode) => {
  const review = program.command('review').description('the human review queue: monitor-mode and low-confidence verdicts, user feedback');

  withStateOptions(review.command('list'))
    .description('list review items, newest first')
    .option('--status <status>', `all or one of ${REVIEW_STATUSES.join(', ')}`, 'open')
    .option('--reason <reason>', `only items filed for ${REVIEW_REASONS.join(', ')}`)
    .option('--tenant <tenant>', 'only this tenant')
    .option('--limit <n>', 'at most n items', '100')
    .option('--json', 'print the items as JSON')
    .action(async (opts: ListOptions) => {
      const status = opts.status === 'all' ? undefined : oneOf<ReviewStatus>(REVIEW_STATUSES, opts.status, '--status');
      const reason = opts.reason === undefined ? undefined : oneOf<ReviewReason>(REVIEW_REASONS, opts.reason, '--reason');
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new Error('--limit must be a whole number of at least 1');
      const items = await withStores(opts, (s) => s.review.list({ status, reason, tenant: opts.tenant, limit }));
      if (opts.json) return printJson(items);
      if (items.length === 0) return out('no review items');
      for (const i of items) out(line(i));
    });

  withStateOptions(review.command('decide'))
    .description('label a review item: correct_block, false_positive or missed_attack (with --note)')
    .argument('<id>', 'review item id (rev_...)')
    .requiredOption('--label <label>', 'correct_block, false_positive or missed_attack')
    .option('--note <text>', 'what the reviewer saw; required for missed_attack')
    .option('--category <category>', 'corpus category of the text for the export (e.g. direct_injection, jailbreak, benign)')
    .option('--as <name>', 'reviewer name for the audit log (default: the OS user)')
    .option('--json', 'print the item as JSON')
    .action(async (id: string, opts: DecideOptions) => {
      const parsed = reviewDecisionBody.safeParse({ label: opts.label, note: opts.note, category: opts.category });
      if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
      const by = { name: opts.as ?? userInfo().username, via: 'cli' as const };
      const b = parsed.data;
      const item = await withStores(
        opts,
        async (s) => {
          const previous = await s.review.get(id);
          const decided = await s.review.decide(id, { label: b.label as NonNullable<ReviewItem['label']>, note: b.note ?? null, category: b.category ?? null, by, at: new Date() });
          if (decided !== undefined) {
            const change = { change: 'review.decide', item: id, requestId: decided.requestId, tenant: decided.tenant, label: decided.label, note: decided.note, category: decided.category, reviewer: by, previous: previous?.label ?? null };
            await auditChange(s, 'cli:review decide', change);
          }
          return decided;
        },
        { hmac: true },
      );
      if (item === undefined) {
        err(`no review item ${id}`);
        setCode(EXIT.blocked);
        return;
      }
      if (opts.json) return printJson(item);
      out(`${id}: ${item.label} by ${by.name}`);
    });

  withStateOptions(review.command('export'))
    .description('write the labelled items as `warden eval` JSONL (source warden/review), for regression suites and the training corpus')
    .requiredOption('-o, --out <file>', 'JSONL file to write')
    .option('--tenant <tenant>', 'only this tenant')
    .action(async (opts: ExportOptions) => {
      const result = await withStores(opts, (s) => exportReviewed(s.review, s.audit, opts.tenant));
      writeFileSync(opts.out, toJsonl(result.rows), { mode: 0o600 });
      for (const s of result.skipped) err(`skipped ${s.id} (request ${s.requestId}): ${s.why}`);
      out(`wrote ${result.rows.length} labelled row(s) to ${opts.out}${result.skipped.length > 0 ? `; ${result.skipped.length} skipped` : ''}`);
    });
};
