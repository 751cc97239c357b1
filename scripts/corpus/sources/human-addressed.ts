/**
 * Documents that give instructions to people, not to a model: issue and pull-request templates, security-report
 * policies and disclosure guides (English). A retrieved README that says "include the version in your report" is
 * benign; these rows teach the document stages that class, as benign_hard (imperatives addressed to a reader are what
 * an injection looks like), split into paragraphs, the size of what the indirect set scores.
 */
import type { RawRow, RepoReader, SourceExtractor } from '../types.js';
import { eachFile, markdownBody, row } from './row.js';

/** Share of a block's characters inside Markdown links or bare URLs: link lists teach nothing here. */
function linkShare(block: string): number {
  let inLinks = 0;
  for (const m of block.matchAll(/\[[^\]\n]{0,300}\]\([^)\s]{0,500}\)|https?:\/\/\S{1,500}/g)) inLinks += m[0].length;
  return inLinks / block.length;
}

/**
 * Prose paragraphs and lists of a Markdown page: blank-line blocks, without fenced code, tables, headings alone,
 * HTML/Liquid markup or link lists.
 */
export function markdownParagraphs(text: string, minChars = 60, maxChars = 2000): string[] {
  const out: string[] = [];
  let fenced = false;
  let block: string[] = [];
  const flush = (): void => {
    const body = block.join('\n').trim();
    block = [];
    if (body.length < minChars || body.length > maxChars) return;
    if (/^(\||<|\{[%{]|!\[)/.test(body) || linkShare(body) > 0.5) return;
    out.push(body);
  };
  for (const line of markdownBody(text).split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      flush();
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    if (line.trim() === '' || /^#{1,6} /.test(line)) flush();
    else block.push(line);
  }
  flush();
  return out;
}

/** English guides: one row per paragraph. */
function paragraphs(repo: RepoReader, paths: readonly string[]): RawRow[] {
  return eachFile(repo, paths, (path, text) => markdownParagraphs(text).map((p, i) => row(`${path}#${i}`, p, 'benign', 'benign_hard', path, 'en')));
}

/** Issue and pull-request templates, whole: each file is one document a bot or a maintainer hands to reporters. */
function issueTemplates(repo: RepoReader): RawRow[] {
  const paths = repo.list().filter((p) => /\.(md|yml)$/.test(p) && !p.startsWith('.vscode/') && p !== 'LICENSE.md');
  return eachFile(repo, paths, (path, text) => row(path, markdownBody(text), 'benign', 'benign_hard', path, 'en'));
}

/** OpenSSF vulnerability guide: security policies and disclosure templates ("include in your report ..."). */
function vulnerabilityGuide(repo: RepoReader): RawRow[] {
  const paths = repo.list().filter((p) => p.endsWith('.md') && !p.startsWith('.') && p !== 'LICENSE.md');
  return paragraphs(repo, paths);
}

export const HUMAN_ADDRESSED: SourceExtractor[] = [
  { id: 'issue-templates', repo: 'stevemao/github-issue-templates', commit: '82f42891e129', license: 'CC0-1.0 (LICENSE.md, waiver)', carrier: false, taken: 'issue and pull-request templates, one row per file', extract: issueTemplates },
  { id: 'vulnerability-guide', repo: 'ossf/oss-vulnerability-guide', commit: 'da8a22a1b096', license: 'CC-BY-4.0 (LICENSE.md)', carrier: false, taken: 'paragraphs of the maintainer/finder guides and security-policy templates', extract: vulnerabilityGuide },
];
