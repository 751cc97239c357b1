import { describe, expect, it } from 'vitest';
import type { DetectorContext } from '../spec/types.js';
import { findSecrets, secrets } from './secrets.js';
import { shannonEntropy } from './secrets/entropy.js';

type Options = Parameters<typeof secrets.scan>[1]['settings']['options'];

function ctx(raw: Record<string, unknown> = {}): DetectorContext<Options> {
  return { stage: 'input', settings: { threshold: 0.5, options: secrets.options.parse(raw) }, request: {} };
}

/** [ruleId, matched text] for findings at or above 0.5. */
function found(text: string, raw: Record<string, unknown> = {}): Array<[string, string]> {
  return secrets
    .scan(text, ctx(raw))
    .filter((f) => f.score >= 0.5)
    .map((f) => [f.ruleId, text.slice(f.spans[0]?.start, f.spans[0]?.end)]);
}

// Fake keys are assembled at run time so the repository never contains a scanner-tripping literal.
const b64url = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const FAKE = {
  awsId: 'AKIA' + 'IOSFODNN7EXAMPLE',
  awsSecret: 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYEXAMPLEKEY',
  github: 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
  githubPat: 'github_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQR',
  openai: 'sk-proj-' + 'abcDEF123456ghiJKL789012mnoPQR345678stuVWX',
  openaiLegacy: 'sk-' + 'Ab1Cd2Ef3Gh4Ij5Kl6Mn' + 'T3BlbkFJ' + 'Op7Qr8St9Uv0Wx1Yz2Ab',
  anthropic: 'sk-ant-api03-' + 'Zx8vN2mQ4rT6yU1iO3pA5sD7fG9hJ0kL_Zx8vN2mQ4rT6yU1iO3pA5sD7f-AA',
  slack: 'xoxb-' + '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  slackHook: 'https://hooks.slack.com/services/' + 'T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
  stripe: 'sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc',
  stripePk: 'pk_live_' + '4eC39HqLyjWDarjtT1zdp7dc',
  google: 'AIza' + 'SyA1234567890abcdefghijklmnopqrstuv',
  jwt: `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '1234567890', name: 'Jo' })}.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c`,
  gitlab: 'glpat-' + 'x7Yz9AbC2dEf4GhI6jKl',
  npm: 'npm_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
  huggingFace: 'hf_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7',
  sendgrid: 'SG.' + 'a1B2c3D4e5F6g7H8i9J0k1' + '.' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V',
  azureKey: 'a1B2c3D4e5F6g7H8i9J0'.repeat(4) + 'k1L2m3' + '==',
  pem: ['-----BEGIN RSA PRIVATE', 'KEY-----\nMIIEpAIBAAKCAQEAx3Vd\n-----END RSA PRIVATE', 'KEY-----'].join(' '),
};

