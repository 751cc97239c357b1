/**
 * exfil-url: URLs in model output and tool calls (or tool results, tool definitions, retrieved documents) that can carry data out.
 * Markdown images and loading HTML tags are fetched by the client with no click (zero-click
 * exfiltration), so any non-allowlisted one is flagged; plain links only when they carry data
 * or, once an allow-list is configured, when they leave it.
 */
import { z } from 'zod';
import { STAGE_PARENT, type Detector, type RawFinding, type Stage } from '../spec/types.js';
import {
  compactUrl,
  compileAllowList,
  dataSignals,
  isAllowedHost,
  looksEncodedText,
  nestedTarget,
  parseTarget,
  TEMPLATE_REASON,
} from './exfil-url/url-analysis.js';
import { codeRanges, insideRanges } from './exfil-url/code-ranges.js';
import { extractUrls, type UrlCandidate } from './exfil-url/url-extract.js';
import { MAX_URL_CHARS, URL_PATTERNS } from './exfil-url/url-patterns.js';
import { withFields } from '../core/objects.js';

/** Longest construct one finding needs: a markdown image with maximal alt text and URL. */
export const MAX_PATTERN_CHARS = MAX_URL_CHARS + 256 + 8;
/** Findings reported per text; the rest would add nothing for the policy. */
const MAX_FINDINGS = 64;
/** Host names longer than this are suspicious in themselves (DNS exfiltration through labels). */
const MAX_PLAIN_HOST_CHARS = 80;
/** A data-free external image in a retrieved document or tool result: routine, below even strict thresholds. */
const UNRENDERED_IMAGE_SCORE = 0.3;
/** A scheme broken up by spaces is odd but not clickable; without data it only shows in strict policies. */
const SPACED_LINK_SCORE = 0.45;

const shape = {
  allow_domains: z
    .array(z.string())
    .default([])
    .describe('Hosts URLs may point to; each entry also allows its subdomains. Empty: every external image is flagged, links only when carrying data'),
  allow_data_uris: z.boolean().default(false).describe('Allow data: URIs in images and links'),
  max_query_chars: z.number().int().min(16).default(256).describe('Query strings longer than this count as carrying data'),
};

type Options = z.infer<z.ZodObject<typeof shape>>;

/** Inside code nothing is rendered: an image or loading tag there is judged like a link. */
const AS_CODE: Readonly<Record<UrlCandidate['context'], UrlCandidate['context']>> = {
  'markdown-image': 'markdown-link',
  'markdown-link': 'markdown-link',
  'html-loading': 'html-link',
  'html-link': 'html-link',
  bare: 'bare',
  spaced: 'spaced',
};

const allowCache = new WeakMap<readonly string[], string[]>();

function allowListOf(o: Options): string[] {
  let compiled = allowCache.get(o.allow_domains);
  if (!compiled) {
    compiled = compileAllowList(o.allow_domains);
    allowCache.set(o.allow_domains, compiled);
  }
  return compiled;
}

const WHERE: Readonly<Record<UrlCandidate['context'], string>> = {
  'markdown-image': 'Markdown image',
  'markdown-link': 'Markdown link',
  'html-loading': 'HTML tag',
  'html-link': 'HTML link',
  bare: 'Link',
  spaced: 'Whitespace-obfuscated link',
};

/** data: URIs fetch nothing, but can smuggle content past the allow-list: moderate score. */
const DATA_URI_RULE: Readonly<Record<UrlCandidate['context'], string>> = {
  'markdown-image': 'markdown-image',
  'markdown-link': 'link-with-data',
  'html-loading': 'html-tag',
  'html-link': 'html-tag',
  bare: 'link-with-data',
  spaced: 'link-with-data',
};

/** Shows the last two host labels only: leading labels may themselves be the exfiltrated data. */
function shortHost(host: string): string {
  const labels = host.split('.');
  return labels.length > 2 ? `…${labels.slice(-2).join('.')}` : host;
}

function hostSignals(host: string): string[] {
  if (host.length > MAX_PLAIN_HOST_CHARS || host.split('.').some(looksEncodedText)) return ['data in host name'];
  return [];
}

function finding(c: UrlCandidate, rule: string, score: number, why: string): RawFinding {
  const where = c.tag ? `${WHERE[c.context]} <${c.tag}>` : WHERE[c.context];
  return { ruleId: `exfil-url/${rule}`, score, spans: [c.span], message: `${where} ${why}`, redactable: true };
}

