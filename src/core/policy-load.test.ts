import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Detector } from '../spec/types.js';
import { PolicyError } from './errors.js';
import { loadPolicy, parsePolicy, policyFromObject } from './policy-load.js';
import { policyObjectSchema, policySchemaJson } from './policy-schema.js';

const fake = (id: string, options: z.ZodObject): Detector => ({
  id,
  stages: ['input'],
  cost: 0,
  description: `${id} detector`,
  options,
  scan: () => [],
});

const DETECTORS = [
  fake('keyword', z.object({ words: z.array(z.string()).default([]) })),
  fake('pii', z.object({ min_score: z.number().min(0).max(1).default(0.3) })),
];

const dir = mkdtempSync(join(tmpdir(), 'warden-policy-'));
const presets = join(dir, 'presets');
mkdirSync(presets);
writeFileSync(join(presets, 'base.yaml'), 'version: 1\nbudget_ms: 10\ndetectors:\n  keyword: { action: flag, threshold: 0.3, words: [a] }\n');
writeFileSync(join(presets, 'mid.yaml'), 'version: 1\nextends: base\nredaction: mask\ndetectors:\n  keyword: { action: block }\n');
writeFileSync(join(presets, 'broken.yaml'), 'version: 1\ndetectors:\n  keyword: { threshold: 7 }\n');
writeFileSync(join(presets, 'loop-a.yaml'), 'extends: loop-b\n');
writeFileSync(join(presets, 'loop-b.yaml'), 'extends: loop-a\n');

const opts = { detectors: DETECTORS, presetsDir: presets };

function errorOf(fn: () => unknown): PolicyError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PolicyError) return err;
    throw err;
  }
  throw new Error('expected a PolicyError');
}

describe('parsePolicy errors', () => {
  it('reports every error with file:line:column, path and expected/got', () => {
    const yaml = [
      'version: 1',
      'on_error: explode',
      'detectors:',
      '  keyword:',
      '    treshold: 0.4',
      '    threshold: high',
      '    words: [a, 3]',
      '    stages:',
      '      outptu: { enabled: false }',
      '  pi: {}',
      '  pii: { min_score: 2, roles: { system: { action: nuke } } }',
      'rules:',
      '  "keyword/x": { mode: loud }',
      '  "nope/x": {}',
      '  "bad id": {}',
      'tenants:',
      '  acme: { redaction: blur, detectors: { pii: { enabled: 1 } } }',
    ].join('\n');
    const err = errorOf(() => parsePolicy(yaml, 'warden.yaml', opts));
    expect(err.message.split('\n')).toEqual([
      'invalid policy (13 errors):',
      '  warden.yaml:2:11: on_error: expected one of "block", "flag", "allow", got "explode"',
      '  warden.yaml:5:5: detectors.keyword.treshold: unknown key "treshold" (did you mean "threshold"?)',
      '  warden.yaml:6:16: detectors.keyword.threshold: expected a number between 0 and 1, got "high"',
      '  warden.yaml:7:16: detectors.keyword.words[1]: expected a string, got 3',
      '  warden.yaml:9:7: detectors.keyword.stages.outptu: unknown key "outptu" (did you mean "output"?)',
      '  warden.yaml:10:3: detectors.pi: unknown detector "pi" (did you mean "pii"?)',
      '  warden.yaml:11:21: detectors.pii.min_score: expected a value <= 1, got 2',
      '  warden.yaml:11:51: detectors.pii.roles.system.action: expected one of "allow", "flag", "redact", "block", got "nuke"',
      '  warden.yaml:13:24: rules.keyword/x.mode: expected one of "enforce", "monitor", got "loud"',
      '  warden.yaml:14:3: rules.nope/x: rule "nope/x" names unknown detector "nope"; known: keyword, pii, size-limit',
      '  warden.yaml:15:3: rules["bad id"]: invalid rule id "bad id": expected "<detector-id>/<rule>", e.g. "prompt-injection/many-shot"',
      '  warden.yaml:17:22: tenants.acme.redaction: expected one of "mask", "placeholder", "hash", got "blur"',
      '  warden.yaml:17:57: tenants.acme.detectors.pii.enabled: expected true or false, got 1',
    ]);
    expect(err.issues[0]).toEqual({
      file: 'warden.yaml',
      line: 2,
      column: 11,
      path: 'on_error',
      message: 'expected one of "block", "flag", "allow", got "explode"',
    });
  });

  it('lists allowed keys when nothing is close, and reports YAML syntax errors with positions', () => {
    const unknown = errorOf(() => parsePolicy('version: 1\nfrobnicate: 3\n', 'w.yaml', opts));
    expect(unknown.issues[0]?.message).toMatch(/^unknown key "frobnicate"; expected one of: version, extends, on_error, /);
    const syntax = errorOf(() => parsePolicy('version: 1\ndetectors: {keyword: {}\n', 'w.yaml', opts));
    expect(syntax.issues[0]).toMatchObject({ file: 'w.yaml', line: 3, path: '' });
    expect(syntax.issues[0]?.message).toMatch(/^YAML syntax error: /);
  });

  it('rejects empty files, bad versions and unknown presets', () => {
    expect(errorOf(() => parsePolicy('', 'w.yaml', opts)).issues[0]?.message).toMatch(/^policy is empty/);
    const err = errorOf(() => parsePolicy('version: 2\nextends: nothing\n', 'w.yaml', opts));
    expect(err.message.split('\n').slice(1)).toEqual([
      '  w.yaml:1:10: version: expected 1 (the only policy format version), got 2',
      '  w.yaml:2:10: extends: unknown preset "nothing"; presets: base, broken, loop-a, loop-b, mid (or give a path such as ./base.yaml)',
    ]);
  });

  it('reports errors inside an extended preset with that preset file', () => {
    const err = errorOf(() => parsePolicy('version: 1\nextends: broken\n', 'w.yaml', opts));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ file: join(presets, 'broken.yaml'), line: 3, column: 25, path: 'detectors.keyword.threshold' });
  });

  it('detects extends cycles and missing files', () => {
    expect(errorOf(() => parsePolicy('extends: loop-a\n', 'w.yaml', opts)).issues[0]?.message).toMatch(/^extends cycle: .*loop-a\.yaml -> .*loop-b\.yaml -> .*loop-a\.yaml$/);
    const missing = errorOf(() => loadPolicy(join(dir, 'nope.yaml'), opts));
    expect(missing.issues[0]).toEqual({ file: join(dir, 'nope.yaml'), path: '', message: 'cannot read policy file: file not found' });
    const relative = errorOf(() => parsePolicy('extends: ./missing.yaml\n', join(dir, 'w.yaml'), opts));
    expect(relative.issues[0]?.message).toBe(`extends target not found: ${join(dir, 'missing.yaml')}`);
  });

  it('reports object (inline) policies without positions', () => {
    const err = errorOf(() => policyFromObject({ budget_ms: 'fast' }, opts));
    expect(err.issues).toEqual([{ file: '<inline>', path: 'budget_ms', message: 'expected a positive number of milliseconds, got "fast"' }]);
  });
});

