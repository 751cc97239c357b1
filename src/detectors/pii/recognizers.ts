/** Pattern recognizers for the structured PII types (everything except phone numbers, see phone.ts). */
import { boost, hasContext } from './context.js';
import { findDates } from './dates.js';
import type { PatternMatch } from './pattern-match.js';
import { luhn, validIban, validIpv4, validIpv6, validSsn, IBAN_LENGTHS, compactIban } from './validators.js';
import { eachInWindows, ipv6Windows, type DigitWindows } from './windows.js';

/** Candidate and context regexes, compiled once (exported for the ReDoS fuzz test). */
export const PII_PATTERNS = {
  email: /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![\w-]|\.\w)/g,
  creditCard: /(?<![\w.-])\d(?:[ -]?\d){11,18}(?![\w-]|\.\d)/g,
  creditCardContext: /\b(?:cards?|credit|debit|visa|master ?card|amex|american express|discover|jcb|diners|maestro|cc|ccn|pan|payment|billed|charge[ds]?)\b/,
  iban: /(?<!\w)[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]{4}){2,7}(?:[ -]?[A-Za-z0-9]{1,4})?(?!\w)/g,
  ibanContext: /\b(?:iban|bank|account|acct|transfer|wire|sepa|swift|bic)\b/,
  ssn: /(?<![\w-])(?:\d{3}-\d{2}-\d{4}|\d{3} \d{2} \d{4}|\d{9})(?![\w-])/g,
  ssnContext: /\b(?:ssn|ssns|social security|social sec|ss#|ss no|ssa|tax ?id|tin)\b/,
  ipv4: /(?<![\w.-])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)/g,
  ipv6: /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])/g,
  ipContext: /\b(?:ip|ips|ipv4|ipv6|address|host|server|client|remote|source|src|dst|from|connect|connection|login|logged|browse|blocked)\b/,
  separator: /[ -]/g,
  versionBefore: /\b(?:v|ver|version|release|build|rev)\.?\s{0,2}$/,
  driverLicenseContext: /(?:driv(?:er'?s?|ing)\s{1,3}licen[cs]e|\bd\.?l\.?\s{0,2}(?:#|no\b|number\b))[^\n]{0,24}?(?<![\w-])([A-Za-z]{0,2}\d[\dA-Za-z-]{3,17}\d[A-Za-z]?)(?![\w-])/gi,
};

/** `windows`: where the digit-bearing patterns can match in text (see windows.ts). */
export type Finder = (text: string, windows: DigitWindows) => PatternMatch[];

function each(re: RegExp, text: string, visit: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) visit(m);
}

export const findEmails: Finder = (text) => {
  const out: PatternMatch[] = [];
  if (!text.includes('@')) return out;
  each(PII_PATTERNS.email, text, (m) => {
    out.push({ entityType: 'EMAIL_ADDRESS', rule: 'email', start: m.index, end: m.index + m[0].length, score: 0.9 });
  });
  return out;
};

/** Issuer prefixes (IIN ranges) of the major card networks. */
function knownIin(d: string): boolean {
  const two = Number(d.slice(0, 2));
  const four = Number(d.slice(0, 4));
  const six = Number(d.slice(0, 6));
  if (d[0] === '4') return true; // Visa
  if (two >= 51 && two <= 55) return true; // Mastercard
  if (four >= 2221 && four <= 2720) return true; // Mastercard 2-series
  if (two === 34 || two === 37) return d.length === 15; // Amex
  if (two === 36 || two === 38 || two === 39 || (four >= 3000 && four <= 3059) || four === 3095) return true; // Diners
  if (four >= 3528 && four <= 3589) return true; // JCB
  if (four === 1800 || four === 2131) return true; // JCB legacy
  if (four === 6011 || two === 65 || (four >= 6440 && four <= 6499) || (six >= 622126 && six <= 622925)) return true; // Discover
  if (two === 62) return true; // UnionPay
  if (two === 50 || (two >= 56 && two <= 69)) return true; // Maestro
  return false;
}

/** Separators must follow card grouping: 4-4-4-4(-3), 4-6-5 / 4-6-4, or none at all. */
function cardGroupingOk(value: string): boolean {
  const groups = value.split(PII_PATTERNS.separator);
  if (groups.length === 1) return true;
  const lens = groups.map((g) => g.length).join('-');
  if (lens === '4-6-5' || lens === '4-6-4') return true;
  for (let i = 0; i < groups.length - 1; i++) if ((groups[i] as string).length !== 4) return false;
  const last = (groups[groups.length - 1] as string).length;
  return last >= 1 && last <= 4;
}

