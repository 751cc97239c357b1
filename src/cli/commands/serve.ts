/** `warden serve`: run the OpenAI/Anthropic-compatible gateway until SIGINT/SIGTERM. */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { loadGatewayConfig, trialConfig, type LoadedGatewayConfig } from '../../gateway/config.js';
import { startGateway } from '../../gateway/server.js';
import { EXIT, type RegisterCommand } from '../command.js';
import { err, out } from '../io.js';
import { reportPolicyError } from '../load-policy.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

interface ServeOptions {
  config?: string;
  port?: string;
  host?: string;
  dataDir?: string;
  upstream?: string;
  preset: string;
}

function parsePort(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new Error(`--port must be an integer 0-65535, got "${v}"`);
  return n;
}

function loadConfig(opts: ServeOptions): LoadedGatewayConfig {
  if (opts.upstream !== undefined) {
    if (opts.config !== undefined) throw new Error('give either --config or --upstream, not both');
    return trialConfig(opts.upstream, opts.preset);
  }
  const file = opts.config ?? 'warden.yaml';
  if (opts.config === undefined && !existsSync(file)) {
    throw new Error('no gateway config: pass --config warden.yaml, or try it with --upstream http://localhost:11434/v1 (any OpenAI-compatible URL)');
  }
  return loadGatewayConfig(file);
}

/** The trial/demo client key: from the config or WARDEN_API_KEY, else generated (printed once). */
export function openModeKey(opts: Pick<ServeOptions, 'upstream'>, cfg: LoadedGatewayConfig): { key?: string; generated: boolean } {
  const om = cfg.gateway.open_mode;
  if (opts.upstream === undefined && om === undefined) return { generated: false };
  const fromEnv = om?.api_key_env !== undefined ? process.env[om.api_key_env] : process.env.WARDEN_API_KEY;
  const key = fromEnv || om?.api_key;
  if (key) return { key, generated: false };
  return { key: `wk-trial-${randomBytes(18).toString('base64url')}`, generated: true };
}

/**
 * The admin token the dashboard signs in with: from the env var gateway.admin.token_env names, else generated for
 * this run when gateway.dashboard.generate_admin_token is on (it then also opens the admin API, as the env var would).
 */
export function dashboardAdminToken(cfg: LoadedGatewayConfig, env: NodeJS.ProcessEnv = process.env): { token?: string; generated: boolean } {
  const name = cfg.gateway.admin.token_env;
  const set = env[name];
  if (set !== undefined && set.length > 0) return { token: set, generated: false };
  if (!cfg.gateway.dashboard.enabled || !cfg.gateway.dashboard.generate_admin_token) return { generated: false };
  const token = `wadm-${randomBytes(24).toString('base64url')}`;
  env[name] = token;
  return { token, generated: true };
}

export const registerServe: RegisterCommand = (program: Command, setCode) => {
  program
    .command('serve')
    .description('run the gateway: OpenAI- and Anthropic-compatible endpoints with the policy on every request and response')
    .option('-c, --config <file>', 'gateway config (policy + gateway section); default ./warden.yaml')
    .option('--port <n>', 'port (default 8787, or gateway.port)')
    .option('--host <h>', 'interface (default 127.0.0.1, or gateway.host)')
    .option('--data-dir <dir>', 'directory of warden.db and audit.db (default ./data, or gateway.data_dir)')
    .option('--upstream <url>', 'zero-config trial: one OpenAI-compatible upstream (key from WARDEN_UPSTREAM_API_KEY)')
    .option('--preset <name>', 'policy preset for --upstream mode', 'default')
    .action(async (opts: ServeOptions) => {
      let cfg: LoadedGatewayConfig;
      try {
        cfg = loadConfig(opts);
      } catch (e) {
        if (!reportPolicyError(e)) throw e;
        setCode(EXIT.usage);
        return;
      }
      const trial = openModeKey(opts, cfg);
      const adminToken = dashboardAdminToken(cfg);
      const gw = await startGateway(cfg, {
        host: opts.host,
        port: parsePort(opts.port),
        dataDir: opts.dataDir,
        openModeKey: trial.key,
      });
      out(`Warden gateway listening on ${gw.url}`);
      if (cfg.gateway.dashboard.enabled) {
        const how = adminToken.generated
          ? `admin token, generated for this run and shown only now: ${adminToken.token}`
          : adminToken.token === undefined
            ? `set ${cfg.gateway.admin.token_env} (the admin token) or configure operators / OIDC`
            : `the admin token in ${cfg.gateway.admin.token_env}`;
        out(`Dashboard: ${gw.url}/dashboard/ (sign in with ${how})`);
      }
      if (opts.upstream !== undefined) {
        const keyState = process.env.WARDEN_UPSTREAM_API_KEY ? 'set' : 'not set';
        out(`Upstream: ${opts.upstream} (WARDEN_UPSTREAM_API_KEY ${keyState}); policy preset: ${opts.preset}`);
      }
      const inlineKey = cfg.gateway.open_mode?.api_key;
      if (inlineKey !== undefined && trial.key === inlineKey && !LOOPBACK.has(opts.host ?? cfg.gateway.host)) {
        err('warden: warning: open_mode.api_key is a documented demo key and the gateway listens beyond localhost; remove open_mode or set WARDEN_API_KEY');
      }
      if (trial.key !== undefined) {
        out(`Client API key (tenant "default")${trial.generated ? ', generated and shown only now' : ''}: ${trial.key}`);
        out(`Try: curl ${gw.url}/v1/chat/completions -H "Authorization: Bearer ${trial.key}" -H "content-type: application/json" \\`);
        out(`       -d '{"model":"${Object.keys(cfg.gateway.models)[0] ?? 'MODEL'}","messages":[{"role":"user","content":"Hello"}]}'`);
      }
      const signal = await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
      err(`warden: ${String(signal[0] ?? 'signal')} received, draining connections`);
      await gw.close();
    });
};
