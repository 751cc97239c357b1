/** Messages between the threaded audit store (audit-worker.ts) and its worker (audit-thread.ts). */
import type { AuditExpectation, AuditQuery } from '../spec/gateway.js';
import type { CheckpointSettings } from './audit-witness.js';

export interface AuditThreadData {
  file: string;
  hmacKey?: string;
  redactAtRest: boolean;
  checkpoints?: CheckpointSettings;
}

/** Entries travel as JSON text: one native stringify is cheaper on the event loop than a structured clone. */
export type ThreadRequest =
  | { id: number; op: 'append'; body: string }
  | { id: number; op: 'get'; requestId: string }
  | { id: number; op: 'query'; query: AuditQuery }
  | { id: number; op: 'verify'; expect?: AuditExpectation }
  | { id: number; op: 'head' }
  | { id: number; op: 'prune'; before: string }
  | { id: number; op: 'iterOpen' }
  | { id: number; op: 'iterNext'; iter: number; max: number }
  | { id: number; op: 'iterClose'; iter: number }
  | { id: number; op: 'close' };

export type ThreadReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** What an append reports back: the chain fields, and the stored entry when redact-at-rest rewrote it. */
export interface AppendReply {
  seq: number;
  prevHash: string;
  hash: string;
  stored?: string;
}