export const findCreditCards: Finder = (text, windows) => {
  const out: PatternMatch[] = [];
  eachInWindows(PII_PATTERNS.creditCard, text, windows.card, (m) => {
    const value = m[0];
    if (!cardGroupingOk(value) || !luhn(value)) return;
    const digits = value.replace(PII_PATTERNS.separator, '');
    if (digits === (digits[0] as string).repeat(digits.length)) return;
    const start = m.index;
    const end = start + value.length;
    const context = hasContext(PII_PATTERNS.creditCardContext, text, start, end);
    if (digits.length < 13 && !context) return;
    const base = knownIin(digits) ? (digits.length >= 15 ? 0.75 : 0.55) : 0.3;
    out.push({ entityType: 'CREDIT_CARD', rule: 'credit-card', start, end, score: boost(base, context) });
  });
  return out;
};

export const findIbans: Finder = (text, windows) => {
  const out: PatternMatch[] = [];
  eachInWindows(PII_PATTERNS.iban, text, windows.iban, (m) => {
    const expected = IBAN_LENGTHS[m[0].slice(0, 2).toUpperCase()];
    if (expected === undefined) return;
    // The regex may run into a following word or number group: cut at the country's length.
    let end = m.index;
    let count = 0;
    while (end < m.index + m[0].length && count < expected) {
      if (text[end] !== ' ' && text[end] !== '-') count++;
      end++;
    }
    const value = text.slice(m.index, end);
    if (count !== expected || !validIban(value)) return;
    const compact = compactIban(value) ?? '';
    const lower = compact !== value.replace(PII_PATTERNS.separator, '');
    const context = hasContext(PII_PATTERNS.ibanContext, text, m.index, end);
    out.push({ entityType: 'IBAN_CODE', rule: 'iban', start: m.index, end, score: boost(lower ? 0.6 : 0.85, context) });
  });
  return out;
};

export const findSsns: Finder = (text, windows) => {
  const out: PatternMatch[] = [];
  eachInWindows(PII_PATTERNS.ssn, text, windows.ssn, (m) => {
    if (!validSsn(m[0])) return;
    const start = m.index;
    const end = start + m[0].length;
    const context = hasContext(PII_PATTERNS.ssnContext, text, start, end);
    const base = m[0].includes('-') ? 0.5 : m[0].includes(' ') ? 0.35 : 0.2;
    const score = boost(base, context);
    if (score >= 0.3) out.push({ entityType: 'US_SSN', rule: 'us-ssn', start, end, score });
  });
  return out;
};

export const findIps: Finder = (text, windows) => {
  const out: PatternMatch[] = [];
  eachInWindows(PII_PATTERNS.ipv4, text, windows.ipv4, (m) => {
    const start = m.index;
    const end = start + m[0].length;
    if (!validIpv4(m[0]) || PII_PATTERNS.versionBefore.test(text.slice(Math.max(0, start - 12), start).toLowerCase())) return;
    const context = hasContext(PII_PATTERNS.ipContext, text, start, end);
    out.push({ entityType: 'IP_ADDRESS', rule: 'ip-address', start, end, score: boost(0.6, context) });
  });
  eachInWindows(PII_PATTERNS.ipv6, text, ipv6Windows(text), (m) => {
    const value = m[0];
    if (!validIpv6(value)) return;
    let hex = 0;
    for (let i = 0; i < value.length; i++) if (value[i] !== ':') hex++;
    if (hex < 2) return;
    const start = m.index;
    const end = start + value.length;
    const context = hasContext(PII_PATTERNS.ipContext, text, start, end);
    out.push({ entityType: 'IP_ADDRESS', rule: 'ip-address', start, end, score: boost(value.includes('::') ? 0.45 : 0.7, context) });
  });
  return out;
};

/** Driver's licence numbers have no common format, so only numbers right after the phrase count. */
export const findDriverLicenses: Finder = (text) => {
  const out: PatternMatch[] = [];
  each(PII_PATTERNS.driverLicenseContext, text, (m) => {
    const value = m[1] as string;
    const end = m.index + m[0].length;
    out.push({ entityType: 'US_DRIVER_LICENSE', rule: 'us-driver-license', start: end - value.length, end, score: 0.8 });
  });
  return out;
};

/** Finder per entity type with a pattern recognizer (phone numbers are handled separately: they need the region). */
export const PATTERN_FINDERS: Readonly<Record<string, Finder>> = {
  EMAIL_ADDRESS: findEmails,
  CREDIT_CARD: findCreditCards,
  IBAN_CODE: findIbans,
  US_SSN: findSsns,
  IP_ADDRESS: findIps,
  US_DRIVER_LICENSE: findDriverLicenses,
  DATE_TIME: findDates,
};
