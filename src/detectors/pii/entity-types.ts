/** Entity types the pii detector knows, and how other taxonomies map onto them. */

/** Found by pattern + validator recognizers. */
export const PATTERN_ENTITY_TYPES = [
  'EMAIL_ADDRESS',
  'PHONE_NUMBER',
  'CREDIT_CARD',
  'IBAN_CODE',
  'US_SSN',
  'IP_ADDRESS',
  'US_DRIVER_LICENSE',
] as const;

/** Found by the statistical token tagger (tagger.ts); lower precision than the patterns on real prose. */
export const TAGGER_ENTITY_TYPES = ['PERSON', 'LOCATION', 'ADDRESS', 'ORGANIZATION', 'DATE_TIME'] as const;

/** Every built-in type, in reporting order. */
export const BUILTIN_ENTITY_TYPES: readonly string[] = [...PATTERN_ENTITY_TYPES, ...TAGGER_ENTITY_TYPES];

/**
 * Gold-label aliases (Presidio's two research schemes, spaCy/CoNLL short names) -> Warden type.
 * Types not listed map to themselves.
 */
export const PII_TYPE_ALIASES: Readonly<Record<string, string>> = {
  GPE: 'LOCATION',
  LOC: 'LOCATION',
  STREET_ADDRESS: 'ADDRESS',
  PER: 'PERSON',
  ORG: 'ORGANIZATION',
  DATE: 'DATE_TIME',
  TIME: 'DATE_TIME',
  EMAIL: 'EMAIL_ADDRESS',
  PHONE: 'PHONE_NUMBER',
  CREDIT_CARD_NUMBER: 'CREDIT_CARD',
  IBAN: 'IBAN_CODE',
  SSN: 'US_SSN',
  IP: 'IP_ADDRESS',
  DRIVER_LICENSE: 'US_DRIVER_LICENSE',
  PREFIX: 'TITLE',
};

/** Canonical Warden type for a label from any supported scheme. */
export function canonicalPiiType(type: string): string {
  const upper = type.toUpperCase();
  return PII_TYPE_ALIASES[upper] ?? upper;
}
