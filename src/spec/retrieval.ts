/**
 * Identity-aware retrieval: documents with access metadata, the caller they are judged for, the stores that
 * hold them and the guard that filters any store's results. Types only (docs/retrieval.md).
 */

/** Who may read a document. A caller reads it when it matches any entry; `*` in `groups` means the whole tenant. */
export interface DocumentAcl {
  groups?: string[];
  roles?: string[];
  users?: string[];
}

/** Access metadata every document carries; a field left out is "missing metadata" (denied by default). */
export interface DocumentMetadata extends DocumentAcl {
  /** Owning tenant; a document is never readable from another tenant. */
  tenant?: string;
  /** Sensitivity level, one of the configured ordered levels (default public < internal < confidential < restricted). */
  classification?: string;
  /** Where the text came from: a path, URL or system name, shown in citations and audit records. */
  source?: string;
}

/** A document as stored or as handed to the guard by an application that retrieved it itself. */
export interface RetrievalDocument extends DocumentMetadata {
  /** Unique per tenant. */
  id: string;
  text: string;
  title?: string;
}

/** The caller a retrieval is judged for, derived from the gateway's Identity (key, JWT) or given by the CLI/library. */
export interface RetrievalSubject {
  tenant: string;
  userId?: string;
  roles: readonly string[];
  groups: readonly string[];
  /** Highest classification level the caller may read; absent: the configured default clearance. */
  clearance?: string;
}

/** Why a document was withheld, one stable code per rule (reported in audit records and CLI output). */
export type WithheldCode =
  | 'missing-metadata'
  | 'malformed-metadata'
  | 'tenant-mismatch'
  | 'classification'
  | 'not-in-acl'
  | 'too-large'
  | 'binary-content';

export interface WithheldDocument {
  /** The document's id as given (truncated to 200 characters), or `#<index>` when it had none. */
  id: string;
  source?: string;
  code: WithheldCode;
  /** One line; never quotes the document's text. */
  reason: string;
}

/** The access rule's settings (the `retrieval:` keys of the gateway section, or library options). */
export interface AccessRuleConfig {
  /** Ordered lowest to highest. */
  levels: readonly string[];
  /** Clearance of a caller that carries none. */
  defaultClearance: string;
  /**
   * `deny`: a document without an ACL or a classification is withheld. `tenant`: it is readable by its whole tenant
   * at the lowest level. A document without a tenant is withheld either way.
   */
  missingMetadata: 'deny' | 'tenant';
  /** Largest document text in bytes (UTF-8); larger ones are withheld (`too-large`) or refused at ingestion. */
  maxDocumentBytes: number;
}

/** What the guard returns: the documents the caller may read, in their order, and every other one with its reason. */
export interface GuardedDocuments {
  permitted: RetrievalDocument[];
  withheld: WithheldDocument[];
}

/** A search over a store. The permission filter is applied inside the store's query, before `limit`. */
export interface DocumentQuery {
  text: string;
  /** Top-k (default 5). */
  limit?: number;
}

export interface DocumentHit {
  document: RetrievalDocument;
  /** Higher is better; comparable within one result list only. */
  score: number;
}

/** Embedded SQLite (FTS5) and PostgreSQL (tsvector, pgvector when installed) implement this contract. */
export interface DocumentStore {
  /** `sqlite-fts5`, `postgres-fts`, `postgres-pgvector`: what ranks results, so an operator can see it. */
  readonly searchMode: string;
  /**
   * Validates and stores (replacing same tenant + id); throws RetrievalInputError naming the bad document and stores
   * none of the batch. With `tenant` (the ingesting caller's), documents without one get it and others are refused.
   */
  put(docs: readonly RetrievalDocument[], options?: { tenant?: string }): Promise<number>;
  /** Top `limit` documents the subject may read, best first. */
  search(subject: RetrievalSubject, query: DocumentQuery): Promise<DocumentHit[]>;
  delete(tenant: string, id: string): Promise<boolean>;
  count(tenant?: string): Promise<number>;
  /** Every stored document (of one tenant when given), in pages: for indexes built from the store (fingerprints). */
  list(options?: { tenant?: string }): AsyncIterable<RetrievalDocument>;
  close(): Promise<void>;
}
