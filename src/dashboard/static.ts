/**
 * The dashboard's files: its own page and modules (src/dashboard/public, plain ES modules, no build step) and the
 * libraries it uses, served from the installed npm packages (preact, preact/hooks, htm, uPlot), so it works
 * offline with no CDN. preact/hooks imports the bare name "preact", which a browser cannot resolve without an
 * import map (an inline script, which the CSP forbids), so that one import is rewritten to the served file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

interface Asset {
  body: Buffer | string;
  type: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** From src/dashboard/ and from dist/dashboard/ alike, the package root is two levels up. */
export const PUBLIC_DIR = fileURLToPath(new URL('../../src/dashboard/public/', import.meta.url));

const require = createRequire(import.meta.url);

const HOOKS_IMPORT = 'from"preact"';

function vendorAssets(): Map<string, Asset> {
  const js = TYPES['.js'] as string;
  const hooks = readFileSync(require.resolve('preact/hooks'), 'utf8');
  if (!hooks.includes(HOOKS_IMPORT)) throw new Error(`preact/hooks no longer imports ${HOOKS_IMPORT}; update the dashboard's vendor rewrite`);
  return new Map<string, Asset>([
    ['preact.mjs', { body: readFileSync(require.resolve('preact')), type: js }],
    ['hooks.mjs', { body: hooks.replaceAll(HOOKS_IMPORT, 'from"./preact.mjs"'), type: js }],
    // htm's package exports map "import" to the ES module build.
    ['htm.mjs', { body: readFileSync(join(require.resolve('htm'), '..', 'htm.mjs')), type: js }],
    ['uPlot.esm.js', { body: readFileSync(require.resolve('uplot/dist/uPlot.esm.js')), type: js }],
    ['uPlot.min.css', { body: readFileSync(require.resolve('uplot/dist/uPlot.min.css')), type: TYPES['.css'] as string }],
  ]);
}

function publicAssets(dir: string): Map<string, Asset> {
  const out = new Map<string, Asset>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const type = TYPES[extname(entry.name)];
    if (!entry.isFile() || type === undefined) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(relative(dir, path).split('\\').join('/'), { body: readFileSync(path), type });
  }
  return out;
}

/** Security headers of every dashboard answer: nothing inline, nothing from elsewhere, never framed. */
export const DASHBOARD_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

export function staticRoutes(app: FastifyInstance): void {
  const vendor = vendorAssets();
  const own = publicAssets(PUBLIC_DIR);
  const index = own.get('index.html');
  if (index === undefined) throw new Error(`dashboard page missing: ${join(PUBLIC_DIR, 'index.html')}`);
  const send = (asset: Asset) => (_req: unknown, reply: FastifyReply) => {
    reply.type(asset.type);
    reply.header('cache-control', 'no-cache');
    return reply.send(asset.body);
  };
  app.get('/dashboard', (_req, reply) => reply.redirect('/dashboard/'));
  app.get('/dashboard/', send(index));
  for (const [name, asset] of vendor) app.get(`/dashboard/vendor/${name}`, send(asset));
  for (const [name, asset] of own) if (name !== 'index.html') app.get(`/dashboard/app/${name}`, send(asset));
}
