/** Small helpers shared by the extractors. */
import type { Category, Label, RawRow, RepoReader } from '../types.js';

export function row(
  key: string,
  text: string,
  label: Label,
  category: Category,
  path: string,
  lang?: string,
): RawRow {
  return lang === undefined ? { key, text, label, category, path } : { key, text, label, category, path, lang };
}

export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Strips Markdown/MDX front matter, HTML comments and JSX import lines, keeping the prose. */
export function markdownBody(text: string): string {
  return text
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/^import .*$/gm, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trim();
}

/** Splits a Markdown document into sections at level-1/2 headings, so long docs yield several rows. */
export function markdownSections(text: string, minChars = 200): string[] {
  const out: string[] = [];
  let current: string[] = [];
  for (const line of markdownBody(text).split('\n')) {
    if (/^#{1,2} /.test(line) && current.join('\n').trim().length >= minChars) {
      out.push(current.join('\n').trim());
      current = [];
    }
    current.push(line);
  }
  const last = current.join('\n').trim();
  if (last.length > 0) out.push(last);
  return out;
}

/** Reads every listed path in one batch and maps path + content to rows. */
export function eachFile(repo: RepoReader, paths: readonly string[], make: (path: string, content: string) => RawRow | RawRow[]): RawRow[] {
  const contents = repo.showMany(paths);
  return paths.flatMap((path, i) => make(path, contents[i] ?? ''));
}
