import { describe, expect, it } from 'vitest';
import { PolicyError } from '../../src/core/errors.js';
import { gatewayConfigFromObject, trialConfig } from '../../src/gateway/config.js';
import { jsonDepthExceeds, parseJsonBody } from '../../src/gateway/routes/body.js';

describe('gateway config', () => {
  it('applies defaults', () => {
    const { gateway } = gatewayConfigFromObject({ extends: 'default' });
    expect(gateway).toMatchObject({ host: '127.0.0.1', port: 8787, data_dir: './data', stream: { holdback_chars: 256 }, upstreams: { demo: { type: 'demo' } } });
  });

  it('rejects a model alias pointing at an unknown upstream, naming the key', () => {
    const bad = () => gatewayConfigFromObject({ gateway: { models: { fast: { upstream: 'nope', model: 'x' } } } });
    expect(bad).toThrow(PolicyError);
    expect(bad).toThrow(/gateway\.models\.fast\.upstream: unknown upstream "nope"/);
  });

  it('rejects unknown keys and bad upstream types', () => {
    expect(() => gatewayConfigFromObject({ gateway: { prot: 1 } })).toThrow(PolicyError);
    expect(() => gatewayConfigFromObject({ gateway: { upstreams: { x: { type: 'grpc' } } } })).toThrow(PolicyError);
    expect(() => gatewayConfigFromObject({ gateway: { routing: [{ when: { rules: ['pii/*'] } }] } })).toThrow(/exactly one of upstream or action/);
  });

  it('takes extra request fields and content types by name only', () => {
    const { gateway } = gatewayConfigFromObject({ gateway: { allow_request_fields: ['chat_template_kwargs'], allow_content_types: ['video_url'] } });
    expect(gateway).toMatchObject({ allow_request_fields: ['chat_template_kwargs'], allow_content_types: ['video_url'] });
    expect(gatewayConfigFromObject({}).gateway).toMatchObject({ allow_request_fields: [], allow_content_types: [] });
    const bad = () => gatewayConfigFromObject({ gateway: { allow_request_fields: ['messages.*'] } });
    expect(bad).toThrow(PolicyError);
    expect(bad).toThrow(/expected a field or type name/);
  });

  it('builds the zero-config trial from an upstream URL and preset', () => {
    const { gateway } = trialConfig('http://localhost:11434/v1', 'default');
    expect(gateway.default_upstream).toBe('upstream');
    expect(gateway.upstreams.upstream).toMatchObject({ type: 'openai-compatible', base_url: 'http://localhost:11434/v1', api_key_env: 'WARDEN_UPSTREAM_API_KEY' });
  });
});

describe('jsonDepthExceeds', () => {
  it('counts nesting outside strings only', () => {
    expect(jsonDepthExceeds('[[[1]]]', 3)).toBe(false);
    expect(jsonDepthExceeds('[[[[1]]]]', 3)).toBe(true);
    expect(jsonDepthExceeds('{"a":"[[[[[[\\"[[[["}', 2)).toBe(false);
  });
});

describe('parseJsonBody', () => {
  it('drops __proto__ keys', () => {
    const v = parseJsonBody(Buffer.from('{"a":1,"__proto__":{"polluted":true},"b":{"__proto__":{"x":1}}}'), 10) as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['a', 'b']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
