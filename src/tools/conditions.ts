/**
 * CEL conditions of the tool policy: one environment (with the provenance functions), expressions parsed
 * and planned once at policy compile time, evaluated per call. An expression that errors or does not
 * return a boolean is reported as an error, which the engine turns into a deny.
 */
import { celEnv, celFunc, CelScalar, isCelError, parse, plan, type CelInput } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import type { ContextText } from '../spec/tools.js';
import { Provenance } from './provenance.js';

/** The provenance of the call being evaluated; CEL evaluation is synchronous, so one slot serves all calls. */
let current: Provenance = Provenance.EMPTY;

const ENV = celEnv({
  funcs: [
    ...strings,
    /** The value appears in untrusted context (tool results, documents) and never in the user's messages. */
    celFunc('untrusted_only', [CelScalar.STRING], CelScalar.BOOL, (v) => current.untrustedOnly(v)),
    /** The value appears in the user's own messages. */
    celFunc('from_user', [CelScalar.STRING], CelScalar.BOOL, (v) => current.fromUser(v)),
    /** The value appears in untrusted context (whether or not the user typed it too). */
    celFunc('in_untrusted', [CelScalar.STRING], CelScalar.BOOL, (v) => current.inUntrusted(v)),
  ],
});

/** The syntax error of a CEL expression, or undefined when it parses. */
export function celSyntaxError(src: string): string | undefined {
  try {
    parse(src);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message.replace(/^<input>:/, 'at ') : String(e);
  }
}

/** Variables a condition sees. */
export interface ConditionInput {
  args: unknown;
  identity: unknown;
  request: unknown;
  history: unknown;
}

export type ConditionResult = { ok: true; value: CelInput } | { ok: false; error: string };

/** A planned expression; `evaluate` never throws. */
export interface CompiledExpression {
  readonly source: string;
  evaluate(input: ConditionInput, context: readonly ContextText[]): ConditionResult;
}

const MAX_DEPTH = 64;

/** JSON-like data as CEL input: plain objects become maps, arrays lists; other values are dropped. */
export function toCel(value: unknown, depth = 0): CelInput {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (depth >= MAX_DEPTH || typeof value !== 'object') return null;
  if (Array.isArray(value)) return value.map((v: unknown) => toCel(v, depth + 1));
  const out: { [key: string]: CelInput } = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toCel(v, depth + 1);
  return out;
}

export function compileExpression(source: string): CompiledExpression {
  const run = plan(ENV, parse(source));
  return {
    source,
    evaluate(input, context) {
      current = context.length === 0 ? Provenance.EMPTY : new Provenance(context);
      try {
        const value = run({
          args: toCel(input.args),
          identity: toCel(input.identity),
          request: toCel(input.request),
          history: toCel(input.history),
        });
        if (isCelError(value)) return { ok: false, error: value.message };
        return { ok: true, value: value as CelInput };
      } catch (e) {
        return { ok: false, error: e instanceof Error ? e.message : String(e) };
      } finally {
        current = Provenance.EMPTY;
      }
    },
  };
}
