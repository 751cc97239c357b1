/** Loading warden.yaml: YAML parsing, validation with positioned errors, the extends chain and merging. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Guard } from '../spec/guard.js';
import type { Detector } from '../spec/types.js';
import { PolicyError, type PolicyIssue } from './errors.js';
import { deepMerge, isPlainObject } from './merge.js';
import { composedSchema, describeIssue, type PolicySections } from './policy-schema.js';
import { positionOf, toPolicyIssues, type PolicySource } from './policy-issues.js';
import type { LoadedPolicy, PolicyDocument } from './policy-types.js';
import { PRESET_NAME, presetNames, presetPath, presetsDir } from './presets.js';

export interface PolicyLoadOptions {
  /** The detector registry the policy is validated against. */
  detectors: readonly Detector[];
  /** The guard registry (the async tier); none when absent. */
  guards?: readonly Guard[];
  /** Extra top-level sections (e.g. `{ gateway: GatewaySchema }`), validated and returned in `sections`. */
  sections?: PolicySections;
  /** Sections a layer holds (base, `tenants.<t>`, `use_cases.<u>`), e.g. `{ tools: ... }`; kept in the document. */
  layerSections?: PolicySections;
  /** Where preset names resolve; defaults to the package's policies/ directory. */
  presetsDir?: string;
}

const INLINE = '<inline>';
const MAX_EXTENDS_DEPTH = 16;

interface Layer {
  data: Record<string, unknown>;
  sources: string[];
}

interface Ctx {
  opts: PolicyLoadOptions;
  schema: z.ZodObject;
  issues: PolicyIssue[];
}

/** Parses and validates policy YAML text; `fileName` is used in messages and to resolve relative extends. */
export function parsePolicy(yamlText: string, fileName: string, opts: PolicyLoadOptions): LoadedPolicy {
  const ctx = newCtx(opts);
  const layer = fromText(ctx, yamlText, resolve(fileName), [], fileName);
  return finish(ctx, layer);
}

/** Reads, parses and validates a policy file and its extends chain. */
export function loadPolicy(path: string, opts: PolicyLoadOptions): LoadedPolicy {
  const ctx = newCtx(opts);
  const layer = fromFile(ctx, resolve(path), [], path);
  return finish(ctx, layer);
}

/** Validates a policy given as an object (relative extends resolve from the working directory). */
export function policyFromObject(value: unknown, opts: PolicyLoadOptions): LoadedPolicy {
  const ctx = newCtx(opts);
  const layer = fromData(ctx, value, { file: INLINE }, resolve(INLINE), []);
  return finish(ctx, layer);
}

function newCtx(opts: PolicyLoadOptions): Ctx {
  return { opts, schema: composedSchema(opts.detectors, opts.sections, opts.guards, opts.layerSections), issues: [] };
}

function finish(ctx: Ctx, layer: Layer | undefined): LoadedPolicy {
  if (ctx.issues.length > 0 || !layer) throw new PolicyError(ctx.issues);
  // Each layer was validated alone; validating the merge too catches nothing new but yields parsed sections.
  const parsed = ctx.schema.safeParse(layer.data, { error: describeIssue });
  if (!parsed.success) {
    throw new PolicyError(toPolicyIssues(parsed.error.issues, layer.data, { file: layer.sources.join(' + ') }, ctx.schema));
  }
  const sections: Record<string, unknown> = {};
  const document: Record<string, unknown> = { ...layer.data };
  for (const key of Object.keys(ctx.opts.sections ?? {})) {
    if (parsed.data[key] !== undefined) sections[key] = parsed.data[key];
    delete document[key];
  }
  return { document: document as PolicyDocument, sources: layer.sources, sections };
}

function fromFile(ctx: Ctx, absPath: string, chain: string[], shownAs: string): Layer | undefined {
  let text: string;
  try {
    text = readFileSync(absPath, 'utf8');
  } catch (err) {
    const reason = err instanceof Error && 'code' in err && err.code === 'ENOENT' ? 'file not found' : String(err);
    ctx.issues.push({ file: shownAs, path: '', message: `cannot read policy file: ${reason}` });
    return undefined;
  }
  return fromText(ctx, text, absPath, chain, shownAs);
}

function fromText(ctx: Ctx, text: string, absPath: string, chain: string[], shownAs: string): Layer | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const src: PolicySource = { file: shownAs, doc, lineCounter };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = lineCounter.linePos(e.pos[0]);
      ctx.issues.push({ file: shownAs, line: pos.line, column: pos.col, path: '', message: `YAML syntax error: ${e.message}` });
    }
    return undefined;
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || data === undefined) {
    ctx.issues.push({ file: shownAs, line: 1, column: 1, path: '', message: 'policy is empty: expected a mapping such as "version: 1\\nextends: default"' });
    return undefined;
  }
  return fromData(ctx, data, src, absPath, chain);
}

function fromData(ctx: Ctx, data: unknown, src: PolicySource, absPath: string, chain: string[]): Layer | undefined {
  const result = ctx.schema.safeParse(data, { error: describeIssue });
  if (!result.success) ctx.issues.push(...toPolicyIssues(result.error.issues, data, src, ctx.schema));
  if (!isPlainObject(data)) return undefined;
  const { extends: parent, ...own } = data;
  if (typeof parent !== 'string' || parent === '') return { data: own, sources: [src.file] };

  const here = [...chain, absPath];
  const at = (message: string) => {
    const pos = positionOf(src, ['extends']);
    ctx.issues.push({ file: src.file, ...(pos ? { line: pos.line, column: pos.column } : {}), path: 'extends', message });
  };
  const target = resolveExtends(ctx, parent, absPath, src.file === INLINE);
  if ('error' in target) {
    at(target.error);
    return undefined;
  }
  if (here.includes(target.path)) {
    at(`extends cycle: ${[...here, target.path].join(' -> ')}`);
    return undefined;
  }
  if (here.length >= MAX_EXTENDS_DEPTH) {
    at(`extends chain deeper than ${MAX_EXTENDS_DEPTH} files`);
    return undefined;
  }
  const base = fromFile(ctx, target.path, here, target.shownAs);
  if (!base) return undefined;
  return { data: deepMerge(base.data, own), sources: [...base.sources, src.file] };
}

function resolveExtends(
  ctx: Ctx,
  name: string,
  fromPath: string,
  inline: boolean,
): { path: string; shownAs: string } | { error: string } {
  const dir = ctx.opts.presetsDir ?? presetsDir();
  if (PRESET_NAME.test(name)) {
    const path = presetPath(name, dir);
    if (existsSync(path)) return { path, shownAs: display(path) };
    return { error: `unknown preset "${name}"; presets: ${presetNames(dir).join(', ')} (or give a path such as ./base.yaml)` };
  }
  const path = resolve(inline ? process.cwd() : dirname(fromPath), name);
  if (!existsSync(path)) return { error: `extends target not found: ${path}` };
  return { path, shownAs: display(path) };
}

/** Paths under the working directory are shown relative to it, others absolute. */
function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
