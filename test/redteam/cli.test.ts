/** `warden redteam`, `redteam generate` and `redteam compare` in-process, against the demo upstream and a gateway. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { sarifValidator } from './sarif-schema.js';

const CONFIG = resolve(import.meta.dirname, '../../warden.example.yaml');
const dir = mkdtempSync(join(tmpdir(), 'warden-redteam-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('warden redteam compare (the proof)', () => {
  it('the demo model is highly attackable direct and much less through the gateway, in one run', async () => {
    const r = await runCli('redteam', 'compare', '-t', 'direct=upstream:demo', '-t', `gateway=gateway:${CONFIG}`, '-c', CONFIG, '--suite', 'quick', '--strategies', 'none', '--count', '2', '--print-json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { cases: number; rows: Array<{ label: string; asr: number; blocked: number; securityScore: number; errors: number }> };
    const [direct, gateway] = out.rows;
    expect(out.cases).toBe(16);
    expect(direct?.label).toBe('direct');
    expect(direct?.asr).toBeGreaterThan(0.5);
    expect(gateway?.asr).toBeLessThan(direct!.asr / 3);
    expect(gateway?.blocked).toBeGreaterThan(8);
    expect(gateway?.securityScore).toBeGreaterThan(direct!.securityScore);
    expect(direct?.errors).toBe(0);
    expect(gateway?.errors).toBe(0);
  }, 120_000);
});

describe('warden redteam', () => {
  it('writes every report and fails the CI gate when the ASR is over it', async () => {
    const files = { json: join(dir, 'r.json'), html: join(dir, 'r.html'), sarif: join(dir, 'r.sarif'), junit: join(dir, 'r.xml') };
    const r = await runCli('redteam', '--upstream', 'demo', '-c', CONFIG, '--categories', 'prompt-extraction', '--strategies', 'none', '--count', '2', '--fail-on', 'asr>0.05', '--json', files.json, '--html', files.html, '--sarif', files.sarif, '--junit', files.junit);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--fail-on: asr>0.05 \(was 1\)/);
    expect(r.stdout).toMatch(/prompt-extraction\s+2\s+2/);
    for (const f of Object.values(files)) expect(existsSync(f), f).toBe(true);
    const report = JSON.parse(readFileSync(files.json, 'utf8')) as { results: Array<{ transcript: Array<{ request: unknown[]; reply: { content: string } }> }> };
    expect(report.results[0]?.transcript[0]?.reply.content).toMatch(/CNRY-/);
    const validate = sarifValidator();
    const sarif = JSON.parse(readFileSync(files.sarif, 'utf8')) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(sarif.runs[0]?.results).toHaveLength(2);
    expect(sarif.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toMatch(/redteam\/attacks\/prompt-extraction\.yaml$/);
    const passing = await runCli('redteam', '--upstream', 'demo', '-c', CONFIG, '--categories', 'prompt-extraction', '--strategies', 'base64', '--count', '1', '--fail-on', 'asr>0.05');
    expect(passing.code).toBe(0);
  }, 60_000);

  it('bad input is a usage error naming what was expected', async () => {
    expect((await runCli('redteam', '--suite', 'quick')).stderr).toMatch(/exactly one of --target/);
    const gate = await runCli('redteam', '--upstream', 'demo', '-c', CONFIG, '--fail-on', 'asr>>1');
    expect(gate.code).toBe(2);
    expect(gate.stderr).toMatch(/cannot read "asr>>1"/);
    expect((await runCli('redteam', '--upstream', 'nope', '-c', CONFIG)).stderr).toMatch(/gateway.upstreams has no "nope"/);
    expect((await runCli('redteam', '--target', 'ftp://x', '--model', 'm')).stderr).toMatch(/cannot read target/);
    expect((await runCli('redteam', '--upstream', 'demo', '-c', CONFIG, '--strategies', 'rot99')).stderr).toMatch(/unknown strategy "rot99"/);
  });
});

describe('warden redteam generate', () => {
  it('writes the same attack set for the same seed, which warden eval reads', async () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    for (const f of [a, b]) expect((await runCli('redteam', 'generate', '--out', f, '--seed', '3', '--strategies', 'base64,leetspeak,homoglyph', '--count', '1')).code).toBe(0);
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    expect(readFileSync(a, 'utf8').trim().split('\n')).toHaveLength(8 * 3);
    const evaluated = await runCli('eval', '--dataset', a, '--json');
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(JSON.parse(evaluated.stdout)).toHaveProperty('recall');
  }, 60_000);
});
