/**
 * Incremental output scanning for streams. Text is released only after the output detectors cleared
 * it, and the last `holdback` characters are always kept back: any match of at most that length that
 * starts in the released part lies wholly inside the scanned window, so a secret, PII item or URL
 * split across deltas is still seen whole. A match crossing the release point pulls the point back, and
 * the release point never falls inside a whitespace-free run (URL, key), so those are seen whole even when
 * longer than the hold-back (up to MAX_TOKEN). Nor does it pass the start of a markdown image or link, HTML tag,
 * autolink or reference definition that is still open (see open-constructs.ts): each is scanned whole once
 * closed, or neutralised (its opener escaped) once open longer than MAX_OPEN_CONSTRUCT; reference definitions
 * and their image uses are judged together however far apart (see references.ts).
 */
import type { Finding, ScanResult, Span } from '../../spec/types.js';
import { applyNeutralisations } from './neutralise.js';
import { OpenConstructs, type Neutralisation } from './open-constructs.js';
import { ReferenceLedger, type CarriedPrefix } from './references.js';

export type ScanFn = (text: string) => ScanResult;

export interface HoldbackOptions {
  holdback: number;
  /** Restores input placeholders in upstream text before it is scanned (de-anonymization). */
  restore?: (text: string) => string;
}

export interface Release {
  text: string;
  blocked?: { rules: string[] };
}

/** Left context carried into the next window so word boundaries and short keywords still match. */
const CONTEXT = 64;
/** A whitespace-free run (URL, key, encoded blob) is held whole up to this length, even beyond the hold-back. */
const MAX_TOKEN = 4096;
/**
 * An open image, link, tag or definition is held whole up to this many characters from its start; longer ones are
 * neutralised. Above the longest construct the output detectors parse (a 2048-character URL or tag body plus
 * a 256-character label).
 */
export const MAX_OPEN_CONSTRUCT = 4096;
/** Rule id of the finding that records a neutralised construct in the audit. */
export const OPEN_CONSTRUCT_RULE = 'gateway/open-construct';
/** Longest placeholder such as `[EMAIL_ADDRESS_12]`, kept unsplit so restore sees it whole. */
const MAX_PLACEHOLDER = 64;
/**
 * Least window growth between scans: a quarter of the hold-back, at least 32. Every scan covers the whole
 * window (context + hold-back + step), so the step sets how often each character is rescanned: about 6 times
 * at a quarter (it was 11 at an eighth), at the price of releasing text in ~64-character pieces by default.
 */
const MIN_STEP = 32;