describe('extends chain and merge', () => {
  it('merges preset chain then file: objects deep, arrays replaced', () => {
    writeFileSync(join(dir, 'app.yaml'), 'version: 1\nextends: mid\ndetectors:\n  keyword: { words: [b, c] }\n  pii: {}\n');
    const loaded = loadPolicy(join(dir, 'app.yaml'), opts);
    expect(loaded.document).toEqual({
      version: 1,
      budget_ms: 10,
      redaction: 'mask',
      detectors: { keyword: { action: 'block', threshold: 0.3, words: ['b', 'c'] }, pii: {} },
    });
    expect(loaded.sources).toEqual([join(presets, 'base.yaml'), join(presets, 'mid.yaml'), join(dir, 'app.yaml')]);
  });

  it('resolves relative extends from the including file', () => {
    mkdirSync(join(dir, 'team'), { recursive: true });
    writeFileSync(join(dir, 'team', 'team.yaml'), 'extends: ../app.yaml\non_error: allow\n');
    writeFileSync(join(dir, 'app.yaml'), 'version: 1\nextends: base\n');
    expect(loadPolicy(join(dir, 'team', 'team.yaml'), opts).document).toMatchObject({ on_error: 'allow', budget_ms: 10 });
  });
});

describe('schema extension for other layers', () => {
  const gateway = z.object({ port: z.number().int() }).strict();

  it('accepts and returns extra top-level sections, keeping them strict', () => {
    const loaded = parsePolicy('version: 1\ngateway: { port: 8080 }\n', 'w.yaml', { ...opts, sections: { gateway } });
    expect(loaded.sections).toEqual({ gateway: { port: 8080 } });
    expect(loaded.document).toEqual({ version: 1 });
    const err = errorOf(() => parsePolicy('gateway: { port: x, hots: 1 }\n', 'w.yaml', { ...opts, sections: { gateway } }));
    expect(err.issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`)).toEqual([
      '1:18 gateway.port: expected a number, got "x"',
      '1:21 gateway.hots: unknown key "hots"; expected one of: port',
    ]);
    expect(() => parsePolicy('gateway: {}\n', 'w.yaml', opts)).toThrowError(/unknown key "gateway"/);
  });

  it('exports the base object for .extend() and a JSON Schema for editors', () => {
    const extended = policyObjectSchema(DETECTORS).extend({ gateway: gateway.optional() });
    expect(extended.safeParse({ version: 1, gateway: { port: 1 } }).success).toBe(true);
    expect(extended.safeParse({ version: 1, other: 1 }).success).toBe(false);
    const json = policySchemaJson(DETECTORS) as { properties: Record<string, { properties?: Record<string, unknown> }> };
    expect(Object.keys(json.properties.detectors?.properties ?? {})).toEqual(['keyword', 'pii']);
    expect(json).toMatchObject({ additionalProperties: false, title: 'Warden policy (warden.yaml)' });
  });

  it('rejects detectors whose options collide with common keys', () => {
    expect(() => policyObjectSchema([fake('x', z.object({ threshold: z.number() }))])).toThrowError(
      'detector "x" declares option "threshold", which is reserved for the policy\'s common keys',
    );
  });
});
