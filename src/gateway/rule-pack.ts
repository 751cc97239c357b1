/**
 * The rule pack a gateway (or the MCP proxy) starts with: the active pack of `gateway.rule_packs.dir` (default
 * `<data_dir>/rule-packs`), verified again with `gateway.rule_packs.trusted_keys`; the built-in rules when none is
 * installed. A pack that fails verification stops the start (fail closed), it is never skipped.
 */
import { join } from 'node:path';
import { loadActivePack, loadTrustedKeys, packRef, wardenVersion, type VerifiedPack } from '../assurance/rule-pack/index.js';
import { builtinDetectors } from '../detectors/index.js';
import type { AuditRulePack } from '../spec/gateway.js';
import type { Detector } from '../spec/types.js';
import type { GatewayConfig } from './config.js';

export interface GatewayRules {
  detectors: readonly Detector[];
  /** What every audit record names as its rule pack. */
  audit: AuditRulePack;
  pack?: VerifiedPack;
}

/** The audit stamp of the built-in rules of this Warden. */
export function builtinRules(): AuditRulePack {
  return { name: 'builtin', version: wardenVersion() };
}

export async function loadGatewayRules(cfg: Pick<GatewayConfig, 'data_dir' | 'rule_packs'>): Promise<GatewayRules> {
  const dir = cfg.rule_packs.dir ?? join(cfg.data_dir, 'rule-packs');
  const trusted = cfg.rule_packs.trusted_keys === undefined ? undefined : loadTrustedKeys(cfg.rule_packs.trusted_keys);
  const pack = await loadActivePack(dir, trusted, wardenVersion());
  if (pack === undefined) return { detectors: builtinDetectors(undefined), audit: builtinRules() };
  return { detectors: builtinDetectors(pack.content), audit: packRef(pack), pack };
}
