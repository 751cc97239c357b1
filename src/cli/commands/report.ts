/** `warden report`: a compliance report (HIPAA, PCI DSS, GDPR, SOC 2) from the policy, the gateway config and the audit log. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { gatewaySectionSchema, type GatewayConfig } from '../../gateway/config.js';
import type { LoadedPolicy } from '../../core/index.js';
import {
  assess,
  collectEvidence,
  configurationFacts,
  DEFAULT_CHROMIUM,
  FRAMEWORK_IDS,
  renderHtml,
  type ComplianceReport,
  type DeploymentSettings,
  type FrameworkId,
} from '../../compliance/index.js';
import { EXIT, type RegisterCommand } from '../command.js';
import { err, out } from '../io.js';
import { loadCliPolicy, reportPolicyError } from '../load-policy.js';
import { withStateOptions, withStores, type StateOptions, type Stores } from '../state.js';
import { parseSince } from './audit.js';

const FORMATS = ['html', 'pdf', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface ReportOptions extends StateOptions {
  framework: FrameworkId;
  from: string;
  to?: string;
  format: Format;
  out?: string;
  policy?: string;
  chromium?: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** The window: `--to` as a bare date means the end of that day, so `--from 2026-01-01 --to 2026-01-31` is all of January. */
export function reportWindow(from: string, to: string | undefined, now = new Date()): { from: Date; to: Date } {
  const start = parseSince(from, now);
  const end = to === undefined ? now : DATE_ONLY.test(to) ? new Date(parseSince(to, now).getTime() + DAY_MS - 1) : parseSince(to, now);
  if (end.getTime() < start.getTime()) throw new Error(`--to (${end.toISOString()}) is before --from (${start.toISOString()})`);
  return { from: start, to: end };
}

/** Where the audit log was read, never a password. */
export function storeName(opts: StateOptions, gateway: GatewayConfig): string {
  const url = opts.store ?? gateway.store;
  if (url !== undefined) {
    const u = new URL(url);
    u.password = '';
    return `postgres ${u.toString()}`;
  }
  return `sqlite ${resolve(opts.dataDir ?? gateway.data_dir, 'audit.db')}`;
}

async function deployment(s: Stores, gateway: GatewayConfig, hmacKeyEnv: string | undefined): Promise<DeploymentSettings> {
  const now = Date.now();
  const keys = (await s.keys.list()).filter((k) => k.revokedAt === null && (k.expiresAt === null || Date.parse(k.expiresAt) > now));
  return {
    hmacKeyEnv,
    redactAtRest: gateway.audit.redact_at_rest,
    retentionDays: gateway.audit.retention_days,
    openMode: gateway.open_mode !== undefined,
    jwtIssuer: gateway.auth.jwt?.issuer,
    activeKeys: keys.length,
    activeKillSwitches: (await s.killStore.list()).length,
  };
}

async function build(opts: ReportOptions, policy: LoadedPolicy, gateway: GatewayConfig): Promise<ComplianceReport> {
  const window = reportWindow(opts.from, opts.to);
  const hmacKeyEnv = opts.hmacKeyEnv ?? gateway.audit.hmac_key_env;
  return withStores(
    opts,
    async (s) => {
      // The chain is verified with the same call as `warden audit verify`, then read once for the window's figures.
      const chain = await s.audit.verify();
      const evidence = await collectEvidence(s.audit.iterate(), window, chain);
      const facts = configurationFacts(policy, await deployment(s, gateway, hmacKeyEnv));
      return assess({ framework: opts.framework, ...window, facts, evidence, policySources: policy.sources, store: storeName(opts, gateway) });
    },
    { hmac: true },
  );
}

function write(data: string | Buffer, file: string | undefined): void {
  if (file === undefined) {
    process.stdout.write(data);
    return;
  }
  writeFileSync(file, data);
}

export const registerReport: RegisterCommand = (program: Command, setCode) => {
  withStateOptions(program.command('report'))
    .description('compliance report: configured controls, evidence from the audit log over a window, and gaps')
    .addOption(new Option('--framework <name>', 'framework whose controls to report on').choices(FRAMEWORK_IDS).makeOptionMandatory())
    .requiredOption('--from <date>', 'window start: ISO-8601 date or a duration ago (30d)')
    .option('--to <date>', 'window end: ISO-8601 date (a bare date includes that day) or a duration ago (default: now)')
    .addOption(new Option('--format <format>', 'html (self-contained), pdf (printed by Chromium) or json').choices(FORMATS).default('html'))
    .option('-o, --out <file>', 'write the report to a file (pdf needs one)')
    .option('-p, --policy <file>', 'policy whose controls to assess (default: --config, else the default preset)')
    .option('--chromium <path>', `Chromium for --format pdf (default: $CHROMIUM_PATH, else ${DEFAULT_CHROMIUM})`)
    .action(async (opts: ReportOptions) => {
      if (opts.format === 'pdf' && opts.out === undefined) throw new Error('--format pdf needs --out <file>');
      let policy: LoadedPolicy;
      let gateway: GatewayConfig;
      try {
        policy = loadCliPolicy(opts.policy ?? opts.config);
        const withGateway = opts.config === undefined || opts.policy === undefined ? policy : loadCliPolicy(opts.config);
        gateway = gatewaySectionSchema.parse(withGateway.sections['gateway'] ?? {});
      } catch (e) {
        if (!reportPolicyError(e)) throw e;
        setCode(EXIT.usage);
        return;
      }
      const report = await build(opts, policy, gateway);
      if (opts.format === 'json') write(`${JSON.stringify(report, null, 2)}\n`, opts.out);
      else if (opts.format === 'html') write(renderHtml(report), opts.out);
      else {
        // playwright-core takes seconds to load: only a PDF pays for it, not every warden command.
        const { renderPdf } = await import('../../compliance/pdf.js');
        write(await renderPdf(renderHtml(report), opts.chromium ?? process.env['CHROMIUM_PATH'] ?? DEFAULT_CHROMIUM), opts.out);
      }
      if (opts.out !== undefined) err(`wrote ${opts.format} report to ${opts.out}`);
      const s = report.summary;
      const line = `${report.framework.name}: ${s.met}/${s.controls} controls met, ${s.no_evidence} without evidence, ${s.not_configured} not configured, ${s.failed} failed`;
      if (opts.out !== undefined) out(line);
      else err(line);
      // A broken audit chain is a failed check, as for `warden audit verify`.
      setCode(report.evidence.chain.ok ? EXIT.ok : EXIT.blocked);
    });
};
