/** Request body decoding (routes/body.ts): any bytes give a value or a catalogued 400, never anything else. */
import fc from 'fast-check';
import { GatewayError } from '../../src/gateway/errors.js';
import { jsonDepthExceeds, parseJsonBody } from '../../src/gateway/routes/body.js';
import { anyText } from './arbitraries.js';
import { checkProperty, ensure, type FuzzProperty } from './harness.js';

const BODY_CODES = new Set(['invalid_utf8', 'invalid_json', 'body_too_deep']);

/** Nesting depth of a parsed JSON value, counted as jsonDepthExceeds counts brackets (tests reach depth 200 at most). */
function depthOf(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 0;
  return 1 + Math.max(0, ...Object.values(v).map(depthOf));
}

/** A value nested `n` levels deep in arrays or objects. */
const deepValue = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.boolean(), fc.jsonValue({ maxDepth: 1 })).map(([n, inArray, inner]) => {
  let v: unknown = inner;
  for (let i = 0; i < n; i++) v = inArray ? [v] : { a: v };
  return v;
});

const nested = fc
  .tuple(fc.integer({ min: 0, max: 200 }), fc.constantFrom('[', '{"a":'), fc.boolean(), fc.jsonValue({ maxDepth: 1 }))
  .map(([n, open, closed, inner]) => {
    const close = open === '[' ? ']' : '}';
    return `${open.repeat(n)}${JSON.stringify(inner)}${closed ? close.repeat(n) : ''}`;
  });

/** Bytes a client might send: valid JSON (sometimes with `__proto__`), broken JSON, deep nesting, raw bytes. */
const bodyBytes: fc.Arbitrary<Buffer> = fc.oneof(
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v))),
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify({ __proto__x: 1, v }).replace('__proto__x', '__proto__'))),
  nested.map((s) => Buffer.from(s)),
  fc.tuple(fc.json(), fc.nat(), anyText).map(([j, at, t]) => Buffer.from(j.slice(0, at % (j.length + 1)) + t)),
  anyText.map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
);

const parseBody: FuzzProperty = {
  name: 'gateway.parseJsonBody',
  weight: 30,
  run: (params) =>
    checkProperty(
      fc.property(bodyBytes, fc.integer({ min: 1, max: 128 }), (bytes, maxDepth) => {
        let expected: unknown;
        let valid: boolean;
        try {
          const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
          expected = JSON.parse(text, (k: string, v: unknown) => (k === '__proto__' ? undefined : v));
          valid = !jsonDepthExceeds(text, maxDepth);
        } catch {
          valid = false;
        }
        let value: unknown;
        try {
          value = parseJsonBody(bytes, maxDepth);
        } catch (err) {
          ensure(err instanceof GatewayError, `threw a non-GatewayError: ${String(err)}`);
          ensure(BODY_CODES.has(err.code) && err.status === 400, `unexpected code ${err.code}`);
          ensure(err.message.length < 120, 'error message echoes the body');
          ensure(!valid, `rejected a valid body of depth ${depthOf(expected)} (limit ${maxDepth}) with ${err.code}`);
          return;
        }
        ensure(valid, 'accepted a body that is not UTF-8, not JSON or too deep');
        ensure(JSON.stringify(value) === JSON.stringify(expected), 'parsed value differs from JSON.parse');
        ensure(typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, '__proto__'), '__proto__ key survived');
      }),
      params,
    ),
};

const depthCheck: FuzzProperty = {
  name: 'gateway.jsonDepthExceeds',
  weight: 10,
  run: (params) =>
    checkProperty(
      fc.property(fc.oneof(fc.jsonValue(), deepValue), fc.integer({ min: 0, max: 64 }), (value, limit) => {
        const text = JSON.stringify(value, null, value !== null && typeof value === 'object' ? 1 : 0);
        ensure(jsonDepthExceeds(text, limit) === depthOf(value) > limit, `depth ${depthOf(value)} vs limit ${limit} misjudged`);
      }),
      params,
    ),
};

export const bodyProperties: FuzzProperty[] = [parseBody, depthCheck];
