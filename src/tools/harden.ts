/**
 * Argument hardening per field: path traversal, shell metacharacters and SSRF, on top of the JSON Schema.
 * A field path names where to look (`to`, `files[]`, `target.url`); a value that is not a string there is
 * refused, since these checks exist for values that end up in paths, commands and URLs.
 */
import { isPlainObject } from '../core/merge.js';
import type { HardenSpec } from './policy-schema.js';
import { urlProblem } from './ssrf.js';

/** Characters a shell gives meaning to, control characters included. */
export const SHELL_META = /[;&|`$<>(){}[\]*?!~#\\'"\n\r\t\u0000-\u001f\u007f]/;
export const CONTROL = /[\u0000-\u001f\u007f]/;
export const DRIVE = /^[A-Za-z]:/;
export const PATH_SEPARATOR = /[/\\]/;

interface FieldValue {
  where: string;
  value: unknown;
}

/** The values at a field path; `[]` after a key visits every item of a list. */
export function valuesAt(args: unknown, field: string): FieldValue[] {
  let current: FieldValue[] = [{ where: '', value: args }];
  for (const segment of field.split('.')) {
    const each = segment.endsWith('[]');
    const key = each ? segment.slice(0, -2) : segment;
    const next: FieldValue[] = [];
    for (const { where, value } of current) {
      if (!isPlainObject(value) || !Object.hasOwn(value, key)) continue;
      const child = value[key];
      const at = where === '' ? key : `${where}.${key}`;
      if (!each) next.push({ where: at, value: child });
      else if (Array.isArray(child)) child.forEach((v: unknown, i) => next.push({ where: `${at}[${i}]`, value: v }));
      else next.push({ where: at, value: child });
    }
    current = next;
  }
  return current;
}

/** Percent-decoding repeated until stable (at most 3 rounds), so `%252e%252e` is seen as `..`. */
function decoded(value: string): string {
  let v = value;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(v);
    } catch {
      return v;
    }
    if (next === v) return v;
    v = next;
  }
  return v;
}

function pathProblem(value: string, allowAbsolute: boolean): string | undefined {
  const v = decoded(value).normalize('NFKC');
  if (CONTROL.test(v)) return 'control characters in a path';
  if (v.split(PATH_SEPARATOR).includes('..')) return 'path traversal ("..")';
  if (v.startsWith('~')) return 'home-relative path';
  if (!allowAbsolute && (v.startsWith('/') || v.startsWith('\\') || DRIVE.test(v))) return 'absolute path';
  return undefined;
}

function shellProblem(value: string): string | undefined {
  if (SHELL_META.test(value)) return 'shell metacharacters';
  // A leading dash turns a value into an option of the command it is passed to.
  if (value.startsWith('-')) return 'value starts with "-" (option injection)';
  return undefined;
}

function problem(value: string, spec: HardenSpec): string | undefined {
  switch (spec.kind) {
    case 'path':
      return pathProblem(value, spec.allow_absolute);
    case 'shell':
      return shellProblem(value);
    case 'url':
      return urlProblem(value, spec);
  }
}

/** The first hardening failure in args, as `field: problem`, or undefined. */
export function hardeningFailure(args: unknown, rules: Readonly<Record<string, HardenSpec>> | undefined): string | undefined {
  for (const [field, spec] of Object.entries(rules ?? {})) {
    for (const { where, value } of valuesAt(args, field)) {
      if (typeof value !== 'string') return `${where}: expected a string for a ${spec.kind} field`;
      const p = problem(value, spec);
      if (p !== undefined) return `${where}: ${p}`;
    }
  }
  return undefined;
}
