/** `warden scan`: one text through the policy, verdict on stdout, exit code from the action. */
import type { Command } from 'commander';
import type { ScanContext, ScanResult, Stage } from '../../spec/types.js';
import { EXIT, type RegisterCommand } from '../command.js';
import { formatResult, resultJson } from '../format.js';
import { err, out, printJson, readStdin } from '../io.js';
import { loadCliPolicy, parseStage, reportPolicyError, wardenFor } from '../load-policy.js';

interface ScanOptions {
  policy?: string;
  stage: string;
  json?: boolean;
  tenant?: string;
  useCase?: string;
  systemPrompt?: string;
}

async function readInput(text: string | undefined): Promise<string> {
  if (text === undefined) throw new Error('missing TEXT: pass the text to scan as an argument, or `-` to read it from stdin');
  if (text !== '-') return text;
  const decoded = await readStdin();
  for (const w of decoded.warnings) err(`warning: ${w}`);
  return decoded.text;
}

/** The async entry points, so a policy with guards scans here as it does in the gateway. */
async function scanWith(text: string, stage: Stage, ctx: ScanContext, policyFile: string | undefined): Promise<ScanResult> {
  const warden = wardenFor(loadCliPolicy(policyFile));
  if (stage === 'input') return warden.scanInputAsync(text, ctx);
  return warden.scanAsync(text, stage, ctx);
}

export const registerScan: RegisterCommand = (program: Command, setCode) => {
  program
    .command('scan')
    .description('scan one text and print the verdict (exit 0 allow/flag/redact, 1 block, 2 usage or policy error)')
    .argument('[text]', 'text to scan, or - to read stdin')
    .option('-p, --policy <file>', 'policy file or bundled preset name (default: the default preset)')
    .option('-s, --stage <stage>', 'trust boundary: input, output, retrieved, tool_result, tool_definition or tool_call', 'input')
    .option('--json', 'print the scan result as JSON')
    .option('--tenant <id>', 'tenant whose policy overlay applies')
    .option('--use-case <id>', 'use case whose policy overlay applies')
    .option('--system-prompt <text>', 'system prompt, for output-side leakage checks')
    .action(async (textArg: string | undefined, opts: ScanOptions) => {
      const stage = parseStage(opts.stage);
      const text = await readInput(textArg);
      const ctx: ScanContext = {
        ...(opts.tenant === undefined ? {} : { tenant: opts.tenant }),
        ...(opts.useCase === undefined ? {} : { useCase: opts.useCase }),
        ...(opts.systemPrompt === undefined ? {} : { systemPrompt: opts.systemPrompt }),
      };
      let result: ScanResult;
      try {
        result = await scanWith(text, stage, ctx, opts.policy);
      } catch (e) {
        if (!reportPolicyError(e)) throw e;
        setCode(EXIT.usage);
        return;
      }
      if (opts.json) printJson(resultJson(result));
      else out(formatResult(result));
      setCode(result.action === 'block' ? EXIT.blocked : EXIT.ok);
    });
};
