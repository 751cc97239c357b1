/** Request input of the admin routes: a zod parse whose failure is the catalogue's `invalid_request`. */
import { z } from 'zod';
import { GatewayError } from './errors.js';

export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new GatewayError('invalid_request', z.prettifyError(r.error));
  return r.data;
}

export const idParams = z.object({ id: z.string().min(1) });
