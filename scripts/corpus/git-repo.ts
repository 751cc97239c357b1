/** Reads blobs of a bare mirror (`fetch github:owner/name`) at a pinned commit through the git CLI. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoReader } from './types.js';

export const DEFAULT_MIRRORS = '/work/.mirror';

export function mirrorsRoot(): string {
  return process.env.WARDEN_MIRRORS ?? DEFAULT_MIRRORS;
}

export function mirrorGitDir(root: string, repo: string): string {
  return join(root, repo.replace('/', '+'), 'repo');
}

export class MissingMirrorError extends Error {
  constructor(repo: string, commit: string, gitDir: string, why: string) {
    super(
      `corpus: mirror of ${repo} at ${commit.slice(0, 12)} not usable (${why}): expected a bare git dir at ${gitDir}. ` +
        `Bring it with the fetch tool (github:${repo}) or set WARDEN_MIRRORS to the folder holding <owner>+<name>/repo.`,
    );
  }
}

const MAX_BLOB = 256 * 1024 * 1024;

export function openRepo(root: string, repo: string, commit: string): RepoReader {
  const gitDir = mirrorGitDir(root, repo);
  if (!existsSync(gitDir)) throw new MissingMirrorError(repo, commit, gitDir, 'missing');
  const git = (args: string[]): Buffer =>
    execFileSync('git', ['--git-dir', gitDir, ...args], { maxBuffer: MAX_BLOB, stdio: ['ignore', 'pipe', 'pipe'] });
  let full: string;
  try {
    full = git(['rev-parse', '--verify', `${commit}^{commit}`]).toString('utf8').trim();
  } catch {
    throw new MissingMirrorError(repo, commit, gitDir, 'pinned commit absent');
  }
  let listing: { path: string; oid: string }[] | undefined;
  const entries = (): { path: string; oid: string }[] => {
    // `-l` prints BAD as the size of blobs the snapshot left out (files >= 4 MiB, LFS): skip them.
    listing ??= git(['ls-tree', '-r', '-z', '-l', full])
      .toString('utf8')
      .split('\0')
      .map((entry) => /^\d+ blob ([0-9a-f]+) +\d+\t(.+)$/s.exec(entry))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ oid: m[1] as string, path: m[2] as string }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return listing;
  };
  return {
    repo,
    commit: full,
    showBytes: (path) => git(['show', `${full}:${path}`]),
    show: (path) => git(['show', `${full}:${path}`]).toString('utf8'),
    list: (prefix = '') =>
      entries()
        .filter((e) => e.path.startsWith(prefix))
        .map((e) => e.path),
    showMany: (paths) => {
      // One `git cat-file --batch` for many files instead of one process per file.
      const oids = new Map(entries().map((e) => [e.path, e.oid]));
      const wanted = paths.map((p) => oids.get(p) ?? '');
      const out = execFileSync('git', ['--git-dir', gitDir, 'cat-file', '--batch'], {
        input: wanted.join('\n') + '\n',
        maxBuffer: MAX_BLOB,
      });
      const texts: string[] = [];
      let at = 0;
      for (const _ of wanted) {
        const eol = out.indexOf(10, at);
        const header = out.subarray(at, eol).toString('utf8').split(' ');
        if (header[1] !== 'blob') throw new Error(`corpus: ${repo} blob missing in batch read (${header.join(' ')})`);
        const size = Number(header[2]);
        texts.push(out.subarray(eol + 1, eol + 1 + size).toString('utf8'));
        at = eol + 1 + size + 1;
      }
      return texts;
    },
  };
}
