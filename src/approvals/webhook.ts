/**
 * Notifies an HTTP endpoint of each new approval request (a chat bot, a ticket queue). Delivery runs beside
 * the decision path: it is never awaited by a caller, its failures are logged, and a dead endpoint only
 * delays the human, never the deny that expiry brings.
 */
import { createHmac } from 'node:crypto';
import type { ApprovalRecord } from '../spec/approvals.js';

export interface WebhookSettings {
  url: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Attempts after the first, on a network error, a timeout or a non-2xx answer. */
  retries: number;
  /** Wait before retry n is backoffMs * 2^(n-1). */
  backoffMs: number;
  /** When set, `x-warden-signature: sha256=<hex HMAC of the body>` lets the receiver check the sender. */
  secret?: string;
}

/** What the receiver gets: the call exactly as the approver will be asked to judge it. */
export function webhookBody(rec: ApprovalRecord): string {
  const { id, tenant, requester, tool, args, argsHash, reason, ruleId, requestId, createdAt, expiresAt } = rec;
  const approval = { id, tenant, requester, tool, args: JSON.parse(args) as unknown, argsHash, reason, ruleId, requestId, createdAt, expiresAt };
  return JSON.stringify({ event: 'approval.requested', approval });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

async function attempt(s: WebhookSettings, body: string, userAgent: string): Promise<string | undefined> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': userAgent };
  if (s.secret !== undefined) headers['x-warden-signature'] = `sha256=${createHmac('sha256', s.secret).update(body).digest('hex')}`;
  try {
    const res = await fetch(s.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(s.timeoutMs), redirect: 'error' });
    await res.body?.cancel();
    return res.ok ? undefined : `HTTP ${res.status}`;
  } catch (err) {
    return err instanceof Error ? (err.name === 'TimeoutError' ? `no answer within ${s.timeoutMs} ms` : err.message) : String(err);
  }
}

/** How a POST with retries went: delivered or not, after how many attempts, and the last problem. */
export interface PostOutcome {
  delivered: boolean;
  attempts: number;
  problem?: string;
}

/**
 * POSTs a JSON body (signed when the settings have a secret), retrying with exponential backoff; resolves
 * (never rejects) to the outcome. `what` names the delivery in the log lines. Shared with the gateway's alerts.
 */
export async function postWithRetries(s: WebhookSettings, body: string, what: string, log: (msg: string) => void, userAgent = 'warden-approvals'): Promise<PostOutcome> {
  let problem: string | undefined;
  for (let n = 0; n <= s.retries; n++) {
    if (n > 0) await sleep(s.backoffMs * 2 ** (n - 1));
    problem = await attempt(s, body, userAgent);
    if (problem === undefined) return { delivered: true, attempts: n + 1 };
    log(`${what}: attempt ${n + 1} of ${s.retries + 1} failed: ${problem}`);
  }
  return { delivered: false, attempts: s.retries + 1, problem };
}

/** Delivers one notification with retries; resolves (never rejects) to whether it was delivered. */
export async function deliver(s: WebhookSettings, rec: ApprovalRecord, log: (msg: string) => void): Promise<boolean> {
  const { delivered } = await postWithRetries(s, webhookBody(rec), `approval webhook for ${rec.id}`, log);
  if (!delivered) log(`approval webhook for ${rec.id}: not delivered; the approval is still pending and listed by "warden approvals list"`);
  return delivered;
}

/** The service's `notify` for these settings: starts a delivery and returns at once. */
export function webhookNotifier(s: WebhookSettings, log: (msg: string) => void): (rec: ApprovalRecord) => void {
  return (rec) => {
    void deliver(s, rec, log);
  };
}
