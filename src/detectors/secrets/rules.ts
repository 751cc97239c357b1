/**
 * Secret rules. Each rule is anchored (sticky) at a literal trigger found by one combined scan,
 * so the text is walked once whatever the number of rules.
 */
import { genericSecretScore, isPlaceholder } from './entropy.js';
import { jwtScore } from './jwt.js';

/** Called as `charCodeAt.call(s, i)`: `s.charCodeAt` goes megamorphic once strings of several representations reach the loop. */
const charCodeAt = String.prototype.charCodeAt;

export interface SecretMatch {
  rule: string;
  entityType: string;
  start: number;
  end: number;
  score: number;
}

/** A check may move a match to another rule, e.g. a `Password=` inside an ADO.NET connection string. */
export interface SecretVerdict {
  score: number;
  rule: string;
  entityType: string;
}

export interface SecretRule {
  rule: string;
  entityType: string;
  /** Lower-case literals that start a match (the trigger scan is case-insensitive). */
  triggers: readonly string[];
  /** Sticky regex tried at the trigger position. */
  re: RegExp;
  /** Score of a match (or a reclassification), null to reject it. Default: `score`. */
  check?: (m: RegExpExecArray, text: string) => number | SecretVerdict | null;
  score?: number;
  /** Capture group whose text is the secret (the span); default the whole match. */
  group?: number;
}

const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';

