/** Configuration facts read from compiled policies: presets, monitor mode, rule overrides, the tools section, deployment settings. */
import { describe, expect, it } from 'vitest';
import { configurationFacts, escapeHtml, type DeploymentSettings } from '../../src/compliance/index.js';
import { storeName } from '../../src/cli/commands/report.js';
import { gatewaySectionSchema } from '../../src/gateway/config.js';
import { parsePolicy } from '../../src/warden.js';

const DEPLOYED: DeploymentSettings = { redactAtRest: true, openMode: false, activeKeys: 2, activeKillSwitches: 0 };

const facts = (yaml: string, deployment: Partial<DeploymentSettings> = {}) =>
  Object.fromEntries(configurationFacts(parsePolicy(`version: 1\n${yaml}`), { ...DEPLOYED, ...deployment }).map((f) => [f.id, f]));

describe('configuration facts', () => {
  it('reads each preset the way the engine compiles it', () => {
    const hipaa = facts('extends: hipaa\n');
    expect(hipaa['phi-input']).toMatchObject({ ok: true });
    expect(hipaa['pan-input']).toMatchObject({ ok: false, detail: 'input: none enforced; not enforced: CREDIT_CARD' });
    const pci = facts('extends: pci-dss\n');
    expect(pci['pan-input']).toMatchObject({ ok: true, detail: 'input: enforced on CREDIT_CARD (redact)' });
    expect(pci['pan-output']).toMatchObject({ ok: true, detail: 'output: enforced on CREDIT_CARD (block)' });
    expect(pci['phi-input']?.ok).toBe(false);
    expect(facts('extends: gdpr\n')['personal-data-input']?.ok).toBe(true);
    // The default preset only flags personal data on input.
    expect(facts('extends: default\n')['personal-data-input']?.ok).toBe(false);
  });

  it('does not count monitor mode or a rule switched off as enforced', () => {
    expect(facts('extends: hipaa\ndetectors:\n  pii:\n    mode: monitor\n')['phi-input']).toMatchObject({ ok: false, detail: expect.stringContaining('none enforced') });
    const off = facts('extends: pci-dss\nrules:\n  pii/credit-card:\n    stages:\n      output: { enabled: false }\n');
    expect(off['pan-input']?.ok).toBe(true);
    expect(off['pan-output']?.ok).toBe(false);
    expect(facts('extends: default\ndetectors:\n  secrets:\n    mode: monitor\n')['secrets']).toMatchObject({ ok: false, detail: 'input: redact (monitor), output: redact (monitor)' });
    expect(facts('extends: default\non_error: allow\n')['fail-closed']?.ok).toBe(false);
  });

  it('finds tools that need a human approval in the tools section', () => {
    const none = facts('extends: default\n');
    expect(none['tool-policy']?.ok).toBe(false);
    expect(none['approvals']?.ok).toBe(false);
    const held = facts('extends: default\ntools:\n  lookup: {}\n  refund:\n    conditions:\n      large:\n        when: "args.amount > 100"\n        action: require_approval\n        reason: large refund\n');
    expect(held['tool-policy']).toMatchObject({ ok: true, detail: '2 tools named; others refused' });
    expect(held['approvals']).toMatchObject({ ok: true, detail: 'require_approval on: refund' });
  });

  it('judges the deployment: open mode, HMAC, redaction at rest, retention periods', () => {
    expect(facts('extends: default\n', { openMode: true })['authentication']).toMatchObject({ ok: false, remedy: expect.stringContaining('remove gateway.open_mode') });
    expect(facts('extends: default\n', { activeKeys: 0, jwtIssuer: 'https://idp.example' })['authentication']).toMatchObject({ ok: true, detail: 'no active virtual keys, JWTs from https://idp.example' });
    expect(facts('extends: default\n', { hmacKeyEnv: 'AUDIT_KEY' })['audit-hmac']).toMatchObject({ ok: true, detail: 'HMAC key from $AUDIT_KEY' });
    expect(facts('extends: default\n', { redactAtRest: false })['audit-redact-at-rest']?.ok).toBe(false);
    const short = facts('extends: default\n', { retentionDays: 90 });
    expect([short['retention-limited']?.ok, short['retention-1y']?.ok, short['retention-6y']?.ok]).toEqual([true, false, false]);
    const forever = facts('extends: default\n');
    expect([forever['retention-limited']?.ok, forever['retention-1y']?.ok, forever['retention-6y']?.ok]).toEqual([false, true, true]);
  });

  it('never prints a store password, and escapes every HTML-special character', () => {
    const gw = gatewaySectionSchema.parse({});
    expect(storeName({ store: 'postgres://warden:s3cret@db:5432/warden' }, gw)).toBe('postgres postgres://warden@db:5432/warden');
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
