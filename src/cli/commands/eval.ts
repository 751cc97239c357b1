/** `warden eval`: detection quality of a policy (or one detector) on a labelled JSONL dataset. */
import type { Command } from 'commander';
import { codePointToUtf16Offsets } from '../../detectors/pii/offsets.js';
import { canonicalPiiType } from '../../detectors/pii/entity-types.js';
import { BUILTIN_DETECTORS } from '../../detectors/index.js';
import type { Stage } from '../../spec/types.js';
import { evaluateClassification } from '../eval/classification.js';
import { readClassification, readPii } from '../eval/dataset.js';
import { rounded } from '../eval/metrics.js';
import { evaluatePii } from '../eval/pii.js';
import { startProgress } from '../eval/progress.js';
import { renderClassification, renderPii } from '../eval/report.js';
import { singleDetectorPolicy, wardenPredictor, wardenSpanPredictor } from '../eval/warden-runner.js';
import { out, printJson } from '../io.js';
import { loadCliPolicy, parseStage, reportPolicyError, wardenFor } from '../load-policy.js';
import { EXIT, type RegisterCommand } from '../command.js';
import type { Warden } from '../../warden.js';

interface EvalOptions {
  dataset: string;
  policy?: string;
  json?: boolean;
  detector?: string;
  stage: string;
  task: string;
  types?: string;
  limit?: string;
  blockOnly?: boolean;
}

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--limit expects a positive whole number, got "${value}"`);
  return n;
}

function buildWarden(opts: EvalOptions): Warden {
  const policy = loadCliPolicy(opts.policy);
  const ids = BUILTIN_DETECTORS.map((d) => d.id);
  return wardenFor(opts.detector === undefined ? policy : singleDetectorPolicy(policy, opts.detector, ids));
}

async function runClassification(warden: Warden, stage: Stage, opts: EvalOptions, limit: number | undefined): Promise<void> {
  const records = readClassification(opts.dataset, limit);
  const report = rounded(await evaluateClassification(records, wardenPredictor(warden, stage, opts.blockOnly === true), startProgress(records.length, 'eval')));
  if (opts.json) printJson(report);
  else out(renderClassification(report, `${opts.dataset} (stage ${stage}${opts.detector ? `, detector ${opts.detector}` : ''}${opts.blockOnly ? ', block only' : ''})`));
}

function runPii(warden: Warden, stage: Stage, opts: EvalOptions, limit: number | undefined): void {
  const records = readPii(opts.dataset, limit);
  const types = opts.types === undefined ? undefined : new Set(opts.types.split(',').map((t) => canonicalPiiType(t.trim())).filter((t) => t !== ''));
  const report = rounded(
    evaluatePii(records, wardenSpanPredictor(warden, stage), { canonicalType: canonicalPiiType, toUtf16: codePointToUtf16Offsets, ...(types ? { types } : {}) }, startProgress(records.length, 'eval')),
  );
  if (opts.json) printJson(report);
  else out(renderPii(report, `${opts.dataset} (PII spans, stage ${stage}${types ? `, types ${[...types].join(',')}` : ''})`));
}

export const registerEval: RegisterCommand = (program: Command, setCode) => {
  program
    .command('eval')
    .description('measure detection quality on a labelled JSONL dataset')
    .requiredOption('-d, --dataset <file>', 'JSONL: {"text","label":"attack"|"benign","category"?} or, with --task pii, {"text","spans":[{"start","end","type"}]}')
    .option('-p, --policy <file>', 'policy file or bundled preset name (default: the default preset)')
    .option('--json', 'print one JSON object with the metrics')
    .option('--detector <id>', 'evaluate this detector alone (every other detector off, its threshold from the policy)')
    .option('-s, --stage <stage>', 'stage to scan at: input, output, retrieved, tool_result, tool_definition or tool_call', 'input')
    .option('--task <task>', 'classification (default) or pii', 'classification')
    .option('--types <list>', 'with --task pii: comma-separated entity types to score, e.g. EMAIL_ADDRESS,CREDIT_CARD')
    .option('--block-only', 'count a text as detected only when blocked (default: any action but allow)')
    .option('--limit <n>', 'only the first n records')
    .action(async (opts: EvalOptions) => {
      if (opts.task !== 'classification' && opts.task !== 'pii') throw new Error(`unknown --task "${opts.task}"; expected classification or pii`);
      if (opts.types !== undefined && opts.task !== 'pii') throw new Error('--types applies only to --task pii');
      if (opts.blockOnly && opts.task === 'pii') throw new Error('--block-only applies only to classification');
      const stage = parseStage(opts.stage);
      const limit = parseLimit(opts.limit);
      let warden: Warden;
      try {
        warden = buildWarden(opts);
      } catch (e) {
        if (!reportPolicyError(e)) throw e;
        setCode(EXIT.usage);
        return;
      }
      if (opts.task === 'pii') runPii(warden, stage, opts, limit);
      else await runClassification(warden, stage, opts, limit);
      setCode(EXIT.ok);
    });
};
