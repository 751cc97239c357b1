/** Every error code the gateway's sources answer with is in ERROR_CATALOGUE, and only errors.ts says which status it has. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, GatewayError, refusal } from '../../src/gateway/errors.js';

const SRC = resolve(import.meta.dirname, '..', '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** `new GatewayError('x'`, `refusal('x'`, and the local shorthands around refusal (`fail('x'`, `reject('x'`). */
const CODE_USE = /\b(?:GatewayError|refusal|fail|reject)\(\s*'([a-z_]+)'/g;
/** An error object written out by hand: a status literal beside a code literal. */
const HAND_MADE = /status:\s*[45]\d\d\b[^;]*?code:\s*'|code:\s*'[a-z_]+'[^;]*?status:\s*[45]\d\d\b/;

describe('error catalogue', () => {
  const sources = files(SRC).map((f) => ({ file: relative(SRC, f), text: readFileSync(f, 'utf8') }));

  it('holds every code used in src', () => {
    const used = new Map<string, string>();
    for (const { file, text } of sources) for (const m of text.matchAll(CODE_USE)) used.set(m[1] as string, file);
    expect(used.size).toBeGreaterThan(25);
    const missing = [...used].filter(([code]) => !(code in ERROR_CATALOGUE)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('is the only place that pairs a code with a status', () => {
    const handMade = sources.filter(({ file, text }) => file !== join('gateway', 'errors.ts') && HAND_MADE.test(text)).map((s) => s.file);
    expect(handMade).toEqual([]);
  });

  it('derives status, type and the public code from the code', () => {
    expect(new GatewayError('caller_killed', 'Tenant t disabled')).toMatchObject({ code: 'kill_switch_active', status: 403, type: 'permission_error' });
    expect(refusal('kill_switch_active', 'Gateway disabled')).toMatchObject({ code: 'kill_switch_active', status: 503, type: 'api_error' });
    expect(refusal('rate_limited', 'slow down', 3)).toEqual({ ok: false, entry: 'rate_limited', code: 'rate_limited', status: 429, type: 'rate_limit_error', message: 'slow down', retryAfterSec: 3 });
    expect(GatewayError.fromAdmission(refusal('key_expired', 'expired'))).toMatchObject({ code: 'key_expired', status: 401, type: 'authentication_error' });
  });
});
