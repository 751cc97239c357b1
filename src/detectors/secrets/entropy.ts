/** Character statistics used to tell random tokens from words, placeholders and ids. */

/** Called as `charCodeAt.call(s, i)`: `s.charCodeAt` goes megamorphic once strings of several representations reach the loop. */
const charCodeAt = String.prototype.charCodeAt;

/** Reused ASCII histogram: entropy runs on every keyed value, so avoid allocating per call. */
const ASCII_COUNTS = new Uint16Array(128);

/** p log2 p of a character seen n times in length characters. */
function entropyTerm(n: number, length: number): number {
  const p = n / length;
  return p * Math.log2(p);
}

/** Shannon entropy in bits per character (values are at most a few hundred characters). */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  let other: Map<number, number> | undefined;
  for (let i = 0; i < value.length; i++) {
    const c = charCodeAt.call(value, i);
    if (c < 128) ASCII_COUNTS[c] = (ASCII_COUNTS[c] as number) + 1;
    else (other ??= new Map()).set(c, (other.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (let i = 0; i < value.length; i++) {
    const c = charCodeAt.call(value, i);
    if (c < 128 && ASCII_COUNTS[c] !== 0) {
      bits -= entropyTerm(ASCII_COUNTS[c] as number, value.length);
      ASCII_COUNTS[c] = 0;
    }
  }
  if (other) for (const n of other.values()) bits -= entropyTerm(n, value.length);
  return bits;
}

export const ENTROPY_PATTERNS = {
  uuid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  hex: /^[0-9a-fA-F]{1,200}$/,
  /** Values people write instead of a real secret. */
  placeholder: /^(?:[<{[$%]|\*{3})|x{4}|your[_-]?|example|placeholder|changeme|change[_-]me|redacted|dummy|sample|here$|^(?:password|secret|token|null|none|undefined|true|false|test|string)$/i,
};

export interface CharClasses {
  lower: boolean;
  upper: boolean;
  digit: boolean;
  symbol: boolean;
}

export function charClasses(value: string): CharClasses {
  const out: CharClasses = { lower: false, upper: false, digit: false, symbol: false };
  for (let i = 0; i < value.length; i++) {
    const c = charCodeAt.call(value, i);
    if (c >= 97 && c <= 122) out.lower = true;
    else if (c >= 65 && c <= 90) out.upper = true;
    else if (c >= 48 && c <= 57) out.digit = true;
    else out.symbol = true;
  }
  return out;
}

export function isPlaceholder(value: string): boolean {
  return ENTROPY_PATTERNS.placeholder.test(value);
}

/**
 * Score for a value assigned to a secret-like key, or null when it does not look random.
 * `passwordKey`: the key names a password, so short human-chosen values count too.
 */
export function genericSecretScore(value: string, passwordKey: boolean): number | null {
  if (isPlaceholder(value)) return null;
  const classes = charClasses(value);
  const entropy = shannonEntropy(value);
  if (value.length >= 20) {
    if (ENTROPY_PATTERNS.uuid.test(value)) return 0.35;
    if (!classes.digit || !(classes.lower || classes.upper)) return null;
    if (ENTROPY_PATTERNS.hex.test(value)) return entropy >= 3 ? 0.55 : null;
    if (entropy >= 4) return 0.85;
    return entropy >= 3.5 ? 0.7 : null;
  }
  if (!passwordKey || value.length < 8) return null;
  const kinds = Number(classes.lower) + Number(classes.upper) + Number(classes.digit) + Number(classes.symbol);
  return kinds >= 3 && entropy >= 2.5 ? 0.6 : null;
}
