/** Finds the host programs the process sandbox is built with, and says which are missing. */
import { accessSync, constants } from 'node:fs';

/** util-linux's unshare, setpriv and prlimit, coreutils' chroot and env, and a POSIX shell. */
export const HOST_TOOLS = ['unshare', 'setpriv', 'prlimit', 'chroot', 'env', 'sh'] as const;
export type HostTool = (typeof HOST_TOOLS)[number];

const DIRS = ['/usr/bin', '/usr/sbin', '/bin', '/sbin'];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The absolute path of each tool, or the names not found. Only the system directories are searched, never
 * PATH: they are also bound into the sandbox, where setpriv, prlimit and env run after the chroot.
 */
export function findHostTools(): { ok: true; paths: Record<HostTool, string> } | { ok: false; missing: HostTool[] } {
  const found = HOST_TOOLS.map((tool) => [tool, DIRS.map((d) => `${d}/${tool}`).find(executable)] as const);
  const missing = found.filter(([, p]) => p === undefined).map(([tool]) => tool);
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, paths: Object.fromEntries(found) as Record<HostTool, string> };
}
