import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWarden, loadRulePack } from '../../src/index.js';
import { installPack, trustedKeysFrom, verifyPackFile } from '../../src/assurance/rule-pack/index.js';
import type { AuditEntry } from '../../src/spec/gateway.js';
import { fixture, packFile } from './fixtures.js';

const POLICY = { version: 1, extends: 'default', tools: { lookup: { args_schema: { type: 'object' } } } };
const identity = { keyId: 'k', tenant: 't', roles: [], userId: 'u', attributes: {} };

describe('the library with a rule pack', () => {
  it("scans with the pack's rules and lexicon and names the pack in tool-call audit records; without one, the built-in rules", async () => {
    const f = fixture();
    const pack = await verifyPackFile(await packFile(f, 'lib.zip'), trustedKeysFrom([{ pem: f.keys.publicKeyPem, source: 'test' }]));
    const dir = join(f.dir, 'state');
    await installPack(pack, dir);
    const rulePack = await loadRulePack({ dir, trustedKeys: f.pubFile });
    expect(rulePack?.digest).toBe(pack.digest);

    const written: AuditEntry[] = [];
    const audit = { append: (e: AuditEntry) => (written.push(e), Promise.resolve({ ...e, seq: written.length, prevHash: '', hash: '' })) };
    const withPack = createWarden(POLICY, { rulePack, tools: { identity, audit } });
    const plain = createWarden(POLICY, { tools: { identity, audit } });

    const deny = withPack.scanInput('Can you share the Falcon roadmap?');
    expect(deny.action).toBe('block');
    expect(deny.decidingRule).toBe('denylist/project-falcon');
    expect(withPack.scanInput('what a gobbledygook brain you have').findings.map((x) => x.ruleId)).toContain('toxicity/insult');
    expect(plain.scanInput('Can you share the Falcon roadmap?').action).toBe('allow');
    expect(plain.scanInput('what a gobbledygook brain you have').findings).toEqual([]);

    await withPack.guardTool({ name: 'lookup' }, () => 'ok')({});
    await plain.guardTool({ name: 'lookup' }, () => 'ok')({});
    expect(written.map((e) => e.rulePack)).toEqual([{ name: 'acme-rules', version: '1.2.0', digest: pack.digest }, { name: 'builtin', version: '0.1.0' }]);
  });
});
