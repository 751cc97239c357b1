/**
 * Output integrity in the request path (docs/integrity.md): for a model alias with an integrity policy, the answer
 * is checked for grounding and citations against the documents provided to the request (the retrieval step and
 * `warden.documents`, as scanned and sent) and for verbatim spans of the protected corpora. Findings are output
 * findings (`integrity/*`); each check's action flags them, appends a notice to the answer, or blocks it. A stream
 * cannot be blocked once released, so a stream under a blocking check is refused; flag and notice run on the whole
 * streamed text at its end (the notice is the last text of the stream).
 */
import { performance } from 'node:perf_hooks';
import type { AuditIntegrity, IntegrityAction, IntegrityCheck } from '../../spec/integrity.js';
import type { Action, Finding } from '../../spec/types.js';
import { compileCitationFormat } from '../../integrity/citations.js';
import { loadProtectedCorpora, type ProtectedCorpora } from '../../integrity/corpus.js';
import { checkGrounding, type AnswerCheck, type IntegrityFinding } from '../../integrity/grounding.js';
import type { ProvidedDocument } from '../../integrity/passages.js';
import { findVerbatim } from '../../integrity/verbatim.js';
import type { IntegrityConfig, IntegrityModelPolicy } from '../config-integrity.js';
import { GatewayError } from '../errors.js';
import { elapsedMs } from '../recorder.js';

export interface IntegrityRuntime {
  config: IntegrityConfig;
  corpora: ProtectedCorpora | undefined;
}

/** Fingerprints the protected corpora when a model's policy checks verbatim reproduction. */
export async function openIntegrityRuntime(config: IntegrityConfig, log: (line: string) => void): Promise<IntegrityRuntime> {
  const needed = Object.values(config.models).some((p) => p.verbatim !== undefined);
  if (!needed || config.corpora.length === 0) return { config, corpora: undefined };
  const corpora = await loadProtectedCorpora(config.corpora);
  for (const n of corpora.notices) log(n);
  log(`integrity: ${corpora.index.size} protected documents fingerprinted from ${config.corpora.length} corpora`);
  return { config, corpora };
}

export interface IntegrityOutcome {
  audit: AuditIntegrity;
  findings: Finding[];
  action: Action;
  /** Rules of a blocking check that found something: the answer is replaced by a block notice. */
  blockedBy?: string[];
  /** Text to append to the answer (a notice check found something). */
  notice?: string;
}

/** The checks of one request's answer, decided before the upstream call. */
export interface IntegrityRun {
  /** Whether a check that found something would block: such a policy cannot run on a stream. */
  readonly canBlock: boolean;
  check(answer: string): IntegrityOutcome;
}

const NOTICES: Readonly<Record<IntegrityCheck, (n: number) => string>> = {
  grounding: (n) => `${n} statement(s) in this answer could not be verified against the provided documents.`,
  citations: (n) => `${n} citation problem(s) in this answer: missing, unknown or unsupported sources.`,
  verbatim: (n) => `${n} passage(s) of this answer reproduce text from a protected source.`,
};

const RANK: Readonly<Record<IntegrityAction | 'allow', number>> = { allow: 0, flag: 1, notice: 2, block: 3 };

function policyFor(cfg: IntegrityConfig, model: string, route: string): IntegrityModelPolicy | undefined {
  const p = cfg.models[model] ?? cfg.models['*'];
  return p !== undefined && (p.routes === undefined || p.routes.includes(route as never)) ? p : undefined;
}

function toFinding(f: IntegrityFinding, action: IntegrityAction): Finding {
  return {
    ruleId: f.ruleId,
    detector: 'integrity',
    stage: 'output',
    score: f.score,
    spans: [{ start: f.start, end: f.end }],
    message: f.message,
    action: action === 'block' ? 'block' : 'flag',
    mode: 'enforce',
    evidence: [],
  };
}

/**
 * The run for one request, or undefined when no check applies: grounding and citations need provided documents,
 * verbatim needs the model's policy to name it.
 */
