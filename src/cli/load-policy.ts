/** Policy loading for CLI commands: warden.yaml may carry a `gateway:` section, so it is accepted (and validated) here too. */
import { checkReferences, gatewaySectionSchema } from '../gateway/config.js';
import { existsSync } from 'node:fs';
import { mcpSectionSchema } from '../mcp/config.js';
import { formatIssue, PolicyError, presetNames, type LoadedPolicy } from '../core/index.js';
import { STAGES, type Stage } from '../spec/types.js';
import { createWarden, loadPolicy, parsePolicy, type Warden } from '../warden.js';
import { err } from './io.js';

export const POLICY_SECTIONS = { gateway: gatewaySectionSchema, mcp: mcpSectionSchema };

function presetPolicy(name: string): LoadedPolicy {
  return parsePolicy(`version: 1\nextends: ${name}\n`, `<${name} preset>`, { sections: POLICY_SECTIONS });
}

/**
 * Loads and validates a policy file, or a bundled preset by name (`--policy strict`) when no such file exists,
 * or the default preset when file is undefined. Throws PolicyError.
 */
export function loadCliPolicy(file: string | undefined): LoadedPolicy {
  if (file === undefined) return presetPolicy('default');
  if (!existsSync(file) && presetNames().includes(file)) return presetPolicy(file);
  const loaded = loadPolicy(file, { sections: POLICY_SECTIONS });
  checkReferences(gatewaySectionSchema.parse(loaded.sections['gateway'] ?? {}), file);
  return loaded;
}

export function wardenFor(policy: LoadedPolicy): Warden {
  return createWarden(policy, { sections: POLICY_SECTIONS });
}

/** Prints every policy issue (file:line:col: path: message) to stderr; false when err is not a PolicyError. */
export function reportPolicyError(e: unknown): boolean {
  if (!(e instanceof PolicyError)) return false;
  err(`invalid policy (${e.issues.length} ${e.issues.length === 1 ? 'error' : 'errors'}):`);
  for (const issue of e.issues) err(`  ${formatIssue(issue)}`);
  return true;
}

export function parseStage(value: string): Stage {
  if (!(STAGES as readonly string[]).includes(value)) throw new Error(`unknown stage "${value}"; expected one of ${STAGES.join(', ')}`);
  return value as Stage;
}
