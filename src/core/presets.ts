/** Locates the bundled presets (policies/*.yaml) from both src/ (tsx, vitest) and dist/ (compiled). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The package root: the nearest ancestor directory whose package.json is named "warden". */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && readPackageName(pkg) === 'warden') return (cachedRoot = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the warden package root above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

function readPackageName(file: string): string | undefined {
  try {
    const pkg: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return pkg !== null && typeof pkg === 'object' && 'name' in pkg && typeof pkg.name === 'string' ? pkg.name : undefined;
  } catch {
    return undefined;
  }
}

export function presetsDir(): string {
  return join(packageRoot(), 'policies');
}

export const PRESET_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Names of the bundled presets, e.g. ["default", "gdpr", ...]. */
export function presetNames(dir = presetsDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

export function presetPath(name: string, dir = presetsDir()): string {
  return join(dir, `${name}.yaml`);
}
