/**
 * Citations in an answer, in a configured format such as `[doc:ID]`: `ID` stands for a document id, everything
 * else is literal. The pattern built from a format is a literal prefix, a bounded id class and a literal suffix,
 * so it is linear on any answer.
 */

export interface CitationFormat {
  /** As configured, e.g. `[doc:ID]`. */
  format: string;
  pattern: RegExp;
}

export interface Citation {
  start: number;
  end: number;
  id: string;
}

export const DEFAULT_CITATION_FORMAT = '[doc:ID]';
const PLACEHOLDER = 'ID';
/** Characters of a document id inside a citation (ids with other characters cannot be cited). */
const ID_CLASS = '[A-Za-z0-9._:/#@-]';
const MAX_ID_CHARS = 128;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** Why a format is unusable, or undefined when it is fine (the config schema reports it). */
export function citationFormatProblem(format: string): string | undefined {
  const at = format.indexOf(PLACEHOLDER);
  if (at < 0 || format.indexOf(PLACEHOLDER, at + 1) >= 0) return `must contain ${PLACEHOLDER} exactly once, e.g. "[doc:ID]"`;
  if (at === 0) return 'needs literal text before ID (e.g. "[doc:"), or any word would read as a citation';
  if (/\s/.test(format)) return 'may not contain whitespace';
  return undefined;
}

export function compileCitationFormat(format: string): CitationFormat {
  const problem = citationFormatProblem(format);
  if (problem !== undefined) throw new Error(`citation format "${format}" ${problem}`);
  const at = format.indexOf(PLACEHOLDER);
  const prefix = format.slice(0, at);
  const suffix = format.slice(at + PLACEHOLDER.length);
  // The id may not run into the suffix's first character, so the match ends at the first suffix.
  const stop = suffix === '' ? '' : escape(suffix[0] as string);
  const idClass = stop === '' ? ID_CLASS : `(?:(?!${stop})${ID_CLASS})`;
  return { format, pattern: new RegExp(`${escape(prefix)}(${idClass}{1,${MAX_ID_CHARS}})${escape(suffix)}`, 'g') };
}

/** The default format, compiled once. */
export const DEFAULT_CITATIONS: CitationFormat = compileCitationFormat(DEFAULT_CITATION_FORMAT);

export function findCitations(text: string, f: CitationFormat): Citation[] {
  const out: Citation[] = [];
  for (const m of text.matchAll(f.pattern)) out.push({ start: m.index, end: m.index + m[0].length, id: m[1] as string });
  return out;
}
