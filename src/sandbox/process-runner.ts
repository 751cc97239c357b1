/** Runs python and sh code as a process in its own namespaces (see namespace-script.ts), under rlimits and a wall timer. */
import { spawn } from 'node:child_process';
import { findHostTools, type HostTool } from './host-tools.js';
import { SETUP_SCRIPT } from './namespace-script.js';
import { BoundedOutput } from './output.js';
import { supervise, type Stop } from './supervise.js';
import { failure, stopped, type RunOutput, type SandboxLimits, type SandboxResult } from './types.js';

export type ProcessLanguage = 'python' | 'sh';

/** Host paths bound read-only into the sandbox: the system's programs and libraries, nothing of users or secrets. */
export const DEFAULT_READ_ONLY_PATHS: readonly string[] = ['/usr', '/bin', '/sbin', '/lib', '/lib64', '/etc/ld.so.cache', '/etc/alternatives'];

export interface ProcessSandboxOptions {
  /** Host paths the code may read (each bound read-only at the same path); defaults to DEFAULT_READ_ONLY_PATHS. */
  readOnlyPaths?: readonly string[];
  /**
   * The host user id the code runs as when Warden runs as root (default 65534, nobody): root's own processes
   * are exempt from RLIMIT_NPROC and own the system's files. Otherwise the code runs as Warden's user.
   */
  rootUid?: number;
}

const COMMANDS: Record<ProcessLanguage, { file: string; argv: string[] }> = {
  // -I: ignore PYTHON* variables and the user's site directory; -B: write no bytecode.
  python: { file: 'main.py', argv: ['python3', '-I', '-B', 'main.py'] },
  sh: { file: 'main.sh', argv: ['/bin/sh', 'main.sh'] },
};

/** The namespace script splits the read-only paths on spaces. */
const SAFE_PATH = /^\/[^\s]*$/;

/** Exit status the inner shell reports for a child killed by SIGXCPU (RLIMIT_CPU). */
const EXIT_SIGXCPU = 128 + 24;

function rlimits(l: SandboxLimits): string {
  const cpu = Math.max(1, Math.ceil(l.cpuTimeMs / 1000));
  return [
    // SIGXCPU at the soft limit, so the status says why; SIGKILL a second later for code that ignores it.
    `--cpu=${cpu}:${cpu + 1}`,
    `--as=${l.memoryBytes}`,
    `--nproc=${l.processes}`,
    `--fsize=${l.fileBytes}`,
    `--nofile=${l.openFiles}`,
    '--core=0',
  ].join(' ');
}

function argvFor(paths: Record<HostTool, string>, rootUid: number, language: ProcessLanguage): string[] {
  const asUser = process.getuid?.() === 0 ? [paths.setpriv, `--reuid=${rootUid}`, `--regid=${rootUid}`, '--clear-groups', '--'] : [];
  const unshare = [paths.unshare, '--user', '--map-root-user', '--net', '--pid', '--fork', '--mount', '--ipc', '--uts', '--kill-child', '--'];
  return [...asUser, ...unshare, paths.sh, '-c', SETUP_SCRIPT, 'warden-sandbox', ...COMMANDS[language].argv];
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function outputOf(out: BoundedOutput, started: number): RunOutput {
  return { stdout: out.text('stdout'), stderr: out.text('stderr'), durationMs: Date.now() - started };
}

/** The result of a finished process: `setup` is what the namespace script wrote to fd 3 (`ready`, or the step that failed). */
function classify(language: ProcessLanguage, status: number | null, setup: string, stoppedBy: Stop | undefined, limits: SandboxLimits, out: BoundedOutput, started: number): SandboxResult {
  const output = outputOf(out, started);
  if (stoppedBy) return stopped(stoppedBy, limits, output);
  if (!setup.startsWith('ready')) {
    const why = setup.trim() || output.stderr.trim().split('\n').slice(-2).join(' ') || `exit ${status}`;
    return failure('sandbox_unavailable', `cannot build the process sandbox: ${why}`, output);
  }
  if (status === 0) return { ok: true, ...output };
  const exitCode = status ?? undefined;
  if (status === EXIT_SIGXCPU) return failure('sandbox_cpu_limit', `CPU time over ${limits.cpuTimeMs} ms`, output, exitCode);
  if (language === 'python' && /^MemoryError\b/m.test(output.stderr)) return failure('sandbox_memory_limit', `memory over ${limits.memoryBytes} bytes`, output, exitCode);
  return failure('sandbox_code_error', `exit ${status ?? 'by signal'}`, output, exitCode);
}

export function createProcessRunner(options: ProcessSandboxOptions = {}) {
  const readOnly = options.readOnlyPaths ?? DEFAULT_READ_ONLY_PATHS;
  const rootUid = options.rootUid ?? 65534;

  return function runProcess(language: ProcessLanguage, code: string, input: string | undefined, limits: SandboxLimits, signal?: AbortSignal): Promise<SandboxResult> {
    const started = Date.now();
    const out = new BoundedOutput(limits.outputBytes);
    const unavailable = (message: string) => failure('sandbox_unavailable', message, outputOf(out, started));
    if (process.platform !== 'linux') return Promise.resolve(unavailable(`the process sandbox needs Linux namespaces, not ${process.platform}`));
    const tools = findHostTools();
    if (!tools.ok) return Promise.resolve(unavailable(`the process sandbox needs ${tools.missing.join(', ')}`));
    const badPath = readOnly.find((p) => !SAFE_PATH.test(p) || p.split('/').includes('..'));
    if (badPath !== undefined) return Promise.resolve(unavailable(`read-only path ${JSON.stringify(badPath)} is not an absolute path without spaces or ..`));

    const env = {
      WARDEN_RO: readOnly.join(' '),
      WARDEN_SCRATCH_BYTES: String(limits.scratchBytes),
      WARDEN_CODE: code,
      WARDEN_FILE: COMMANDS[language].file,
      WARDEN_RLIMITS: rlimits(limits),
      WARDEN_CHROOT: tools.paths.chroot,
      WARDEN_SETPRIV: tools.paths.setpriv,
      WARDEN_PRLIMIT: tools.paths.prlimit,
      WARDEN_ENV: tools.paths.env,
    };
    const [cmd, ...args] = argvFor(tools.paths, rootUid, language);
    return new Promise((resolve) => {
      const child = spawn(cmd as string, args, { env, stdio: ['pipe', 'pipe', 'pipe', 'pipe'], detached: true });
      let setup = '';
      // The group's leader is unshare: --kill-child takes the namespace's PID 1, and with it every process of the run.
      const run = supervise(child, out, limits.wallTimeMs, () => killGroup(child.pid), signal);
      const control = child.stdio[3];
      control?.on('data', (b: Buffer) => {
        setup += b.toString('utf8');
      });
      child.stdin.end(input ?? '');
      child.on('error', (err) => {
        run.settle();
        resolve(unavailable(`cannot start the sandbox: ${err.message}`));
      });
      child.on('close', (status) => {
        run.settle();
        resolve(classify(language, status, setup, run.stoppedBy, limits, out, started));
      });
    });
  };
}
