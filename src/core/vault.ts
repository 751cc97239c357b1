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

/**
 * A class, not an object literal with a `get size()` accessor: V8 builds accessor literals on a slow path whose
 * objects survive young-generation collections, so one per request turned into steady old-space garbage and
 * longer GC pauses on the gateway. The maps are created on first use; most requests never redact anything.
 */
class PlaceholderVault implements Vault {
  private byValue: Map<string, string> | undefined;
  private byPlaceholder: Map<string, string> | undefined;
  private counters: Map<string, number> | undefined;

  put(type: string, value: string): string {
    const t = placeholderType(type);
    const key = `${t}\u0000${value}`;
    const byValue = (this.byValue ??= new Map());
    const known = byValue.get(key);
    if (known !== undefined) return known;
    const counters = (this.counters ??= new Map());
    const n = (counters.get(t) ?? 0) + 1;
    counters.set(t, n);
    const placeholder = `[${t}_${n}]`;
    byValue.set(key, placeholder);
    (this.byPlaceholder ??= new Map()).set(placeholder, value);
    return placeholder;
  }

  restore(text: string): string {
    const byPlaceholder = this.byPlaceholder;
    if (byPlaceholder === undefined || !text.includes('[')) return text;
    return text.replace(PLACEHOLDER_PATTERN, (m) => byPlaceholder.get(m) ?? m);
  }

  get size(): number {
    return this.byPlaceholder?.size ?? 0;
  }
}

export function createVault(): Vault {
  return new PlaceholderVault();
}
