/**
 * /admin/documents: documents stored through the running gateway, with the checks and ingestion canaries of
 * `warden docs ingest`, and fingerprinted for restricted-content as they are stored (no restart);
 * /admin/documents/reindex reads the store again after writes made by other processes. The admin plugin's onSend
 * hook audits every call.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RetrievalInputError } from '../core/errors.js';
import { parse } from './admin-input.js';
import { GatewayError } from './errors.js';
import { withIngestCanaries } from './routes/leakage.js';
import type { RetrievalRuntime } from './routes/retrieval.js';
import type { RetrievalDocument } from '../spec/retrieval.js';
import { admitDocuments } from '../retrieval/admit.js';

const ingestBody = z.strictObject({
  /** The documents' tenant: a document naming another is refused. */
  tenant: z.string().min(1),
  /** Checked as `warden docs ingest` checks them (strict shape, ACL, classification, size, binary); all or nothing. */
  documents: z.array(z.unknown()).min(1).max(1_000),
});

export function documentRoutes(app: FastifyInstance, retrieval: RetrievalRuntime, record: (req: FastifyRequest, change: Record<string, unknown>) => void): void {
  const storeOf = () => {
    if (retrieval.store === undefined) throw new GatewayError('not_found', 'No document store: configure gateway.retrieval (a retrieval step or fingerprints) to store documents.');
    return retrieval.store;
  };
  app.post('/admin/documents', async (req) => {
    const store = storeOf();
    const b = parse(ingestBody, req.body ?? {});
    let docs: RetrievalDocument[];
    let stored: number;
    try {
      // Checked before the canary line is planted (a document without text must not become one holding only it).
      docs = withIngestCanaries(retrieval.config, retrieval.rule, retrieval.leakage.minter, admitDocuments(b.documents, retrieval.rule, { tenant: b.tenant }));
      stored = await store.put(docs, { tenant: b.tenant });
    } catch (e) {
      if (e instanceof RetrievalInputError) throw new GatewayError('invalid_request', e.message, { param: 'documents' });
      throw e;
    }
    retrieval.leakage.restricted?.added(docs);
    record(req, { change: 'documents.ingest', tenant: b.tenant, ids: docs.map((d) => d.id) });
    return { stored, fingerprinted: retrieval.leakage.restricted?.size ?? 0 };
  });
  app.post('/admin/documents/reindex', async (req) => {
    storeOf();
    const restricted = retrieval.leakage.restricted;
    const fingerprinted = restricted === undefined ? 0 : await restricted.rebuild();
    record(req, { change: 'documents.reindex', fingerprinted });
    return { fingerprinted };
  });
}
