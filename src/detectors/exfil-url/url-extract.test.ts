import { describe, expect, it } from 'vitest';
import { looksEncodedText, parseTarget, compileAllowList, isAllowedHost } from './url-analysis.js';
import { decodeEntities, extractUrls, trimBareUrl } from './url-extract.js';

describe('url extraction', () => {
  it('labels each construct with its context', () => {
    const text = [
      '![i](https://a.example/i.png)',
      '[l](https://b.example/l)',
      '<img src="https://c.example/c.png">',
      '<a href="https://d.example/">d</a>',
      'bare https://e.example/e.',
      '![r][ref]',
      '[ref]: https://f.example/f.png',
    ].join('\n');
    const got = extractUrls(text).map((c) => [c.context, c.raw]);
    expect(got).toEqual([
      ['markdown-image', 'https://a.example/i.png'],
      ['markdown-link', 'https://b.example/l'],
      ['markdown-image', 'https://f.example/f.png'],
      ['html-loading', 'https://c.example/c.png'],
      ['html-link', 'https://d.example/'],
      ['bare', 'https://e.example/e'],
    ]);
  });

  it('trims sentence punctuation and unbalanced brackets from bare URLs', () => {
    expect(trimBareUrl('https://x.example/a).')).toBe('https://x.example/a');
    expect(trimBareUrl('https://x.example/wiki/A_(b)')).toBe('https://x.example/wiki/A_(b)');
    expect(trimBareUrl('https://x.example/?q={data}')).toBe('https://x.example/?q={data}');
  });

  it('decodes HTML character references', () => {
    expect(decodeEntities('&#104;ttps&colon;&sol;&#x2F;x.example')).toBe('https://x.example');
    expect(decodeEntities('&bogus; &#0;')).toBe('&bogus; &#0;');
  });
});

describe('url analysis', () => {
  it('resolves targets like a browser', () => {
    expect(parseTarget('//x.example/a')).toMatchObject({ kind: 'web', host: 'x.example' });
    expect(parseTarget('www.x.example')).toMatchObject({ kind: 'web', host: 'www.x.example' });
    expect(parseTarget('JavaScript:alert(1)')).toEqual({ kind: 'script', scheme: 'javascript' });
    expect(parseTarget('data:text/html,hi')).toEqual({ kind: 'data' });
    expect(parseTarget('mailto:a@b.example').kind).toBe('other');
    expect(parseTarget('images/a.png').kind).toBe('other');
    expect(parseTarget('https://[::1')).toEqual({ kind: 'other' });
  });

  it('matches allow-listed domains and subdomains only', () => {
    const allow = compileAllowList(['Example.COM', '*.cdn.example.net', 'münchen.de']);
    expect(allow).toEqual(['example.com', 'cdn.example.net', 'xn--mnchen-3ya.de']);
    expect(isAllowedHost('img.example.com', allow)).toBe(true);
    expect(isAllowedHost('badexample.com', allow)).toBe(false);
    expect(isAllowedHost('xn--mnchen-3ya.de', allow)).toBe(true);
  });

  it('tells encoded text from random identifiers', () => {
    expect(looksEncodedText(Buffer.from('the password is hunter2').toString('base64'))).toBe(true);
    expect(looksEncodedText(Buffer.from('the password is hunter2').toString('hex'))).toBe(true);
    expect(looksEncodedText('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toBe(false);
    expect(looksEncodedText('dQw4w9WgXcQ')).toBe(false);
    expect(looksEncodedText('1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcd')).toBe(false);
  });
});
