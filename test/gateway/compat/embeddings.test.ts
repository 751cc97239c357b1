/** Embeddings through Warden with the openai SDK, the AI SDK (`openai.embedding`) and LangChain `OpenAIEmbeddings`. */
import { createOpenAI } from '@ai-sdk/openai';
import { OpenAIEmbeddings } from '@langchain/openai';
import { APICallError, embed, embedMany } from 'ai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { embeddingOf } from '../helpers/fake-provider.js';
import { INJECTION, TEST_KEY, rejectionOf, useCompat } from './setup.js';

const SECRET = 'ghp_Zx8Qw2Lm4Np6Rt8Vb0Cd2Fg4Hj6Kl8Mn0Pq2';

const s = useCompat();

const DOCS = ['Warden scans every request.', 'Vectors come back unchanged.'];

describe('openai SDK embeddings through Warden', () => {
  it('returns the vectors, model and usage the provider sent, in the SDK default base64 and in floats', async () => {
    const mine = await s.direct.embeddings.create({ model: 'fake-model', input: DOCS });
    const theirs = await s.warden.embeddings.create({ model: 'gpt-rich', input: DOCS });
    expect(s.c.provider.requests.map((r) => [r.path, r.body.encoding_format])).toEqual([
      ['/v1/embeddings', 'base64'],
      ['/v1/embeddings', 'base64'],
    ]);
    expect(theirs).toEqual(mine);
    expect(theirs.data[1]?.embedding).toEqual(embeddingOf(DOCS[1] ?? '', 8));
    const floats = await s.warden.embeddings.create({ model: 'gpt-rich', input: 'one', encoding_format: 'float', dimensions: 16 });
    expect(floats.data[0]?.embedding).toEqual(embeddingOf('one', 16));
  });

  it('embeds the redacted text when the policy redacts a secret', async () => {
    const r = await s.warden.embeddings.create({ model: 'gpt-rich', input: `token ${SECRET} leaked` });
    const sent = s.c.provider.requests[0]?.body.input;
    expect(JSON.stringify(sent)).not.toContain(SECRET);
    expect(r.data).toHaveLength(1);
  });

  it('surfaces a blocked input as BadRequestError with code content_filter, the provider not called', async () => {
    const err = await rejectionOf(s.warden.embeddings.create({ model: 'gpt-rich', input: ['fine', INJECTION] }));
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err).toMatchObject({ status: 400, code: 'content_filter' });
    expect(s.c.provider.requests).toHaveLength(0);
  });

  it('refuses a model on an Anthropic upstream with a 400 naming the model', async () => {
    const err = await rejectionOf(s.warden.embeddings.create({ model: 'claude-rich', input: 'x' }));
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err).toMatchObject({ param: 'model' });
  });
});

describe('AI SDK embed / embedMany through Warden', () => {
  it('returns the provider vectors for one value and for many', async () => {
    const openai = createOpenAI({ baseURL: `${s.c.gw.url}/v1`, apiKey: TEST_KEY });
    const one = await embed({ model: openai.embedding('gpt-rich'), value: 'alpha', maxRetries: 0 });
    expect(one.embedding).toEqual(embeddingOf('alpha', 8));
    const many = await embedMany({ model: openai.embedding('gpt-rich'), values: DOCS, maxRetries: 0 });
    expect(many.embeddings).toEqual(DOCS.map((d) => embeddingOf(d, 8)));
    expect(s.c.provider.requests.map((r) => r.path)).toEqual(['/v1/embeddings', '/v1/embeddings']);
  });

  it('surfaces a blocked input as a non-retryable APICallError with status 400', async () => {
    const openai = createOpenAI({ baseURL: `${s.c.gw.url}/v1`, apiKey: TEST_KEY });
    const err = await rejectionOf(embed({ model: openai.embedding('gpt-rich'), value: INJECTION, maxRetries: 0 }));
    expect(APICallError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ statusCode: 400, isRetryable: false });
  });
});

describe('LangChain OpenAIEmbeddings through Warden', () => {
  const embeddings = () => new OpenAIEmbeddings({ model: 'gpt-rich', apiKey: TEST_KEY, maxRetries: 0, configuration: { baseURL: `${s.c.gw.url}/v1` } });

  it('embeds documents and a query', async () => {
    expect(await embeddings().embedDocuments(DOCS)).toEqual(DOCS.map((d) => embeddingOf(d, 8)));
    expect(await embeddings().embedQuery('alpha')).toEqual(embeddingOf('alpha', 8));
    expect(s.c.provider.requests.map((r) => r.path)).toEqual(['/v1/embeddings', '/v1/embeddings']);
  });

  it('surfaces a blocked input as an error with status 400 and code content_filter', async () => {
    const err = await rejectionOf(embeddings().embedQuery(INJECTION));
    expect(err).toMatchObject({ status: 400, code: 'content_filter' });
  });
});
