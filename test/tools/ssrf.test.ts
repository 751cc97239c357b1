import { describe, expect, it } from 'vitest';
import { urlProblem } from '../../src/tools/ssrf.js';

const open = { schemes: ['http', 'https'] };

describe('SSRF checks on URL arguments (DNS-free)', () => {
  it.each([
    'http://127.0.0.1/',
    'http://0x7f.1/',
    'http://2130706433/',
    'http://017700000001/',
    'http://127.1/',
    'http://127.0.0.1./',
    'http://0/',
    'http://10.1.2.3/',
    'http://172.31.255.255/',
    'http://192.168.0.1/',
    'http://100.100.100.200/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/',
    'http://[::]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[2002:7f00:1::]/',
    'http://[fd00:ec2::254]/',
    'http://[fe80::1]/',
    'http://[ff02::1]/',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://api.localhost/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://printer.local/',
    'http://169.254.169.254.nip.io/',
    'http://224.0.0.1/',
  ])('refuses %s', (url) => {
    expect(urlProblem(url, open)).toMatch(/private|local|metadata/);
  });

  it.each(['https://example.com/a?b=c', 'http://1.1.1.1/', 'http://[2606:4700::1111]/', 'https://sub.example.org./x'])('allows %s', (url) => {
    expect(urlProblem(url, open)).toBeUndefined();
  });

  it('refuses userinfo tricks, other schemes and text that is not a URL', () => {
    expect(urlProblem('https://example.com@127.0.0.1/', open)).toBe('credentials (userinfo) in a URL are not allowed');
    expect(urlProblem('https://trusted.com:443@evil.test/', open)).toBe('credentials (userinfo) in a URL are not allowed');
    expect(urlProblem('file:///etc/passwd', open)).toBe('scheme "file" is not allowed (allowed: http, https)');
    expect(urlProblem('gopher://example.com/', open)).toMatch(/^scheme "gopher"/);
    expect(urlProblem('http://example.com/', { schemes: ['https'] })).toMatch(/^scheme "http"/);
    expect(urlProblem('/relative/path', open)).toBe('not an absolute URL');
  });

  it('applies a domain allowlist to the normalised host (subdomains allowed, look-alikes and IPs not)', () => {
    const rules = { schemes: ['https'], allow_domains: ['example.com'] };
    expect(urlProblem('https://example.com/', rules)).toBeUndefined();
    expect(urlProblem('https://API.Example.com./v1', rules)).toBeUndefined();
    expect(urlProblem('https://example.com.evil.test/', rules)).toBe('host example.com.evil.test is not in the allowed domains');
    expect(urlProblem('https://evilexample.com/', rules)).toBe('host evilexample.com is not in the allowed domains');
    expect(urlProblem('https://93.184.216.34/', rules)).toBe('host 93.184.216.34 is an IP address, not an allowed domain');
  });
});
