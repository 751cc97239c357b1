/** `warden rules pack|verify|install|active`: signed rule packs for air-gapped updates (docs/rule-packs.md). */
import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  RulePackError,
  buildPack,
  currentLine,
  installPack,
  loadActivePack,
  loadTrustedKeys,
  trustedKeysFrom,
  verifyPackFile,
  wardenVersion,
  type TrustedKeys,
  type VerifiedPack,
} from '../../assurance/rule-pack/index.js';
import { gatewaySectionSchema } from '../../gateway/config.js';
import { EXIT, type RegisterCommand } from '../command.js';
import { err, out, printJson } from '../io.js';
import { loadCliPolicy } from '../load-policy.js';

interface TrustOptions {
  pubkey?: string;
  trustedKeys?: string;
  config?: string;
}

interface StateDirOptions extends TrustOptions {
  stateDir?: string;
  dataDir?: string;
}

function ruleConfig(opts: { config?: string }): { dataDir: string; dir?: string; trustedKeys?: string } {
  if (opts.config === undefined) return { dataDir: './data' };
  const gateway = gatewaySectionSchema.parse(loadCliPolicy(opts.config).sections['gateway'] ?? {});
  return { dataDir: gateway.data_dir, dir: gateway.rule_packs.dir, trustedKeys: gateway.rule_packs.trusted_keys };
}

function trust(opts: TrustOptions): TrustedKeys {
  if (opts.pubkey !== undefined) return trustedKeysFrom([{ pem: readFileSync(opts.pubkey, 'utf8'), source: opts.pubkey }]);
  const from = opts.trustedKeys ?? ruleConfig(opts).trustedKeys;
  if (from === undefined) throw new RulePackError('no_trusted_keys', 'no trusted key: pass --pubkey FILE or --trusted-keys DIR, or set gateway.rule_packs.trusted_keys in --config');
  return loadTrustedKeys(from);
}

function stateDir(opts: StateDirOptions): string {
  if (opts.stateDir !== undefined) return resolve(opts.stateDir);
  const cfg = ruleConfig(opts);
  return resolve(cfg.dir ?? join(opts.dataDir ?? cfg.dataDir, 'rule-packs'));
}

function describe(pack: VerifiedPack): string {
  const kinds = Object.keys(pack.manifest.files).join(', ');
  return `${pack.manifest.name}@${pack.manifest.version} (digest ${pack.digest.slice(0, 16)}, key ${pack.keyId}, Warden ${pack.manifest.warden}): ${kinds}`;
}

/** Runs `fn`; a refused pack is exit 1 with its reason, anything else propagates (exit 2 from main). */
async function refusing(setCode: (code: number) => void, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (!(e instanceof RulePackError)) throw e;
    err(`refused (${e.code}): ${e.message}`);
    setCode(e.code === 'no_trusted_keys' ? EXIT.usage : EXIT.blocked);
  }
}

const withTrust = (cmd: Command): Command =>
  cmd
    .option('--pubkey <file>', "the signer's trusted ed25519 public key (PEM)")
    .option('--trusted-keys <path>', 'a directory of trusted public keys (*.pub, *.pem) or one key file')
    .option('-c, --config <file>', 'warden.yaml whose gateway.rule_packs names the trusted keys and the state directory');

export const registerRules: RegisterCommand = (program: Command, setCode) => {
  const rules = program.command('rules').description('signed rule packs: detection rules, lexicons and model weights for air-gapped updates');

  rules
    .command('pack')
    .description('sign the content files under DIR into a rule pack (keys: `warden model keygen`)')
    .argument('<dir>', 'directory of content files: models/*.json, rules/denylist.yaml, lexicons/toxicity.json')
    .requiredOption('--key <file>', 'ed25519 private key (PEM)')
    .requiredOption('--out <file>', 'the pack to write (.zip)')
    .requiredOption('--name <name>', 'pack name, e.g. acme-rules')
    .requiredOption('--pack-version <x.y.z>', 'pack version')
    .option('--warden <range>', `Warden versions the pack is built for (default: this release line, ${currentLine(wardenVersion())})`)
    .action((dir: string, opts: { key: string; out: string; name: string; packVersion: string; warden?: string }) =>
      refusing(setCode, async () => {
        const built = await buildPack(dir, { name: opts.name, version: opts.packVersion, warden: opts.warden ?? currentLine(wardenVersion()) }, readFileSync(opts.key, 'utf8'));
        writeFileSync(opts.out, built.archive, { flag: 'wx' });
        out(`packed ${Object.keys(built.manifest.files).length} file(s) as ${opts.name}@${opts.packVersion} (digest ${built.digest.slice(0, 16)}), signed with key ${built.keyId}: ${opts.out}`);
      }),
    );

  withTrust(rules.command('verify'))
    .description('check a pack: archive safety, signature by a trusted key, compatibility, every file hash, content (exit 1 when refused)')
    .argument('<file>', 'rule pack (.zip)')
    .option('--json', 'print the result as JSON')
    .action((file: string, opts: TrustOptions & { json?: boolean }) =>
      refusing(setCode, async () => {
        const pack = await verifyPackFile(file, trust(opts));
        if (opts.json) printJson({ ok: true, name: pack.manifest.name, version: pack.manifest.version, digest: pack.digest, keyId: pack.keyId, warden: pack.manifest.warden, files: pack.manifest.files });
        else out(`verified ${describe(pack)}`);
      }),
    );

  withTrust(rules.command('install'))
    .description('verify a pack, then install it atomically and make it the active pack (the gateway loads it at start)')
    .argument('<file>', 'rule pack (.zip)')
    .option('--state-dir <dir>', 'where packs are installed (default: gateway.rule_packs.dir, else <data dir>/rule-packs)')
    .option('-d, --data-dir <dir>', 'gateway data directory (default: gateway.data_dir of --config, else ./data)')
    .action((file: string, opts: StateDirOptions) =>
      refusing(setCode, async () => {
        const pack = await verifyPackFile(file, trust(opts));
        const { dir } = await installPack(pack, stateDir(opts));
        out(`installed ${describe(pack)}: ${dir} is now active; restart the gateway to load it`);
      }),
    );

  withTrust(rules.command('active'))
    .description('show the active pack, verified again as the gateway would at start')
    .option('--state-dir <dir>', 'where packs are installed (default: gateway.rule_packs.dir, else <data dir>/rule-packs)')
    .option('-d, --data-dir <dir>', 'gateway data directory (default: gateway.data_dir of --config, else ./data)')
    .action((opts: StateDirOptions) =>
      refusing(setCode, async () => {
        const pack = await loadActivePack(stateDir(opts), trust(opts), wardenVersion());
        out(pack === undefined ? `no rule pack installed in ${stateDir(opts)}: the built-in rules are active` : `active: ${describe(pack)}`);
      }),
    );
};