describe('secrets: true positives', () => {
  it.each([
    ['aws access key id', `export AWS_ACCESS_KEY_ID=${FAKE.awsId}`, 'secrets/aws-access-key', FAKE.awsId],
    ['aws secret key', `aws_secret_access_key = ${FAKE.awsSecret}`, 'secrets/aws-secret-key', FAKE.awsSecret],
    ['github classic token', `token: ${FAKE.github}`, 'secrets/github-token', FAKE.github],
    ['github fine-grained token', `use ${FAKE.githubPat}`, 'secrets/github-token', FAKE.githubPat],
    ['openai project key', `OPENAI_API_KEY=${FAKE.openai}`, 'secrets/openai-key', FAKE.openai],
    ['openai legacy key', `key ${FAKE.openaiLegacy}`, 'secrets/openai-key', FAKE.openaiLegacy],
    ['anthropic key', `ANTHROPIC_API_KEY="${FAKE.anthropic}"`, 'secrets/anthropic-key', FAKE.anthropic],
    ['slack token', `slack ${FAKE.slack}`, 'secrets/slack-token', FAKE.slack],
    ['slack webhook', `post to ${FAKE.slackHook}`, 'secrets/slack-webhook', FAKE.slackHook],
    ['stripe live key', `stripe.api_key = "${FAKE.stripe}"`, 'secrets/stripe-key', FAKE.stripe],
    ['google api key', `?key=${FAKE.google}&q=x`, 'secrets/google-api-key', FAKE.google],
    ['gitlab token', `GITLAB_TOKEN=${FAKE.gitlab}`, 'secrets/gitlab-token', FAKE.gitlab],
    ['npm token', `//registry.npmjs.org/:_authToken=${FAKE.npm}`, 'secrets/npm-token', FAKE.npm],
    ['hugging face token', `HF_TOKEN=${FAKE.huggingFace}`, 'secrets/huggingface-token', FAKE.huggingFace],
    ['sendgrid key', `sendgrid ${FAKE.sendgrid}`, 'secrets/sendgrid-key', FAKE.sendgrid],
    ['azure storage key', `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${FAKE.azureKey};EndpointSuffix=core.windows.net`, 'secrets/connection-string', FAKE.azureKey],
    ['jwt', `Authorization: Bearer ${FAKE.jwt}`, 'secrets/jwt', FAKE.jwt],
    ['pem private key', `here:\n${FAKE.pem}\n`, 'secrets/private-key', FAKE.pem],
    ['postgres url', 'DATABASE_URL=postgres://app:s3cr3tP4ss@db.internal:5432/app', 'secrets/connection-string', 'postgres://app:s3cr3tP4ss@db.internal'],
    ['mongodb+srv url', 'mongodb+srv://root:Xk29fLq0@cluster0.ab1cd.mongodb.net/test', 'secrets/connection-string', 'mongodb+srv://root:Xk29fLq0@cluster0.ab1cd.mongodb.net'],
    ['redis url without user', 'redis://:Rq81mZ7x@cache:6379/0', 'secrets/connection-string', 'redis://:Rq81mZ7x@cache'],
    ['ado.net string', 'Server=tcp:sql1;Database=app;User Id=sa;Password=Xy7#kLm9pQ;', 'secrets/connection-string', 'Xy7#kLm9pQ'],
    ['keyed high-entropy value', 'api_key = "Zx8vN2mQ4rT6yU1iO3pA5sD7fG9hJ0kL"', 'secrets/generic-secret', 'Zx8vN2mQ4rT6yU1iO3pA5sD7fG9hJ0kL'],
    ['json client secret', '{"client_secret": "q8Z3-mV1x_Lp0Rt7Yw4Nc6Bd2Hs9Jk5F"}', 'secrets/generic-secret', 'q8Z3-mV1x_Lp0Rt7Yw4Nc6Bd2Hs9Jk5F'],
    ['keyed password', 'DB_PASSWORD=Tr0ub4dor&3x', 'secrets/generic-secret', 'Tr0ub4dor&3x'],
  ])('%s', (_name, text, ruleId, value) => {
    expect(found(text)).toContainEqual([ruleId, value]);
  });

  it('reports a GCP service-account private_key as its own kind', () => {
    const json = `{"type": "service_account", "private_key": "${['-----BEGIN PRIVATE', 'KEY-----\\nMIIEvQIB\\n-----END PRIVATE', 'KEY-----\\n'].join(' ')}"}`;
    expect(found(json).map(([r]) => r)).toEqual(['secrets/gcp-service-account-key']);
  });

  it('reports publishable keys below the default threshold, and findings carry entity types', () => {
    const [pk] = secrets.scan(`pk ${FAKE.stripePk}`, ctx());
    expect(pk).toMatchObject({ entityType: 'STRIPE_PUBLISHABLE_KEY', redactable: true });
    expect(pk?.score).toBeLessThan(0.5);
    const [aws] = secrets.scan(FAKE.awsId, ctx());
    expect(aws).toMatchObject({ entityType: 'AWS_ACCESS_KEY' });
    expect(aws?.message).not.toContain('IOSFODNN');
  });

  it('honours disabled_rules', () => {
    expect(found(`Bearer ${FAKE.jwt}`, { disabled_rules: ['jwt'] }).map(([r]) => r)).not.toContain('secrets/jwt');
    expect(secrets.options.safeParse({ disabled_rules: ['jwts'] }).success).toBe(false);
  });
});

describe('secrets: false positives', () => {
  it.each([
    ['uuid', 'request id = 123e4567-e89b-12d3-a456-426614174000'],
    ['git sha in prose', 'Fixed in commit 9fceb02d0ae598e95dc970b74767f19372d61af8 yesterday.'],
    ['sha256 in prose', 'sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['placeholders', 'api_key = "your_api_key_here", token: <TOKEN>, password=${DB_PASSWORD}, secret: xxxxxxxxxxxxxxxxxxxx'],
    ['prose about passwords', 'Reset your password: click the link. The token was rejected by the auth server.'],
    ['identifiers', 'const password = getPasswordFromVault(); let authorityHeader = tokenizerOptions;'],
    ['sk- words', 'pip install scikit-learn; sk-learn-pipeline-for-text-data'],
    ['non-JWT eyJ text', 'eyJhbGciOiJub3QganNvbg.payload.sig is not a token'],
    ['url without password', 'postgres://localhost:5432/app and mysql://user@db/app'],
    ['connection with placeholder password', 'postgres://user:password@localhost/db'],
    ['base64 image', `data:image/png;base64,${'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='.repeat(20)}`],
  ])('%s', (_name, text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('secrets: linear time on adversarial input', () => {
  it.each([
    ['long base64', 'QUJD'.repeat(100_000)],
    ['repeated JWT starts', 'eyJ'.repeat(100_000)],
    ['repeated prefixes', 'ghp_sk-xoxb-AKIA'.repeat(20_000)],
    ['many PEM headers without footer', '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n'.repeat(10_000)],
    ['keyword soup', 'password=token=secret=api_key='.repeat(20_000)],
    ['connection string soup', 'postgres://a:'.repeat(30_000)],
  ])('%s finishes quickly', (_name, text) => {
    // Quadratic work on these ~600 KB inputs would take hours; linear takes well under a second. The bound only
    // separates the two, with room for a loaded CI host (it is not a speed target: bench:detect has those).
    const t0 = performance.now();
    findSecrets(text);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});

describe('entropy', () => {
  it('is 0 for repeated characters and log2(n) for n distinct ones', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });
});
