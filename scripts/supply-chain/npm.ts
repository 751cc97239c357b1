/** Runs npm with the repository root as its working directory and captures what it prints. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface NpmRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runNpm(args: readonly string[], timeoutMs: number): NpmRun {
  const r = spawnSync('npm', args, { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new Error(`npm ${args.join(' ')}: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
