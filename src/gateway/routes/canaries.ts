/**
 * Per-request canary tokens. A client that plants a fresh canary in its system prompt (createCanary) names
 * it here, so the output scan catches the prompt leaking in any form the canary-token detector knows.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MAX_TOKEN_CHARS, MIN_TOKEN_CHARS } from '../../detectors/canary-token.js';
import { GatewayError } from '../errors.js';

export const CANARY_HEADER = 'x-warden-canary';
const MAX_CANARIES = 8;

export const requestCanariesSchema = z.array(z.string().min(MIN_TOKEN_CHARS).max(MAX_TOKEN_CHARS)).max(MAX_CANARIES);

/** The comma-separated tokens of the `x-warden-canary` header; a malformed header is refused, never ignored. */
export function canaryHeader(req: FastifyRequest): string[] | undefined {
  const raw = req.headers[CANARY_HEADER];
  if (raw === undefined) return undefined;
  const tokens = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split(',')).map((t) => t.trim()).filter((t) => t.length > 0);
  const parsed = requestCanariesSchema.safeParse(tokens);
  if (!parsed.success) {
    throw new GatewayError(
      'invalid_request',
      `Invalid ${CANARY_HEADER} header: give at most ${MAX_CANARIES} comma-separated tokens of ${MIN_TOKEN_CHARS} to ${MAX_TOKEN_CHARS} characters.`,
    );
  }
  return parsed.data;
}
