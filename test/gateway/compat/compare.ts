/** Field-by-field comparison of a provider's answer read directly and through the gateway. */

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The paths (`choices.0.logprobs`, `usage.prompt_tokens_details.cached_tokens`) at which two JSON values
 * differ: a leaf with another value, or a key or element present on one side only. Keys whose value is
 * `undefined` count as absent (clients set some to undefined).
 */
export function differingPaths(a: unknown, b: unknown, path = ''): string[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(...differingPaths(a[i], b[i], join(path, String(i))));
    return out;
  }
  if (isPlain(a) && isPlain(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => a[k] !== undefined || b[k] !== undefined));
    return [...keys].sort().flatMap((k) => differingPaths(a[k], b[k], join(path, k)));
  }
  return Object.is(a, b) ? [] : [path];
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
