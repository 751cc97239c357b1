/**
 * Leave-one-source-out evaluation, the team's stand-in for text nobody tuned on: for each source group
 * (a dataset's repository, `source` up to the first ':'), train a recipe without that group, choose the
 * threshold on a validation split of the training groups only, and score the held-out group.
 */
import { mulberry32, shuffle } from '../lib/prng.js';
import type { Example, SetName } from './data.js';
import { isValidation, TRAINING_ONLY_SOURCES } from './data.js';
import { REAL_DOCUMENT_SOURCES } from './document-sources.js';

/** Scores a text with one weight set; higher = more likely an attack. */
export type Scorer = (text: string, set: SetName) => number;
/** Untrained detectors run beside the classifier (the rules): whether they flag the text at the set's stage. */
export type Companion = (text: string, set: SetName) => boolean;

export interface Recipe {
  name: string;
  /** Trains on `trainFold`; `valFold` (same training groups) may calibrate the recipe's own operating point. */
  fit(trainFold: readonly Example[], valFold: readonly Example[]): Scorer;
}

/** FPR targets the threshold is chosen for on the validation split: plain and hard benign text. */
export const FPR_TARGETS = { plain: 0.01, hard: 0.03 } as const;
/** A held-out group needs this many attack or benign rows for its rate to enter the macro average. */
export const MIN_ROWS = 10;

export const sourceGroup = (source: string): string => source.split(':')[0] ?? source;

/** Benign text that looks like an attack: XSTest-style contrast prompts, security and coding text, trigger words. */
const HARD_SOURCE = /secur|cve|exploit|owasp|hack|pentest|payload|atlas|stackoverflow|stack-exchange|code|coding|program|algorithm|human-eval|trigger/i;

export type Kind = 'attack' | 'plain' | 'hard';

/** Attack = injection or jailbreak (harmful requests are not this detector's job and are not counted). */
export function kindOf(e: Example): Kind | undefined {
  if (e.category === 'harmful_request') return undefined;
  if (e.label === 'attack') return 'attack';
  return e.category === 'benign_hard' || HARD_SOURCE.test(e.source) ? 'hard' : 'plain';
}

/** The weight set a row is scored with, i.e. its stage: documents are `retrieved`/`tool_result`, the rest user input. */
export const setOf = (e: Example): SetName => (e.document === true || e.category === 'indirect_injection' ? 'indirect' : 'direct');

interface Scored {
  kind: Kind;
  set: SetName;
  lang: string | undefined;
  score: number;
  /** Whether the companion detectors flag it (false without companions). */
  companion: boolean;
  /** A benign prompt row of a real-document source scored again as a document: counts only at the document stages. */
  documentTwin?: boolean;
  /** An attack the rules were not read on (LosoOptions.rulesUnread). */
  rulesUnread?: boolean;
}

/** Lowest threshold that keeps plain and hard benign validation rows within their FPR targets. */
export function chooseThreshold(scored: readonly Scored[]): number {
  let threshold = 0;
  for (const kind of ['plain', 'hard'] as const) {
    const scores = scored.filter((s) => s.kind === kind).map((s) => s.score).sort((a, b) => b - a);
    if (scores.length === 0) continue;
    const s = scores[Math.floor(FPR_TARGETS[kind] * scores.length)] ?? 0;
    // Strictly above the first score that may not be flagged; near 1 step by a share of the margin.
    threshold = Math.max(threshold, s + Math.min(1e-6, (1 - s) / 100));
  }
  return threshold;
}

export interface Rate {
  n: number;
  rate: number;
}

