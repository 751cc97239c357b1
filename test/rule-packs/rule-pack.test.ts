import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import yazl from 'yazl';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeys } from '../../src/assurance/signing.js';
import { installPack, loadActivePack, RulePackError, trustedKeysFrom, verifyPackFile, type TrustedKeys } from '../../src/assurance/rule-pack/index.js';
import { PACK_LIMITS } from '../../src/assurance/rule-pack/archive.js';
import { runCli } from '../helpers/run-cli.js';
import { altered, fixture, packFile, patchBytes, untouched, type Fixture } from './fixtures.js';

let f: Fixture;
let good: string;
let trusted: TrustedKeys;

beforeAll(async () => {
  f = fixture();
  good = await packFile(f, 'good.zip');
  trusted = trustedKeysFrom([{ pem: f.keys.publicKeyPem, source: 'test' }]);
});

async function refusal(p: Promise<unknown>): Promise<RulePackError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RulePackError);
  return e as RulePackError;
}

function zipOf(entries: Array<{ name: string; data: Buffer; mode?: number }>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(e.data, e.name, { mode: e.mode ?? 0o100644 });
  zip.end();
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => parts.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
  });
}

describe('rule packs: build, verify, install', () => {
  it('a signed pack verifies and installs; the active pack loads again with the same name, version and digest', async () => {
    const pack = await verifyPackFile(good, trusted);
    expect(pack.manifest).toMatchObject({ name: 'acme-rules', version: '1.2.0', warden: '>=0.1.0 <0.2.0' });
    expect(Object.keys(pack.manifest.files).sort()).toEqual(['lexicons/toxicity.json', 'rules/denylist.yaml']);
    expect(pack.content.denylist?.terms[0]?.id).toBe('project-falcon');
    expect(pack.content.toxicity).toEqual([{ term: 'gobbledygook brain', category: 'insult', severity: 0.9 }]);
    const state = join(f.dir, 'state-ok');
    const { ref } = await installPack(pack, state);
    expect(ref).toEqual({ name: 'acme-rules', version: '1.2.0', digest: pack.digest });
    const active = await loadActivePack(state, trusted, '0.1.0');
    expect(active?.digest).toBe(pack.digest);
    expect(readdirSync(join(state, 'packs'))).toEqual([`acme-rules@1.2.0-${pack.digest.slice(0, 16)}`]);
  });

  it('the CLI packs, verifies and installs, and reports the active pack', async () => {
    const out = join(f.dir, 'cli.zip');
    const packed = await runCli('rules', 'pack', f.content, '--key', f.keyFile, '--out', out, '--name', 'acme-rules', '--pack-version', '2.0.0');
    expect(packed.stderr).toBe('');
    expect(packed.stdout).toMatch(/^packed 2 file\(s\) as acme-rules@2\.0\.0 \(digest [0-9a-f]{16}\), signed with key [0-9a-f]{16}/);
    const verified = await runCli('rules', 'verify', out, '--pubkey', f.pubFile);
    expect(verified).toMatchObject({ code: 0 });
    expect(verified.stdout).toMatch(/^verified acme-rules@2\.0\.0 .*Warden >=0\.1\.0 <0\.2\.0\): lexicons\/toxicity.json, rules\/denylist.yaml/);
    const state = join(f.dir, 'state-cli');
    const installed = await runCli('rules', 'install', out, '--pubkey', f.pubFile, '--state-dir', state);
    expect(installed).toMatchObject({ code: 0 });
    expect(installed.stdout).toMatch(/installed acme-rules@2\.0\.0 .* is now active/);
    expect((await runCli('rules', 'active', '--pubkey', f.pubFile, '--state-dir', state)).stdout).toMatch(/^active: acme-rules@2\.0\.0/);
    expect((await runCli('rules', 'active', '--pubkey', f.pubFile, '--state-dir', join(f.dir, 'none'))).stdout).toMatch(/built-in rules are active/);
  });
});

