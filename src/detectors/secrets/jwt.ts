/** JWT plausibility: the header must decode to a JSON object naming an algorithm. */

/** Score for a `header.payload.signature` candidate, or null when the header is not a JWT header. */
export function jwtScore(token: string): number | null {
  const dot = token.indexOf('.');
  if (dot < 0 || dot > 2000) return null;
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof header !== 'object' || header === null || !('alg' in header)) return null;
  const alg = (header as { alg: unknown }).alg;
  if (typeof alg !== 'string') return null;
  const signed = token.length - token.lastIndexOf('.') > 1;
  // Unsigned tokens (alg none) still carry claims but grant nothing by themselves.
  return alg.toLowerCase() === 'none' || !signed ? 0.6 : 0.85;
}
