import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { callPickle0, torchStateDict, zip } from './craft.js';

describe('warden model', () => {
  it('keygen, sign and verify; a changed file fails verification with exit 1 and is named', async () => {
    const d = mkdtempSync(join(tmpdir(), 'warden-cli-model-'));
    const model = join(d, 'model');
    const keys = join(d, 'release');
    mkdirSync(model);
    writeFileSync(join(model, 'weights.bin'), Buffer.alloc(32, 7));
    expect((await runCli('model', 'keygen', '--out', keys)).stdout).toMatch(/^key id [0-9a-f]{16}: private key/);
    const signed = await runCli('model', 'sign', model, '--key', `${keys}.key`);
    expect(signed).toMatchObject({ code: 0 });
    expect(signed.stdout).toMatch(/signed 1 file\(s\) with key [0-9a-f]{16}: .*warden-manifest.json/);
    const manifest = join(model, 'warden-manifest.json');
    const ok = await runCli('model', 'verify', model, '--manifest', manifest, '--public-key', `${keys}.pub`);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/signature: valid[\s\S]*verified 1 file\(s\)/);
    writeFileSync(join(model, 'weights.bin'), Buffer.alloc(32, 8));
    const bad = await runCli('model', 'verify', model, '--manifest', manifest, '--public-key', `${keys}.pub`);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/changed: weights.bin[\s\S]*verification FAILED/);
  });

  it('scan exits 1 on a dangerous pickle, 0 on a clean checkpoint, and prints JSON on request', async () => {
    const d = mkdtempSync(join(tmpdir(), 'warden-cli-scan-'));
    writeFileSync(join(d, 'clean.pt'), zip([{ name: 'archive/data.pkl', data: torchStateDict() }]));
    expect((await runCli('model', 'scan', join(d, 'clean.pt'))).code).toBe(0);
    writeFileSync(join(d, 'evil.pkl'), callPickle0('builtins', 'exec', 'import os'));
    const r = await runCli('model', 'scan', d);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DANGEROUS\s+\S+evil.pkl \(pickle\)\n {2}dangerous import builtins.exec via GLOBAL at offset 0/);
    const j = await runCli('model', 'scan', d, '--json');
    expect(JSON.parse(j.stdout)).toMatchObject({ failed: true });
  });
});

describe('warden data scan', () => {
  it('writes the report and the redacted copy and exits 1 when something is found', async () => {
    const d = mkdtempSync(join(tmpdir(), 'warden-cli-data-'));
    const file = join(d, 'docs.jsonl');
    writeFileSync(file, `${JSON.stringify({ text: 'Reach me at jane.doe@example.org' })}\n${JSON.stringify({ text: 'Tides follow the moon.' })}\n`);
    const r = await runCli('data', 'scan', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/2 record\(s\), 1 with findings, 0 unreadable line\(s\)/);
    const report = JSON.parse(readFileSync(join(d, 'docs.report.json'), 'utf8')) as { byRule: Record<string, number> };
    expect(report.byRule['pii/email']).toBe(1);
    expect(readFileSync(join(d, 'docs.redacted.jsonl'), 'utf8')).toContain('[REDACTED:EMAIL_ADDRESS]');
  });
});
