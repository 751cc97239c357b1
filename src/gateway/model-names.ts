/** How model names are compared for kill switches, and which names one request's model goes by. */
import type { GatewayConfig } from './config.js';

/** C0/C1 controls (tab, NUL, ESC, NEL...) and invisible format characters (zero-width, bidi overrides). */
export const INVALID_MODEL_CHARS = /[\p{Cc}\p{Cf}]/u;

/**
 * The form two model names are compared in: NFKC (full-width and compatibility letters fold to ASCII),
 * leading and trailing white space trimmed, lower case. `MOCK-1`, ` mock-1` and `ｍｏｃｋ-1` are one name.
 */
export function normalizeModelName(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase();
}

interface NormalizedAlias {
  alias: string;
  target: string;
}

/** Per config: the aliases are normalised once, not on every request. */
const aliasCache = new WeakMap<GatewayConfig['models'], NormalizedAlias[]>();

function normalizedAliases(models: GatewayConfig['models']): NormalizedAlias[] {
  let list = aliasCache.get(models);
  if (list === undefined) {
    list = Object.entries(models).map(([alias, t]) => ({ alias: normalizeModelName(alias), target: normalizeModelName(t.model) }));
    aliasCache.set(models, list);
  }
  return list;
}

/**
 * Every normalised name a model kill switch may use for a request's model: the name as sent, the upstream
 * model it resolves to (alias or default upstream), the upstream model of any alias spelled like it, and
 * every alias of those upstream models. A switch on a provider model thus stops its aliases, and a switch
 * on an alias stops the model whatever name it is asked by.
 */
export function modelKillNames(cfg: Pick<GatewayConfig, 'models'>, model: string): string[] {
  const names = new Set([normalizeModelName(model)]);
  const aliases = normalizedAliases(cfg.models);
  for (const a of aliases) if (names.has(a.alias)) names.add(a.target);
  for (const a of aliases) if (names.has(a.target)) names.add(a.alias);
  return [...names];
}