/** Every regex the rules run (exported for the ReDoS fuzz test). */
export const SECRET_PATTERNS = {
  awsAccessKey: new RegExp(`${B}(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|AROA|ANPA|ANVA|APKA)[A-Z0-9]{16}${E}`, 'y'),
  awsSecretKey: /aws[_-]?(?:secret[_-]?(?:access[_-]?)?key|secret)["']?\s{0,3}(?::|=|=>|:=)\s{0,3}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/iy,
  github: new RegExp(`${B}gh[pousr]_[A-Za-z0-9]{36,251}${E}`, 'y'),
  githubFineGrained: new RegExp(`${B}github_pat_[A-Za-z0-9_]{22,247}${E}`, 'y'),
  anthropic: new RegExp(`${B}sk-ant-[A-Za-z0-9_-]{20,200}${E}`, 'y'),
  openai: new RegExp(`${B}sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}${E}`, 'y'),
  slackToken: new RegExp(`${B}xox[abposr]-[A-Za-z0-9-]{10,250}${E}`, 'y'),
  slackWebhook: /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9_/]{20,200}/y,
  stripeSecret: new RegExp(`${B}(?:sk|rk)_live_[A-Za-z0-9]{20,247}${E}`, 'y'),
  stripeTest: new RegExp(`${B}(?:sk|rk)_test_[A-Za-z0-9]{20,247}${E}`, 'y'),
  stripePublishable: new RegExp(`${B}pk_live_[A-Za-z0-9]{20,247}${E}`, 'y'),
  googleApiKey: new RegExp(`${B}AIza[0-9A-Za-z_-]{35}${E}`, 'y'),
  gitlab: new RegExp(`${B}glpat-[A-Za-z0-9_-]{20,64}${E}`, 'y'),
  npm: new RegExp(`${B}npm_[A-Za-z0-9]{36}${E}`, 'y'),
  huggingFace: new RegExp(`${B}hf_[A-Za-z0-9]{34,40}${E}`, 'y'),
  sendgrid: new RegExp(`${B}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}${E}`, 'y'),
  azureStorageKey: /AccountKey=([A-Za-z0-9+/]{86}==)/y,
  jwt: new RegExp(`${B}eyJ[A-Za-z0-9_-]{5,2000}\\.[A-Za-z0-9_-]{2,8000}\\.[A-Za-z0-9_-]{0,2000}${E}`, 'y'),
  connectionUrl:
    /(?<![A-Za-z0-9+])(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|jdbc:[a-z]{2,12}):\/\/([^\s:/@'"<>]{0,128}):([^\s@'"<>]{1,128})@[A-Za-z0-9.-]{1,253}/iy,
  generic:
    /(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|auth|access[_-]?key|credentials?)[A-Za-z0-9_.-]{0,24}["']?\s{0,3}(?::=|=>|:|=)\s{0,3}(?:["'`]|b["'])?(?:(?:bearer|basic|token)\s{1,3})?([A-Za-z0-9_\-+/=.~@#$%^&*!?]{8,200})/iy,
  passwordKey: /^(?:password|passwd|pwd)/i,
  alnum: /[A-Za-z0-9]/,
};

function sameClassMix(value: string): boolean {
  let digit = false;
  let letter = false;
  for (let i = 0; i < value.length; i++) {
    const c = charCodeAt.call(value, i);
    if (c >= 48 && c <= 57) digit = true;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letter = true;
  }
  return digit && letter;
}

/** Keys made of random characters always mix letters and digits; words like `sk-learn-...` do not. */
const randomTail = (offset: number, score: number) => (m: RegExpExecArray): number | null =>
  sameClassMix(m[0].slice(offset)) ? score : null;

function connectionScore(m: RegExpExecArray): number | null {
  const password = m[2] as string;
  return isPlaceholder(password) || password === 'pass' || password === 'pwd' ? 0.3 : 0.9;
}

/** ADO.NET/ODBC style `Server=...;Password=...`: a server key and a `;` before the password. */
function isAdoConnectionString(before: string): boolean {
  const lower = before.toLowerCase();
  return lower.includes(';') && ADO_SERVER_KEYS.some((k) => lower.includes(k));
}
const ADO_SERVER_KEYS = ['server=', 'data source=', 'host=', 'address=', 'server =', 'data source ='];

function genericScore(m: RegExpExecArray, text: string): number | SecretVerdict | null {
  // The keyword must start a word or follow `_`/`-` (DB_PASSWORD), not sit inside one (`authority`).
  const before = text[m.index - 1];
  if (before !== undefined && before !== '_' && before !== '-' && SECRET_PATTERNS.alnum.test(before)) return null;
  const value = m[1] as string;
  const passwordKey = SECRET_PATTERNS.passwordKey.test(m[0]);
  if (passwordKey && isAdoConnectionString(text.slice(Math.max(0, m.index - 256), m.index))) {
    return isPlaceholder(value) ? null : { score: 0.9, rule: 'connection-string', entityType: 'CONNECTION_STRING' };
  }
  return genericSecretScore(value, passwordKey);
}

export const SECRET_RULES: readonly SecretRule[] = [
  { rule: 'aws-access-key', entityType: 'AWS_ACCESS_KEY', triggers: ['akia', 'asia', 'abia', 'acca', 'agpa', 'aida', 'aipa', 'aroa', 'anpa', 'anva', 'apka'], re: SECRET_PATTERNS.awsAccessKey, score: 0.9 },
  { rule: 'aws-secret-key', entityType: 'AWS_SECRET_KEY', triggers: ['aws'], re: SECRET_PATTERNS.awsSecretKey, group: 1, check: randomTail(0, 0.9) },
  { rule: 'github-token', entityType: 'GITHUB_TOKEN', triggers: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], re: SECRET_PATTERNS.github, score: 0.95 },
  { rule: 'github-token', entityType: 'GITHUB_TOKEN', triggers: ['github_pat_'], re: SECRET_PATTERNS.githubFineGrained, score: 0.95 },
  { rule: 'anthropic-key', entityType: 'ANTHROPIC_API_KEY', triggers: ['sk-'], re: SECRET_PATTERNS.anthropic, check: randomTail(7, 0.95) },
  { rule: 'openai-key', entityType: 'OPENAI_API_KEY', triggers: ['sk-'], re: SECRET_PATTERNS.openai, check: (m) => (sameClassMix(m[0].slice(3)) ? (m[0].includes('T3BlbkFJ') || m[0].length > 40 ? 0.9 : 0.7) : null) },
  { rule: 'slack-token', entityType: 'SLACK_TOKEN', triggers: ['xoxa-', 'xoxb-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-'], re: SECRET_PATTERNS.slackToken, check: randomTail(5, 0.9) },
  { rule: 'slack-webhook', entityType: 'SLACK_WEBHOOK', triggers: ['https://hooks.slack.com'], re: SECRET_PATTERNS.slackWebhook, score: 0.9 },
  { rule: 'stripe-key', entityType: 'STRIPE_SECRET_KEY', triggers: ['sk_live_', 'rk_live_'], re: SECRET_PATTERNS.stripeSecret, score: 0.95 },
  { rule: 'stripe-key', entityType: 'STRIPE_TEST_KEY', triggers: ['sk_test_', 'rk_test_'], re: SECRET_PATTERNS.stripeTest, score: 0.5 },
  { rule: 'stripe-publishable-key', entityType: 'STRIPE_PUBLISHABLE_KEY', triggers: ['pk_live_'], re: SECRET_PATTERNS.stripePublishable, score: 0.4 },
  { rule: 'google-api-key', entityType: 'GOOGLE_API_KEY', triggers: ['aiza'], re: SECRET_PATTERNS.googleApiKey, score: 0.9 },
  { rule: 'gitlab-token', entityType: 'GITLAB_TOKEN', triggers: ['glpat-'], re: SECRET_PATTERNS.gitlab, check: randomTail(6, 0.9) },
  { rule: 'npm-token', entityType: 'NPM_TOKEN', triggers: ['npm_'], re: SECRET_PATTERNS.npm, check: randomTail(4, 0.9) },
  { rule: 'huggingface-token', entityType: 'HUGGINGFACE_TOKEN', triggers: ['hf_'], re: SECRET_PATTERNS.huggingFace, check: randomTail(3, 0.9) },
  { rule: 'sendgrid-key', entityType: 'SENDGRID_API_KEY', triggers: ['sg.'], re: SECRET_PATTERNS.sendgrid, score: 0.9 },
  { rule: 'connection-string', entityType: 'CONNECTION_STRING', triggers: ['accountkey='], re: SECRET_PATTERNS.azureStorageKey, group: 1, score: 0.9 },
  { rule: 'jwt', entityType: 'JWT', triggers: ['eyj'], re: SECRET_PATTERNS.jwt, check: (m) => jwtScore(m[0]) },
  {
    rule: 'connection-string',
    entityType: 'CONNECTION_STRING',
    triggers: ['postgres', 'mysql', 'mariadb', 'mongodb', 'redis', 'amqp', 'mssql', 'sqlserver', 'jdbc:'],
    re: SECRET_PATTERNS.connectionUrl,
    check: connectionScore,
  },
  {
    rule: 'generic-secret',
    entityType: 'GENERIC_SECRET',
    triggers: ['password', 'passwd', 'pwd', 'secret', 'token', 'api_key', 'api-key', 'apikey', 'auth', 'access_key', 'access-key', 'accesskey', 'credential'],
    re: SECRET_PATTERNS.generic,
    group: 1,
    check: genericScore,
  },
];
