/**
 * remote-classifier: asks an HTTP classifier service about the text. It POSTs `{"text", "stage"}` as JSON to
 * `url` and expects `{"score": 0..1, "label"?: string}` back; the score is judged against the threshold like
 * any detector's, as rule `remote-classifier/<label>` (`remote-classifier/<rule>` without a label).
 */
import { z } from 'zod';
import type { Guard } from '../spec/guard.js';
import type { RawFinding } from '../spec/types.js';

const LABEL = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const shape = {
  url: z.url({ protocol: /^https?$/ }).optional().describe('Classifier endpoint (http or https); required when the guard is enabled'),
  api_key_env: z.string().min(1).optional().describe('Environment variable holding a bearer token sent as Authorization'),
  rule: z.string().regex(LABEL).default('flagged').describe('Rule name when the answer has no label'),
};

const answerSchema = z.object({
  score: z.number().min(0).max(1),
  label: z.string().regex(LABEL).optional(),
});

/** Longest answer body read; a classifier verdict is a few dozen bytes. */
const MAX_ANSWER_BYTES = 64 * 1024;

export const remoteClassifier: Guard<typeof shape> = {
  id: 'remote-classifier',
  stages: ['input'],
  description: 'Scores the text with an HTTP classifier service (POST {text, stage} -> {score, label})',
  options: z.object(shape),
  timeoutMs: 2000,
  async scan(text, ctx, signal): Promise<RawFinding[]> {
    const { url, api_key_env: keyEnv, rule = 'flagged' } = ctx.settings.options;
    if (url === undefined) throw new Error('no url configured (guards.remote-classifier.url)');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (keyEnv !== undefined) {
      const key = process.env[keyEnv];
      if (key === undefined || key === '') throw new Error(`environment variable ${keyEnv} (api_key_env) is not set`);
      headers.authorization = `Bearer ${key}`;
    }
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ text, stage: ctx.stage }), signal });
    if (!res.ok) throw new Error(`classifier answered HTTP ${res.status}`);
    if (Number(res.headers.get('content-length') ?? 0) > MAX_ANSWER_BYTES) throw new Error(`classifier answer exceeds ${MAX_ANSWER_BYTES} bytes`);
    const body = await res.text();
    if (body.length > MAX_ANSWER_BYTES) throw new Error(`classifier answer exceeds ${MAX_ANSWER_BYTES} bytes`);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new Error('classifier answer is not JSON');
    }
    const answer = answerSchema.safeParse(json);
    if (!answer.success) throw new Error('classifier answer is not {"score": 0..1, "label"?: string}');
    const label = answer.data.label ?? rule;
    return [
      {
        ruleId: `remote-classifier/${label}`,
        score: answer.data.score,
        spans: [],
        message: `Remote classifier scored the text ${answer.data.score.toFixed(2)} for ${label}`,
        redactable: false,
      },
    ];
  },
};
