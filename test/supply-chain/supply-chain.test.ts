import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyAudit } from '../../scripts/supply-chain/audit-result.js';
import { ROOT } from '../../scripts/supply-chain/npm.js';

interface Pkg {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Pkg;
const EXACT = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

describe('dependencies are pinned', () => {
  const sections = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

  it('every version in package.json is an exact version (no ^, ~, ranges, tags or URLs)', () => {
    const loose = sections.flatMap((s) => Object.entries(pkg[s] ?? {}).filter(([, v]) => !EXACT.test(v)).map(([n, v]) => `${s}.${n}: ${v}`));
    expect(loose).toEqual([]);
    expect(Object.keys(pkg.dependencies ?? {}).length).toBeGreaterThan(10);
  });

  it('package-lock.json records the same pins as package.json', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, Pkg & { version?: string }> };
    const root = lock.packages[''];
    expect(root?.dependencies).toEqual(pkg.dependencies);
    expect(root?.devDependencies).toEqual(pkg.devDependencies);
    for (const [name, version] of Object.entries(pkg.dependencies ?? {})) expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(version);
  });
});

describe('npm run sbom', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-sbom-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a CycloneDX document of every dependency at its pinned version, development-only ones marked', () => {
    const out = join(dir, 'sbom.cdx.json');
    const printed = execFileSync('npm', ['run', '--silent', 'sbom', '--', '--out', out], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(printed).toMatch(/components \(\d+ runtime, \d+ development-only\), CycloneDX, written to/);
    const bom = JSON.parse(readFileSync(out, 'utf8')) as {
      bomFormat: string;
      specVersion: string;
      metadata: { component: { name: string } };
      components: Array<{ name: string; version: string; purl: string; scope?: string; hashes?: unknown[]; properties?: Array<{ name: string; value: string }> }>;
    };
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.metadata.component.name).toBe(pkg.name);
    const pinned = (name: string, version: string | undefined) => bom.components.find((c) => c.name === name && c.version === version);
    for (const [name, version] of Object.entries(pkg.dependencies ?? {})) expect(pinned(name, version)?.scope, `${name}@${version}`).toBe('required');
    const fastify = pinned('fastify', pkg.dependencies?.fastify);
    expect(fastify?.purl).toBe(`pkg:npm/fastify@${pkg.dependencies?.fastify}`);
    expect(fastify?.hashes?.length).toBeGreaterThan(0);
    const vitest = pinned('vitest', pkg.devDependencies?.vitest);
    expect(vitest?.scope).toBe('optional');
    expect(vitest?.properties).toContainEqual({ name: 'cdx:npm:package:development', value: 'true' });
  });
});

describe('audit:deps reads npm audit honestly', () => {
  // What npm 11 printed here, where the registry refuses the bulk advisory endpoint.
  const refused = JSON.stringify({
    message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    method: 'POST',
    statusCode: 405,
    body: '',
    error: { summary: '', detail: '' },
  });
  const report = (v: Record<string, number>): string => JSON.stringify({ auditReportVersion: 2, vulnerabilities: {}, metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...v } } });

  it('a refused advisory endpoint is a skip with the status, not a pass', () => {
    const o = classifyAudit(refused, 'moderate');
    expect(o.kind).toBe('skipped');
    expect(o.kind === 'skipped' && o.reason).toMatch(/HTTP 405/);
  });

  it('an unreachable registry is a skip', () => {
    expect(classifyAudit(JSON.stringify({ error: { code: 'ENOTFOUND', summary: 'getaddrinfo ENOTFOUND registry.npmjs.org' } }), 'low').kind).toBe('skipped');
  });

  it('advisories at or above the level fail; those below pass with their counts', () => {
    expect(classifyAudit(report({ high: 2, low: 1 }), 'moderate')).toMatchObject({ kind: 'failed', atOrAbove: 2 });
    expect(classifyAudit(report({ low: 3 }), 'moderate')).toMatchObject({ kind: 'passed', counts: { low: 3 } });
    expect(classifyAudit(report({}), 'info').kind).toBe('passed');
  });

  it('output that is neither a report nor a refusal is an error, never a pass', () => {
    expect(() => classifyAudit('npm ERR! something', 'low')).toThrow(/no JSON/);
    expect(() => classifyAudit(JSON.stringify({ error: { code: 'EJSONPARSE' } }), 'low')).toThrow(/neither a report nor a registry refusal/);
  });
});
