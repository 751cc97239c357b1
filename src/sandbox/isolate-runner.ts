/**
 * Runs JavaScript in an isolated-vm isolate hosted by a child Node process. The child is a second boundary:
 * it starts with `--no-node-snapshot` (isolated-vm's requirement on Node 20+, without asking it of the host
 * process), with an empty environment, and a crash of V8 or a runaway copy kills only it, never Warden; the
 * wall timer kills it whatever the isolate does.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { ISOLATE_CHILD } from './isolate-child.js';
import { BoundedOutput } from './output.js';
import { supervise } from './supervise.js';
import { failure, stopped, type SandboxLimits, type SandboxResult } from './types.js';

type ChildReply =
  | { kind: 'ok'; result?: unknown; stdout: string; stderr: string }
  | { kind: 'output' | 'timeout' | 'memory' | 'error'; message?: string; stdout: string; stderr: string }
  | { kind: 'unavailable'; message: string };

const MIB = 1024 * 1024;
/** isolated-vm refuses heaps under 8 MiB. */
const MIN_HEAP_MIB = 8;

function isolatedVmPath(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('isolated-vm');
  } catch {
    return undefined;
  }
}

function parseReply(text: string): ChildReply | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && 'kind' in value ? (value as ChildReply) : undefined;
  } catch {
    return undefined;
  }
}

function fromReply(reply: ChildReply | undefined, limits: SandboxLimits, durationMs: number, stderr: string): SandboxResult {
  if (reply === undefined) return failure('sandbox_code_error', `the isolate's host process failed: ${stderr.trim().slice(-300) || 'no reply'}`, { stdout: '', stderr: '', durationMs });
  if (reply.kind === 'unavailable') return failure('sandbox_unavailable', reply.message, { stdout: '', stderr: '', durationMs });
  const output = { stdout: reply.stdout, stderr: reply.stderr, durationMs };
  switch (reply.kind) {
    case 'ok':
      return reply.result === undefined ? { ok: true, ...output } : { ok: true, result: reply.result, ...output };
    case 'output':
      return failure('sandbox_output_limit', `output over ${limits.outputBytes} bytes`, output);
    case 'timeout':
      return failure('sandbox_timeout', `stopped after ${Math.min(limits.wallTimeMs, limits.cpuTimeMs)} ms`, output);
    case 'memory':
      return failure('sandbox_memory_limit', `heap over ${limits.memoryBytes} bytes`, output);
    case 'error':
      return failure('sandbox_code_error', reply.message ?? 'the code threw', output);
  }
}

export function runIsolate(code: string, input: unknown, limits: SandboxLimits, signal?: AbortSignal): Promise<SandboxResult> {
  const started = Date.now();
  const modulePath = isolatedVmPath();
  if (modulePath === undefined) return Promise.resolve(failure('sandbox_unavailable', 'isolated-vm is not installed', { stdout: '', stderr: '', durationMs: 0 }));
  const request = JSON.stringify({
    code,
    input: input ?? null,
    memoryMb: Math.max(MIN_HEAP_MIB, Math.floor(limits.memoryBytes / MIB)),
    // Isolate code has no I/O and no timers: its CPU time is its wall time.
    timeoutMs: Math.min(limits.wallTimeMs, limits.cpuTimeMs),
    outputBytes: limits.outputBytes,
  });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--no-node-snapshot', '-e', ISOLATE_CHILD, modulePath], { env: {}, stdio: ['pipe', 'pipe', 'pipe'] });
    // The reply is bounded by the child (outputBytes twice, for console output and the result) plus its framing.
    const replyOut = new BoundedOutput(limits.outputBytes * 2 + 4096);
    const run = supervise(child, replyOut, limits.wallTimeMs, () => child.kill('SIGKILL'), signal);
    child.stdin.end(request);
    child.on('error', (err) => {
      run.settle();
      resolve(failure('sandbox_unavailable', `cannot start the isolate's host process: ${err.message}`, { stdout: '', stderr: '', durationMs: Date.now() - started }));
    });
    child.on('close', () => {
      run.settle();
      const durationMs = Date.now() - started;
      if (run.stoppedBy) return resolve(stopped(run.stoppedBy, limits, { stdout: '', stderr: '', durationMs }));
      resolve(fromReply(parseReply(replyOut.text('stdout')), limits, durationMs, replyOut.text('stderr')));
    });
  });
}
