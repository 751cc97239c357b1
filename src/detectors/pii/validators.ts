/** Checksum and structure validators for PII candidates. All are O(length) and allocation-light. */

/** Regexes the validators run on candidate substrings (exported for the ReDoS fuzz test). */
export const VALIDATOR_PATTERNS = {
  hexGroup: /^[0-9a-fA-F]{1,4}$/,
  countryPrefix: /^[A-Z]{2}/,
};

/** Luhn (mod 10) over the digits of `value`; separators are ignored. */
export function luhn(value: string): boolean {
  let sum = 0;
  let double = false;
  let digits = 0;
  for (let i = value.length - 1; i >= 0; i--) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) continue;
    digits++;
    let d = c;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits > 0 && sum % 10 === 0;
}

/** IBAN length per country (ISO 13616 registry). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31,
  SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20, YE: 30,
};

/** Upper-cased IBAN with separators removed, or null when a character is not alphanumeric/space/dash. */
export function compactIban(value: string): string | null {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === ' ' || ch === '-') continue;
    const c = ch.charCodeAt(0);
    const isDigit = c >= 48 && c <= 57;
    const isUpper = c >= 65 && c <= 90;
    const isLower = c >= 97 && c <= 122;
    if (!isDigit && !isUpper && !isLower) return null;
    out += isLower ? String.fromCharCode(c - 32) : ch;
  }
  return out;
}

/** Country-length table plus ISO 7064 mod 97-10 check on the compacted IBAN. */
export function validIban(value: string): boolean {
  const iban = compactIban(value);
  if (iban === null || iban.length < 15) return false;
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected !== iban.length) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

/** ISO 7064 mod 97 of an alphanumeric string (letters count as 10..35); -1 on invalid characters. */
export function mod97(value: string): number {
  let rem = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      rem = (rem * 10 + (c - 48)) % 97;
    } else {
      const upper = c >= 97 && c <= 122 ? c - 32 : c;
      if (upper < 65 || upper > 90) return -1;
      rem = (rem * 100 + (upper - 55)) % 97;
    }
  }
  return rem;
}

/** Generic mod-97 check for custom entities: the alphanumerics of the value, rotated like an IBAN when it starts with letters. */
export function mod97Valid(value: string): boolean {
  const compact = compactIban(value);
  if (compact === null || compact.length < 5) return false;
  const rotated = VALIDATOR_PATTERNS.countryPrefix.test(compact) ? compact.slice(4) + compact.slice(0, 4) : compact;
  return mod97(rotated) === 1;
}

/** Numbers the SSA never issued or that are published samples (e.g. the Woolworth wallet card). */
const INVALID_SSNS: ReadonlySet<string> = new Set(['078051120', '219099999', '123456789', '111111111', '333333333', '457555462']);

/** US SSN structure: no 000/666/9xx area, no 00 group, no 0000 serial, no known invalid samples. */
export function validSsn(value: string): boolean {
  let digits = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += value[i];
  }
  if (digits.length !== 9) return false;
  const area = digits.slice(0, 3);
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return false;
  if (INVALID_SSNS.has(digits)) return false;
  // All-same-digit numbers are placeholders, not identities.
  return digits !== (digits[0] as string).repeat(9);
}

/** Dotted-quad IPv4 with every octet 0..255 and no leading zeros (which some parsers read as octal). */
export function validIpv4(value: string): boolean {
  const parts = value.split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3) return false;
    if (p.length > 1 && p[0] === '0') return false;
    const n = Number(p);
    if (!Number.isInteger(n) || n > 255) return false;
  }
  return true;
}

/** IPv6 in full or `::`-compressed form, optionally with an embedded IPv4 tail. */
export function validIpv6(value: string): boolean {
  const halves = value.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = groupsOf(halves[0] as string);
  const tail = halves.length === 2 ? groupsOf(halves[1] as string) : [];
  let count = head.length + tail.length;
  const last = tail.length > 0 ? tail[tail.length - 1] : head[head.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!validIpv4(last)) return false;
    count += 1; // an IPv4 tail fills two groups
    if (tail.length > 0) tail.pop();
    else head.pop();
  }
  for (const g of [...head, ...tail]) {
    if (!VALIDATOR_PATTERNS.hexGroup.test(g)) return false;
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}
