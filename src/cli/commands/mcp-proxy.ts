/**
 * `warden mcp-proxy --config F`: the MCP proxy in front of the servers of F's `mcp:` section, serving its
 * client on stdin/stdout (stdout is the protocol channel, so everything else goes to stderr) and, when
 * `mcp.listen` is set, over Streamable HTTP. `--update-pins` records the current definitions and exits.
 */
import { once } from 'node:events';
import type { Command } from 'commander';
import { loadMcpConfig, startMcpProxy, type LoadedMcpConfig } from '../../mcp/start.js';
import { EXIT, type RegisterCommand } from '../command.js';
import { err } from '../io.js';
import { reportPolicyError } from '../load-policy.js';

interface McpProxyOptions {
  config: string;
  dataDir?: string;
  stdio: boolean;
  updatePins?: boolean;
}

export const registerMcpProxy: RegisterCommand = (program: Command, setCode) => {
  program
    .command('mcp-proxy')
    .description('run the MCP proxy: tools/list filtered, tools/call decided by the tool policy, results scanned, definitions pinned')
    .requiredOption('-c, --config <file>', 'warden.yaml with an mcp: section (servers), the tools: policy and optionally gateway: (data dir, keys)')
    .option('--data-dir <dir>', 'directory of warden.db and audit.db (default gateway.data_dir, else ./data)')
    .option('--no-stdio', 'do not serve a client on stdin/stdout (HTTP listener only)')
    .option('--update-pins', 'record the current tool definitions of every server in the pin file, then exit')
    .action(async (opts: McpProxyOptions) => {
      let cfg: LoadedMcpConfig;
      try {
        cfg = loadMcpConfig(opts.config);
      } catch (e) {
        if (!reportPolicyError(e)) throw e;
        setCode(EXIT.usage);
        return;
      }
      const stdio = opts.stdio && opts.updatePins !== true;
      if (!stdio && cfg.mcp.listen === undefined && opts.updatePins !== true) {
        err('warden: --no-stdio needs mcp.listen in the config, or there is nobody to serve');
        setCode(EXIT.usage);
        return;
      }
      const running = await startMcpProxy(cfg, { stdio, ...(opts.updatePins ? { updatePins: true } : {}), ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}), log: (line) => err(`warden mcp-proxy: ${line}`) });
      if (opts.updatePins) {
        const tools = running.proxy.catalog.all();
        err(`warden mcp-proxy: pinned ${tools.length} tool definitions in ${cfg.mcp.pins.file}`);
        await running.close();
        return;
      }
      if (running.listener) err(`warden mcp-proxy: listening on ${running.listener.url}`);
      const ended: Array<Promise<unknown>> = [once(process, 'SIGINT'), once(process, 'SIGTERM')];
      // A stdio client that goes away closes our stdin: that ends the proxy.
      if (stdio) ended.push(once(process.stdin, 'end'), once(process.stdin, 'close'));
      await Promise.race(ended);
      await running.close();
    });
};
