/** Gateway replicas as real processes (`warden serve` from the sources), for tests across replicas. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const ENTRY = join(ROOT, 'test', 'approvals', 'cli-entry.ts');

export interface Replica {
  url: string;
  /** Its warden.yaml. */
  config: string;
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `warden serve` on a free port with `gateway` merged into a demo-upstream config; its own data dir. */
export async function startReplica(gateway: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): Promise<Replica> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-replica-'));
  const config = join(dir, 'warden.yaml');
  const base = { data_dir: join(dir, 'data'), log_level: 'silent', upstreams: { demo: { type: 'demo' } }, models: { demo: { upstream: 'demo', model: 'warden-demo-vulnerable' } } };
  // A generous scan budget: these tests check sharing across replicas, and a replica on a loaded host must not
  // fail a scan closed for time.
  writeFileSync(config, stringify({ version: 1, extends: 'default', budget_ms: 10_000, gateway: { ...base, ...gateway } }));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ENTRY, 'serve', '--config', config, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const url = await new Promise<string>((res, rej) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) res(m[1]);
    });
    child.on('exit', (code) => rej(new Error(`replica exited with ${code}: ${err}`)));
  });
  return {
    url,
    config,
    stderr: () => err,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the CLI from the sources; resolves to its exit code and output. */
export function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      res({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A chat completion as `key`; resolves to the status and the error code, if any. */
export async function chat(url: string, key: string): Promise<{ status: number; code?: string }> {
  const r = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: 'Hello' }] }),
  });
  const body = (await r.json()) as { error?: { code?: string } };
  return { status: r.status, code: body.error?.code };
}
