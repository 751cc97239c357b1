/** Per-request reversible placeholder vault: `[EMAIL_ADDRESS_1]` <-> the original value. */
import type { Vault } from '../spec/types.js';

/** Placeholders as written by the vault; bounded so restore() stays linear on any text. */
export const PLACEHOLDER_PATTERN = /\[([A-Z][A-Z0-9_]{0,63})_([1-9][0-9]{0,8})\]/g;

/** Placeholder type names: upper snake case, as in Presidio (EMAIL_ADDRESS, CREDIT_CARD). */
export function placeholderType(type: string): string {
  const t = type
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '_')
    .replace(/^[^A-Z]+/, '')
    .slice(0, 64);
  return t === '' ? 'REDACTED' : t;
}

export function createVault(): Vault {
  const byValue = new Map<string, string>();
  const byPlaceholder = new Map<string, string>();
  const counters = new Map<string, number>();
  return {
    put(type: string, value: string): string {
      const t = placeholderType(type);
      const key = `${t}\u0000${value}`;
      const known = byValue.get(key);
      if (known !== undefined) return known;
      const n = (counters.get(t) ?? 0) + 1;
      counters.set(t, n);
      const placeholder = `[${t}_${n}]`;
      byValue.set(key, placeholder);
      byPlaceholder.set(placeholder, value);
      return placeholder;
    },
    restore(text: string): string {
      if (byPlaceholder.size === 0 || !text.includes('[')) return text;
      return text.replace(PLACEHOLDER_PATTERN, (m) => byPlaceholder.get(m) ?? m);
    },
    get size(): number {
      return byPlaceholder.size;
    },
  };
}
