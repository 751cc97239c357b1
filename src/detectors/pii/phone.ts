/** PHONE_NUMBER: a linear candidate regex, then libphonenumber-js validation and context scoring. */
import { parsePhoneNumberFromString, isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { boost, hasContext, precedingWindow } from './context.js';
import { eachInWindows, MIN_PHONE_DIGITS, type Windows } from './windows.js';

export const PHONE_PATTERNS = {
  /** Optional +CC / (area) prefix, then digit groups split by single separators, optional extension. */
  candidate:
    /(?<![\w+.\-/])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,12}(?:(?:[ .-]|\) ?)\(?\d{1,8}\)?){0,6}(?:(?: ?x| ?ext\.? ?)\d{1,6})?(?![\w@/]|[.,-]\d)/g,
  context: /\b(?:phone|tel|telephone|mobile|cell|cellphone|fax|call|called|calling|text me|sms|whatsapp|contact|reach|dial|desk|office|home|work|landline|hotline|ring|answering|messages?|my number|your number)\b/,
  /** Identifiers whose digit groups look like national phone formats. */
  otherId: /\b(?:ssn|social security|licen[cs]e|passport|tax id|tin|routing)\b/,
  /** Words that make a digit group something other than a phone number. */
  negative: /(?:\b(?:order|invoice|account|acct|tracking|ref|reference|isbn|serial|ticket|case|po|id|sku|item|iban)|[#$€£¥])\W{0,3}(?:no\.?|number|#)?\W{0,2}$/,
  isoDate: /^\d{4}[-.]\d{1,2}[-.]\d{1,2}(?:\D|$)/,
  dmyDate: /^\d{1,2}[-.]\d{1,2}[-.](?:19|20)\d{2}(?:\D|$)/,
  ipv4Like: /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/,
  extension: /(?: ?x| ?ext\.? ?)\d{1,6}$/,
  separators: /[ .()+-]/,
  /** NANP layout `(ddd) ddd-dddd` / `ddd-ddd-dddd` / `ddd.ddd.dddd`: a phone by shape even with a fictional 555 exchange. */
  nanpShape: /^(?:\+1[ .-]?|001[ .-]?|1[ .-])?(?:\(\d{3}\) ?|\d{3}[-.])\d{3}[-.]\d{4}$/,
};

export interface PhoneMatch {
  start: number;
  end: number;
  score: number;
}

/** Score for one candidate, or null when it is not a phone number. */
function scorePhone(text: string, start: number, end: number, region: CountryCode | undefined): number | null {
  const value = text.slice(start, end);
  const body = value.replace(PHONE_PATTERNS.extension, '');
  let digits = 0;
  let separators = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c !== 43) separators++;
  }
  if (digits < MIN_PHONE_DIGITS || digits > 15) return null;
  if (!plausibleGrouping(body)) return null;
  if (PHONE_PATTERNS.isoDate.test(body) || PHONE_PATTERNS.dmyDate.test(body) || PHONE_PATTERNS.ipv4Like.test(body)) return null;
  if (PHONE_PATTERNS.negative.test(precedingWindow(text, start))) return null;
  if (hasContext(PHONE_PATTERNS.otherId, text, start, end)) return null;
  const context = hasContext(PHONE_PATTERNS.context, text, start, end);
  const international = body.startsWith('+') || body.startsWith('00');
  const parsed = international
    ? parsePhoneNumberFromString(body.startsWith('00') ? `+${body.slice(body.startsWith('001') ? 3 : 2)}` : body)
    : parsePhoneNumberFromString(body, region);
  if (parsed?.isValid()) {
    // A bare 10-digit run is as likely an id as a phone number unless the context says otherwise.
    const base = international ? 0.85 : separators > 0 ? 0.7 : 0.4;
    return boost(base, context);
  }
  if (separators === 0) return context && digits >= 8 ? 0.55 : null;
  if (PHONE_PATTERNS.nanpShape.test(body)) return boost(0.55, context);
  // Foreign national formats: plausible by shape, confirmed only by context.
  if (context) return boost(0.4, true);
  return international ? 0.45 : null;
}

/** Rejects digit lists (`1 6 7 4 ...`), decimals (`0.2927246`) and score tables: phone groups are 2+ digits. */
function plausibleGrouping(body: string): boolean {
  // `(0)` is the optional trunk prefix of international formats (`+41 (0)96 ...`), not a group.
  const groups = body.replace('(0)', ' ').split(PHONE_PATTERNS.separators).filter((g) => g.length > 0);
  // Dots separate phone groups only when nothing else does: `1.5 (2.3)` and `0.2927246` are measurements.
  if (body.includes('.') && (groups.length === 2 || body.includes('(') || body.includes(' '))) return false;
  // After `+CC` a one-digit area code is normal (`+46 8 ...`); elsewhere one-digit groups mean a digit list.
  const first = body.startsWith('+') ? 2 : 1;
  for (let i = first; i < groups.length; i++) if ((groups[i] as string).length === 1) return false;
  return true;
}

/** All phone numbers in `text`; `windows`: where candidates with enough digits can start (DigitWindows.phone). */
export function findPhones(text: string, region: string, windows: Windows): PhoneMatch[] {
  const out: PhoneMatch[] = [];
  const country = isSupportedCountry(region) ? region : undefined;
  eachInWindows(PHONE_PATTERNS.candidate, text, windows, (m) => {
    const start = m.index;
    let end = start + m[0].length;
    // A closing parenthesis is only part of the number when it closes an area code.
    if (text[end - 1] === ')' && !m[0].includes('(')) end--;
    const score = scorePhone(text, start, end, country);
    if (score !== null) out.push({ start, end, score });
  });
  return out;
}