/**
 * Rule for a URL by context: images and loading tags are zero-click, links need data or an allow-list.
 * Only output is rendered to the user; in documents and tool results a plain image is routine and
 * scores low, while one carrying data (an injected exfiltration template) scores as high as in output.
 */
function judge(c: UrlCandidate, signals: string[], strict: boolean, why: string, stage: Stage): RawFinding | null {
  const detail = signals.length > 0 ? `${why} (${signals.join(', ')})` : why;
  const imageScore = signals.length > 0 ? 0.97 : stage === 'output' ? 0.9 : UNRENDERED_IMAGE_SCORE;
  switch (c.context) {
    case 'markdown-image':
      return finding(c, 'markdown-image', imageScore, detail);
    case 'html-loading':
      return finding(c, 'html-tag', imageScore, detail);
    case 'html-link':
      if (signals.length > 0) return finding(c, 'html-tag', 0.8, detail);
      return strict ? finding(c, 'html-tag', 0.6, detail) : null;
    default:
      if (signals.length > 0) return finding(c, 'link-with-data', c.context === 'spaced' ? 0.85 : 0.8, detail);
      if (strict) return finding(c, 'non-allowlisted-link', 0.6, detail);
      return c.context === 'spaced' ? finding(c, 'non-allowlisted-link', SPACED_LINK_SCORE, detail) : null;
  }
}

function evaluate(c: UrlCandidate, o: Options, allow: readonly string[], stage: Stage): RawFinding | null {
  const target = parseTarget(compactUrl(c.raw));
  const obfuscated = c.context !== 'spaced' && URL_PATTERNS.hasWhitespace.test(c.raw);
  if (target.kind === 'other' || (target.kind !== 'web' && c.context === 'bare')) return null;
  if (target.kind === 'script') {
    const f = judge(c, [`${target.scheme}: URL`], true, 'runs script', stage);
    return f && withFields(f, { score: Math.max(f.score, 0.95) });
  }
  if (target.kind === 'data') {
    return o.allow_data_uris || stage !== 'output' ? null : finding(c, DATA_URI_RULE[c.context], 0.6, 'embeds a data: URI');
  }
  if (c.context === 'spaced' && !target.host.includes('.')) return null;
  let host = target.host;
  let via = '';
  if (isAllowedHost(host, allow)) {
    const nested = nestedTarget(target.url);
    const inner = nested ? parseTarget(nested.startsWith('//') ? nested : compactUrl(nested)) : undefined;
    if (inner?.kind !== 'web' || isAllowedHost(inner.host, allow)) return null;
    host = inner.host;
    via = ' through a redirect';
  }
  const found = [...dataSignals(target.url, c.raw, c.oversized, o.max_query_chars), ...hostSignals(host)];
  // A document or tool result was written before this conversation, so its URLs cannot hold the
  // conversation's data yet; only a placeholder for the model to fill can.
  const signals = stage === 'output' ? found : found.filter((r) => r === TEMPLATE_REASON);
  const why = `points to non-allowlisted host ${shortHost(host)}${via}${obfuscated ? ', with whitespace hidden inside' : ''}`;
  return judge(c, signals, allow.length > 0 || via !== '' || obfuscated, why, stage);
}

/** Whether a client renders (fetches) any of the candidates as they stand. */
function anyRendered(candidates: readonly UrlCandidate[]): boolean {
  for (const c of candidates) if (c.context === 'markdown-image' || c.context === 'html-loading') return true;
  return false;
}

export const exfilUrl: Detector<typeof shape> = {
  id: 'exfil-url',
  stages: ['output', 'tool_result', 'retrieved', 'tool_definition'],
  cost: 1,
  description: 'Detects data-exfiltration URLs: markdown images, HTML tags and data-carrying links to non-allowlisted hosts',
  options: z.object(shape),
  scan(text, ctx) {
    if (text.length === 0) return [];
    const o = ctx.settings.options;
    const allow = allowListOf(o);
    const findings: RawFinding[] = [];
    const candidates = extractUrls(text);
    const code = anyRendered(candidates) ? codeRanges(text) : [];
    // Tool-call arguments are written by the model in this conversation, like an answer; tool definitions were not.
    const stage = STAGE_PARENT[ctx.stage] ?? ctx.stage;
    for (const found of candidates) {
      const c = code.length > 0 && insideRanges(code, found.span) ? withFields(found, { context: AS_CODE[found.context] }) : found;
      const f = evaluate(c, o, allow, stage);
      if (f) findings.push(f);
      if (findings.length >= MAX_FINDINGS) break;
    }
    return findings;
  },
};