export interface GroupResult {
  group: string;
  rows: number;
  thresholds: Record<SetName, number>;
  /** Per kind, over the input stage (`direct`) and the document stages (`indirect`) together. */
  attack?: Rate;
  plain?: Rate;
  hard?: Rate;
  /** The same restricted to rows scored as documents (retrieved/tool_result), document twins included. */
  documents: { attack?: Rate; benign?: Rate };
  /** Classifier or companion (the policy's verdict with the rules), when companions were given. */
  withCompanion?: { attack?: Rate; plain?: Rate; hard?: Rate; documents: { attack?: Rate; benign?: Rate } };
  /** Each held-out attack row (once per training order): its language, whether the classifier caught it, and with the companions. */
  attacks: Array<{ lang: string | undefined; caught: boolean; caughtWithCompanion: boolean; rulesUnread: boolean }>;
  /** With `orders` > 1: this fold's result for each training order; the rates above are their means. */
  byOrder?: readonly GroupResult[];
  /**
   * What 0.90 recall on this group would cost: the validation FPR (training groups, plain and hard benign) at
   * the threshold that catches 90 % of its attacks, in the weight set most of them are scored with.
   */
  costOf90?: { set: SetName; plain: number; hard: number };
}

const TARGET_RECALL = 0.9;

function costOf90(held: readonly Scored[], val: readonly Scored[]): GroupResult['costOf90'] {
  const attacks = held.filter((s) => s.kind === 'attack');
  if (attacks.length < MIN_ROWS) return undefined;
  const set: SetName = attacks.filter((s) => s.set === 'indirect').length * 2 > attacks.length ? 'indirect' : 'direct';
  const scores = attacks.filter((s) => s.set === set).map((s) => s.score).sort((a, b) => b - a);
  const t = scores[Math.ceil(TARGET_RECALL * scores.length) - 1] ?? 0;
  const fpr = (kind: Kind): number => {
    const rows = val.filter((s) => s.set === set && s.kind === kind);
    return rows.length === 0 ? 0 : round4(rows.filter((s) => s.score >= t).length / rows.length);
  };
  return { set, plain: fpr('plain'), hard: fpr('hard') };
}

function rate(scored: readonly Scored[], flagged: (s: Scored) => boolean): Rate | undefined {
  if (scored.length === 0) return undefined;
  return { n: scored.length, rate: scored.filter(flagged).length / scored.length };
}

export interface LosoOptions {
  /** Held-out groups to evaluate (default: every group with MIN_ROWS evaluable rows). */
  groups?: readonly string[];
  /**
   * Train each fold this many times, the training rows in a different seeded order each time (order 0 is the
   * rows as loaded, the single-run figure), and report the mean: one order's SGD path moves macro recall by
   * ~0.03 and the documents threshold a lot (session 14), so recipes are compared on the mean.
   */
  orders?: number;
  /**
   * Also score benign rows of REAL_DOCUMENT_SOURCES with the `indirect` set (default true): they then set the
   * document thresholds beside the synthetic tool outputs and BIPIA's clean twins, and count in document FPR.
   */
  documentTwins?: boolean;
  companion?: Companion;
  /** Attack rows the companion rules were developed without reading; `languages_with_rules_unread` counts only these. */
  rulesUnread?: (e: Example) => boolean;
  onGroup?: (result: GroupResult) => void;
}

/** Groups with enough injection/jailbreak or benign rows to be worth a fold, largest first; training-only sources never are. */
export function evaluableGroups(all: readonly Example[]): string[] {
  const counts = new Map<string, number>();
  for (const e of all) if (kindOf(e) !== undefined && !TRAINING_ONLY_SOURCES.has(sourceGroup(e.source))) counts.set(sourceGroup(e.source), (counts.get(sourceGroup(e.source)) ?? 0) + 1);
  return [...counts].filter(([, n]) => n >= MIN_ROWS).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([g]) => g);
}

