/**
 * Memoizes work derived from a detector's options object (parsing, compiled matchers). A compiled
 * policy keeps one options object per detector and stage, so identity is the right cache key; a
 * missing options object is treated as `{}` (all defaults).
 */
export function memoByOptions<O, R>(build: (raw: O) => R): (raw: O | undefined) => R {
  const cache = new WeakMap<object, R>();
  const none = {};
  return (raw) => {
    const key: object = typeof raw === 'object' && raw !== null ? raw : none;
    let value = cache.get(key);
    if (value === undefined) {
      value = build((key === none ? {} : raw) as O);
      cache.set(key, value);
    }
    return value;
  };
}
