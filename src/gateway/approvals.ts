/** The gateway's approval service, built from `gateway.approvals` on the backend's approval store. */
import { createApprovalService, type ApprovalService } from '../approvals/service.js';
import { webhookNotifier } from '../approvals/webhook.js';
import type { ApprovalEvents, ApprovalStore } from '../spec/approvals.js';
import type { ServicesConfig } from './config.js';

/** Reads the webhook secret named by secret_env, failing at startup when it is configured but unset. */
function webhookSecret(envName: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (envName === undefined) return undefined;
  const secret = env[envName];
  if (secret === undefined || secret.length === 0) throw new Error(`gateway.approvals.webhook.secret_env is ${envName} but that environment variable is not set`);
  return secret;
}

export function gatewayApprovals(
  cfg: ServicesConfig['approvals'],
  store: ApprovalStore,
  opts: { log: (msg: string) => void; now?: () => number; env?: NodeJS.ProcessEnv; events?: ApprovalEvents },
): ApprovalService {
  const hook = cfg.webhook;
  const notify =
    hook === undefined
      ? undefined
      : webhookNotifier(
          { url: hook.url, timeoutMs: hook.timeout_ms, retries: hook.retries, backoffMs: hook.backoff_ms, secret: webhookSecret(hook.secret_env, opts.env ?? process.env) },
          opts.log,
        );
  return createApprovalService({ store, notify, ttlMs: cfg.timeout_seconds * 1000, now: opts.now, events: opts.events });
}
