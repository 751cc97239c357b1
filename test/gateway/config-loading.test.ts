/**
 * Validating a config must not load a database driver: `warden policy check` and `--config` parsing run
 * where the gateway's native SQLite module may be missing or built for another Node.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Imports `modules` in a fresh Node process and lists the node_modules packages its CommonJS loader loaded. */
function packagesLoadedBy(modules: string[]): string[] {
  const script = [
    "import { createRequire } from 'node:module';",
    ...modules.map((m) => `await import(${JSON.stringify(resolve(ROOT, m))});`),
    'const cache = createRequire(import.meta.url).cache;',
    "const names = Object.keys(cache).flatMap((p) => { const m = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(p); return m ? [m[1]] : []; });",
    'process.stdout.write(JSON.stringify([...new Set(names)]));',
  ].join('\n');
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out) as string[];
}

describe('config validation loads no store', () => {
  it('the check can see better-sqlite3 when a store module is imported', () => {
    expect(packagesLoadedBy(['src/store/sqlite.ts'])).toContain('better-sqlite3');
  });

  it('the gateway config module and the CLI policy loader do not load better-sqlite3', () => {
    const loaded = packagesLoadedBy(['src/gateway/config.ts', 'src/cli/load-policy.ts']);
    expect(loaded).toContain('yaml');
    expect(loaded).not.toContain('better-sqlite3');
  });
});
