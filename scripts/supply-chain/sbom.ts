/**
 * `npm run sbom [-- --out FILE]`: the CycloneDX SBOM of Warden's dependencies, made by npm's own `npm sbom` from
 * package-lock.json (no network, no node_modules needed). Development-only packages are in it, marked by npm
 * (`scope: optional`, property `cdx:npm:package:development`): npm 11's `--omit dev` also drops runtime
 * dependencies that a development tool shares (zod, yaml, undici were missing), so it is not used. npm names the
 * root component after the folder it runs in (its bom-ref and purl are right), so the name is set from package.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runNpm } from './npm.js';

interface CycloneDx {
  bomFormat?: unknown;
  metadata?: { component?: Record<string, unknown> };
  components?: Array<{ scope?: unknown }>;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const out = arg('--out') ?? join(ROOT, 'sbom.cdx.json');
const args = ['sbom', '--sbom-format', 'cyclonedx', '--package-lock-only'];
const run = runNpm(args, 120_000);
if (run.status !== 0) {
  console.error(`sbom: npm ${args.join(' ')} failed (exit ${String(run.status)}): ${run.stderr.trim().split('\n').filter((l) => !l.startsWith('npm warn')).join(' ')}`);
  process.exit(1);
}
const bom = JSON.parse(run.stdout) as CycloneDx;
if (bom.bomFormat !== 'CycloneDX' || !Array.isArray(bom.components)) {
  console.error('sbom: npm sbom did not print a CycloneDX document');
  process.exit(1);
}
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string };
if (bom.metadata?.component !== undefined) bom.metadata.component.name = pkg.name;
writeFileSync(out, `${JSON.stringify(bom, null, 2)}\n`);
const runtime = bom.components.filter((c) => c.scope === 'required').length;
console.log(`sbom: ${bom.components.length} components (${runtime} runtime, ${bom.components.length - runtime} development-only), CycloneDX, written to ${out}`);