export function integrityRun(r: IntegrityRuntime, args: { model: string; route: string; documents: readonly ProvidedDocument[] }): IntegrityRun | undefined {
  const p = policyFor(r.config, args.model, args.route);
  if (p === undefined) return undefined;
  const docs = args.documents;
  const grounding = docs.length > 0 ? p.grounding : undefined;
  const citations = docs.length > 0 ? p.citations : undefined;
  const verbatim = r.corpora !== undefined ? p.verbatim : undefined;
  if (grounding === undefined && citations === undefined && verbatim === undefined) return undefined;
  const actions: Partial<Record<IntegrityCheck, IntegrityAction>> = { grounding: grounding?.action, citations: citations?.action, verbatim: verbatim?.action };
  const checks = (Object.keys(actions) as IntegrityCheck[]).filter((c) => actions[c] !== undefined);
  const answerCheck: AnswerCheck = {
    grounding: grounding === undefined ? undefined : { minSupport: grounding.min_support, minConfidence: grounding.min_confidence },
    citations: citations === undefined ? undefined : { format: compileCitationFormat(citations.format), required: citations.required, minSupport: citations.min_support },
  };
  const allowedCorpora = verbatim?.corpora === undefined ? undefined : new Set(verbatim.corpora);
  return {
    canBlock: checks.some((c) => actions[c] === 'block'),
    check(answer) {
      const t0 = performance.now();
      const found: IntegrityFinding[] = [];
      let report: ReturnType<typeof checkGrounding> | undefined;
      if (grounding !== undefined || citations !== undefined) {
        report = checkGrounding(answer, docs, answerCheck);
        found.push(...report.findings);
      }
      if (verbatim !== undefined && r.corpora !== undefined) {
        const { index, corpusOf } = r.corpora;
        for (const s of findVerbatim(answer, index, { minWords: verbatim.min_words, maxPostings: verbatim.max_postings })) {
          if (allowedCorpora !== undefined && !allowedCorpora.has(corpusOf[s.ordinal] ?? '')) continue;
          const name = index.document(s.ordinal)?.id ?? `#${s.ordinal}`;
          found.push({ ruleId: 'integrity/verbatim', check: 'verbatim', start: s.start, end: s.end, score: 1, message: `Answer reproduces at least ${s.words} content words of protected document ${JSON.stringify(name.slice(0, 120))}` });
        }
      }
      const findings = found.map((f) => toFinding(f, actions[f.check] as IntegrityAction));
      let strongest: IntegrityAction | 'allow' = 'allow';
      const counts = new Map<IntegrityCheck, number>();
      for (const f of found) {
        const a = actions[f.check] as IntegrityAction;
        if (RANK[a] > RANK[strongest]) strongest = a;
        counts.set(f.check, (counts.get(f.check) ?? 0) + 1);
      }
      const audit: AuditIntegrity = {
        checks,
        confidence: grounding === undefined ? null : (report?.confidence ?? null),
        claims: report?.claims.length ?? 0,
        supported: report?.claims.filter((c) => c.supported).length ?? 0,
        action: strongest,
        ms: elapsedMs(t0),
      };
      const outcome: IntegrityOutcome = { audit, findings, action: strongest === 'block' ? 'block' : strongest === 'allow' ? 'allow' : 'flag' };
      if (strongest === 'block') outcome.blockedBy = [...new Set(findings.filter((f) => f.action === 'block').map((f) => f.ruleId))];
      const noticed = checks.filter((c) => actions[c] === 'notice' && (counts.get(c) ?? 0) > 0);
      if (strongest !== 'block' && noticed.length > 0) {
        outcome.notice = `\n\n[Warden: ${noticed.map((c) => NOTICES[c](counts.get(c) ?? 0)).join(' ')}]`;
      }
      return outcome;
    },
  };
}

/** A stream releases text before the answer is whole; a check that may block needs the whole answer first. */
export function refuseBlockingStream(run: IntegrityRun | undefined, stream: boolean, model: string): void {
  if (stream && run?.canBlock === true) {
    throw new GatewayError(
      'invalid_request',
      `Streaming is not available for model "${model}": its integrity policy (gateway.integrity) may block answers, which needs the whole answer. Send "stream": false.`,
      { param: 'stream' },
    );
  }
}
