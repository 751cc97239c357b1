import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DETECTORS } from '../src/detectors/index.js';
import { BUILTIN_GUARDS } from '../src/guards/index.js';

// Layers from docs/architecture.md: a file may import only from its own layer or the ones above it.
const LAYER: Record<string, number> = {
  spec: 1,
  core: 2,
  detectors: 3, guards: 3, tools: 3, approvals: 3, retrieval: 3, context: 3, audit: 3, store: 3, sandbox: 3, assurance: 3,
  compliance: 3, review: 3, integrity: 3,
  '(root)': 4, library: 4,
  gateway: 5, mcp: 5, cli: 5, dashboard: 5, redteam: 5,
};

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');
const DETECTORS = join(SRC, 'detectors');
/** Folders under src/detectors that belong to no single detector. */
const DETECTOR_SHARED = new Set(['shared', 'models']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

function areaOf(file: string): string {
  const rel = relative(SRC, file).split(sep);
  return rel.length === 1 ? '(root)' : (rel[0] as string);
}

/**
 * The import graph of src: each file to the src files it imports, `import type` and `export ... from`
 * included. Read with the TypeScript compiler's own pre-processor rather than madge or
 * dependency-cruiser: those bring a few dozen packages to do what these lines do on one known layout
 * (relative `.js` specifiers that name `.ts` files).
 */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files(SRC)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((ref) => ref.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
    graph.set(file, targets);
  }
  return graph;
}

/** The files of each import cycle: one set per strongly connected component (Tarjan's algorithm). */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.reverse());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

describe('architecture', () => {
  const graph = importGraph();

  it('every src area has a known layer and imports only from layers above it', () => {
    const violations: string[] = [];
    for (const [file, targets] of graph) {
      const from = areaOf(file);
      const fromLayer = LAYER[from];
      if (fromLayer === undefined) {
        violations.push(`${relative(SRC, file)}: area "${from}" has no layer`);
        continue;
      }
      for (const target of targets) {
        const to = areaOf(target);
        if ((LAYER[to] ?? 99) > fromLayer) violations.push(`${relative(SRC, file)} (${from}) imports ${relative(SRC, target)} (${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('src/spec holds types only: every import there is `import type`, so it loads nothing at run time', () => {
    const spec = join(SRC, 'spec');
    const runtime = files(spec).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^import\s+(?!type\b)[^;]*;/gm)].map((m) => `${relative(SRC, file)}: ${m[0]}`),
    );
    expect(runtime).toEqual([]);
  });

  it('every relative import names a file in src', () => {
    const missing = [...graph].flatMap(([file, targets]) =>
      targets.filter((t) => !existsSync(t)).map((t) => `${relative(SRC, file)} -> ${relative(SRC, t)}`),
    );
    expect(missing).toEqual([]);
  });

  it('src has no import cycles, type-only imports included', () => {
    const cycles = importCycles(graph).map((c) => `files importing each other: ${c.map((f) => relative(SRC, f)).join(', ')}`);
    expect(cycles).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const a = '/a.ts', b = '/b.ts', c = '/c.ts';
    expect(importCycles(new Map([[a, [b]], [b, [c]], [c, []]]))).toEqual([]);
    expect(importCycles(new Map([[a, [b]], [b, [c]], [c, [a]]]))).toEqual([[a, b, c]]);
  });

  it('each folder under src/detectors belongs to one detector (rule id -> file) or is a named shared one', () => {
    const stray = readdirSync(DETECTORS)
      .filter((name) => statSync(join(DETECTORS, name)).isDirectory() && !DETECTOR_SHARED.has(name))
      .filter((id) => !existsSync(join(DETECTORS, `${id}.ts`)) || !existsSync(join(ROOT, 'docs', 'detectors', `${id}.md`)));
    expect(stray).toEqual([]);
  });

  it('src/guards holds one file per registered guard (id = file name), ids apart from the detectors', () => {
    const guardFiles = readdirSync(join(SRC, 'guards'))
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && name !== 'index.ts')
      .map((name) => name.slice(0, -3))
      .sort();
    expect(BUILTIN_GUARDS.map((g) => g.id).sort()).toEqual(guardFiles);
    const detectorIds = new Set(BUILTIN_DETECTORS.map((d) => d.id));
    expect(BUILTIN_GUARDS.filter((g) => detectorIds.has(g.id))).toEqual([]);
  });
});
