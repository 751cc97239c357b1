/** The sandbox runner's request, limits and result: one shape for the JavaScript isolate and the process runner. */
import type { SandboxErrorCode } from '../core/errors.js';

/** `javascript` runs in a V8 isolate (isolated-vm); `python` and `sh` run as a process in its own namespaces. */
export type SandboxLanguage = 'javascript' | 'python' | 'sh';
export const SANDBOX_LANGUAGES: readonly SandboxLanguage[] = ['javascript', 'python', 'sh'];

export interface SandboxLimits {
  /** Wall-clock time from start to kill. */
  wallTimeMs: number;
  /** CPU time per process (RLIMIT_CPU, rounded up to whole seconds); the isolate's is its wall time. */
  cpuTimeMs: number;
  /** Address space per process (RLIMIT_AS), or the isolate's heap. */
  memoryBytes: number;
  /** stdout and stderr (or console output) together; more is cut and the run stopped. */
  outputBytes: number;
  /** Processes the sandbox's user may have at once (RLIMIT_NPROC): stops fork bombs. */
  processes: number;
  /** Size of the scratch directory, a tmpfs at /scratch (process runner only). */
  scratchBytes: number;
  /** Largest file a process may write (RLIMIT_FSIZE). */
  fileBytes: number;
  /** Open files per process (RLIMIT_NOFILE). */
  openFiles: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  wallTimeMs: 5_000,
  cpuTimeMs: 2_000,
  memoryBytes: 256 * 1024 * 1024,
  outputBytes: 64 * 1024,
  processes: 32,
  scratchBytes: 16 * 1024 * 1024,
  fileBytes: 8 * 1024 * 1024,
  openFiles: 64,
};

export interface SandboxRequest {
  language: SandboxLanguage;
  /** Source text: a script (python, sh) or a JavaScript script whose completion value is the result. */
  code: string;
  /** JSON value given to the code: the global `input` in JavaScript, standard input (as JSON) for a process. */
  input?: unknown;
  /** Per-run overrides of the runner's limits (each may only lower them). */
  limits?: Partial<SandboxLimits>;
  /** Cancels the run: the code is killed and the result is `sandbox_timeout`. */
  signal?: AbortSignal;
}

export interface RunOutput {
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** A completed run: exit status 0, or a JavaScript script that returned. `result` is the script's value (JavaScript). */
export interface SandboxSuccess extends RunOutput {
  ok: true;
  result?: unknown;
}

export interface SandboxFailure extends RunOutput {
  ok: false;
  code: SandboxErrorCode;
  message: string;
  /** The process's exit status when it exited by itself. */
  exitCode?: number;
}

export type SandboxResult = SandboxSuccess | SandboxFailure;

/** A failure result with its output. */
export function failure(code: SandboxErrorCode, message: string, output: RunOutput, exitCode?: number): SandboxFailure {
  const r: SandboxFailure = { ok: false, code, message, ...output };
  if (exitCode !== undefined) r.exitCode = exitCode;
  return r;
}

/** The result of a run the runner stopped. */
export function stopped(why: 'sandbox_timeout' | 'sandbox_output_limit', limits: SandboxLimits, output: RunOutput): SandboxFailure {
  return failure(why, why === 'sandbox_timeout' ? `stopped after ${limits.wallTimeMs} ms` : `output over ${limits.outputBytes} bytes`, output);
}