export function runLoso(all: readonly Example[], recipe: Recipe, opts: LosoOptions = {}): GroupResult[] {
  const twins = opts.documentTwins ?? true;
  const score = (scorer: Scorer, rows: readonly Example[]): Scored[] =>
    rows.flatMap((e) => {
      const kind = kindOf(e);
      if (kind === undefined) return [];
      const set = setOf(e);
      const rulesUnread = kind === 'attack' && (opts.rulesUnread?.(e) ?? false);
      const scored: Scored[] = [{ kind, set, lang: e.lang, score: scorer(e.text, set), companion: opts.companion?.(e.text, set) ?? false, rulesUnread }];
      if (twins && kind !== 'attack' && set === 'direct' && REAL_DOCUMENT_SOURCES[sourceGroup(e.source)] !== undefined) {
        scored.push({ kind, set: 'indirect', lang: e.lang, score: scorer(e.text, 'indirect'), companion: opts.companion?.(e.text, 'indirect') ?? false, documentTwin: true });
      }
      return scored;
    });
  const trainingOnly = opts.groups?.find((g) => TRAINING_ONLY_SOURCES.has(g));
  if (trainingOnly !== undefined) throw new Error(`${trainingOnly} only trains (reviewed traffic): it cannot be held out`);
  const orders = opts.orders ?? 1;
  if (!Number.isInteger(orders) || orders < 1) throw new Error(`orders must be a positive integer, got ${orders}`);
  const results: GroupResult[] = [];
  for (const group of opts.groups ?? evaluableGroups(all)) {
    const rest = all.filter((e) => sourceGroup(e.source) !== group);
    const valFold = rest.filter((e) => isValidation(e.group));
    const trainFold = rest.filter((e) => !isValidation(e.group));
    const heldRows = all.filter((e) => sourceGroup(e.source) === group);
    const byOrder: GroupResult[] = [];
    for (let k = 0; k < orders; k++) {
      const scorer = recipe.fit(k === 0 ? trainFold : reordered(trainFold, k), valFold);
      byOrder.push(foldResult(group, score(scorer, valFold), score(scorer, heldRows), opts.companion !== undefined));
    }
    const result = orders === 1 ? (byOrder[0] as GroupResult) : meanOfOrders(byOrder);
    results.push(result);
    opts.onGroup?.(result);
  }
  return results;
}

/** The rows in the order a seeded shuffle gives (seed = the order's number). */
function reordered(rows: readonly Example[], seed: number): Example[] {
  const order = Uint32Array.from(rows.keys());
  shuffle(order, mulberry32(seed));
  return Array.from(order, (i) => rows[i] as Example);
}

function foldResult(group: string, val: readonly Scored[], held: readonly Scored[], companions: boolean): GroupResult {
  const thresholds = { direct: chooseThreshold(val.filter((s) => s.set === 'direct')), indirect: chooseThreshold(val.filter((s) => s.set === 'indirect')) };
  const caught = (s: Scored) => s.score >= thresholds[s.set];
  const either = (s: Scored) => caught(s) || s.companion;
  // Input-stage figures keep one score per row; a row's document twin counts only among the documents.
  const of = (kind: Kind) => held.filter((s) => s.kind === kind && s.documentTwin !== true);
  const docs = held.filter((s) => s.set === 'indirect');
  const docAttacks = docs.filter((s) => s.kind === 'attack');
  const docBenign = docs.filter((s) => s.kind !== 'attack');
  return {
    group,
    rows: held.filter((s) => s.documentTwin !== true).length,
    thresholds,
    attack: rate(of('attack'), caught),
    plain: rate(of('plain'), caught),
    hard: rate(of('hard'), caught),
    documents: { attack: rate(docAttacks, caught), benign: rate(docBenign, caught) },
    withCompanion: companions ? { attack: rate(of('attack'), either), plain: rate(of('plain'), either), hard: rate(of('hard'), either), documents: { attack: rate(docAttacks, either), benign: rate(docBenign, either) } } : undefined,
    attacks: of('attack').map((s) => ({ lang: s.lang, caught: caught(s), caughtWithCompanion: either(s), rulesUnread: s.rulesUnread === true })),
    costOf90: costOf90(held, val),
  };
}

