/**
 * The sandbox runner for code-executing tools: JavaScript in a V8 isolate, python and sh as a process in its own
 * namespaces. A run the machine cannot isolate fails with `sandbox_unavailable`; nothing ever runs unsandboxed.
 */
import { runIsolate } from './isolate-runner.js';
import { createProcessRunner, type ProcessSandboxOptions } from './process-runner.js';
import { createRunQueue } from './run-queue.js';
import { DEFAULT_SANDBOX_LIMITS, SANDBOX_LANGUAGES, failure, type SandboxLanguage, type SandboxLimits, type SandboxRequest, type SandboxResult } from './types.js';

export { DEFAULT_READ_ONLY_PATHS, type ProcessSandboxOptions } from './process-runner.js';
export * from './types.js';

export interface SandboxOptions extends ProcessSandboxOptions {
  /** The runner's limits; a request may lower them, never raise them. */
  limits?: Partial<SandboxLimits>;
  /** Runs at once (default 4); more wait for a free slot, their wall time starting when they run. */
  maxConcurrent?: number;
}

export interface Sandbox {
  readonly limits: SandboxLimits;
  /** Runs code under the sandbox's limits; never throws for anything the code does. */
  run(request: SandboxRequest): Promise<SandboxResult>;
  /**
   * Whether this machine can run `language` sandboxed: runs a trivial program once and remembers the answer.
   * The message says why not (no user namespaces, a missing tool or interpreter, isolated-vm not built).
   */
  check(language: SandboxLanguage): Promise<{ ok: true } | { ok: false; message: string }>;
}

/** The environment limits each string (and so the code, passed to the namespace script) to 128 KiB. */
const MAX_CODE_BYTES = 100_000;

function lower(base: SandboxLimits, request: Partial<SandboxLimits> | undefined): SandboxLimits {
  const out = { ...base };
  for (const key of Object.keys(base) as (keyof SandboxLimits)[]) {
    const v = request?.[key];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[key] = Math.min(base[key], v);
  }
  return out;
}

function invalid(request: SandboxRequest): string | undefined {
  if (!SANDBOX_LANGUAGES.includes(request.language)) return `unknown language ${String(request.language)}`;
  if (typeof request.code !== 'string') return 'code must be a string';
  if (request.code.includes('\u0000')) return 'code contains a NUL character';
  if (Buffer.byteLength(request.code) > MAX_CODE_BYTES) return `code over ${MAX_CODE_BYTES} bytes`;
  try {
    JSON.stringify(request.input);
  } catch {
    return 'input is not JSON';
  }
  return undefined;
}

/** Creates a sandbox runner. Example: `await createSandbox().run({ language: 'python', code: 'print(1 + 1)' })`. */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const limits = lower(DEFAULT_SANDBOX_LIMITS, options.limits);
  const runProcess = createProcessRunner(options);
  const checks = new Map<SandboxLanguage, Promise<{ ok: true } | { ok: false; message: string }>>();

  const queue = createRunQueue(Math.max(1, options.maxConcurrent ?? 4));

  async function run(request: SandboxRequest): Promise<SandboxResult> {
    const problem = invalid(request);
    if (problem !== undefined) return failure('sandbox_invalid_request', problem, { stdout: '', stderr: '', durationMs: 0 });
    const l = lower(limits, request.limits);
    const release = await queue.acquire(request.signal);
    if (release === undefined) return failure('sandbox_timeout', 'cancelled while waiting for a free slot', { stdout: '', stderr: '', durationMs: 0 });
    try {
      if (request.language === 'javascript') return await runIsolate(request.code, request.input, l, request.signal);
      const input = request.input === undefined ? undefined : JSON.stringify(request.input);
      return await runProcess(request.language, request.code, input, l, request.signal);
    } finally {
      release();
    }
  }

  const TRIVIAL: Record<SandboxLanguage, string> = { javascript: '1', python: 'pass', sh: 'true' };
  function check(language: SandboxLanguage) {
    let c = checks.get(language);
    if (c === undefined) {
      c = run({ language, code: TRIVIAL[language] }).then((r) => (r.ok ? { ok: true as const } : { ok: false as const, message: `${r.code}: ${r.message}` }));
      checks.set(language, c);
    }
    return c;
  }

  return { limits, run, check };
}
