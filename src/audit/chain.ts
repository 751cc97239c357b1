import { createHash, createHmac } from 'node:crypto';
import type { AuditVerifyReport } from '../spec/gateway.js';

/** prevHash of the first record of a chain that has never been pruned. */
export const GENESIS_HASH = '0'.repeat(64);

export type ChainAlg = 'sha256' | 'hmac-sha256';

/** `hash = H(prevHash || canonicalJSON(entry) || seq)`, H = SHA-256 or HMAC-SHA256 with the server key. */
export interface ChainHasher {
  readonly alg: ChainAlg;
  hash(prevHash: string, body: string, seq: number): string;
}

export function createHasher(hmacKey?: string): ChainHasher {
  if (hmacKey !== undefined && hmacKey.length === 0) throw new Error('audit HMAC key is empty');
  const key = hmacKey;
  return {
    alg: key === undefined ? 'sha256' : 'hmac-sha256',
    hash(prevHash, body, seq) {
      const h = key === undefined ? createHash('sha256') : createHmac('sha256', key);
      return h.update(prevHash).update(body).update(String(seq)).digest('hex');
    },
  };
}

/** A stored record as the verifier sees it. */
export interface ChainRow {
  seq: number;
  prevHash: string;
  hash: string;
  /** The canonical JSON that was hashed. */
  body: string;
  /** False when columns stored beside the body (tenant, action...) disagree with it. */
  consistent: boolean;
}

/** Last pruned record; `{ seq: 0, hash: GENESIS_HASH }` when nothing was pruned. */
export interface ChainAnchor {
  seq: number;
  hash: string;
}

export interface VerifyOptions {
  hasher: ChainHasher;
  anchor: ChainAnchor;
  /** Highest sequence number ever issued, when the store knows it: reveals removal of the newest records. */
  highestIssuedSeq?: number;
  /** Cap on records examined individually for reordering (memory bound on a heavily tampered log). */
  maxSuspects?: number;
}

/** Listed removals stop here: a wiped table must not exhaust memory; the report stays not-ok. */
export const MAX_LISTED_REMOVALS = 100_000;

function addRange(out: number[], from: number, to: number): void {
  for (let s = from; s <= to && out.length < MAX_LISTED_REMOVALS; s++) out.push(s);
}

interface Prev {
  seq: number;
  hash: string;
  ok: boolean;
}

/**
 * Verifies a chain in two streaming passes. Pass 1 checks each record's hash at its stored seq and its
 * link to the record before it. A record failing its own hash is a suspect; pass 2 finds each suspect's
 * chain neighbours by hash, and a suspect whose hash is valid at the position its neighbours imply was
 * moved (reordered), otherwise altered. Link breaks explained by a gap or a moved neighbour are not
 * reported twice.
 */
export async function verifyChain(rows: () => AsyncIterable<ChainRow>, opts: VerifyOptions): Promise<AuditVerifyReport> {
  const { hasher, anchor } = opts;
  const maxSuspects = opts.maxSuspects ?? 100_000;
  const altered: number[] = [];
  const removed: number[] = [];
  const reordered: number[] = [];
  const suspects = new Map<number, ChainRow>();
  let checked = 0;
  let prev: Prev = { seq: anchor.seq, hash: anchor.hash, ok: true };
  for await (const row of rows()) {
    checked++;
    const gap = row.seq > prev.seq + 1;
    addRange(removed, prev.seq + 1, row.seq - 1);
    const ok = row.consistent && hasher.hash(row.prevHash, row.body, row.seq) === row.hash;
    if (!ok) {
      if (suspects.size < maxSuspects) suspects.set(row.seq, row);
      else altered.push(row.seq);
    } else if (row.prevHash !== prev.hash && !gap && prev.ok) {
      reordered.push(row.seq);
    }
    prev = { seq: row.seq, hash: row.hash, ok };
  }
  if (opts.highestIssuedSeq !== undefined) {
    addRange(removed, prev.seq + 1, opts.highestIssuedSeq);
  }
  if (suspects.size > 0) await classifySuspects(rows, suspects, opts, altered, reordered);
  const sort = (a: number[]) => a.sort((x, y) => x - y);
  return {
    ok: altered.length === 0 && removed.length === 0 && reordered.length === 0,
    checked,
    altered: sort(altered),
    removed: sort(removed),
    reordered: sort(reordered),
  };
}

async function classifySuspects(
  rows: () => AsyncIterable<ChainRow>,
  suspects: Map<number, ChainRow>,
  { hasher, anchor }: VerifyOptions,
  altered: number[],
  reordered: number[],
): Promise<void> {
  const wantPred = new Set<string>();
  const wantSucc = new Set<string>();
  for (const s of suspects.values()) {
    wantPred.add(s.prevHash);
    wantSucc.add(s.hash);
  }
  const predSeq = new Map<string, number>();
  const succSeq = new Map<string, number>();
  for await (const row of rows()) {
    if (wantPred.has(row.hash)) predSeq.set(row.hash, row.seq);
    if (wantSucc.has(row.prevHash)) succSeq.set(row.prevHash, row.seq);
  }
  // A suspect's neighbour may itself have moved: resolve positions repeatedly until nothing changes.
  const resolved = new Map<number, number>();
  const origOf = (stored: number | undefined) => (stored === undefined ? undefined : suspects.has(stored) ? resolved.get(stored) : stored);
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of suspects.values()) {
      if (resolved.has(s.seq) || !s.consistent) continue;
      const pred = origOf(predSeq.get(s.prevHash));
      const succ = origOf(succSeq.get(s.hash));
      const candidates = [
        s.prevHash === anchor.hash ? anchor.seq + 1 : -1,
        pred === undefined ? -1 : pred + 1,
        succ === undefined ? -1 : succ - 1,
      ];
      const at = candidates.find((c) => c > 0 && c !== s.seq && hasher.hash(s.prevHash, s.body, c) === s.hash);
      if (at !== undefined) {
        resolved.set(s.seq, at);
        changed = true;
      }
    }
  }
  for (const s of suspects.values()) (resolved.has(s.seq) ? reordered : altered).push(s.seq);
}
