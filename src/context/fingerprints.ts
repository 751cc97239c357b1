/**
 * The fingerprint index of restricted documents (winnowed content shingles, detectors/restricted-content/shingles.ts):
 * built once from the documents a deployment protects, then asked per request through RestrictedContent, whose
 * `mayRead` says which of them this caller may read (the retrieval access rule).
 */
import type { FingerprintIndex, IndexedDocument, RestrictedContent } from '../spec/context.js';
import { shingles, winnow } from '../detectors/restricted-content/shingles.js';

export interface FingerprintSource {
  id: string;
  text: string;
  source?: string;
}

export interface MutableFingerprintIndex extends FingerprintIndex {
  /** Adds a document; returns its ordinal. A document too short for one shingle gets none and is never matched. */
  add(doc: FingerprintSource): number;
}

export function createFingerprintIndex(docs: Iterable<FingerprintSource> = []): MutableFingerprintIndex {
  const postings = new Map<number, number[]>();
  const documents: IndexedDocument[] = [];
  const index: MutableFingerprintIndex = {
    get size() {
      return documents.length;
    },
    postings: (hash) => postings.get(hash),
    document: (ordinal) => documents[ordinal],
    add(doc) {
      const ordinal = documents.length;
      const prints = winnow(shingles(doc.text).hashes);
      for (const h of prints) {
        const list = postings.get(h);
        if (list) list.push(ordinal);
        else postings.set(h, [ordinal]);
      }
      documents.push(doc.source === undefined ? { id: doc.id, fingerprints: prints.size } : { id: doc.id, source: doc.source, fingerprints: prints.size });
      return ordinal;
    },
  };
  for (const d of docs) index.add(d);
  return index;
}

/** What one caller may see of the index: `mayRead(ordinal)` is typically the access rule on the ordinal's document. */
export function restrictedFor(index: FingerprintIndex, mayRead: (ordinal: number) => boolean): RestrictedContent {
  return { index, mayRead };
}