function crossesCut(f: Finding, cut: number): number | undefined {
  let start: number | undefined;
  for (const s of f.spans) if (s.start < cut && s.end > cut) start = Math.min(start ?? s.start, s.start);
  return start;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** Moves a release point that falls inside a whitespace-free run back to the run's start (or to `from` when there is none). */
function tokenBoundary(text: string, from: number, cut: number): number {
  if (cut >= text.length || isSpace(text.charCodeAt(cut)) || isSpace(text.charCodeAt(cut - 1))) return cut;
  for (let i = cut - 1; i > from; i--) if (isSpace(text.charCodeAt(i - 1))) return i;
  return from;
}

/** Replaces the findings' spans within [from, text.length) by `[ENTITY_TYPE]` markers and returns that part. */
function maskSpans(text: string, from: number, findings: readonly Finding[]): string {
  const spans = findings
    .flatMap((f) => f.spans.map((sp) => ({ start: Math.max(from, sp.start), end: Math.min(text.length, sp.end), label: f.entityType ?? 'REDACTED' })))
    .filter((sp) => sp.start < sp.end)
    .sort((a, b) => a.start - b.start);
  let out = '';
  let at = from;
  for (const sp of spans) {
    if (sp.end <= at) continue;
    out += `${text.slice(at, Math.max(at, sp.start))}[${sp.label}]`;
    at = sp.end;
  }
  return out + text.slice(at);
}

function enforcedRedaction(f: Finding): boolean {
  return f.mode === 'enforce' && f.action === 'redact';
}

/** Positions listed in the audit finding for neutralised constructs (one finding per answer). */
const MAX_NEUTRALISED_SPANS = 32;

function neutralisedFinding(): Finding {
  const message = `Markdown/HTML construct open for more than ${MAX_OPEN_CONSTRUCT} characters was escaped so it cannot render`;
  return { ruleId: OPEN_CONSTRUCT_RULE, score: 1, spans: [], message, detector: 'gateway', stage: 'output', action: 'redact', mode: 'enforce', evidence: [] };
}

export class HoldbackScanner {
  private raw = '';
  private pending = '';
  private context = '';
  private releasedLength = 0;
  private readonly step: number;
  /** Pending length at which the next scan runs. */
  private scanAt: number;
  private retryGap = 4;
  private readonly found = new Map<string, Finding>();
  private readonly constructs = new OpenConstructs();
  private readonly references = new ReferenceLedger();

  constructor(
    private readonly scan: ScanFn,
    private readonly opts: HoldbackOptions,
  ) {
    this.step = Math.max(MIN_STEP, opts.holdback >> 2);
    this.scanAt = opts.holdback + 1;
  }

  /** Findings on the released text (one per rule and position), for the audit record. */
  get findings(): Finding[] {
    return [...this.found.values()];
  }

  push(delta: string): Release {
    this.raw += delta;
    this.moveRestorable(false);
    if (this.opts.holdback > 0 && this.pending.length < this.scanAt) return { text: '' };
    if (this.waitingOnConstruct()) return { text: '' };
    const r = this.release(false);
    // The first text goes out as soon as a word is past the hold-back (time to first token); later scans
    // wait for `step` new characters, so per-token streams are not rescanned per token. A scan that
    // released nothing (the cut fell in a word or a URL) retries after a gap that doubles up to `step`.
    // While a long run or construct keeps the window large, the gap grows with it (a quarter of the
    // window), so each character is still scanned a bounded number of times.
    const gap = Math.max(this.step, this.pending.length >> 2);
    if (r.text !== '' || r.blocked) {
      this.retryGap = 4;
      this.scanAt = Math.max(this.opts.holdback, this.pending.length) + gap;
    } else {
      this.retryGap = Math.min(gap, this.retryGap * 2);
      this.scanAt = this.pending.length + this.retryGap;
    }
    return r;
  }

  /** The upstream finished: scan and release everything left. */
  finish(): Release {
    this.moveRestorable(true);
    this.constructs.end(this.releasedLength + this.pending.length);
    return this.release(true);
  }

  /** Every restored piece goes through the construct tracker as it joins `pending` (pending itself is never re-read). */
  private append(piece: string): void {
    this.constructs.feed(piece, this.releasedLength + this.pending.length);
    this.pending += piece;
  }

  /** An open construct starts (almost) at the release point: no scan can release anything until it closes or expires. */
  private waitingOnConstruct(): boolean {
    const open = this.constructs.openFrom();
    if (open === undefined) return false;
    const before = open - this.releasedLength;
    return before < this.step && this.pending.length - before <= MAX_OPEN_CONSTRUCT;
  }

  /** Escapes the given openers in `pending` (one pass) and moves every tracked position behind them. */
  private neutralise(edits: Neutralisation[]): void {
    if (edits.length === 0) return;
    const done = applyNeutralisations(this.pending, this.releasedLength, edits);
    this.pending = done.text;
    this.constructs.shift(done.moved);
    this.references.shift(done.moved);
    const finding = this.found.get(OPEN_CONSTRUCT_RULE) ?? neutralisedFinding();
    this.found.set(OPEN_CONSTRUCT_RULE, finding);
    for (const at of done.at.slice(0, MAX_NEUTRALISED_SPANS - finding.spans.length)) finding.spans.push({ start: at, end: at + 1 });
  }

  /**
   * Findings on the carried prefix concern a definition already released, now judged with its image use: it can no
   * longer be redacted, so anything the policy would block or redact there blocks the answer.
   */
  private settleCarried(findings: readonly Finding[], carried: CarriedPrefix): Release | undefined {
    if (carried.text === '') return undefined;
    const enforced: Finding[] = [];
    for (const f of findings) {
      const start = f.spans[0]?.start ?? carried.text.length;
      const def = carried.definitions.find((d) => start >= d.start && start < d.end);
      if (!def) continue;
      this.found.set(`${f.ruleId}@definition:${def.key}`, f);
      if (f.mode === 'enforce' && (f.action === 'block' || f.action === 'redact')) enforced.push(f);
    }
    return enforced.length > 0 ? this.block(enforced, enforced[0]?.ruleId) : undefined;
  }

  private moveRestorable(all: boolean): void {
    const restore = this.opts.restore;
    if (!restore) {
      this.append(this.raw);
      this.raw = '';
      return;
    }
    let keep = this.raw.length;
    if (!all) {
      const open = this.raw.lastIndexOf('[');
      keep = open >= 0 && open >= this.raw.length - MAX_PLACEHOLDER && this.raw.indexOf(']', open) < 0 ? open : this.raw.length;
    }
    this.append(restore(this.raw.slice(0, keep)));
    this.raw = this.raw.slice(keep);
  }

  private record(findings: readonly Finding[], offset: number, cut: number): void {
    for (const f of findings) {
      const start = f.spans[0]?.start ?? offset;
      if (start < offset || start >= cut) continue;
      this.found.set(`${f.ruleId}@${start - offset + this.releasedLength}`, f);
    }
  }

  private release(final: boolean): Release {
    if (this.pending === '') return { text: '' };
    const taken = this.references.take(this.constructs, this.pending, this.releasedLength);
    this.neutralise([...taken, ...this.constructs.expire(this.releasedLength + this.pending.length - MAX_OPEN_CONSTRUCT)]);
    const carried = this.references.prefix();
    const offset = carried.text.length + this.context.length;
    const window = carried.text + this.context + this.pending;
    const result = this.scan(window);
    if (result.action === 'block') return this.block(result.findings, result.decidingRule);
    const settled = this.settleCarried(result.findings, carried);
    if (settled) return settled;
    let cut = final ? window.length : Math.max(offset, window.length - this.opts.holdback);
    for (const f of result.findings) {
      const start = crossesCut(f, cut);
      if (start !== undefined) cut = Math.max(offset, start);
    }
    // Never split a URL or key: a match longer than the hold-back is still seen whole (bounded by MAX_TOKEN).
    if (!final && cut > offset) {
      const boundary = tokenBoundary(window, offset, cut);
      if (boundary > offset || window.length - offset <= this.opts.holdback + MAX_TOKEN) cut = boundary;
    }
    if (!final) {
      const open = this.constructs.openFrom();
      if (open !== undefined) cut = Math.min(cut, offset + Math.max(0, open - this.releasedLength));
      cut = Math.max(offset, offset + this.constructs.outside(this.releasedLength + cut - offset) - this.releasedLength);
    }
    if (cut === offset) return { text: '' };
    const required = result.findings.filter((f) => enforcedRedaction(f) && f.spans.some((s) => s.start < cut && s.end > offset));
    let text = window.slice(offset, cut);
    if (required.length > 0) {
      const redacted = this.redact(window.slice(0, cut), offset, required);
      if (redacted.blocked) return redacted;
      text = redacted.text;
    } else {
      this.record(result.findings, offset, cut);
    }
    this.context = window.slice(Math.max(carried.text.length, cut - CONTEXT), cut);
    this.pending = window.slice(cut);
    this.releasedLength += cut - offset;
    this.references.releasedUpTo(this.releasedLength);
    this.constructs.releasedUpTo(this.releasedLength);
    return { text };
  }

  /**
   * Rescans the part being released so the policy's own redaction applies; the context part must come back
   * unchanged. If the shorter text no longer shows a redaction the window scan required (context-dependent
   * matches), the required spans are masked directly instead: nothing the window scan flagged is released.
   */
  private redact(segment: string, offset: number, required: readonly Finding[]): Release {
    let r = this.scan(segment);
    let start = offset;
    if (r.findings.some((f) => f.spans.some((s) => s.start < offset)) || r.text.slice(0, offset) !== segment.slice(0, offset)) {
      r = this.scan(segment.slice(offset));
      start = 0;
    }
    if (r.action === 'block') return this.block(r.findings, r.decidingRule);
    const base = offset - start;
    const redactedSpans = r.findings.filter(enforcedRedaction).flatMap((f) => f.spans.map((sp) => ({ start: sp.start + base, end: sp.end + base })));
    const covered = (sp: Span) => redactedSpans.some((x) => x.start < sp.end && x.end > sp.start);
    if (!required.every((f) => f.spans.every((sp) => sp.end <= offset || sp.start >= segment.length || covered(sp)))) {
      this.record(required, offset, segment.length);
      return { text: maskSpans(segment, offset, required) };
    }
    this.record(r.findings, start, start === 0 ? segment.length - offset : segment.length);
    return { text: r.text.slice(start) };
  }

  private block(findings: readonly Finding[], decidingRule: string | undefined): Release {
    for (const f of findings) this.found.set(`${f.ruleId}@block`, f);
    const rules = [...new Set(findings.filter((f) => f.mode === 'enforce' && f.action === 'block').map((f) => f.ruleId))];
    this.pending = '';
    this.raw = '';
    return { text: '', blocked: { rules: rules.length > 0 ? rules : [decidingRule ?? 'policy'] } };
  }
}
