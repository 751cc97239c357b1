/**
 * Arguments as data: parsed with a size and depth limit (before JSON.parse, so a deeply nested document
 * cannot exhaust the stack), then checked against the tool's JSON Schema (ajv, compiled once per schema).
 * Objects with declared properties are closed: a field the schema does not declare is rejected.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { JSON_ERROR_POSITION, jsonDepthExceeds, parseJsonData } from '../core/json.js';
import { isPlainObject } from '../core/merge.js';

// ajv-formats is CommonJS: Node's ESM loader hands over module.exports, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

const ajv = new Ajv({ strict: true, allErrors: false, validateFormats: true });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

/** Adds `additionalProperties: false` to every object schema that declares properties and says nothing else. */
function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (!isPlainObject(schema)) return schema;
  const out: Record<string, unknown> = { ...schema };
  if (isPlainObject(out['properties'])) {
    out['properties'] = Object.fromEntries(Object.entries(out['properties']).map(([k, v]) => [k, closeObjects(v)]));
    if (out['additionalProperties'] === undefined && out['patternProperties'] === undefined) out['additionalProperties'] = false;
  }
  for (const key of ['items', 'prefixItems', 'anyOf', 'oneOf']) if (out[key] !== undefined) out[key] = closeObjects(out[key]);
  return out;
}

/** Why a schema cannot serve as a tool's argument schema, or undefined when it can. */
export function argsSchemaError(schema: Record<string, unknown>): string | undefined {
  if (schema['type'] !== 'object') return 'the arguments schema must have "type: object"';
  try {
    argsValidator(schema);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The compiled validator for a schema; one per distinct schema text. */
export function argsValidator(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let fn = compiled.get(key);
  if (!fn) {
    fn = ajv.compile(closeObjects(schema) as Record<string, unknown>);
    compiled.set(key, fn);
  }
  return fn;
}

/** The first schema violation of args, as `path: message`, or undefined when they conform. */
export function schemaViolation(validate: ValidateFunction, args: unknown): string | undefined {
  if (validate(args)) return undefined;
  const e = validate.errors?.[0];
  if (!e) return 'arguments do not match the schema';
  const where = e.instancePath === '' ? 'arguments' : e.instancePath;
  const extra = e.keyword === 'additionalProperties' ? ` (${JSON.stringify(String(e.params['additionalProperty']).slice(0, 64))})` : '';
  return `${where}: ${e.message ?? 'invalid'}${extra}`;
}

export type ParsedArgs = { ok: true; args: unknown } | { ok: false; error: string };

/** Parses a call's JSON arguments within the tool's size and depth limits; must be an object. */
export function parseArguments(text: string, maxBytes: number, maxDepth: number): ParsedArgs {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) return { ok: false, error: `arguments are ${bytes} bytes, over the limit of ${maxBytes}` };
  // Some models send "" for a call without arguments.
  if (text.trim() === '') return { ok: true, args: {} };
  if (jsonDepthExceeds(text, maxDepth)) return { ok: false, error: `arguments nest deeper than ${maxDepth} levels` };
  let args: unknown;
  try {
    args = parseJsonData(text);
  } catch (e) {
    const pos = e instanceof Error ? JSON_ERROR_POSITION.exec(e.message) : null;
    return { ok: false, error: `arguments are not valid JSON${pos ? ` (at position ${pos[1]})` : ''}` };
  }
  if (!isPlainObject(args)) return { ok: false, error: 'arguments must be a JSON object' };
  return { ok: true, args };
}
