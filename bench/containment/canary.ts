/**
 * The canary: an HTTP server on 127.0.0.1 that sandboxed code is told to reach. Each scenario and door gets its
 * own path; a request that arrives is a `network` effect of that scenario (code got out of the sandbox).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Effect } from './world.js';

export interface Canary {
  url(token: string): string;
  /** The hits on a token's URL so far, as effects. */
  hits(token: string): Effect[];
  close(): Promise<void>;
}

export async function startCanary(): Promise<Canary> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const token = (req.url ?? '').split('/')[2] ?? '';
    hits.set(token, (hits.get(token) ?? 0) + 1);
    res.end('canary');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (token) => `${base}/c/${token}`,
    hits: (token) => Array.from({ length: hits.get(token) ?? 0 }, () => ({ effect: 'network', token })),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
