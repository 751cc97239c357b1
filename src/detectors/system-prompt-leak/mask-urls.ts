/**
 * Blanks URLs out of a text (same length, so offsets hold). A system prompt's URLs are usually meant
 * to be shared ("send users to https://help.acme.com/..."), so repeating one is not a prompt leak.
 */

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Longest scheme name looked back over before `://`. */
const MAX_SCHEME = 16;

function urlRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  const add = (start: number, from: number): void => {
    let e = from;
    while (e < text.length && !isSpace(text.charCodeAt(e))) e++;
    ranges.push([start, e]);
  };
  let i = text.indexOf('://');
  while (i >= 0) {
    let s = i;
    while (s > 0 && i - s < MAX_SCHEME && isAsciiLetter(text.charCodeAt(s - 1))) s--;
    add(s, i + 3);
    i = text.indexOf('://', (ranges[ranges.length - 1] as [number, number])[1]);
  }
  for (let i = text.indexOf('www.'); i >= 0; i = text.indexOf('www.', i + 4)) {
    if (i > 0 && !isSpace(text.charCodeAt(i - 1)) && text[i - 1] !== '(' && text[i - 1] !== '<') continue;
    add(i, i + 4);
  }
  return ranges;
}

export function maskUrls(text: string): string {
  if (!text.includes('://') && !text.includes('www.')) return text;
  const ranges = urlRanges(text).sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [s, e] of ranges) {
    if (e <= at) continue;
    const from = Math.max(s, at);
    out += text.slice(at, from) + ' '.repeat(e - from);
    at = e;
  }
  return out + text.slice(at);
}
