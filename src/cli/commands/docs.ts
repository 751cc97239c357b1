/** `warden docs ingest|search`: the document store of `gateway.retrieval` from the command line (docs/retrieval.md). */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { gatewaySectionSchema, type GatewayConfig } from '../../gateway/config.js';
import { openConfiguredDocumentStore, type ConfiguredDocuments } from '../../gateway/document-store.js';
import { documentPrincipals } from '../../retrieval/access-rule.js';
import { admitDocuments } from '../../retrieval/admit.js';
import { subjectFromIdentity } from '../../retrieval/subject.js';
import type { RetrievalDocument, RetrievalSubject } from '../../spec/retrieval.js';
import { DB_FILE } from '../../store/sqlite.js';
import { EXIT, type RegisterCommand } from '../command.js';
import { documentsFromDir } from '../docs-files.js';
import { err, out, printJson } from '../io.js';
import { loadCliPolicy, reportPolicyError } from '../load-policy.js';
import { withStores } from '../state.js';
import { canaryMinter, withIngestCanaries } from '../../gateway/routes/leakage.js';
import type { RetrievalConfig } from '../../gateway/config-retrieval.js';

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

interface DocsOptions {
  dataDir?: string;
  config?: string;
}

function withDocsOptions(cmd: Command): Command {
  return cmd
    .option('-d, --data-dir <dir>', 'gateway data directory (default: gateway.data_dir of --config, else ./data)')
    .option('-c, --config <file>', 'warden.yaml whose gateway section names the data dir and gateway.retrieval settings');
}

function gatewayOf(opts: DocsOptions): GatewayConfig {
  if (opts.config === undefined) return gatewaySectionSchema.parse({});
  try {
    return gatewaySectionSchema.parse(loadCliPolicy(opts.config).sections['gateway'] ?? {});
  } catch (e) {
    if (reportPolicyError(e)) throw new Error(`cannot use --config ${opts.config}: fix the errors above`, { cause: e });
    throw e;
  }
}

async function withDocuments<T>(opts: DocsOptions, fn: (d: ConfiguredDocuments, dataDir: string, cfg: RetrievalConfig) => Promise<T>): Promise<T> {
  const gateway = gatewayOf(opts);
  const dataDir = resolve(opts.dataDir ?? gateway.data_dir);
  const docs = await openConfiguredDocumentStore(gateway.retrieval, dataDir);
  if (docs.notice !== undefined) err(docs.notice);
  try {
    return await fn(docs, dataDir, gateway.retrieval);
  } finally {
    await docs.store.close();
  }
}

interface IngestOptions extends DocsOptions {
  tenant: string;
  groups?: string[];
  roles?: string[];
  users?: string[];
  classification?: string;
}

interface SearchOptions extends DocsOptions {
  as: string;
  tenant?: string;
  groups?: string[];
  roles?: string[];
  clearance?: string;
  limit: number;
  json?: boolean;
}

/** `--as KEY_ID` (a virtual key of the data dir: its tenant and roles), or `--as USER --tenant T [...]` from flags. */
async function subjectOf(opts: SearchOptions, dataDir: string): Promise<RetrievalSubject> {
  if (opts.tenant !== undefined) {
    return { tenant: opts.tenant, userId: opts.as, roles: opts.roles ?? [], groups: opts.groups ?? [], ...(opts.clearance === undefined ? {} : { clearance: opts.clearance }) };
  }
  if (!existsSync(join(dataDir, DB_FILE))) throw new Error(`--as ${opts.as}: no gateway database at ${dataDir} to look the key up in; pass --tenant to give the caller by flags`);
  const key = await withStores({ dataDir }, (s) => s.keys.get(opts.as));
  if (key === undefined || key.revokedAt !== null) throw new Error(`--as ${opts.as}: no active key with that id (see "warden keys list"); pass --tenant to give a user by flags`);
  return subjectFromIdentity({ tenant: key.tenant, roles: key.roles });
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new Error(`--limit must be an integer 1-100, got "${v}"`);
  return n;
}

