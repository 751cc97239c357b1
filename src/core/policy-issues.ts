/** Turns zod issues into positioned, human-phrased PolicyIssues (file:line:column, path, expected/got). */
import { isMap, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { z } from 'zod';
import type { PolicyIssue } from './errors.js';
import { keysAt } from './policy-schema.js';

/** Where a policy document came from; doc and lineCounter are absent for inline objects. */
export interface PolicySource {
  file: string;
  doc?: Document;
  lineCounter?: LineCounter;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    const k = String(key);
    if (typeof key === 'number') out += `[${k}]`;
    else if (/^[A-Za-z0-9_/-]{1,200}$/.test(k)) out += out === '' ? k : `.${k}`;
    else out += `[${JSON.stringify(k)}]`;
  }
  return out;
}

/** Line/column of the node at path (its key when onKey), falling back to the deepest existing parent. */
export function positionOf(
  src: PolicySource,
  path: readonly PropertyKey[],
  onKey = false,
): { line: number; column: number } | undefined {
  if (!src.doc || !src.lineCounter) return undefined;
  let node: unknown = src.doc.contents;
  let offset = rangeStart(node);
  for (let i = 0; i < path.length; i++) {
    let pair: Pair | undefined;
    let next: unknown;
    if (isMap(node)) {
      pair = node.items.find((p) => keyText(p.key) === String(path[i]));
      next = pair?.value;
    } else if (isSeq(node) && typeof path[i] === 'number') {
      next = node.items[path[i] as number];
    }
    if (pair === undefined && next === undefined) break;
    const last = i === path.length - 1;
    offset = (last && onKey && pair ? rangeStart(pair.key) : undefined) ?? rangeStart(next) ?? rangeStart(pair?.key) ?? offset;
    node = next;
  }
  if (offset === undefined) return { line: 1, column: 1 };
  const pos = src.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function keyText(key: unknown): string | undefined {
  if (key !== null && typeof key === 'object' && 'value' in key) return String((key as { value: unknown }).value);
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  if (node === null || typeof node !== 'object' || !('range' in node)) return undefined;
  const range = (node as Node).range;
  return range ? range[0] : undefined;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  return String(v);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}

function unknownKeyMessage(key: string, parentPath: readonly PropertyKey[], allowed: string[] | undefined): string {
  const parent = parentPath[parentPath.length - 1];
  const what = parent === 'detectors' ? 'unknown detector' : parent === 'guards' ? 'unknown guard' : 'unknown key';
  if (!allowed || allowed.length === 0) return `${what} "${key}"`;
  const close = allowed
    .map((k) => ({ k, d: distance(key.toLowerCase(), k.toLowerCase()) }))
    .filter((x) => x.d <= Math.max(1, Math.floor(key.length / 4)) + 1)
    .sort((x, y) => x.d - y.d)[0];
  if (close) return `${what} "${key}" (did you mean "${close.k}"?)`;
  return `${what} "${key}"; expected one of: ${allowed.join(', ')}`;
}

/** Converts every zod issue into one or more PolicyIssues (one per unknown key). */
export function toPolicyIssues(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  src: PolicySource,
  schema: z.ZodType,
): PolicyIssue[] {
  const out: PolicyIssue[] = [];
  const push = (path: readonly PropertyKey[], message: string, onKey: boolean) => {
    const pos = positionOf(src, path, onKey);
    out.push({ file: src.file, ...(pos ? { line: pos.line, column: pos.column } : {}), path: formatPath(path), message });
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = keysAt(schema, issue.path);
      for (const key of issue.keys) push([...issue.path, key], unknownKeyMessage(key, issue.path, allowed), true);
      continue;
    }
    if (issue.code === 'custom') {
      push(issue.path, issue.message, issue.params?.['onKey'] === true);
      continue;
    }
    const value = valueAt(data, issue.path);
    let message = issue.message;
    if (value === undefined && issue.code === 'invalid_type') message = `missing required key: ${message}`;
    else if (message.startsWith('expected') && value !== undefined) message = `${message}, got ${describeValue(value)}`;
    push(issue.path, message, false);
  }
  return out;
}
