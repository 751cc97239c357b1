import { describe, expect, it } from 'vitest';
import { formatIssue, PolicyError } from '../../src/core/errors.js';
import { parsePolicy, policySchemaJson } from '../../src/warden.js';
import { windowMs } from '../../src/tools/policy-schema.js';

function issues(yaml: string): string[] {
  try {
    parsePolicy(yaml, 'warden.yaml');
  } catch (e) {
    if (e instanceof PolicyError) return e.issues.map(formatIssue);
    throw e;
  }
  return [];
}

describe('the tools: policy section', () => {
  it('reports every error with file:line:column, in the base and in overlays', () => {
    const found = issues(`version: 1
tools:
  refund:
    conditions:
      Big:
        when: args.amount >
        action: block
        reason: x
    args_schema: { type: objekt }
  "bad name!": {}
  fetch:
    harden:
      url: { kind: url, schemes: [ftp] }
    limits:
      rate: [{ per: everyone, max: 1, window: 1w }]
tenants:
  acme:
    tools:
      refund: { unknown_key: 1 }
`);
    expect(found).toEqual([
      'warden.yaml:5:7: tools.refund.conditions.Big: invalid name "Big": expected a lower-case name such as "large-refund"',
      'warden.yaml:6:15: tools.refund.conditions.Big.when: invalid CEL expression: at 1:13: found > but expecting end of input',
      'warden.yaml:7:17: tools.refund.conditions.Big.action: expected one of "allow", "deny", "require_approval", got "block"',
      'warden.yaml:9:18: tools.refund.args_schema: invalid JSON Schema: the arguments schema must have "type: object"',
      'warden.yaml:10:3: tools["bad name!"]: invalid name "bad name!": expected a tool name (letters, digits, "_", "-", ".", ":", at most 64)',
      'warden.yaml:13:35: tools.fetch.harden.url.schemes[0]: expected one of "http", "https", got "ftp"',
      'warden.yaml:15:21: tools.fetch.limits.rate[0].per: expected one of "key", "user", "tenant", "tool", got "everyone"',
      'warden.yaml:15:47: tools.fetch.limits.rate[0].window: expected a window such as "30s", "1m", "1h" or "1d", got "1w"',
      'warden.yaml:19:17: tenants.acme.tools.refund.unknown_key: unknown key "unknown_key"; expected one of: enabled, allow, args_schema, max_argument_bytes, max_depth, harden, conditions, default, limits',
    ]);
  });

  it('rejects a JSON Schema ajv cannot compile', () => {
    expect(issues('tools:\n  t:\n    args_schema: { type: object, properties: { a: { type: strin } } }\n')).toEqual([
      expect.stringMatching(/^warden\.yaml:3:18: tools\.t\.args_schema: invalid JSON Schema: schema is invalid/),
    ]);
  });

  it('accepts a valid section and keeps it in the document for the overlays', () => {
    const p = parsePolicy('tools:\n  t: { default: require_approval }\ntenants:\n  a:\n    tools:\n      t: { enabled: false }\n');
    expect(p.document).toMatchObject({ tools: { t: { default: 'require_approval' } }, tenants: { a: { tools: { t: { enabled: false } } } } });
  });

  it('is part of the editor JSON Schema, top level and in overlays', () => {
    const json = policySchemaJson() as { properties: Record<string, { additionalProperties?: { properties?: Record<string, unknown> } }> };
    expect(Object.keys(json.properties['tools']?.additionalProperties?.properties ?? {})).toEqual(
      expect.arrayContaining(['allow', 'args_schema', 'harden', 'conditions', 'default', 'limits']),
    );
    expect(JSON.stringify(json.properties['tenants'])).toContain('"args_schema"');
  });

  it('reads windows', () => {
    expect([windowMs('30s'), windowMs('1m'), windowMs('2h'), windowMs('1d')]).toEqual([30_000, 60_000, 7_200_000, 86_400_000]);
  });
});
