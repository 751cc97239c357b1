/**
 * Places in data where text speaks past the reader to the model: code comments (`#`, `//`, `/* *\/`),
 * HTML comments, alt/title/aria-label attributes, and the body of an e-mail. Found with indexOf walks
 * (no regex), each region bounded, so the cost is linear in the text.
 */
import type { Span } from '../../../spec/types.js';

/** Regions per text and characters per region; beyond them the rest of the text is still scanned as text. */
const MAX_REGIONS = 256;
const MAX_REGION_CHARS = 4000;
const ATTRIBUTES = ['alt=', 'title=', 'aria-label='];
const EMAIL_BODY_MARKERS = ['content:', 'body:'];

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

function pushRegion(out: Span[], start: number, end: number): void {
  if (out.length < MAX_REGIONS && end > start) out.push({ start, end: Math.min(end, start + MAX_REGION_CHARS) });
}

/** Delimited comments: from open to close (or the end of the text when unterminated). */
function delimited(text: string, open: string, close: string, out: Span[]): void {
  for (let at = text.indexOf(open); at >= 0 && out.length < MAX_REGIONS; at = text.indexOf(open, at)) {
    const start = at + open.length;
    const stop = text.indexOf(close, start);
    const end = stop < 0 ? text.length : stop;
    pushRegion(out, start, end);
    at = stop < 0 ? text.length : stop + close.length;
  }
}

/** `// ...` (not the `//` of a URL) and `# ...` (a `#` at a line start or after a space, then a space). */
function lineComments(text: string, out: Span[]): void {
  for (let at = text.indexOf('//'); at >= 0 && out.length < MAX_REGIONS; at = text.indexOf('//', at + 2)) {
    if (at > 0 && text.charAt(at - 1) === ':') continue;
    const end = lineEnd(text, at);
    pushRegion(out, at + 2, end);
    at = end;
  }
  for (let at = text.indexOf('#'); at >= 0 && out.length < MAX_REGIONS; at = text.indexOf('#', at + 1)) {
    const before = at === 0 || isSpace(text.charCodeAt(at - 1));
    if (!before || !isSpace(text.charCodeAt(at + 1))) continue;
    const end = lineEnd(text, at);
    pushRegion(out, at + 1, end);
    at = end;
  }
}

/** Quoted values of alt/title/aria-label attributes. */
function attributes(text: string, out: Span[]): void {
  for (const name of ATTRIBUTES) {
    for (let at = text.indexOf(name); at >= 0 && out.length < MAX_REGIONS; at = text.indexOf(name, at + name.length)) {
      const quote = text.charAt(at + name.length);
      if (quote !== '"' && quote !== "'") continue;
      const start = at + name.length + 1;
      const stop = text.indexOf(quote, start);
      if (stop < 0) continue;
      pushRegion(out, start, stop);
      at = stop;
    }
  }
}

/** The body of an e-mail: after a `content:`/`body:` marker, else after the header block that a `subject:` line opens. */
function emailBody(text: string, out: Span[]): void {
  const subject = text.startsWith('subject:') ? 0 : text.indexOf('\nsubject:');
  if (subject < 0) return;
  for (const marker of EMAIL_BODY_MARKERS) {
    const at = text.indexOf(marker, subject);
    if (at >= 0) return pushRegion(out, at + marker.length, text.length);
  }
  const blank = text.indexOf('\n\n', subject);
  pushRegion(out, blank < 0 ? lineEnd(text, subject + 1) : blank, text.length);
}

/** Data regions of a folded text, sorted by start; they may overlap (a `#` inside a block comment). */
export function dataRegions(folded: string): Span[] {
  const out: Span[] = [];
  delimited(folded, '<!--', '-->', out);
  delimited(folded, '/*', '*/', out);
  lineComments(folded, out);
  attributes(folded, out);
  emailBody(folded, out);
  return out.sort((a, b) => a.start - b.start);
}