describe('rule packs: refused before anything is written', () => {
  /** Installs through the CLI into a fresh state dir; expects exit 1, the message, and an untouched state dir. */
  async function refusedInstall(file: string, message: RegExp, pubkey = f.pubFile): Promise<void> {
    const state = join(f.dir, `state-${Math.random().toString(36).slice(2)}`);
    const r = await runCli('rules', 'install', file, '--pubkey', pubkey, '--state-dir', state);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(untouched(state)).toBe(true);
  }

  it('unsigned: no signature file', async () => {
    const file = await altered(good, join(f.dir, 'unsigned.zip'), (files) => files.delete('warden-pack.sig'));
    await refusedInstall(file, /refused \(unsigned\): .*unsigned rule pack \(no warden-pack.sig\)/);
  });

  it('tampered content: a file changed after signing', async () => {
    const file = await altered(good, join(f.dir, 'tampered.zip'), (files) => files.set('rules/denylist.yaml', Buffer.from('terms: []\n')));
    await refusedInstall(file, /refused \(tampered\): .*rules\/denylist.yaml does not match its signed sha256/);
  });

  it('tampered content: a file added after signing', async () => {
    const file = await altered(good, join(f.dir, 'added.zip'), (files) => files.set('models/harmful-request.json', Buffer.from('{}')));
    await refusedInstall(file, /refused \(tampered\): .*models\/harmful-request.json is not in the signed manifest/);
  });

  it('tampered manifest: a version changed after signing', async () => {
    const file = await altered(good, join(f.dir, 'manifest.zip'), (files) => {
      const m = JSON.parse((files.get('warden-pack.json') as Buffer).toString()) as { version: string };
      m.version = '9.9.9';
      files.set('warden-pack.json', Buffer.from(JSON.stringify(m)));
    });
    await refusedInstall(file, /refused \(bad_signature\): .*the signature does not match the manifest/);
  });

  it('signed by an unknown key', async () => {
    const other = generateSigningKeys();
    const file = await packFile(f, 'unknown-key.zip', {}, other.privateKeyPem);
    await refusedInstall(file, new RegExp(`refused \\(unknown_key\\): .*signed by an unknown key \\(key id ${other.keyId}\\); trusted key ids: ${f.keys.keyId}`));
  });

  it('built for another Warden version', async () => {
    const file = await packFile(f, 'future.zip', { warden: '>=0.2.0 <0.3.0' });
    await refusedInstall(file, /refused \(incompatible\): .*acme-rules@1\.2\.0 is built for Warden >=0\.2\.0 <0\.3\.0; this is Warden 0\.1\.0/);
    const pack = await verifyPackFile(file, trusted, { wardenVersion: '0.2.5' });
    expect(pack.manifest.warden).toBe('>=0.2.0 <0.3.0');
  });

  it('truncated archive', async () => {
    const bytes = readFileSync(good);
    for (const keep of [bytes.length - 10, Math.floor(bytes.length / 2), 0]) {
      const file = join(f.dir, `truncated-${keep}.zip`);
      writeFileSync(file, bytes.subarray(0, keep));
      await refusedInstall(file, /refused \(truncated\): .*truncated or not a zip archive/);
    }
  });

  it('path traversal and absolute paths in entry names', async () => {
    const bytes = await zipOf([{ name: 'zz/zz/etc/cron.d/evil', data: Buffer.from('x') }]);
    const traversal = join(f.dir, 'traversal.zip');
    writeFileSync(traversal, patchBytes(bytes, 'zz/zz/', '../../'));
    await refusedInstall(traversal, /refused \(unsafe_entry\): .*archive entry refused \(invalid relative path: \.\.\/\.\.\/etc\/cron.d\/evil\)/);
    const absolute = join(f.dir, 'absolute.zip');
    writeFileSync(absolute, patchBytes(bytes, 'zz/zz/', '/zz/z/'));
    await refusedInstall(absolute, /refused \(unsafe_entry\): .*absolute path: \/zz\/z\/etc/);
    const dotted = join(f.dir, 'dotted.zip');
    writeFileSync(dotted, await zipOf([{ name: 'rules/.hidden/x', data: Buffer.from('x') }]));
    await refusedInstall(dotted, /refused \(unsafe_entry\): .*archive entry "rules\/\.hidden\/x" refused/);
  });

  it('symlink entries', async () => {
    const file = join(f.dir, 'symlink.zip');
    writeFileSync(file, await zipOf([{ name: 'rules/denylist.yaml', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]));
    await refusedInstall(file, /refused \(unsafe_entry\): .*"rules\/denylist.yaml" is a symlink or another special file \(mode 120000\)/);
  });

  it('oversize entries and zip bombs', async () => {
    const big = join(f.dir, 'big.zip');
    writeFileSync(big, await zipOf([{ name: 'rules/denylist.yaml', data: Buffer.alloc(4096, 'a') }]));
    const e = await refusal(verifyPackFile(big, trusted, { limits: { ...PACK_LIMITS, entryBytes: 1024, maxRatio: 1e9 } }));
    expect(e.message).toMatch(/"rules\/denylist.yaml" is 4096 bytes, over the 1024-byte limit/);
    const bomb = join(f.dir, 'bomb.zip');
    writeFileSync(bomb, await zipOf([{ name: 'rules/denylist.yaml', data: Buffer.alloc(8 * 1024 * 1024) }]));
    await refusedInstall(bomb, /refused \(too_large\): .*compression ratio \d+:1, over 1000:1/);
  });

  it('content that does not match the detectors\' schemas is refused when packing', async () => {
    writeFileSync(join(f.content, 'lexicons', 'toxicity.json'), JSON.stringify([{ term: 'x', category: 'nonsense', severity: 2 }]));
    try {
      const r = await runCli('rules', 'pack', f.content, '--key', f.keyFile, '--out', join(f.dir, 'never.zip'), '--name', 'x', '--pack-version', '1.0.0');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/refused \(bad_content\): .*lexicons\/toxicity.json: 0.category/);
    } finally {
      writeFileSync(join(f.content, 'lexicons', 'toxicity.json'), JSON.stringify([{ term: 'gobbledygook brain', category: 'insult', severity: 0.9 }]));
    }
  });

  it('an installed pack changed on disk is refused when loaded at start', async () => {
    const state = join(f.dir, 'state-disk');
    const pack = await verifyPackFile(good, trusted);
    const { dir } = await installPack(pack, state);
    writeFileSync(join(dir, 'rules', 'denylist.yaml'), 'terms: []\n');
    const e = await refusal(loadActivePack(state, trusted, '0.1.0'));
    expect(e.code).toBe('tampered');
    const none = await refusal(loadActivePack(state, undefined, '0.1.0'));
    expect(none.message).toMatch(/acme-rules@1\.2\.0 is installed but no trusted keys are configured/);
  });
});
