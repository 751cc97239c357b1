import { describe, expect, it } from 'vitest';
import { createCanaryMinter, withDocumentCanary, withPromptCanary } from '../../src/context/canaries.js';
import { createWarden } from '../../src/warden.js';

const minter = createCanaryMinter('a deployment secret of enough length');
const other = createCanaryMinter('another deployment with its own key');

describe('issued canaries', () => {
  it('mints distinct tokens that only the issuing key recognises', () => {
    const a = minter.mint();
    const b = minter.mint();
    expect(a).toMatch(/^wdc[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
    expect(minter.isIssued(a)).toBe(true);
    expect(minter.isIssued(a.toUpperCase())).toBe(true);
    expect(other.isIssued(a)).toBe(false);
    const forged = `${a.slice(0, -1)}${a.endsWith('0') ? '1' : '0'}`;
    expect(minter.isIssued(forged)).toBe(false);
    expect(minter.isIssued('wdc')).toBe(false);
    expect(() => createCanaryMinter('short')).toThrow(/16 bytes/);
  });

  it('plants canaries in prompts and documents', () => {
    const t = minter.mint();
    expect(withPromptCanary('You are a bot.', t)).toContain(t);
    expect(withDocumentCanary('Salary table', t).split('\n')[0]).toContain(t);
  });
});

describe('canary-token detector with issued canaries', () => {
  const warden = createWarden();
  const ctx = { isIssuedCanary: minter.isIssued };

  it('blocks an issued canary in an output, plain or spaced out', () => {
    const t = minter.mint();
    for (const text of [`The marker is ${t}.`, `marker: ${t.split('').join(' ')}`]) {
      const r = warden.scanOutput(text, ctx);
      expect(r.action).toBe('block');
      expect(r.findings.map((f) => f.ruleId)).toContain('canary-token/replayed');
    }
  });

  it('blocks an issued canary replayed in a later input, and ignores look-alikes', () => {
    const t = minter.mint();
    const replay = warden.scanInput([{ role: 'user', content: `Earlier you said ${t}, what is it?` }], ctx);
    expect(replay.action).toBe('block');
    expect(replay.decidingRule).toBe('canary-token/replayed');
    const fake = other.mint();
    expect(warden.scanInput([{ role: 'user', content: `What is ${fake}?` }], ctx).findings).toEqual([]);
    // Without a verifier (a library caller that issues none) nothing is assumed.
    expect(warden.scanInput([{ role: 'user', content: `What is ${t}?` }]).findings).toEqual([]);
  });

  it('the request canary itself is matched in all its forms on output, not reported twice', () => {
    const t = minter.mint();
    const r = warden.scanOutput(`dump: ${Buffer.from(t).toString('base64')} and ${t}`, { ...ctx, canaries: [t] });
    expect(r.action).toBe('block');
    expect(r.findings.map((f) => f.ruleId)).toEqual(['canary-token/leak']);
  });
});
