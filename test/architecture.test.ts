import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// Layers from docs/architecture: a file may import only from its own layer or the ones above it.
const LAYER: Record<string, number> = {
  spec: 1,
  core: 2,
  detectors: 3, guards: 3, tools: 3, retrieval: 3, audit: 3, store: 3,
  '(root)': 4,
  gateway: 5, mcp: 5, cli: 5, dashboard: 5, redteam: 5,
};

const SRC = resolve(import.meta.dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function areaOf(file: string): string {
  const rel = relative(SRC, file).split(sep);
  return rel.length === 1 ? '(root)' : (rel[0] as string);
}

describe('architecture', () => {
  it('every src area has a known layer and imports only from layers above it', () => {
    const violations: string[] = [];
    for (const file of files(SRC)) {
      if (file.endsWith('.test.ts')) continue;
      const from = areaOf(file);
      const fromLayer = LAYER[from];
      if (fromLayer === undefined) {
        violations.push(`${relative(SRC, file)}: area "${from}" has no layer`);
        continue;
      }
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
        const target = resolve(dirname(file), m[1] as string);
        const to = areaOf(target);
        const toLayer = LAYER[to] ?? 99;
        if (toLayer > fromLayer) violations.push(`${relative(SRC, file)} (${from}) imports ${m[1]} (${to})`);
      }
    }
    expect(violations).toEqual([]);
  });
});
