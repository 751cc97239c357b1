/**
 * Fenced code blocks (CommonMark ``` and ~~~), found with a line loop rather than a regex so that
 * unclosed fences and long lines stay linear. An unclosed fence runs to the end of the text.
 */
import type { Span } from '../../spec/types.js';
import { withFields } from '../../core/objects.js';

export interface CodeBlock {
  /** Normalized language from the info string ('' when none). */
  lang: string;
  /** The whole block, fences included. */
  span: Span;
  /** The content between the fences. */
  body: Span;
}

/** Language aliases folded into one family name, so allow-lists and rules need not list every spelling. */
const FAMILY: Readonly<Record<string, string>> = {
  sh: 'shell', bash: 'shell', zsh: 'shell', ksh: 'shell', fish: 'shell', shell: 'shell', console: 'shell',
  shellsession: 'shell', terminal: 'shell', 'shell-session': 'shell', powershell: 'powershell', ps1: 'powershell',
  pwsh: 'powershell', ps: 'powershell', cmd: 'batch', bat: 'batch', batch: 'batch', dos: 'batch',
  sql: 'sql', mysql: 'sql', postgresql: 'sql', postgres: 'sql', psql: 'sql', plsql: 'sql', tsql: 'sql',
  sqlite: 'sql', pgsql: 'sql', js: 'javascript', javascript: 'javascript', mjs: 'javascript', jsx: 'javascript',
  ts: 'typescript', typescript: 'typescript', tsx: 'typescript', py: 'python', python: 'python', python3: 'python',
  rb: 'ruby', ruby: 'ruby', rs: 'rust', rust: 'rust', golang: 'go', go: 'go', 'c++': 'cpp', cpp: 'cpp', cc: 'cpp',
  cs: 'csharp', 'c#': 'csharp', csharp: 'csharp', yml: 'yaml', yaml: 'yaml', md: 'markdown', markdown: 'markdown',
  text: 'text', txt: 'text', plaintext: 'text', plain: 'text',
};

export const SHELL_FAMILIES: ReadonlySet<string> = new Set(['shell', 'powershell', 'batch']);

export function languageFamily(lang: string): string {
  const l = lang.toLowerCase();
  return FAMILY[l] ?? l;
}

/** First word of the info string, with pandoc-style `{.lang}` decoration removed. */
function infoLanguage(info: string): string {
  let s = 0;
  while (s < info.length && (info[s] === ' ' || info[s] === '\t' || info[s] === '{' || info[s] === '.')) s++;
  let e = s;
  while (e < info.length && e - s < 32 && !' \t{},'.includes(info[e] as string)) e++;
  return languageFamily(info.slice(s, e));
}

interface Fence {
  char: string;
  length: number;
  /** Offset just after the fence characters. */
  after: number;
}

function fenceAt(text: string, lineStart: number, lineEnd: number): Fence | null {
  let i = lineStart;
  while (i < lineEnd && i - lineStart < 3 && text[i] === ' ') i++;
  const char = text[i];
  if (char !== '`' && char !== '~') return null;
  let j = i;
  while (j < lineEnd && text[j] === char) j++;
  return j - i >= 3 ? { char, length: j - i, after: j } : null;
}

export function findFencedBlocks(text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  if (!text.includes('```') && !text.includes('~~~')) return blocks;
  let open: (Fence & { start: number; lang: string; bodyStart: number }) | null = null;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? text.length : nl;
    const fence = fenceAt(text, lineStart, lineEnd);
    if (!open && fence) {
      const info = text.slice(fence.after, Math.min(lineEnd, fence.after + 256));
      if (fence.char === '~' || !info.includes('`')) {
        open = withFields(fence, { start: lineStart, lang: infoLanguage(info), bodyStart: Math.min(lineEnd + 1, text.length) });
      }
    } else if (open && fence && fence.char === open.char && fence.length >= open.length && text.slice(fence.after, lineEnd).trim() === '') {
      blocks.push({ lang: open.lang, span: { start: open.start, end: lineEnd }, body: { start: open.bodyStart, end: lineStart } });
      open = null;
    }
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  if (open) blocks.push({ lang: open.lang, span: { start: open.start, end: text.length }, body: { start: open.bodyStart, end: text.length } });
  return blocks;
}
