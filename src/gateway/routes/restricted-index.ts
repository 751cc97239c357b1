/**
 * The restricted-content fingerprint index of the stored documents at `fingerprints.from` or above (docs/leakage.md),
 * kept current while the gateway runs: built from the store at start, documents stored through the gateway are added
 * as they are stored (a replaced document's old fingerprints are retired: they no longer restrict anyone), and
 * `rebuild()` reads the store again for writes made by other processes (`warden docs ingest`, another replica).
 */
import { createFingerprintIndex, type MutableFingerprintIndex } from '../../context/fingerprints.js';
import { withoutDocumentCanary } from '../../context/canaries.js';
import { judgeAccess, levelRank } from '../../retrieval/access-rule.js';
import type { RestrictedContent } from '../../spec/context.js';
import type { AccessRuleConfig, DocumentStore, RetrievalDocument, RetrievalSubject } from '../../spec/retrieval.js';
import { withFields } from '../../core/objects.js';

type Meta = Omit<RetrievalDocument, 'text'>;

interface Generation {
  index: MutableFingerprintIndex;
  /** By ordinal; undefined once the document was replaced (retired). */
  documents: (Meta | undefined)[];
  /** tenant + id -> ordinal of its current version. */
  byKey: Map<string, number>;
}

export interface RestrictedIndex {
  /** Documents fingerprinted (current versions). */
  readonly size: number;
  /** What this caller may see of the index: every document it may not read counts as restricted. */
  restrictedFor(subject: RetrievalSubject, rule: AccessRuleConfig): RestrictedContent;
  /** Documents just stored (as stored, canary line and all): fingerprinted at once; same tenant + id replaces. */
  added(docs: readonly RetrievalDocument[]): void;
  /** Reads every stored document again into a new index, then swaps it in; returns the new size. */
  rebuild(): Promise<number>;
}

/** Whether a document is classified at `from` or above (a document without classification is not). */
export function classifiedFrom(rule: AccessRuleConfig, from: string, doc: RetrievalDocument): boolean {
  return doc.classification !== undefined && levelRank(rule, doc.classification) >= levelRank(rule, from);
}

const keyOf = (d: Meta) => `${d.tenant ?? ''}\u0000${d.id}`;

function addTo(g: Generation, rule: AccessRuleConfig, from: string, doc: RetrievalDocument): void {
  const key = keyOf(doc);
  const old = g.byKey.get(key);
  if (old !== undefined) {
    g.documents[old] = undefined;
    g.byKey.delete(key);
  }
  if (!classifiedFrom(rule, from, doc)) return;
  const { text, ...meta } = doc;
  const ordinal = g.index.add({ id: doc.id, text: withoutDocumentCanary(text), ...(doc.source === undefined ? {} : { source: doc.source }) });
  g.documents[ordinal] = meta;
  g.byKey.set(key, ordinal);
}

function emptyGeneration(): Generation {
  return { index: createFingerprintIndex(), documents: [], byKey: new Map() };
}

async function readStore(store: DocumentStore, rule: AccessRuleConfig, from: string): Promise<Generation> {
  const g = emptyGeneration();
  for await (const doc of store.list()) addTo(g, rule, from, doc);
  return g;
}

export async function openRestrictedIndex(store: DocumentStore, rule: AccessRuleConfig, from: string): Promise<RestrictedIndex> {
  let g = await readStore(store, rule, from);
  // Documents stored while a rebuild reads the store: applied to the new generation too, so none is lost in the swap.
  let during: RetrievalDocument[] | undefined;
  let rebuilding: Promise<number> | undefined;
  return {
    get size() {
      return g.byKey.size;
    },
    restrictedFor(subject, rule) {
      const { index, documents } = g;
      // A retired ordinal restricts no one: its document was replaced by a newer version.
      return { index, mayRead: (ordinal) => {
        const meta = documents[ordinal];
        return meta === undefined || judgeAccess(withFields(meta, { text: '' }), subject, rule).ok;
      } };
    },
    added(docs) {
      for (const d of docs) addTo(g, rule, from, d);
      during?.push(...docs);
    },
    rebuild() {
      rebuilding ??= (async () => {
        during = [];
        try {
          const next = await readStore(store, rule, from);
          for (const d of during) addTo(next, rule, from, d);
          g = next;
          return g.byKey.size;
        } finally {
          during = undefined;
          rebuilding = undefined;
        }
      })();
      return rebuilding;
    },
  };
}
