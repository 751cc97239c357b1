/**
 * Identity-aware retrieval in the request path: documents the application hands over in `warden.documents` and,
 * for a model alias with a retrieval step, the top-k documents of the store the caller may read. Both go through
 * the one access rule (src/retrieval), every withheld document is recorded with why, and what is permitted is
 * returned as messages at the `retrieved` stage for the input scan, then added to the request (retrieval-inject.ts).
 */
import { performance } from 'node:perf_hooks';
import { accessRuleConfig } from '../../retrieval/config.js';
import { guardDocuments } from '../../retrieval/guard.js';
import { subjectFromIdentity } from '../../retrieval/subject.js';
import type { AuditMessage, AuditRetrieval, Identity } from '../../spec/gateway.js';
import type { AccessRuleConfig, DocumentStore, RetrievalDocument } from '../../spec/retrieval.js';
import type { RetrievalConfig } from '../config-retrieval.js';
import { openConfiguredDocumentStore } from '../document-store.js';
import { GatewayError } from '../errors.js';
import { isObj } from '../upstreams/json.js';
import { withFields } from '../../core/objects.js';
import { withoutDocumentCanary } from '../../context/canaries.js';
import { openLeakage, type LeakageRuntime } from './leakage.js';
import { elapsedMs, type RequestRecorder } from '../recorder.js';

/** The request extension field: `{"warden": {"documents": [...]}}` beside the protocol's own fields. */
export const EXTENSION_FIELD = 'warden';

export interface RetrievalRuntime {
  config: RetrievalConfig;
  rule: AccessRuleConfig;
  /** Open when a retrieval step or fingerprints are configured. */
  store: DocumentStore | undefined;
  leakage: LeakageRuntime;
}

/** What the `warden` extension of one request asks for. */
export interface RequestExtension {
  /** Documents the application retrieved itself (unchecked: the guard judges each one). */
  documents: unknown[];
  /** Plant a Warden canary in this request's system prompt. */
  canary: boolean;
}

/**
 * Removes the `warden` extension from the body before the protocol's schema sees it, and returns what it asks for:
 * `documents` (unchecked: the guard judges each one) and `canary`. A malformed extension is the caller's error (400),
 * never ignored.
 */
export function takeRequestExtension(r: RetrievalRuntime, body: unknown): RequestExtension {
  if (!isObj(body) || !(EXTENSION_FIELD in body)) return { documents: [], canary: false };
  const ext = body[EXTENSION_FIELD];
  delete body[EXTENSION_FIELD];
  const param = `${EXTENSION_FIELD}.documents`;
  if (!isObj(ext) || Object.keys(ext).some((k) => k !== 'documents' && k !== 'canary')) {
    throw new GatewayError('invalid_request', `Invalid request body at ${EXTENSION_FIELD}: expected {"documents": [...], "canary": true|false}.`, { param: EXTENSION_FIELD });
  }
  const canary = ext['canary'] ?? false;
  if (typeof canary !== 'boolean') throw new GatewayError('invalid_request', `Invalid request body at ${EXTENSION_FIELD}.canary: expected true or false.`, { param: `${EXTENSION_FIELD}.canary` });
  if (!('documents' in ext)) return { documents: [], canary };
  const docs = ext['documents'];
  if (!Array.isArray(docs)) throw new GatewayError('invalid_request', `Invalid request body at ${param}: expected an array of documents.`, { param });
  if (!r.config.request_documents) throw new GatewayError('invalid_request', `${param} is disabled on this gateway (gateway.retrieval.request_documents).`, { param });
  if (docs.length > r.config.max_request_documents) {
    throw new GatewayError('invalid_request', `Too many documents in ${param}: ${docs.length}, at most ${r.config.max_request_documents}.`, { param });
  }
  return { documents: docs, canary };
}

export interface RetrievedContext {
  /** Permitted documents in the order they are added: handed-over ones first, then the store's. */
  documents: RetrievalDocument[];
  /** One message per document, at the `retrieved` stage, for the input scan and the record. */
  messages: AuditMessage[];
}

