/** Runs a sandboxed tool: the sandbox's failures (unavailable, timeout, limits, non-zero exit) are errors, never a fallback. */
import { createSandbox, type Sandbox } from '../sandbox/index.js';
import type { SandboxedTool } from './tool-types.js';

/** A run that did not complete; the guard reports it as the call's error. */
export class SandboxRunError extends Error {
  constructor(readonly code: string, message: string) {
    super(`${code}: ${message}`);
    this.name = 'SandboxRunError';
  }
}

/** The sandbox given in the options, or one created on first use (most applications never run code). */
export function lazySandbox(given: Sandbox | undefined): () => Sandbox {
  let sandbox = given;
  return () => (sandbox ??= createSandbox());
}

export async function runSandboxed<A>(sandbox: Sandbox, tool: SandboxedTool<A>, args: A, signal: AbortSignal): Promise<unknown> {
  const code = typeof tool.code === 'function' ? tool.code(args) : tool.code;
  const r = await sandbox.run({ language: tool.language, code, input: args, limits: tool.limits, signal });
  if (!r.ok) throw new SandboxRunError(r.code, r.message);
  return tool.language === 'javascript' ? r.result : r.stdout;
}
