/**
 * code-output: code in model output. Dangerous shell idioms (reverse shells, download-and-run, disk
 * wipes, ...) are always reported; fenced code, any shell command and SQL only when the policy forbids
 * them (`forbid`) or restricts code languages (`languages`).
 */
import { z } from 'zod';
import type { Detector, RawFinding, Span } from '../spec/types.js';
import { findFencedBlocks, languageFamily, SHELL_FAMILIES, type CodeBlock } from './shared/code-blocks.js';
import { DANGEROUS_SHELL, isNegated, RM_COMMAND, rmSeverity, ruleSpans, type PatternRule } from './code-output/shell-patterns.js';
import { DESTRUCTIVE_SQL, SQL_STATEMENTS } from './code-output/sql-patterns.js';
import { buildPrefilter, mayMatch, presentSets } from './shared/prefilter.js';

/** Longest text a single command finding needs (the widest two-part pattern window plus its parts). */
export const MAX_PATTERN_CHARS = 1024;
/** A cautionary mention ("never run ...") keeps this share of the score, below usual thresholds. */
const NEGATED_FACTOR = 0.3;

export const COMMAND_PATTERNS = {
  /** A terminal prompt at the start of a line: `$ cmd`, `PS C:\> cmd`, `C:\dir> cmd`. */
  promptLine: /^[ \t]{0,8}(?:\$|PS [A-Z]:\\[^\n>:]{0,64}>|[A-Z]:\\[^\n>:]{0,64}>)[ \t]{1,4}[A-Za-z./~]/gm,
  /** Inline code starting with a common command. */
  inlineCommand:
    /`[ \t]{0,4}(?:sudo|apt-get|apt|yum|dnf|brew|pip3?|npm|npx|yarn|pnpm|curl|wget|git|docker|kubectl|chmod|chown|rm|mv|cp|ssh|scp|systemctl|bash|sh|powershell|pwsh|nc|tar|export)[ \t][^`\n]{0,256}`/g,
  /** A line (inside an unlabeled fence) that starts with a common command. */
  commandLine:
    /^[ \t]{0,8}(?:\$[ \t]{1,4})?(?:sudo|apt-get|apt|yum|dnf|brew|pip3?|npm|npx|yarn|pnpm|curl|wget|git|docker|kubectl|chmod|chown|rm|mv|cp|ls|cd|mkdir|ssh|scp|systemctl|bash|sh|powershell|pwsh|nc|tar|export)(?:[ \t]|$)/,
} as const;

const RM_KEY = 'rm';
const ruleKey = (rule: PatternRule): string => `rule:${rule.id}`;

/**
 * Literals each rule needs (both parts for two-part rules), found in one pass over the lowercased text:
 * a rule whose literals are absent cannot match, so its regexes are not run.
 */
const RULE_PREFILTER = buildPrefilter(
  new Map([
    ...[...DANGEROUS_SHELL, ...DESTRUCTIVE_SQL, ...SQL_STATEMENTS].map((rule) => [ruleKey(rule), [[rule.re.source, ...(rule.then ? [rule.then.source] : [])]]] as const),
    [RM_KEY, [[RM_COMMAND.source]]] as const,
  ]),
  { setsPerPhrase: 1, minRarity: 2, foldCase: true },
);

const shape = {
  forbid: z
    .array(z.enum(['code', 'shell', 'sql']))
    .default([])
    .describe('Kinds of code to report: any fenced code, any shell command, any SQL. Dangerous shell commands are always reported'),
  languages: z
    .array(z.string())
    .default([])
    .describe('Allowed fenced-code languages; when set, blocks in any other language (or unlabeled) are reported'),
  dangerous_shell: z.boolean().default(true).describe('Report dangerous shell commands (reverse shells, download-and-run, wipes)'),
};

type Options = z.infer<z.ZodObject<typeof shape>>;

const languageCache = new WeakMap<readonly string[], Set<string>>();

function allowedLanguages(o: Options): Set<string> {
  let set = languageCache.get(o.languages);
  if (!set) {
    set = new Set(o.languages.map(languageFamily));
    languageCache.set(o.languages, set);
  }
  return set;
}

function fencedCodeFindings(blocks: CodeBlock[], o: Options): RawFinding[] {
  const languages = allowedLanguages(o);
  const out: RawFinding[] = [];
  for (const b of blocks) {
    const allowed = languages.size > 0 ? languages.has(b.lang) : !o.forbid.includes('code');
    if (allowed) continue;
    const why = languages.size > 0 ? 'is not in the allowed languages' : 'is not allowed';
    out.push({
      ruleId: 'code-output/fenced-code',
      score: 0.9,
      spans: [b.span],
      message: `Fenced code block (${b.lang || 'no language'}) ${why}`,
      redactable: true,
    });
  }
  return out;
}

function patternFinding(text: string, rule: PatternRule, spans: Span[], ruleId: string, what: string): RawFinding {
  const negated = spans.every((s) => isNegated(text, s.start));
  return {
    ruleId,
    score: negated ? Math.round(rule.score * NEGATED_FACTOR * 1000) / 1000 : rule.score,
    spans,
    message: `${what}: ${rule.label}${negated ? ' (mentioned as a warning)' : ''}`,
    redactable: true,
  };
}

/** Each rule's prefilter key, built once rather than per rule per scan. */
const RULE_KEYS: ReadonlyMap<PatternRule, string> = new Map([...DANGEROUS_SHELL, ...DESTRUCTIVE_SQL, ...SQL_STATEMENTS].map((rule) => [rule, ruleKey(rule)]));

function matchingRuleSpans(text: string, rule: PatternRule, present: Uint8Array): Span[] {
  return mayMatch(RULE_PREFILTER, RULE_KEYS.get(rule) as string, present) ? ruleSpans(text, rule) : [];
}

function dangerousShellFindings(text: string, present: Uint8Array): RawFinding[] {
  const out: RawFinding[] = [];
  for (const rule of DANGEROUS_SHELL) {
    const spans = matchingRuleSpans(text, rule, present);
    if (spans.length > 0) out.push(patternFinding(text, rule, spans, 'code-output/dangerous-shell', 'Dangerous shell command'));
  }
  const critical: Span[] = [];
  const recursive: Span[] = [];
  const rmCommands = mayMatch(RULE_PREFILTER, RM_KEY, present) ? text.matchAll(RM_COMMAND) : [];
  for (const m of rmCommands) {
    const severity = rmSeverity(m[1] as string, m[2] as string);
    if (severity) (severity === 'critical' ? critical : recursive).push({ start: m.index, end: m.index + m[0].length });
  }
  if (critical.length > 0) {
    const rule = { id: 'rm-critical', re: RM_COMMAND, score: 0.95, label: 'recursive delete of a system or home directory' };
    out.push(patternFinding(text, rule, critical, 'code-output/dangerous-shell', 'Dangerous shell command'));
  }
  if (recursive.length > 0) {
    const rule = { id: 'rm-recursive', re: RM_COMMAND, score: 0.3, label: 'forced recursive delete' };
    out.push(patternFinding(text, rule, recursive, 'code-output/dangerous-shell', 'Dangerous shell command'));
  }
  return out;
}

function firstLine(text: string, body: Span): string {
  let s = body.start;
  while (s < body.end) {
    const nl = text.indexOf('\n', s);
    const e = nl < 0 || nl > body.end ? body.end : nl;
    if (text.slice(s, e).trim() !== '') return text.slice(s, Math.min(e, s + 256));
    s = e + 1;
  }
  return '';
}

function shellCommandFindings(text: string, blocks: CodeBlock[]): RawFinding[] {
  const spans: Span[] = [];
  for (const b of blocks) {
    if (SHELL_FAMILIES.has(b.lang)) spans.push(b.span);
    else if (b.lang === '' && COMMAND_PATTERNS.commandLine.test(firstLine(text, b.body))) spans.push(b.span);
  }
  let b = 0;
  for (const m of text.matchAll(COMMAND_PATTERNS.promptLine)) {
    while (b < blocks.length && (blocks[b] as CodeBlock).span.end <= m.index) b++;
    const block = blocks[b];
    if (!block || m.index < block.span.start) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(COMMAND_PATTERNS.inlineCommand)) spans.push({ start: m.index, end: m.index + m[0].length });
  if (spans.length === 0) return [];
  spans.sort((x, y) => x.start - y.start);
  return [{ ruleId: 'code-output/shell-command', score: 0.8, spans, message: `Shell commands in output (${spans.length})`, redactable: true }];
}

function sqlFindings(text: string, blocks: CodeBlock[], present: Uint8Array): RawFinding[] {
  const out: RawFinding[] = [];
  for (const rule of DESTRUCTIVE_SQL) {
    const spans = matchingRuleSpans(text, rule, present);
    if (spans.length > 0) out.push(patternFinding(text, rule, spans, 'code-output/sql', 'Destructive SQL'));
  }
  const sqlBlocks = blocks.filter((b) => b.lang === 'sql').map((b) => b.span);
  if (sqlBlocks.length > 0) {
    out.push({ ruleId: 'code-output/sql', score: 0.7, spans: sqlBlocks, message: 'SQL code block', redactable: true });
  } else {
    for (const rule of SQL_STATEMENTS) {
      const spans = matchingRuleSpans(text, rule, present);
      if (spans.length > 0) out.push(patternFinding(text, rule, spans, 'code-output/sql', 'SQL'));
    }
  }
  return out;
}

export const codeOutput: Detector<typeof shape> = {
  id: 'code-output',
  stages: ['output'],
  cost: 1,
  description: 'Detects code in outputs: dangerous shell commands always; fenced code, shell and SQL when forbidden',
  options: z.object(shape),
  scan(text, ctx) {
    const o = ctx.settings.options;
    const blocks = findFencedBlocks(text);
    const findings = fencedCodeFindings(blocks, o);
    const present = presentSets(RULE_PREFILTER, text.toLowerCase());
    if (o.dangerous_shell) findings.push(...dangerousShellFindings(text, present));
    if (o.forbid.includes('shell')) findings.push(...shellCommandFindings(text, blocks));
    if (o.forbid.includes('sql')) findings.push(...sqlFindings(text, blocks, present));
    return findings;
  },
};
