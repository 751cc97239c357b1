/** The per-scan memo behind DetectorContext.memo. */
import type { ScanMemo } from '../spec/types.js';

export function createScanMemo(): ScanMemo {
  const byKey = new Map<string, Map<string, unknown>>();
  return {
    get<T>(key: string, text: string, make: () => T): T {
      let byText = byKey.get(key);
      if (byText === undefined) {
        byText = new Map();
        byKey.set(key, byText);
      }
      if (byText.has(text)) return byText.get(text) as T;
      const value = make();
      byText.set(text, value);
      return value;
    },
  };
}
