import { Command, CommanderError } from 'commander';
import { EXIT, type RegisterCommand } from './command.js';

/**
 * Each top-level command's module, imported only when that command runs (all of them for help or an unknown
 * command): importing every command's dependencies cost about a second on each CLI start. Order = help order.
 */
const COMMANDS: Record<string, () => Promise<RegisterCommand>> = {
  scan: async () => (await import('./commands/scan.js')).registerScan,
  eval: async () => (await import('./commands/eval.js')).registerEval,
  policy: async () => (await import('./commands/policy.js')).registerPolicy,
  serve: async () => (await import('./commands/serve.js')).registerServe,
  keys: async () => (await import('./commands/keys.js')).registerKeys,
  audit: async () => (await import('./commands/audit.js')).registerAudit,
  kill: async () => (await import('./commands/kill.js')).registerKill,
  approvals: async () => (await import('./commands/approvals.js')).registerApprovals,
  'mcp-proxy': async () => (await import('./commands/mcp-proxy.js')).registerMcpProxy,
  redteam: async () => (await import('./commands/redteam.js')).registerRedteam,
  docs: async () => (await import('./commands/docs.js')).registerDocs,
  model: async () => (await import('./commands/model.js')).registerModel,
  data: async () => (await import('./commands/data.js')).registerData,
  report: async () => (await import('./commands/report.js')).registerReport,
  review: async () => (await import('./commands/review.js')).registerReview,
  rules: async () => (await import('./commands/rules.js')).registerRules,
};

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
  const name = argv[0];
  const load = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  for (const register of await Promise.all(load !== undefined ? [load()] : Object.values(COMMANDS).map((l) => l()))) {
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
