/** `warden model keygen|sign|verify|scan`: model artifact signing, verification and unsafe-format scanning. */
import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { buildManifest, generateSigningKeys, signManifest, verifyManifest, type SignedManifest } from '../../assurance/manifest.js';
import { scanModelPath, type FileScan } from '../../assurance/model-scan.js';
import { EXIT, type RegisterCommand } from '../command.js';
import { err, out, printJson } from '../io.js';

/** The manifest's own path relative to DIR when it lives inside it, so signing does not hash itself. */
function selfExclusion(dir: string, manifest: string): Set<string> {
  const rel = relative(resolve(dir), resolve(manifest));
  return rel.startsWith('..') || rel === '' ? new Set() : new Set([rel.split(sep).join('/')]);
}

function readSigned(path: string): SignedManifest {
  const v = JSON.parse(readFileSync(path, 'utf8')) as Partial<SignedManifest>;
  if (typeof v.signature !== 'string' || typeof v.manifest !== 'object' || v.manifest === null || typeof v.manifest.files !== 'object') {
    throw new Error(`${path}: not a signed Warden model manifest (expected {manifest: {files}, signature, keyId})`);
  }
  return v as SignedManifest;
}

function printScan(files: FileScan[], strict: boolean): boolean {
  let failed = false;
  for (const f of files) {
    if (f.verdict === 'skipped') continue;
    const bad = f.verdict === 'dangerous' || f.verdict === 'unreadable' || (strict && f.verdict === 'warning');
    failed ||= bad;
    out(`${f.verdict.toUpperCase().padEnd(10)} ${f.path} (${f.format})`);
    for (const i of f.imports) if (i.verdict !== 'safe') out(`  ${i.verdict} import ${i.module}.${i.name} via ${i.opcode} at offset ${i.offset}`);
    for (const p of f.problems) out(`  ${p}`);
  }
  const counted = files.filter((f) => f.verdict !== 'skipped');
  out(`${counted.length} model file(s) scanned, ${files.length - counted.length} skipped (not a model format); ${failed ? 'FAILED' : 'passed'}`);
  return failed;
}

export const registerModel: RegisterCommand = (program: Command, setCode) => {
  const model = program.command('model').description('model artifacts: signed manifests and unsafe-deserialization scanning');

  model
    .command('keygen')
    .description('create an ed25519 key pair for signing model manifests')
    .requiredOption('--out <prefix>', 'writes PREFIX.key (private, 0600) and PREFIX.pub')
    .action((opts: { out: string }) => {
      const k = generateSigningKeys();
      writeFileSync(`${opts.out}.key`, k.privateKeyPem, { mode: 0o600, flag: 'wx' });
      writeFileSync(`${opts.out}.pub`, k.publicKeyPem, { flag: 'wx' });
      out(`key id ${k.keyId}: private key ${opts.out}.key, public key ${opts.out}.pub`);
    });

  model
    .command('sign')
    .description('hash every file under DIR and sign the manifest')
    .argument('<dir>', 'model directory')
    .requiredOption('--key <file>', 'ed25519 private key (PEM)')
    .option('--manifest <file>', 'where to write the signed manifest', '')
    .action(async (dir: string, opts: { key: string; manifest: string }) => {
      const path = opts.manifest === '' ? join(dir, 'warden-manifest.json') : opts.manifest;
      const { manifest, refused } = await buildManifest(dir, selfExclusion(dir, path));
      if (refused.length > 0) {
        err(`refusing to sign: not regular files (symlinks, devices): ${refused.join(', ')}`);
        setCode(EXIT.usage);
        return;
      }
      const signed = signManifest(manifest, readFileSync(opts.key, 'utf8'));
      writeFileSync(path, `${JSON.stringify(signed, null, 2)}\n`);
      out(`signed ${Object.keys(manifest.files).length} file(s) with key ${signed.keyId}: ${path}`);
    });

  model
    .command('verify')
    .description('check DIR against a signed manifest: signature, then every file (exit 1 on any difference)')
    .argument('<dir>', 'model directory')
    .requiredOption('--manifest <file>', 'signed manifest')
    .requiredOption('--public-key <file>', "the signer's trusted ed25519 public key (PEM); never taken from the manifest")
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, opts: { manifest: string; publicKey: string; json?: boolean }) => {
      const signed = readSigned(opts.manifest);
      const r = await verifyManifest(dir, signed, readFileSync(opts.publicKey, 'utf8'), selfExclusion(dir, opts.manifest));
      const ok = r.signatureValid && r.changed.length + r.missing.length + r.extra.length + r.refused.length === 0;
      if (opts.json) printJson({ ok, ...r });
      else {
        out(r.signatureValid ? `signature: valid (key ${signed.keyId})` : `signature: INVALID for ${basename(opts.publicKey)} (manifest names key ${signed.keyId})`);
        for (const [label, list] of [['changed', r.changed], ['missing', r.missing], ['extra', r.extra], ['not a regular file', r.refused]] as const) {
          for (const f of list) out(`${label}: ${f}`);
        }
        out(ok ? `verified ${Object.keys(signed.manifest.files).length} file(s)` : 'verification FAILED');
      }
      if (!ok) setCode(EXIT.blocked);
    });

  model
    .command('scan')
    .description('scan pickle, PyTorch, safetensors and GGUF files for code execution on load and malformed headers (exit 1 when anything is flagged)')
    .argument('<path>', 'a model file or directory')
    .option('--strict', 'fail on imports that are neither known-safe nor known-dangerous')
    .option('--json', 'print the findings as JSON')
    .action(async (path: string, opts: { strict?: boolean; json?: boolean }) => {
      const files = await scanModelPath(path);
      const failed = opts.json
        ? files.some((f) => f.verdict === 'dangerous' || f.verdict === 'unreadable' || (opts.strict === true && f.verdict === 'warning'))
        : printScan(files, opts.strict === true);
      if (opts.json) printJson({ failed, files });
      if (failed) setCode(EXIT.blocked);
    });
};
