/**
 * Checkpoints: the audit chain's witness outside its table. A checkpoint states "the chain had `count`
 * records and its head hash was `head`" at `ts`; a later chain must still contain that record with that
 * hash, otherwise records were removed from its end (truncation) or the chain was rewritten. Signed with
 * HMAC-SHA256 under the audit key when one is configured; without a key a checkpoint is unsigned
 * (`alg: "none"`): a signing key kept in the same data dir would be readable by exactly the attacker the
 * signature is meant to stop, so claiming a signature would overstate what it proves.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AuditCheckpoint, AuditExpectation, AuditWitnessCheck } from '../spec/gateway.js';
import { canonicalJson } from './canonical-json.js';

/** How often checkpoints are written unless configured: every 1000 records, and at least every 60 s while records arrive. */
export const DEFAULT_CHECKPOINT_EVERY_RECORDS = 1000;
export const DEFAULT_CHECKPOINT_EVERY_MS = 60_000;

/** Domain separation: a checkpoint signature can never be mistaken for a chain hash under the same key. */
const SIG_CONTEXT = 'warden-audit-checkpoint\n';

export interface CheckpointSigner {
  readonly alg: AuditCheckpoint['alg'];
  create(count: number, head: string, at: Date): AuditCheckpoint;
  /** True when the checkpoint carries this signer's algorithm and a valid signature. */
  valid(cp: AuditCheckpoint): boolean;
}

const signedPart = (cp: Pick<AuditCheckpoint, 'count' | 'head' | 'ts'>) => canonicalJson({ count: cp.count, head: cp.head, ts: cp.ts, v: 1 });

export function createCheckpointSigner(hmacKey?: string): CheckpointSigner {
  const sign = (cp: Pick<AuditCheckpoint, 'count' | 'head' | 'ts'>) =>
    hmacKey === undefined ? undefined : createHmac('sha256', hmacKey).update(SIG_CONTEXT).update(signedPart(cp)).digest('hex');
  const alg: AuditCheckpoint['alg'] = hmacKey === undefined ? 'none' : 'hmac-sha256';
  return {
    alg,
    create(count, head, at) {
      const cp: AuditCheckpoint = { v: 1, count, head, ts: at.toISOString(), alg };
      const sig = sign(cp);
      if (sig !== undefined) cp.sig = sig;
      return cp;
    },
    valid(cp) {
      if (cp.alg !== alg) return false;
      const want = sign(cp);
      if (want === undefined) return cp.sig === undefined;
      return cp.sig !== undefined && cp.sig.length === want.length && timingSafeEqual(Buffer.from(cp.sig), Buffer.from(want));
    },
  };
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Parses one line of the checkpoint file; undefined when it is not a well-formed checkpoint. */
export function parseCheckpoint(line: string): AuditCheckpoint | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const ok =
    o['v'] === 1 &&
    Number.isSafeInteger(o['count']) &&
    (o['count'] as number) >= 0 &&
    typeof o['head'] === 'string' &&
    HEX64.test(o['head']) &&
    typeof o['ts'] === 'string' &&
    (o['alg'] === 'none' || o['alg'] === 'hmac-sha256') &&
    (o['sig'] === undefined || typeof o['sig'] === 'string');
  return ok ? (o as unknown as AuditCheckpoint) : undefined;
}

/** What the store can say about its chain, cheaply, for checking a witness. */
export interface ChainPosition {
  /** Highest seq in the table, or the prune anchor's when the table is empty (0 for a new log). */
  headSeq: number;
  anchor: { seq: number; hash: string };
  /** Hash of the stored record at seq, undefined when there is none. */
  hashAt(seq: number): string | undefined;
}

/**
 * Checks that a witnessed (count, head) is a prefix of the chain (without a head, only the length);
 * returns the problem in words, or undefined. `what` names the witness ("checkpoint #3", "the expected head").
 */
export function checkWitness(w: AuditExpectation, chain: ChainPosition, what: string): string | undefined {
  const covers = `${what} covers ${w.count} records${w.head === undefined ? '' : ` with head ${w.head}`}`;
  if (chain.headSeq < w.count) return `audit log truncated: ${covers}, the log now has ${chain.headSeq}`;
  if (w.head === undefined || w.count === 0) return undefined;
  if (w.count < chain.anchor.seq) return undefined;
  const actual = w.count === chain.anchor.seq ? chain.anchor.hash : chain.hashAt(w.count);
  if (actual === undefined) return `audit log truncated: ${covers}, but record ${w.count} is missing`;
  if (actual !== w.head) {
    return `audit log truncated: ${covers}, but record ${w.count} now has hash ${actual} (records were removed and the chain continued, or it was rewritten)`;
  }
  return undefined;
}

/** The checkpoint file as the verifier reads it: every line checked, the problems in words. */
export function checkCheckpoints(
  lines: readonly string[],
  signer: CheckpointSigner,
  chain: ChainPosition,
): { checks: AuditWitnessCheck[]; valid: number; latest?: AuditCheckpoint; latestIndex?: number } {
  const checks: AuditWitnessCheck[] = [];
  let latest: AuditCheckpoint | undefined;
  let valid = 0;
  let latestIndex: number | undefined;
  lines.forEach((line, i) => {
    if (line.trim().length === 0) return;
    const what = `checkpoint #${i + 1}`;
    const cp = parseCheckpoint(line);
    if (cp === undefined) {
      checks.push({ source: what, ok: false, problem: `${what} is not a well-formed checkpoint (the file was edited or damaged)` });
      return;
    }
    if (!signer.valid(cp)) {
      const problem = `${what} has no valid ${signer.alg === 'none' ? 'format for an unkeyed log' : 'signature'} (${cp.alg}): edited, or written under another key`;
      checks.push({ source: what, count: cp.count, head: cp.head, ts: cp.ts, ok: false, problem });
      return;
    }
    valid++;
    if (latest === undefined || cp.count >= latest.count) {
      latest = cp;
      latestIndex = i + 1;
    }
    const problem = checkWitness(cp, chain, what);
    // Intact checkpoints are summarised by `latest`; only the ones that fail are listed.
    if (problem !== undefined) checks.push({ source: what, count: cp.count, head: cp.head, ts: cp.ts, ok: false, problem });
  });
  if (latest !== undefined && chain.anchor.seq > latest.count) {
    checks.push({
      source: 'checkpoints',
      ok: false,
      problem: `audit log pruned past its latest checkpoint (${latest.count} records): the prune anchor claims ${chain.anchor.seq}; records after ${latest.count} may have been removed without a witness`,
    });
  }
  return { checks, valid, latest, latestIndex };
}
