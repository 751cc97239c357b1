/**
 * Scan results of single messages, kept across requests. A chat client sends the whole conversation on every
 * turn, so without this the input scan of turn n scans all n messages again (quadratic over a conversation, and a
 * long history can run a request into its latency budget); with it only messages not seen before are scanned.
 *
 * Detectors are pure in their inputs (the Detector contract): a message's findings depend on the stage plan
 * (stage, role, tenant and use-case overlays), the request context's data and the text, and all three make up the
 * key. The key holds the tenant and user id, so whether a scan was a hit (and faster) only ever depends on what
 * the same user sent before. Only scans that ran to completion without a detector error are kept: one cut short
 * by the latency budget or by a failure is redone the next time. Requests of a single message neither read nor
 * fill the cache: they have no history, and hashing and keeping every one-shot prompt cost ~10-20 us each.
 */
import { createHash } from 'node:crypto';
import type { ScanContext } from '../spec/types.js';
import type { StagePlan } from './compile.js';
import { LruCache } from './lru.js';
import type { ScanFinding } from './pipeline.js';

/** What one message's scan left behind: its findings (without a message index) and what it did to the run. */
export interface CachedScan {
  readonly findings: readonly ScanFinding[];
  /** Detector ids the cascade skipped after a decisive block in this message. */
  readonly skipped: readonly string[];
  /** Whether this message's scan ended in an enforced block. */
  readonly blocked: boolean;
}

/** Messages kept per stage plan by default (a few hundred bytes each, most without findings). */
export const DEFAULT_MESSAGE_CACHE_ENTRIES = 4096;

export class MessageCache {
  readonly #byPlan = new WeakMap<StagePlan, LruCache<string, CachedScan>>();

  constructor(private readonly entriesPerPlan: number) {
    if (!Number.isInteger(entriesPerPlan) || entriesPerPlan < 1) throw new Error(`message cache size must be a positive integer, got ${entriesPerPlan}`);
  }

  /** The part of the key shared by every message of one request: the request context's data fields. */
  static contextKey(ctx: ScanContext): string {
    return JSON.stringify([ctx.tenant, ctx.useCase, ctx.userId, ctx.systemPrompt, ctx.canaries]);
  }

  /** A fixed-size key: a SHA-256 of context and text, so the cache holds no message text. */
  static key(contextKey: string, text: string): string {
    return createHash('sha256').update(contextKey).update('\u0000').update(text).digest('base64');
  }

  get(plan: StagePlan, key: string): CachedScan | undefined {
    return this.#byPlan.get(plan)?.get(key);
  }

  set(plan: StagePlan, key: string, scan: CachedScan): void {
    let lru = this.#byPlan.get(plan);
    if (lru === undefined) {
      lru = new LruCache(this.entriesPerPlan);
      this.#byPlan.set(plan, lru);
    }
    lru.set(key, scan);
  }
}
