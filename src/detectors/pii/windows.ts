/**
 * Where the digit-bearing recognizers can match. Their patterns need chains of digit runs joined the
 * way each pattern joins groups (card and SSN groups by one space or dash, IPv4 octets by dots, phone
 * groups by short punctuation), long enough to be the entity. One pass finds the digit runs; each
 * recognizer then scans only from the windows of its chains, which on ordinary prose skips them all.
 * The joining rules accept everything their pattern accepts, so every match a scan of the whole text
 * would report starts inside a window: the findings are unchanged.
 */

/** Fewest digits a phone number has (scorePhone rejects fewer). */
export const MIN_PHONE_DIGITS = 7;
const MIN_CARD_DIGITS = 12;
const MIN_SSN_DIGITS = 9;
const IPV4_OCTETS = 4;
/** Longest text between two digits of one phone candidate: `) ext. ` before an extension. */
const MAX_PHONE_GAP = 7;
const PHONE_GAP_CHARS = ' .-()xet';

/** Candidate match starts as flat [start, end) pairs, in text order. */
export type Windows = number[];

export interface DigitWindows {
  card: Windows;
  ssn: Windows;
  ipv4: Windows;
  phone: Windows;
  iban: Windows;
}

/** Digit runs joined into one chain while `joins(text, previousRunEnd, runStart)` holds. */
class Chain {
  private start = -1;
  private end = -1;
  private digits = 0;
  private runs = 0;

  constructor(
    private readonly joins: (text: string, from: number, to: number) => boolean,
    private readonly emit: (start: number, end: number, digits: number, runs: number) => void,
  ) {}

  add(text: string, start: number, end: number): void {
    if (this.runs > 0 && this.joins(text, this.end, start)) {
      this.end = end;
      this.digits += end - start;
      this.runs++;
      return;
    }
    this.flush();
    this.start = start;
    this.end = end;
    this.digits = end - start;
    this.runs = 1;
  }

  flush(): void {
    if (this.runs > 0) this.emit(this.start, this.end, this.digits, this.runs);
    this.runs = 0;
  }
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isAsciiLetter = (c: number): boolean => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;

function phoneGap(text: string, from: number, to: number): boolean {
  if (to - from > MAX_PHONE_GAP) return false;
  for (let i = from; i < to; i++) if (!PHONE_GAP_CHARS.includes(text[i] as string)) return false;
  return true;
}

export function digitWindows(text: string): DigitWindows {
  const out: DigitWindows = { card: [], ssn: [], ipv4: [], phone: [], iban: [] };
  // `\d(?:[ -]?\d){11,18}` and the three SSN layouts start at a digit of such a chain.
  const grouped = new Chain(
    (t, from, to) => to - from === 1 && (t[from] === ' ' || t[from] === '-'),
    (start, end, digits) => {
      if (digits >= MIN_CARD_DIGITS) out.card.push(start, end);
      if (digits >= MIN_SSN_DIGITS) out.ssn.push(start, end);
    },
  );
  const dotted = new Chain(
    (t, from, to) => to - from === 1 && t[from] === '.',
    (start, end, _, runs) => {
      if (runs >= IPV4_OCTETS) out.ipv4.push(start, end);
    },
  );
  // A phone candidate may start one character early, at `+` or `(`.
  const phone = new Chain(phoneGap, (start, end, digits) => {
    if (digits >= MIN_PHONE_DIGITS) out.phone.push(start - 1, end);
  });
  // The runs of ASCII digits (what `\d+` matches), read without a match object per run.
  const n = text.length;
  for (let start = 0; start < n; start++) {
    if (!isDigit(text.charCodeAt(start))) continue;
    let end = start + 1;
    while (end < n && isDigit(text.charCodeAt(end))) end++;
    grouped.add(text, start, end);
    dotted.add(text, start, end);
    phone.add(text, start, end);
    // An IBAN starts with two letters right before a run of at least two digits.
    if (end - start >= 2 && start >= 2 && isAsciiLetter(text.charCodeAt(start - 1)) && isAsciiLetter(text.charCodeAt(start - 2))) {
      out.iban.push(start - 2, start - 1);
    }
    start = end;
  }
  grouped.flush();
  dotted.flush();
  phone.flush();
  return out;
}

/**
 * Calls visit on the matches of global `re` that a scan of the whole text would report, in order, given
 * that every match that matters starts in one of `windows` and no other match overlaps a window: the
 * scan resumes at each window instead of trying every position in between.
 */
export function eachInWindows(re: RegExp, text: string, windows: Windows, visit: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  let w = 0;
  while (w < windows.length) {
    if ((windows[w + 1] as number) <= re.lastIndex) {
      w += 2;
      continue;
    }
    re.lastIndex = Math.max(re.lastIndex, windows[w] as number);
    const m = re.exec(text);
    if (m === null) return;
    visit(m);
  }
}

const isHexDigit = (c: number): boolean => (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);

/**
 * IPv6 candidates (`(?:[0-9A-Fa-f]{0,4}:){2,7}...`) need two colons at most four hex digits apart and
 * start at most four characters before their first colon.
 */
export function ipv6Windows(text: string): Windows {
  const out: Windows = [];
  let first = -1;
  let last = -1;
  let colons = 0;
  for (let at = text.indexOf(':'); at >= 0; at = text.indexOf(':', at + 1)) {
    let joined = colons > 0 && at - last - 1 <= 4;
    for (let i = last + 1; joined && i < at; i++) joined = isHexDigit(text.charCodeAt(i));
    if (joined) {
      last = at;
      colons++;
      continue;
    }
    if (colons >= 2) out.push(first - 4, last);
    first = at;
    last = at;
    colons = 1;
  }
  if (colons >= 2) out.push(first - 4, last);
  return out;
}