/** Routes whose requests get context; `warden.documents` on any other is refused rather than dropped unseen. */
export const CONTEXT_ROUTES = ['/v1/chat/completions', '/v1/messages', '/v1/responses'];

/**
 * Opens the configured store when a retrieval step or the fingerprint index needs it (or takes an injected one: tests,
 * other backends), and the leakage defences (canary key from the gateway's `pepper`).
 */
export async function openRetrievalRuntime(
  config: RetrievalConfig,
  opts: { dataDir: string; pepper: string; log: (line: string) => void; injected?: DocumentStore | undefined },
): Promise<RetrievalRuntime> {
  const rule = accessRuleConfig(config);
  let store = opts.injected;
  if (store === undefined && (Object.keys(config.models).length > 0 || config.fingerprints !== undefined)) {
    const opened = await openConfiguredDocumentStore(config, opts.dataDir);
    if (opened.notice !== undefined) opts.log(opened.notice);
    store = opened.store;
  }
  const leakage = await openLeakage(config, rule, store, opts.pepper);
  if (leakage.restricted !== undefined) opts.log(`restricted-content: ${leakage.restricted.size} stored document(s) fingerprinted`);
  return { config, rule, store, leakage };
}

/** The step configured for a model alias (or `*`) on this route, if any. */
function stepFor(cfg: RetrievalConfig, model: string, route: string): { top_k: number } | undefined {
  const step = cfg.models[model] ?? cfg.models['*'];
  return step !== undefined && (step.routes === undefined || step.routes.includes(route as never)) ? step : undefined;
}

export async function retrieveContext(
  r: RetrievalRuntime,
  args: { identity: Identity; model: string; route: string; query: string; handed: readonly unknown[]; rec: RequestRecorder },
): Promise<RetrievedContext | undefined> {
  if (args.handed.length > 0 && !CONTEXT_ROUTES.includes(args.route)) {
    throw new GatewayError('invalid_request', `${EXTENSION_FIELD}.documents is accepted on ${CONTEXT_ROUTES.join(', ')} only.`, { param: `${EXTENSION_FIELD}.documents` });
  }
  const step = r.store === undefined ? undefined : stepFor(r.config, args.model, args.route);
  if (args.handed.length === 0 && step === undefined) return undefined;
  const t0 = performance.now();
  const subject = subjectFromIdentity(args.identity);
  const guarded = guardDocuments(args.handed, subject, r.rule, { stampCallerTenant: true });
  const hits = step === undefined || r.store === undefined || args.query.trim() === '' ? [] : await r.store.search(subject, { text: args.query, limit: step.top_k });
  // The store filtered in its query; its hits pass the same guard again, so no store can add what the rule denies.
  // A permitted reader's model gets a document without its canary line (leakage.ts).
  const fromStore = guardDocuments(hits.map((h) => withFields(h.document, { text: withoutDocumentCanary(h.document.text) })), subject, r.rule);
  const documents = [...guarded.permitted, ...fromStore.permitted];
  const origin = (o: 'store' | 'request') => (d: RetrievalDocument) => (d.source === undefined ? { id: d.id, origin: o } : { id: d.id, origin: o, source: d.source });
  const audit: AuditRetrieval = {
    added: [...guarded.permitted.map(origin('request')), ...fromStore.permitted.map(origin('store'))],
    withheld: [...guarded.withheld.map((w) => withFields(w, { origin: 'request' as const })), ...fromStore.withheld.map((w) => withFields(w, { origin: 'store' as const }))],
    searchMode: step === undefined ? undefined : r.store?.searchMode,
    ms: elapsedMs(t0),
  };
  args.rec.retrieved(audit);
  const messages = documents.map((d, i): AuditMessage => ({ role: 'user', content: d.text, stage: 'retrieved', path: `${EXTENSION_FIELD}.context.${i}` }));
  return { documents, messages };
}