/** Mean rate over the orders (each order scores the same rows, so n is shared). */
function meanRate(rates: ReadonlyArray<Rate | undefined>): Rate | undefined {
  const kept = rates.filter((r): r is Rate => r !== undefined);
  if (kept.length === 0) return undefined;
  return { n: (kept[0] as Rate).n, rate: kept.reduce((a, r) => a + r.rate, 0) / kept.length };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;

function meanOfOrders(byOrder: readonly GroupResult[]): GroupResult {
  const first = byOrder[0] as GroupResult;
  const costs = byOrder.map((r) => r.costOf90).filter((c): c is NonNullable<GroupResult['costOf90']> => c !== undefined);
  return {
    group: first.group,
    rows: first.rows,
    thresholds: { direct: mean(byOrder.map((r) => r.thresholds.direct)), indirect: mean(byOrder.map((r) => r.thresholds.indirect)) },
    attack: meanRate(byOrder.map((r) => r.attack)),
    plain: meanRate(byOrder.map((r) => r.plain)),
    hard: meanRate(byOrder.map((r) => r.hard)),
    documents: { attack: meanRate(byOrder.map((r) => r.documents.attack)), benign: meanRate(byOrder.map((r) => r.documents.benign)) },
    withCompanion:
      first.withCompanion === undefined
        ? undefined
        : {
            attack: meanRate(byOrder.map((r) => r.withCompanion?.attack)),
            plain: meanRate(byOrder.map((r) => r.withCompanion?.plain)),
            hard: meanRate(byOrder.map((r) => r.withCompanion?.hard)),
            documents: { attack: meanRate(byOrder.map((r) => r.withCompanion?.documents.attack)), benign: meanRate(byOrder.map((r) => r.withCompanion?.documents.benign)) },
          },
    attacks: byOrder.flatMap((r) => r.attacks),
    costOf90: costs.length === 0 ? undefined : { set: (costs[0] as NonNullable<GroupResult['costOf90']>).set, plain: round4(mean(costs.map((c) => c.plain))), hard: round4(mean(costs.map((c) => c.hard))) },
    byOrder,
  };
}

const round4 = (x: number): number => Number(x.toFixed(4));

/** Mean of the groups' rates where the group has at least MIN_ROWS rows of that kind. */
function macro(rates: ReadonlyArray<Rate | undefined>): number | null {
  const kept = rates.filter((r): r is Rate => r !== undefined && r.n >= MIN_ROWS);
  return kept.length === 0 ? null : round4(kept.reduce((a, r) => a + r.rate, 0) / kept.length);
}

export interface LosoSummary {
  loso_recall: number | null;
  loso_fpr_plain: number | null;
  loso_fpr_hard: number | null;
  /** retrieved/tool_result (the `indirect` set): held-out document groups only. */
  loso_retrieved_recall: number | null;
  loso_retrieved_fpr: number | null;
  /** Classifier or rules (the companion detectors), macro over the same groups. */
  loso_recall_with_rules: number | null;
  loso_fpr_plain_with_rules: number | null;
  loso_fpr_hard_with_rules: number | null;
  loso_retrieved_recall_with_rules: number | null;
  loso_retrieved_fpr_with_rules: number | null;
  sources: number;
  rows: number;
  /** Recall on held-out attack rows per language (pooled over folds and orders; languages with MIN_ROWS attacks). */
  languages: Record<string, { n: number; recall: number }>;
  /** The same, classifier or rules: what the default policy catches in each language. */
  languages_with_rules: Record<string, { n: number; recall: number }>;
  /** The same over the attacks the rules were not read on (their held half): the rules' out-of-sample figure. */
  languages_with_rules_unread: Record<string, { n: number; recall: number }>;
  /** Training orders averaged per fold; with more than one, each order's macro figures show the spread. */
  orders: number;
  by_order?: Array<Pick<LosoSummary, 'loso_recall' | 'loso_fpr_plain' | 'loso_fpr_hard' | 'loso_retrieved_recall' | 'loso_retrieved_fpr' | 'loso_recall_with_rules'>>;
}

type LangRecall = Record<string, { n: number; recall: number }>;

/** Recall per language over every held-out attack row, by `caught` or by `caughtWithCompanion`. */
function perLanguage(results: readonly GroupResult[], withCompanion: boolean, unreadOnly = false): LangRecall {
  const perLang = new Map<string, { n: number; hit: number }>();
  for (const r of results) {
    for (const s of r.attacks) {
      if (s.lang === undefined || (unreadOnly && !s.rulesUnread)) continue;
      const l = perLang.get(s.lang) ?? { n: 0, hit: 0 };
      l.n++;
      if (withCompanion ? s.caughtWithCompanion : s.caught) l.hit++;
      perLang.set(s.lang, l);
    }
  }
  const orders = results[0]?.byOrder?.length ?? 1;
  return Object.fromEntries(
    [...perLang]
      .filter(([, l]) => l.n / orders >= MIN_ROWS)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([lang, l]) => [lang, { n: l.n / orders, recall: round4(l.hit / l.n) }]),
  );
}

