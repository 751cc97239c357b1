import { describe, expect, it } from 'vitest';
import { luhn, mod97Valid, validIban, validIpv4, validIpv6, validSsn } from './validators.js';

describe('luhn', () => {
  it('accepts valid card numbers with or without separators', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111 1111 1111 1111')).toBe(true);
    expect(luhn('378282246310005')).toBe(true);
  });
  it('rejects a single changed digit and empty input', () => {
    expect(luhn('4111111111111112')).toBe(false);
    expect(luhn('')).toBe(false);
  });
});

describe('IBAN', () => {
  it('accepts valid IBANs in compact, grouped and lower-case form', () => {
    expect(validIban('GB82WEST12345698765432')).toBe(true);
    expect(validIban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(validIban('de89370400440532013000')).toBe(true);
  });
  it('rejects bad checksums, wrong lengths and unknown countries', () => {
    expect(validIban('GB82WEST12345698765433')).toBe(false);
    expect(validIban('GB82WEST1234569876543')).toBe(false);
    expect(validIban('ZZ82WEST12345698765432')).toBe(false);
  });
  it('mod97 for custom entities works on bare digit strings too', () => {
    expect(mod97Valid('GB82WEST12345698765432')).toBe(true);
    expect(mod97Valid('97')).toBe(false);
  });
});

describe('US SSN', () => {
  it('accepts structurally valid numbers, including post-2011 8xx areas', () => {
    expect(validSsn('123-45-6780')).toBe(true);
    expect(validSsn('887-77-8700')).toBe(true);
  });
  it.each(['000-12-3456', '666-12-3456', '912-12-3456', '123-00-4567', '123-45-0000', '078-05-1120', '111-11-1111', '123-45-678'])(
    'rejects %s',
    (ssn) => expect(validSsn(ssn)).toBe(false),
  );
});

describe('IP addresses', () => {
  it('checks IPv4 octet ranges and leading zeros', () => {
    expect(validIpv4('192.168.1.100')).toBe(true);
    expect(validIpv4('256.1.1.1')).toBe(false);
    expect(validIpv4('01.2.3.4')).toBe(false);
  });
  it('accepts full and compressed IPv6, rejects malformed ones', () => {
    expect(validIpv6('2001:0db8:85a3:0000:0000:8a2e:0370:7334')).toBe(true);
    expect(validIpv6('fe80::1')).toBe(true);
    expect(validIpv6('::ffff:192.0.2.1')).toBe(true);
    expect(validIpv6('1::2::3')).toBe(false);
    expect(validIpv6('12:30:45')).toBe(false);
    expect(validIpv6('1:2:3:4:5:6:7:8:9')).toBe(false);
  });
});
