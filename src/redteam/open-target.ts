/**
 * Opens the targets named on the command line: an OpenAI-compatible URL, an upstream of a gateway config
 * (called directly), or a Warden gateway started in this process from a config on a free port, so one
 * command can attack the same model raw and behind the policy.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGatewayConfig, type LoadedGatewayConfig } from '../gateway/config.js';
import { startGateway } from '../gateway/server.js';
import { DEMO_MODEL } from '../gateway/upstreams/demo.js';
import { configuredTarget, urlTarget, type Target } from './target.js';

export type TargetKind = 'url' | 'upstream' | 'gateway';

export interface TargetSpec {
  label: string;
  kind: TargetKind;
  /** URL, upstream name or config file. */
  value: string;
  model?: string;
  /** Environment variable holding the API key (url targets). */
  apiKeyEnv?: string;
  /** USD per million input and output tokens, for the cost column. */
  price?: { input: number; output: number };
}

export interface OpenTarget {
  target: Target;
  spec: TargetSpec;
  close(): Promise<void>;
}

const KIND = /^(url|upstream|gateway):(.+)$/;

/** `[LABEL=]KIND:VALUE[,model=M][,key-env=VAR][,price=IN/OUT]`; a bare http(s) URL is a url target. */
export function parseTargetSpec(text: string): TargetSpec {
  const [head = '', ...opts] = text.split(',');
  const eq = head.indexOf('=');
  const hasLabel = eq > 0 && /^[\w.-]{1,64}$/.test(head.slice(0, eq));
  const body = hasLabel ? head.slice(eq + 1) : head;
  const m = KIND.exec(body);
  const [kind, value] = m ? [m[1] as TargetKind, m[2] as string] : /^https?:\/\//.test(body) ? ['url' as const, body] : [undefined, ''];
  if (kind === undefined) throw new Error(`cannot read target "${text}"; expected [LABEL=]url:URL, upstream:NAME or gateway:CONFIG.yaml, then ,model=M ,key-env=VAR ,price=IN/OUT`);
  const spec: TargetSpec = { label: hasLabel ? head.slice(0, eq) : body, kind, value };
  for (const o of opts) {
    const [k, v = ''] = o.split('=');
    if (k === 'model' && v !== '') spec.model = v;
    else if (k === 'key-env' && v !== '') spec.apiKeyEnv = v;
    else if (k === 'price' && /^\d+(?:\.\d+)?\/\d+(?:\.\d+)?$/.test(v)) {
      const [i, out] = v.split('/').map(Number);
      spec.price = { input: i as number, output: out as number };
    } else throw new Error(`target "${text}": cannot read option "${o}"; expected model=M, key-env=VAR or price=IN/OUT (USD per million tokens)`);
  }
  return spec;
}

function upstreamModel(cfg: LoadedGatewayConfig, name: string): string | undefined {
  const alias = Object.values(cfg.gateway.models).find((m) => m.upstream === name);
  if (alias?.model !== undefined) return alias.model;
  return cfg.gateway.upstreams[name]?.type === 'demo' ? DEMO_MODEL : undefined;
}

function required(model: string | undefined, spec: TargetSpec): string {
  if (model === undefined) throw new Error(`target "${spec.label}" needs a model: add ,model=NAME (or --model)`);
  return model;
}

export interface OpenContext {
  /** Gateway config for upstream targets. */
  config?: string;
  timeoutMs: number;
}

export async function openTarget(spec: TargetSpec, ctx: OpenContext): Promise<OpenTarget> {
  if (spec.kind === 'url') {
    const apiKey = spec.apiKeyEnv !== undefined ? process.env[spec.apiKeyEnv] : undefined;
    if (spec.apiKeyEnv !== undefined && !apiKey) throw new Error(`target "${spec.label}": environment variable ${spec.apiKeyEnv} is not set`);
    const target = urlTarget({ label: spec.label, baseUrl: spec.value, model: required(spec.model, spec), apiKey, timeoutMs: ctx.timeoutMs });
    return { target, spec, close: () => target.close() };
  }
  if (spec.kind === 'upstream') {
    if (ctx.config === undefined) throw new Error(`target "${spec.label}": upstream targets need --config FILE (the gateway config that defines "${spec.value}")`);
    const cfg = loadGatewayConfig(ctx.config);
    const u = cfg.gateway.upstreams[spec.value];
    if (!u) throw new Error(`${ctx.config}: gateway.upstreams has no "${spec.value}"; it has ${Object.keys(cfg.gateway.upstreams).join(', ') || 'none'}`);
    const target = configuredTarget(spec.label, spec.value, u, required(spec.model ?? upstreamModel(cfg, spec.value), spec));
    return { target, spec, close: () => target.close() };
  }
  const cfg = loadGatewayConfig(spec.value);
  const model = required(spec.model ?? Object.keys(cfg.gateway.models)[0], spec);
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-redteam-'));
  const key = `wk-redteam-${randomBytes(18).toString('base64url')}`;
  const gw = await startGateway(cfg, { host: '127.0.0.1', port: 0, dataDir, openModeKey: key, logger: false });
  const target = urlTarget({ label: spec.label, baseUrl: `${gw.url}/v1`, model, apiKey: key, timeoutMs: ctx.timeoutMs });
  return {
    target,
    spec,
    close: async () => {
      await target.close();
      await gw.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