export function summarize(results: readonly GroupResult[]): LosoSummary {
  const orders = results[0]?.byOrder?.length ?? 1;
  const macros = (rs: readonly GroupResult[]) => ({
    loso_recall: macro(rs.map((r) => r.attack)),
    loso_fpr_plain: macro(rs.map((r) => r.plain)),
    loso_fpr_hard: macro(rs.map((r) => r.hard)),
    loso_retrieved_recall: macro(rs.map((r) => r.documents.attack)),
    loso_retrieved_fpr: macro(rs.map((r) => r.documents.benign)),
    loso_recall_with_rules: macro(rs.map((r) => r.withCompanion?.attack)),
  });
  return {
    ...macros(results),
    loso_fpr_plain_with_rules: macro(results.map((r) => r.withCompanion?.plain)),
    loso_fpr_hard_with_rules: macro(results.map((r) => r.withCompanion?.hard)),
    loso_retrieved_recall_with_rules: macro(results.map((r) => r.withCompanion?.documents.attack)),
    loso_retrieved_fpr_with_rules: macro(results.map((r) => r.withCompanion?.documents.benign)),
    sources: results.length,
    rows: results.reduce((a, r) => a + r.rows, 0),
    languages: perLanguage(results, false),
    languages_with_rules: perLanguage(results, true),
    languages_with_rules_unread: perLanguage(results, true, true),
    orders,
    ...(orders > 1 ? { by_order: Array.from({ length: orders }, (_, k) => macros(results.map((r) => r.byOrder?.[k] as GroupResult))) } : {}),
  };
}

/** One line per held-out group: rows, recall, FPR plain/hard, documents, the thresholds chosen without it. */
export function formatGroups(results: readonly GroupResult[]): string[] {
  const cell = (r: Rate | undefined) => (r === undefined ? '-'.padStart(12) : `${r.rate.toFixed(3)} (${String(r.n).padStart(4)})`.padStart(12));
  const head = `${'held-out group'.padEnd(34)} ${'rows'.padStart(5)} ${'recall'.padStart(12)} ${'fpr plain'.padStart(12)} ${'fpr hard'.padStart(12)} ${'doc recall'.padStart(12)} ${'doc fpr'.padStart(12)} ${'+rules rec'.padStart(12)} ${'+rules fpr'.padStart(12)} ${'+rules hard'.padStart(12)} ${'+rules doc'.padStart(12)} ${'+rules dfpr'.padStart(12)}  thresholds direct/indirect  val FPR plain/hard at 0.90 recall`;
  return [
    head,
    ...results.map(
      (r) =>
        `${r.group.padEnd(34)} ${String(r.rows).padStart(5)} ${cell(r.attack)} ${cell(r.plain)} ${cell(r.hard)} ${cell(r.documents.attack)} ${cell(r.documents.benign)} ${cell(r.withCompanion?.attack)} ${cell(r.withCompanion?.plain)} ${cell(r.withCompanion?.hard)} ${cell(r.withCompanion?.documents.attack)} ${cell(r.withCompanion?.documents.benign)}  ${r.thresholds.direct.toFixed(4)}/${r.thresholds.indirect.toFixed(4)}  ${r.costOf90 === undefined ? '-' : `${r.costOf90.plain.toFixed(3)}/${r.costOf90.hard.toFixed(3)} (${r.costOf90.set})`}`,
    ),
  ];
}
