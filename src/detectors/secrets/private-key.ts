/** PEM private key blocks, found with indexOf so a header without a footer costs one scan, not one per header. */
import type { SecretMatch } from './rules.js';

export const PRIVATE_KEY_PATTERNS = {
  header: /-----BEGIN ((?:[A-Z0-9]{1,12} ){0,3})PRIVATE KEY(?: BLOCK)?-----/g,
  gcpField: /"private_key"\s{0,3}:\s{0,3}"$/,
};

const FOOTER = '-----END ';
const FOOTER_TAIL = 'PRIVATE KEY';
/** A key without its footer (truncated paste) is still reported, up to this many characters. */
const MAX_UNTERMINATED = 8192;

export function findPrivateKeys(text: string): SecretMatch[] {
  const out: SecretMatch[] = [];
  if (!text.includes('-----BEGIN')) return out;
  const re = PRIVATE_KEY_PATTERNS.header;
  re.lastIndex = 0;
  let footerSearchFailedFrom = Infinity;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const bodyStart = m.index + m[0].length;
    let end = -1;
    let terminated = false;
    if (bodyStart < footerSearchFailedFrom) {
      let f = text.indexOf(FOOTER, bodyStart);
      while (f >= 0 && text.slice(f + FOOTER.length, f + FOOTER.length + 40).indexOf(FOOTER_TAIL) < 0) f = text.indexOf(FOOTER, f + 1);
      if (f < 0) footerSearchFailedFrom = bodyStart;
      else {
        end = text.indexOf('-----', f + FOOTER.length) + 5;
        terminated = end >= 5;
      }
    }
    if (!terminated) end = Math.min(text.length, bodyStart + MAX_UNTERMINATED);
    const gcp = PRIVATE_KEY_PATTERNS.gcpField.test(text.slice(Math.max(0, m.index - 24), m.index));
    out.push({
      rule: gcp ? 'gcp-service-account-key' : 'private-key',
      entityType: gcp ? 'GCP_SERVICE_ACCOUNT_KEY' : 'PRIVATE_KEY',
      start: m.index,
      end,
      score: terminated ? 0.95 : 0.8,
    });
    re.lastIndex = Math.max(re.lastIndex, end);
  }
  return out;
}
