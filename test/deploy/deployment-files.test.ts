/**
 * The Dockerfile, compose file and Kubernetes manifests cannot run here; this keeps them consistent with the
 * tested configuration: the YAML parses, the gateway config in each validates, every env var the config names is
 * provided to the container, the config and data paths match the image, and the container runs non-root with a
 * read-only root filesystem.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { parseGatewayConfig } from '../../src/gateway/config.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});

/** The env vars a gateway config reads: the *_env settings, and PGPASSWORD for a store URL without a password. */
function envNamesOf(yamlText: string, file: string): string[] {
  const { gateway } = parseGatewayConfig(yamlText, file);
  const names = [gateway.admin.token_env, gateway.audit.hmac_key_env, 'WARDEN_KEY_PEPPER'];
  for (const u of Object.values(gateway.upstreams)) if ('api_key_env' in u) names.push(u.api_key_env);
  if (gateway.store !== undefined && new URL(gateway.store).password === '') names.push('PGPASSWORD');
  expect(gateway.store).toMatch(/^postgres:\/\//);
  expect(gateway.cache?.url).toMatch(/^redis:\/\//);
  return names.filter((n): n is string => n !== undefined);
}

describe('deployment files', () => {
  const dockerfile = read('Dockerfile');
  const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];

  it('the image runs as a non-root user with /data as its volume and the config at /etc/warden/warden.yaml', () => {
    expect(dockerfile).toMatch(/^USER 1000:1000$/m);
    expect(dockerfile).toMatch(/^VOLUME \["\/data"\]$/m);
    const args = JSON.parse(cmd ?? '[]') as string[];
    expect(args).toEqual(expect.arrayContaining(['serve', '--config', '/etc/warden/warden.yaml', '--data-dir', '/data']));
  });

  it('compose: two gateways, PostgreSQL and Redis; read-only, non-root, every env var the config reads is set', () => {
    const compose = obj(parse(read('deploy/compose/docker-compose.yml'), { merge: true }));
    const services = obj(compose['services']);
    expect(Object.keys(services).sort()).toEqual(['gateway-a', 'gateway-b', 'postgres', 'redis']);
    const needed = envNamesOf(read('deploy/compose/warden.yaml'), 'deploy/compose/warden.yaml');
    for (const name of ['gateway-a', 'gateway-b']) {
      const g = obj(services[name]);
      expect(g['read_only']).toBe(true);
      expect(g['user']).toBe('1000:1000');
      expect(Object.keys(obj(g['environment']))).toEqual(expect.arrayContaining(needed));
      expect(g['volumes']).toEqual(expect.arrayContaining(['./warden.yaml:/etc/warden/warden.yaml:ro', expect.stringMatching(/^data-[ab]:\/data$/)]));
    }
    const pgEnv = obj(obj(services['postgres'])['environment']);
    const store = new URL(parseGatewayConfig(read('deploy/compose/warden.yaml'), 'x').gateway.store ?? '');
    expect([store.username, store.pathname.slice(1), store.hostname]).toEqual([pgEnv['POSTGRES_USER'], pgEnv['POSTGRES_DB'], 'postgres']);
  });

  it('kubernetes: the ConfigMap config validates, the secret provides every env var it reads, the pod is locked down', () => {
    const docs = ['configmap.yaml', 'secret.example.yaml', 'statefulset.yaml', 'service.yaml'].flatMap((f) =>
      parseAllDocuments(read(`deploy/k8s/${f}`)).map((d) => obj(d.toJS())),
    );
    const byKind = (kind: string) => docs.find((d) => d['kind'] === kind) ?? {};
    const config = String(obj(byKind('ConfigMap')['data'])['warden.yaml']);
    const needed = envNamesOf(config, 'deploy/k8s/configmap.yaml');
    expect(Object.keys(obj(byKind('Secret')['stringData']))).toEqual(expect.arrayContaining(needed));
    const pod = obj(obj(obj(byKind('StatefulSet')['spec'])['template'])['spec']);
    expect(obj(pod['securityContext'])).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    const container = obj((pod['containers'] as unknown[])[0]);
    expect(obj(container['securityContext'])).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(container['args']).toEqual(JSON.parse(cmd ?? '[]'));
    const mounts = (container['volumeMounts'] as Obj[]).map((m) => m['mountPath']);
    expect(mounts).toEqual(expect.arrayContaining(['/etc/warden', '/data', '/tmp']));
  });
});
