import { Command, CommanderError } from 'commander';
import { registerScan } from './commands/scan.js';
import { registerEval } from './commands/eval.js';
import { registerPolicy } from './commands/policy.js';
import { registerServe } from './commands/serve.js';
import { registerKeys } from './commands/keys.js';
import { registerAudit } from './commands/audit.js';
import { registerKill } from './commands/kill.js';
import { registerApprovals } from './commands/approvals.js';
import { registerMcpProxy } from './commands/mcp-proxy.js';
import { registerRedteam } from './commands/redteam.js';
import { registerDocs } from './commands/docs.js';
import { registerModel } from './commands/model.js';
import { registerData } from './commands/data.js';
import { registerReport } from './commands/report.js';
import { registerReview } from './commands/review.js';
import { registerRules } from './commands/rules.js';
import { EXIT } from './command.js';

/** Runs the CLI and resolves to the process exit code (never calls process.exit, so tests can call it). */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('warden')
    .description('Warden: inference security runtime for LLM applications and agents')
    .exitOverride()
    .showHelpAfterError()
    // Lets a command group take options of its own and still pass a subcommand's same-named flags to it (redteam).
    .enablePositionalOptions();
  let code: number = EXIT.ok;
  const setCode = (c: number) => {
    code = c;
  };
  for (const register of [registerScan, registerEval, registerPolicy, registerServe, registerKeys, registerAudit, registerKill, registerApprovals, registerMcpProxy, registerRedteam, registerDocs, registerModel, registerData, registerReport, registerReview, registerRules]) {
    register(program, setCode);
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    process.stderr.write(`warden: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.usage;
  }
  return code;
}
