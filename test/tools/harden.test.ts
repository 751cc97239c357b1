import { describe, expect, it } from 'vitest';
import { hardeningFailure, valuesAt } from '../../src/tools/harden.js';

describe('argument hardening', () => {
  it('finds values by field path, list items included', () => {
    const args = { files: [{ path: 'a' }, { path: 'b' }], target: { url: 'u' } };
    expect(valuesAt(args, 'files[].path')).toEqual([
      { where: 'files[0].path', value: 'a' },
      { where: 'files[1].path', value: 'b' },
    ]);
    expect(valuesAt(args, 'target.url')).toEqual([{ where: 'target.url', value: 'u' }]);
    expect(valuesAt(args, 'missing.x')).toEqual([]);
    expect(valuesAt({ __proto__: { x: 1 } }, 'x')).toEqual([]);
  });

  const path = { p: { kind: 'path' as const, allow_absolute: false } };
  it.each(['../etc/passwd', 'a/../../b', '..\\windows', '%2e%2e/secret', '%252e%252e%252fsecret', '．．/x', '/etc/passwd', '\\\\server\\share', 'C:\\x', '~/.ssh/id_rsa', 'a\u0000b'])(
    'refuses the path %j',
    (value) => {
      expect(hardeningFailure({ p: value }, path)).toMatch(/^p: /);
    },
  );

  it('allows relative paths, and absolute ones where the policy says so', () => {
    expect(hardeningFailure({ p: 'reports/2026/q1.pdf' }, path)).toBeUndefined();
    expect(hardeningFailure({ p: 'a..b/c' }, path)).toBeUndefined();
    expect(hardeningFailure({ p: '/srv/data/x' }, { p: { kind: 'path', allow_absolute: true } })).toBeUndefined();
    expect(hardeningFailure({ p: '/srv/../etc' }, { p: { kind: 'path', allow_absolute: true } })).toBe('p: path traversal ("..")');
  });

  it.each(['a; rm -rf /', 'a && b', 'a | nc x 1', '$(id)', '`id`', 'a > /etc/x', 'a\nb', '-rf', "it's", '*'])('refuses the shell argument %j', (value) => {
    expect(hardeningFailure({ cmd: value }, { cmd: { kind: 'shell' } })).toMatch(/^cmd: /);
  });

  it('allows plain shell arguments and refuses non-strings in hardened fields', () => {
    expect(hardeningFailure({ cmd: 'report-2026.txt' }, { cmd: { kind: 'shell' } })).toBeUndefined();
    expect(hardeningFailure({ cmd: ['a'] }, { cmd: { kind: 'shell' } })).toBe('cmd: expected a string for a shell field');
    expect(hardeningFailure({ urls: ['https://example.com/', 'http://10.0.0.1/'] }, { 'urls[]': { kind: 'url', schemes: ['http', 'https'] } })).toBe(
      'urls[1]: host 10.0.0.1 is a private, loopback, link-local or reserved address',
    );
  });
});
