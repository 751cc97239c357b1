/** Whether this kernel lets an unprivileged process create user and network namespaces, and which interpreters exist. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const probe = spawnSync('unshare', ['--user', '--map-root-user', '--net', '--mount', '--pid', '--fork', 'true'], { encoding: 'utf8' });

/** Undefined when namespaces work; otherwise the one-line reason tests that need them are skipped. */
export const NAMESPACES_REFUSED: string | undefined =
  process.platform !== 'linux'
    ? `no Linux namespaces on ${process.platform}`
    : probe.status === 0
      ? undefined
      : `the kernel refuses unprivileged user namespaces: ${(probe.stderr || probe.error?.message || '').trim()}`;

export const HAS_PYTHON = existsSync('/usr/bin/python3');
