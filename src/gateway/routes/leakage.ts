/**
 * Leakage defences in the request path (docs/leakage.md). Warden's canaries are minted under a key derived from the
 * gateway's pepper, so every replica recognises any of them in a later input; one is planted in the system prompt of
 * the configured model aliases (or on request), and stored documents lose their canary line before a permitted
 * reader's model sees them. The fingerprint index of the stored documents at the configured level or above
 * (restricted-index.ts) is built at start and kept current; each request is judged against it with the caller's
 * access (restricted-content).
 */
import { createCanaryMinter, withDocumentCanary, withPromptCanary, type CanaryMinter } from '../../context/canaries.js';
import type { RestrictedContent } from '../../spec/context.js';
import type { AccessRuleConfig, DocumentStore, RetrievalDocument, RetrievalSubject } from '../../spec/retrieval.js';
import type { RetrievalConfig } from '../config-retrieval.js';
import { withFields } from '../../core/objects.js';
import { classifiedFrom, openRestrictedIndex, type RestrictedIndex } from './restricted-index.js';

export interface LeakageRuntime {
  minter: CanaryMinter;
  /** Model aliases (or `*`) whose system prompt gets a canary. */
  promptModels: readonly string[];
  /** The fingerprint index of the stored documents at `fingerprints.from` or above, when configured. */
  restricted?: RestrictedIndex;
}

/** Documents as `warden docs ingest` stores them: a canary line first in those at `canaries.documents_from` or above. */
export function withIngestCanaries(cfg: RetrievalConfig, rule: AccessRuleConfig, minter: CanaryMinter, docs: RetrievalDocument[]): RetrievalDocument[] {
  const from = cfg.canaries.documents_from;
  if (from === undefined) return docs;
  return docs.map((d) => (classifiedFrom(rule, from, d) ? withFields(d, { text: withDocumentCanary(d.text, minter.mint()) }) : d));
}

export function canaryMinter(pepper: string): CanaryMinter {
  return createCanaryMinter(pepper);
}

export async function openLeakage(cfg: RetrievalConfig, rule: AccessRuleConfig, store: DocumentStore | undefined, pepper: string): Promise<LeakageRuntime> {
  const runtime: LeakageRuntime = { minter: canaryMinter(pepper), promptModels: cfg.canaries.prompt_models };
  const from = cfg.fingerprints?.from;
  if (from === undefined || store === undefined) return runtime;
  return withFields(runtime, { restricted: await openRestrictedIndex(store, rule, from) });
}

/** What this caller may see of the fingerprinted documents: every one it may not read counts as restricted. */
export function restrictedFor(l: LeakageRuntime, subject: RetrievalSubject, rule: AccessRuleConfig): RestrictedContent | undefined {
  return l.restricted?.restrictedFor(subject, rule);
}

export function wantsPromptCanary(l: LeakageRuntime, model: string, requested: boolean): boolean {
  return requested || l.promptModels.includes(model) || l.promptModels.includes('*');
}

/** Plants `token` in a system prompt (amendSystemPrompt), with the instruction never to reveal it. */
export function promptCanary(token: string): (text: string) => string {
  return (text) => withPromptCanary(text, token);
}
