/**
 * A small but real OpenID Connect provider for tests (Fastify, keys from jose): discovery, JWKS, an authorization
 * endpoint with a sign-in page (one button per test user), and a token endpoint that checks the code (once), the
 * client, the redirect URI and the PKCE S256 verifier before it signs an ID token with the request's nonce.
 * `next` bends the next ID token: signed by a key not in the JWKS, already expired, or with another nonce.
 * It listens on `localhost`, so a gateway on 127.0.0.1 is another site, as a real provider is.
 */
import { createHash, randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export interface TestUser {
  sub: string;
  email: string;
  roles?: string[];
  tenant?: string;
}

export const USERS: Readonly<Record<string, TestUser>> = {
  admin: { sub: 'u-admin', email: 'root@example.test', roles: ['warden-admin'] },
  acme: { sub: 'u-acme', email: 'ops@acme.test', tenant: 'acme' },
  nobody: { sub: 'u-nobody', email: 'guest@example.test' },
};

export interface TokenQuirks {
  /** Sign with a key the JWKS does not hold. */
  rogueKey?: boolean;
  /** Seconds from now to `exp` (negative: already expired). */
  expiresIn?: number;
  /** Put this nonce in the token instead of the request's. */
  nonce?: string;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  /** Quirks of the next ID token only. */
  next: TokenQuirks;
  /** Token requests answered, and why each refused one was refused. */
  tokenRequests: { ok: boolean; error?: string }[];
  close(): Promise<void>;
}

interface Grant {
  user: TestUser;
  redirectUri: string;
  challenge: string;
  nonce: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startTestProvider(opts: { clientId: string; redirectUri: string; clientSecret?: string }): Promise<TestProvider> {
  const good = await generateKeyPair('ES256');
  const rogue = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(good.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
  const grants = new Map<string, Grant>();
  const app = Fastify();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
  // Known once listening; routes read it per request.
  let issuer = '';
  const provider: TestProvider = { issuer, clientId: opts.clientId, next: {}, tokenRequests: [], close: () => app.close() };

  app.get('/.well-known/openid-configuration', async () => ({
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    id_token_signing_alg_values_supported: ['ES256'],
  }));
  app.get('/jwks', async () => ({ keys: [jwk] }));

  // The sign-in page: the authorization request is checked, then carried in hidden fields to the POST.
  app.get('/authorize', async (req, reply) => {
    const q = req.query as Record<string, string>;
    const problem =
      q.response_type !== 'code' ? 'response_type must be code'
      : q.client_id !== opts.clientId ? 'unknown client_id'
      : q.redirect_uri !== opts.redirectUri ? 'redirect_uri is not registered'
      : q.code_challenge_method !== 'S256' || !q.code_challenge ? 'PKCE S256 required'
      : !q.state || !q.nonce ? 'state and nonce required'
      : !(q.scope ?? '').split(' ').includes('openid') ? 'scope must include openid' : undefined;
    if (problem !== undefined) return reply.code(400).type('text/plain').send(problem);
    const hidden = ['redirect_uri', 'state', 'nonce', 'code_challenge'].map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(q[k] ?? '')}">`).join('');
    const buttons = Object.keys(USERS).map((u) => `<button type="submit" name="user" value="${u}">Sign in as ${u}</button>`).join(' ');
    return reply.type('text/html').send(`<!doctype html><title>Test IdP</title><form method="post" action="/authorize">${hidden}${buttons}</form>`);
  });

  app.post('/authorize', async (req, reply) => {
    const b = req.body as Record<string, string>;
    const user = USERS[b.user ?? ''];
    if (user === undefined || b.redirect_uri !== opts.redirectUri) return reply.code(400).send('bad sign-in');
    const code = randomBytes(16).toString('hex');
    grants.set(code, { user, redirectUri: b.redirect_uri, challenge: b.code_challenge ?? '', nonce: b.nonce ?? '' });
    const to = new URL(b.redirect_uri);
    to.searchParams.set('code', code);
    to.searchParams.set('state', b.state ?? '');
    return reply.redirect(to.toString());
  });

  app.post('/token', async (req, reply) => {
    const b = req.body as Record<string, string>;
    const refuse = (error: string) => {
      provider.tokenRequests.push({ ok: false, error });
      return reply.code(400).send({ error });
    };
    let clientId = b.client_id;
    if (opts.clientSecret !== undefined) {
      const [id, secret] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':').map(decodeURIComponent);
      if (secret !== opts.clientSecret) return refuse('invalid_client');
      clientId = id;
    }
    if (clientId !== opts.clientId) return refuse('invalid_client');
    const grant = grants.get(b.code ?? '');
    grants.delete(b.code ?? '');
    if (b.grant_type !== 'authorization_code' || grant === undefined) return refuse('invalid_grant');
    if (b.redirect_uri !== grant.redirectUri) return refuse('invalid_grant');
    if (createHash('sha256').update(b.code_verifier ?? '').digest('base64url') !== grant.challenge) return refuse('invalid_grant');
    const quirks = provider.next;
    provider.next = {};
    const key: CryptoKey = quirks.rogueKey === true ? rogue.privateKey : good.privateKey;
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (quirks.expiresIn ?? 600);
    const { sub, ...claims } = grant.user;
    const idToken = await new SignJWT({ ...claims, nonce: quirks.nonce ?? grant.nonce })
      .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
      .setIssuer(issuer)
      .setAudience(opts.clientId)
      .setSubject(sub)
      .setIssuedAt(Math.min(now, exp - 60))
      .setExpirationTime(exp)
      .sign(key);
    provider.tokenRequests.push({ ok: true });
    return { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 600, id_token: idToken };
  });
  await app.listen({ host: 'localhost', port: 0 });
  const addr = app.server.address();
  issuer = `http://localhost:${typeof addr === 'object' && addr !== null ? addr.port : 0}`;
  provider.issuer = issuer;
  return provider;
}
