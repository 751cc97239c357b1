/** `warden kill set|clear|list`: kill switches, effective on the running gateway's next request. */
import type { Command } from 'commander';
import { KILL_SCOPES, type KillScope } from '../../store/interfaces.js';
import { EXIT, type RegisterCommand } from '../command.js';
import { err, out, printJson } from '../io.js';
import { auditChange, withStateOptions, withStores, type StateOptions } from '../state.js';

interface KillOptions extends StateOptions {
  scope: string;
  id?: string;
  reason?: string;
}

/** Validates scope and id: global takes no id (stored as `*`), every other scope needs one. */
export function killTarget(scope: string, id: string | undefined): { scope: KillScope; id: string } {
  if (!(KILL_SCOPES as readonly string[]).includes(scope)) {
    throw new Error(`unknown kill scope "${scope}"; expected one of ${KILL_SCOPES.join(', ')}`);
  }
  if (scope === 'global') {
    if (id !== undefined) throw new Error('the global kill switch takes no --id');
    return { scope: 'global', id: '*' };
  }
  if (id === undefined || id.length === 0) throw new Error(`--scope ${scope} needs --id (the ${scope} name or id)`);
  return { scope: scope as KillScope, id };
}

export const registerKill: RegisterCommand = (program: Command, setCode) => {
  const kill = program.command('kill').description('kill switches: stop traffic globally or for a tenant, key, model or tool');
  const scopeHelp = `scope: ${KILL_SCOPES.join(', ')}`;

  withStateOptions(kill.command('set'))
    .description('set a kill switch')
    .requiredOption('-s, --scope <scope>', scopeHelp)
    .option('-i, --id <id>', 'tenant, key id, model or tool name (not for global)')
    .option('-r, --reason <text>', 'reason, shown to rejected callers')
    .action(async (opts: KillOptions) => {
      const t = killTarget(opts.scope, opts.id);
      const sw = await withStores(
        opts,
        async (s) => {
          const set = await s.killStore.set(t.scope, t.id, opts.reason ?? null, new Date());
          await auditChange(s, 'cli:kill set', { change: 'kill.set', scope: set.scope, id: set.id, reason: set.reason });
          return set;
        },
        { create: true, hmac: true },
      );
      out(`kill switch set: ${sw.scope}${sw.scope === 'global' ? '' : ` ${sw.id}`}${sw.reason ? ` (${sw.reason})` : ''}`);
    });

  withStateOptions(kill.command('clear'))
    .description('clear a kill switch')
    .requiredOption('-s, --scope <scope>', scopeHelp)
    .option('-i, --id <id>', 'tenant, key id, model or tool name (not for global)')
    .action(async (opts: KillOptions) => {
      const t = killTarget(opts.scope, opts.id);
      const cleared = await withStores(
        opts,
        async (s) => {
          const done = await s.killStore.clear(t.scope, t.id);
          if (done) await auditChange(s, 'cli:kill clear', { change: 'kill.clear', scope: t.scope, id: t.id });
          return done;
        },
        { hmac: true },
      );
      if (cleared) {
        out(`kill switch cleared: ${t.scope}${t.scope === 'global' ? '' : ` ${t.id}`}`);
      } else {
        err(`no kill switch ${t.scope}${t.scope === 'global' ? '' : ` ${t.id}`} is set; see "warden kill list"`);
        setCode(EXIT.blocked);
      }
    });

  withStateOptions(kill.command('list'))
    .description('list active kill switches')
    .option('--json', 'print JSON')
    .action(async (opts: StateOptions & { json?: boolean }) => {
      const switches = await withStores(opts, (s) => s.killStore.list());
      if (opts.json) return printJson(switches);
      if (switches.length === 0) return out('no kill switches set');
      for (const s of switches) out([s.scope, s.id, s.createdAt, s.reason ?? ''].join('\t'));
    });
};
