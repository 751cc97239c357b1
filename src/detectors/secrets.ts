/** secrets: API keys, tokens, private keys and credentials in connection strings. */
import { z } from 'zod';
import type { Detector, RawFinding } from '../spec/types.js';
import { keepNonOverlapping } from './pii/overlaps.js';
import { findPrivateKeys, PRIVATE_KEY_PATTERNS } from './secrets/private-key.js';
import { SECRET_PATTERNS, SECRET_RULES, type SecretMatch, type SecretRule } from './secrets/rules.js';
import { ENTROPY_PATTERNS } from './secrets/entropy.js';
import { withFields } from '../core/objects.js';

/** Called as `charCodeAt.call(s, i)`: `s.charCodeAt` goes megamorphic once strings of several representations reach the loop. */
const charCodeAt = String.prototype.charCodeAt;

export { SECRET_PATTERNS, PRIVATE_KEY_PATTERNS, ENTROPY_PATTERNS };

const escapeLiteral = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

const RULES_BY_TRIGGER = new Map<string, SecretRule[]>();
for (const rule of SECRET_RULES) {
  for (const t of rule.triggers) RULES_BY_TRIGGER.set(t, [...(RULES_BY_TRIGGER.get(t) ?? []), rule]);
}

/**
 * One case-insensitive alternation of every trigger literal, longest first so `github_pat_` wins over
 * shorter overlaps. Built from the constant rule table at load time, never from input.
 */
export const TRIGGER = new RegExp(
  [...RULES_BY_TRIGGER.keys()].sort((a, b) => b.length - a.length).map(escapeLiteral).join('|'),
  'gi',
);

const RULE_NAMES: readonly string[] = [...new Set(['private-key', 'gcp-service-account-key', ...SECRET_RULES.map((r) => r.rule)])];

const options = z.object({
  /** Secret kinds (rule ids without the `secrets/` prefix) to skip, e.g. `["jwt"]`. */
  disabled_rules: z
    .array(z.string().refine((r) => RULE_NAMES.includes(r), { message: `unknown secrets rule; known: ${RULE_NAMES.join(', ')}` }))
    .default([]),
  /** Matches scoring below this are not reported at all (publishable keys score 0.4, placeholders 0.3). */
  min_score: z.number().min(0).max(1).default(0.3),
});
type SecretsOptions = z.infer<typeof options>;

function tryRule(rule: SecretRule, text: string, at: number): SecretMatch | null {
  const re = rule.re;
  re.lastIndex = at;
  const m = re.exec(text);
  if (m === null) return null;
  const verdict = rule.check ? rule.check(m, text) : (rule.score ?? 0.9);
  if (verdict === null) return null;
  let start = m.index;
  let end = m.index + m[0].length;
  if (rule.group !== undefined && m[rule.group] !== undefined) {
    const value = m[rule.group] as string;
    end = m.index + m[0].length;
    start = end - value.length;
  }
  return typeof verdict === 'number'
    ? { rule: rule.rule, entityType: rule.entityType, start, end, score: verdict }
    : withFields(verdict, { start, end });
}

/** Length of the run of base64url characters starting at `at` (for skipping past failed JWT candidates). */
function base64urlRunEnd(text: string, at: number): number {
  let i = at;
  while (i < text.length) {
    const c = charCodeAt.call(text, i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
    if (!ok) break;
    i++;
  }
  return i;
}

/** All secrets in text, non-overlapping, in order. */
export function findSecrets(text: string, opts: SecretsOptions = options.parse({})): SecretMatch[] {
  const disabled = new Set(opts.disabled_rules);
  const out: SecretMatch[] = findPrivateKeys(text).filter((m) => !disabled.has(m.rule));
  const trigger = TRIGGER;
  trigger.lastIndex = 0;
  for (let t = trigger.exec(text); t !== null; t = trigger.exec(text)) {
    const rules = RULES_BY_TRIGGER.get(t[0].toLowerCase()) ?? [];
    let found: SecretMatch | null = null;
    for (const rule of rules) {
      if (disabled.has(rule.rule)) continue;
      found = tryRule(rule, text, t.index);
      if (found !== null) break;
    }
    if (found !== null && found.score >= opts.min_score) {
      out.push(found);
      // A keyed value may itself be a recognizable key (`API_KEY=sk-...`): rescan it so the specific rule wins.
      trigger.lastIndex = Math.max(trigger.lastIndex, found.rule === GENERIC ? found.start : found.end);
    } else if (t[0] === 'eyJ') {
      // A long base64 run (an image, a blob) has at most one JWT start worth trying.
      trigger.lastIndex = base64urlRunEnd(text, t.index);
    }
  }
  return resolveOverlaps(out);
}

const GENERIC = 'generic-secret';

function rank(m: SecretMatch): number {
  return m.rule === GENERIC ? 0 : 1;
}

/** Specific rules beat the generic keyed-value rule; otherwise the higher score, then the earlier match. */
function resolveOverlaps(matches: SecretMatch[]): SecretMatch[] {
  if (matches.length < 2) return matches;
  const ranked = [...matches].sort((a, b) => rank(b) - rank(a) || b.score - a.score || a.start - b.start);
  return keepNonOverlapping(ranked);
}

export const secrets: Detector<typeof options.shape> = {
  id: 'secrets',
  stages: ['input', 'output', 'tool_result', 'retrieved'],
  cost: 0,
  description: 'Credentials: cloud/SaaS API keys, tokens, JWTs, private keys, connection-string passwords, keyed high-entropy values.',
  options,
  scansVariants: true,
  scan(text, ctx): RawFinding[] {
    return findSecrets(text, ctx.settings.options).map((m) => ({
      ruleId: `secrets/${m.rule}`,
      score: m.score,
      spans: [{ start: m.start, end: m.end }],
      entityType: m.entityType,
      message: `${m.entityType} detected (${m.end - m.start} characters)`,
      redactable: true,
    }));
  },
};