export const registerDocs: RegisterCommand = (program: Command, setCode) => {
  const docs = program.command('docs').description('ingest and search the documents of identity-aware retrieval');

  withDocsOptions(docs.command('ingest'))
    .description('store every file under DIR as a document with access metadata (front matter or <file>.meta.yaml may refine it)')
    .argument('<dir>', 'directory of text files')
    .requiredOption('-t, --tenant <tenant>', 'tenant the documents belong to (front matter cannot change it)')
    .option('-g, --groups <list>', 'groups that may read them, comma-separated; * = the whole tenant', list)
    .option('-r, --roles <list>', 'roles that may read them, comma-separated', list)
    .option('-u, --users <list>', 'user ids that may read them, comma-separated', list)
    .option('--classification <level>', 'classification level (one of gateway.retrieval.levels)')
    .action(async (dir: string, opts: IngestOptions) => {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir}: not a directory`);
      await withDocuments(opts, async ({ store, rule }, dataDir, cfg) => {
        const admitted: RetrievalDocument[] = [];
        let refused = 0;
        for (const f of documentsFromDir(dir, opts, rule.maxDocumentBytes)) {
          try {
            if ('error' in f) throw new Error(f.error);
            const [doc] = admitDocuments([f.document], rule, { tenant: opts.tenant });
            if (doc !== undefined) admitted.push(doc);
            if (doc !== undefined && (doc.classification === undefined || documentPrincipals(doc).length === 0) && rule.missingMetadata === 'deny') {
              err(`warning: ${f.file}: no ACL or classification, so no caller can read it (missing_metadata: deny)`);
            }
          } catch (e) {
            refused++;
            err(`refused ${f.file}: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
        // Canaries are minted under the gateway's pepper, so the gateway recognises them (gateway.retrieval.canaries).
        const minter = cfg.canaries.documents_from === undefined ? undefined : canaryMinter(await withStores({ dataDir, config: opts.config }, async (st) => st.pepper, { create: true }));
        await store.put(minter === undefined ? admitted : withIngestCanaries(cfg, rule, minter, admitted), { tenant: opts.tenant });
        out(`ingested ${admitted.length} document(s) for tenant ${opts.tenant} into ${store.searchMode} (${dataDir})${refused > 0 ? `; refused ${refused}` : ''}`);
        setCode(refused > 0 ? EXIT.blocked : EXIT.ok);
      });
    });

  withDocsOptions(docs.command('search'))
    .description('search as a caller: only documents that caller may read are returned')
    .argument('<query>', 'free-text query')
    .requiredOption('--as <who>', 'a virtual key id (its tenant and roles), or a user id given with --tenant')
    .option('-t, --tenant <tenant>', 'caller tenant (makes --as a user id)')
    .option('-g, --groups <list>', 'caller groups, comma-separated', list)
    .option('-r, --roles <list>', 'caller roles, comma-separated', list)
    .option('--clearance <level>', 'caller clearance (default: gateway.retrieval.default_clearance)')
    .option('-n, --limit <k>', 'top-k (1-100)', positiveInt, 5)
    .option('--json', 'print JSON')
    .action(async (query: string, opts: SearchOptions) => {
      await withDocuments(opts, async ({ store }, dataDir) => {
        const subject = await subjectOf(opts, dataDir);
        const hits = await store.search(subject, { text: query, limit: opts.limit });
        if (opts.json) return printJson({ subject, hits });
        if (hits.length === 0) return out(`no documents readable by ${opts.as} (tenant ${subject.tenant}) match`);
        out(['SCORE', 'ID', 'CLASSIFICATION', 'SOURCE', 'TEXT'].join('\t'));
        for (const h of hits) {
          const d = h.document;
          out([h.score.toFixed(3), d.id, d.classification ?? '-', d.source ?? '-', d.text.replace(/\s+/g, ' ').slice(0, 80)].join('\t'));
        }
      });
      setCode(EXIT.ok);
    });
};
