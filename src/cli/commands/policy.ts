/** `warden policy schema|check`: the editor JSON Schema, and validation of a policy file with positioned errors. */
import type { Command } from 'commander';
import { STAGES } from '../../spec/types.js';
import { policySchemaJson } from '../../warden.js';
import { out, printJson } from '../io.js';
import { loadCliPolicy, POLICY_SECTIONS, reportPolicyError, wardenFor } from '../load-policy.js';
import { EXIT, type RegisterCommand } from '../command.js';
import { runPolicyTests } from './policy-test.js';

function checkFile(file: string): number {
  try {
    const policy = loadCliPolicy(file);
    const warden = wardenFor(policy);
    const perStage = STAGES.map((stage) => ({ stage, ids: warden.forStage(stage).steps.map((s) => s.detector.id) }));
    const enabled = new Set(perStage.flatMap((p) => p.ids));
    const stages = perStage.map((p) => `${p.stage} ${p.ids.length}`).join(', ');
    const chain = policy.sources.length > 1 ? `; extends ${policy.sources.slice(0, -1).join(' <- ')}` : '';
    out(`OK: ${file} (${enabled.size} detectors enabled: ${[...enabled].join(', ')}; per stage: ${stages}${chain})`);
    return EXIT.ok;
  } catch (e) {
    if (!reportPolicyError(e)) throw e;
    return EXIT.usage;
  }
}

export const registerPolicy: RegisterCommand = (program: Command, setCode) => {
  const policy = program.command('policy').description('policy file tools');
  policy
    .command('schema')
    .description('print the JSON Schema of warden.yaml (for editor completion)')
    .action(() => {
      printJson(policySchemaJson({ sections: POLICY_SECTIONS }));
      setCode(EXIT.ok);
    });
  policy
    .command('check')
    .description('validate a policy file, printing every error as file:line:col: path: message')
    .argument('<file>', 'policy file, or a bundled preset name')
    .action((file: string) => setCode(checkFile(file)));
  policy
    .command('test')
    .description('run tool-policy unit tests (YAML: tool call + identity + history -> expected decision); exit 1 on a failure')
    .argument('<file>', 'test file')
    .option('-p, --policy <file>', 'policy to test (default: the test file\'s "policy:")')
    .action(async (file: string, opts: { policy?: string }) => {
      try {
        setCode(await runPolicyTests(file, opts.policy));
      } catch (e) {
        if (!reportPolicyError(e)) throw e;
        setCode(EXIT.usage);
      }
    });
};
