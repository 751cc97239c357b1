/**
 * The seam between serving and identity/audit: one object the server asks "may this request run?"
 * (admit), "may this tool run?" (toolRefusal), and hands every audit record to (audit). Storage is
 * injected (backends/): the services never open a database themselves.
 */
import type { AuditStore, Identity, TokenUsage } from '../spec/gateway.js';
import type { ToolLimitStore, ToolRefusal } from '../spec/tools.js';
import type { ApprovalService } from '../approvals/service.js';
import type { ReviewStore } from '../spec/review.js';
import type { AdminDeps } from './admin.js';
import { gatewayApprovals } from './approvals.js';
import type { GatewayBackends } from './backends/types.js';
import type { ServicesConfig } from './config.js';
import { CACHE_UNAVAILABLE_MESSAGE, refusal, type Refusal } from './errors.js';
import { CacheUnavailableError, type CacheHealth } from '../store/redis-health.js';
import type { EphemeralStore } from '../store/interfaces.js';
import { createMemoryEphemeralStore } from '../store/memory-ephemeral.js';
import type { BreakerSharing } from '../core/breaker.js';
import { withFields } from '../core/objects.js';
import { createAuthenticator, scopeAllows } from './identity/authenticate.js';
import { createJwtVerifier } from './identity/jwt.js';
import { createLimiter } from './limits/limiter.js';
import { createKillSwitches } from './kill-switches.js';
import { INVALID_MODEL_CHARS } from './model-names.js';
import { stampRulePack } from '../audit/rule-pack-stamp.js';
import { builtinRules } from './rule-pack.js';
import type { AuditRulePack } from '../spec/gateway.js';

export interface AdmitRequest {
  headers: Record<string, string | string[] | undefined>;
  ip: string;
  route: string;
  model?: string;
  /** The model's other names (see modelKillNames): model kill switches on any of them apply. */
  modelNames?: readonly string[];
  estimatedPromptTokens?: number;
}

/** Outcome of admission; `release` must be called when the request ends. Refusals carry the identity when it was established. */
export type Admission = { ok: true; identity: Identity; release: (usage?: TokenUsage) => void } | (Refusal & { identity?: Identity });

export interface GatewayServices {
  /** Auth + kill switches (global/tenant/key/model) + limits. Admission.release(usage) records usage and frees concurrency. */
  admit(req: AdmitRequest): Promise<Admission>;
  /** The refusal when a model kill switch is set on any of `names` (a model chosen after admission, e.g. by routing). */
  modelKilled(model: string, names: readonly string[]): Refusal | undefined;
  /** Why a call of `tool` is refused: a tool kill switch is set (`killed`), or the caller is not scoped to it (`not_allowed`). */
  toolRefusal(identity: Identity, tool: string): ToolRefusal | undefined;
  audit: AuditStore;
  /** The limiter's counters, shared by the tool policy's rates and budgets. */
  toolLimits: ToolLimitStore;
  /** Human approval of tool calls: requests, decisions, waiting for one. */
  approvals: ApprovalService;
  /** The human review queue: filed from finished requests and POST /v1/feedback, decided through the admin API and dashboard. */
  review: ReviewStore;
  /** What the admin routes (/admin/*, /v1/audit) need; the server registers them. */
  admin: AdminDeps;
  /** Shares the upstream breakers' circuits with the other replicas (gateway.cache); absent without one. */
  breakerSharing?: BreakerSharing;
  /** Reachability and outage counters of the Redis cache (gateway.cache), for metrics; absent without one. */
  cacheHealth?: CacheHealth;
  /** Dashboard sessions and alert cooldowns: in Redis under gateway.cache (shared by replicas), else in memory. */
  ephemeral: EphemeralStore;
  /** Flushes pending usage and audit records and closes the stores. */
  close(): Promise<void>;
}

export interface ServicesOptions {
  /** Zero-config trial: this one client key is accepted as tenant `default`. */
  openMode?: { apiKey: string };
  /** Clock in ms, for tests. */
  now?: () => number;
  /** The rule pack every audit record names (gateway/rule-pack.ts); the built-in rules when absent. */
  rulePack?: AuditRulePack;
}

const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 6 * 3_600_000;

function logError(err: unknown): void {
  process.stderr.write(`warden: gateway services: ${err instanceof Error ? err.message : String(err)}\n`);
}

/**
 * Builds admission (auth, kill switches, limits) and audit retention (pruning every 6 h) on the given
 * backends, which the services own from then on: close() closes them, and so does a failure here.
 */
export async function createGatewayServices(cfg: ServicesConfig, deps: GatewayBackends & ServicesOptions): Promise<GatewayServices> {
  const now = deps.now ?? Date.now;
  const { stores } = deps;
  // Every writer (requests, admin calls, dashboard, alerts) gets this store, so every record names the rules.
  const audit = stampRulePack(deps.audit, deps.rulePack ?? builtinRules());
  const { pepper, keys, killStore, usage } = stores;
  const kills = createKillSwitches(killStore);
  let verifyJwt: ReturnType<typeof createJwtVerifier> | undefined;
  let approvals: ApprovalService;
  try {
    verifyJwt = cfg.auth.jwt ? createJwtVerifier(cfg.auth.jwt) : undefined;
    approvals = gatewayApprovals(cfg.approvals, stores.approvals, { log: logError, now, events: deps.approvalEvents });
    await kills.refresh();
  } catch (err) {
    await audit.close();
    await stores.close();
    throw err;
  }
  const authenticate = createAuthenticator({
    keys,
    pepper,
    verifyJwt,
    openKey: deps.openMode?.apiKey,
    userHeader: cfg.auth.user_header.toLowerCase(),
    now,
  });
  const limiter = createLimiter(cfg.limits, { limits: deps.limits, usage, now, onError: logError });

  const retentionDays = cfg.audit.retention_days;
  const prune = () => {
    if (retentionDays === undefined) return;
    audit.prune(new Date(now() - retentionDays * DAY_MS)).catch(logError);
  };
  prune();
  const pruneTimer = retentionDays === undefined ? undefined : setInterval(prune, PRUNE_EVERY_MS);
  pruneTimer?.unref();

  /** Kill switches and limits: a cache that cannot answer under fail_closed refuses the request, never crashes it. */
  async function admitCaller(req: AdmitRequest, identity: Identity, keyLimits: Parameters<typeof limiter.admit>[3]): Promise<Admission> {
    try {
      await kills.refresh();
      const killed = kills.check(identity, req.model, req.modelNames);
      if (killed) return { identity, ...killed };
      if (req.model !== undefined && !scopeAllows(identity.models, req.model)) {
        const message = `Key ${identity.keyId} may not use model "${req.model}" (allowed: ${identity.models.join(', ')}).`;
        return withFields(refusal('model_not_allowed', message), { identity });
      }
      const limit = await limiter.admit(identity, req.ip, req.estimatedPromptTokens, keyLimits);
      if (!limit.ok) return { identity, ...limit };
      return { ok: true, identity, release: limit.release };
    } catch (e) {
      if (!(e instanceof CacheUnavailableError)) throw e;
      return withFields(refusal('cache_unavailable', CACHE_UNAVAILABLE_MESSAGE, 1), { identity });
    }
  }

  let closed = false;
  return {
    async admit(req): Promise<Admission> {
      const auth = await authenticate(req.headers);
      if (!auth.ok) return auth;
      const { identity } = auth;
      if (req.model !== undefined && INVALID_MODEL_CHARS.test(req.model)) {
        const message = 'Invalid model name: it contains control or invisible formatting characters (tab, NUL, zero-width, bidi...).';
        return withFields(refusal('invalid_model_name', message), { identity });
      }
      return admitCaller(req, identity, auth.limits);
    },
    modelKilled: kills.checkModel,
    toolRefusal(identity, tool) {
      if (kills.isToolKilled(tool)) return 'killed';
      return scopeAllows(identity.tools, tool) ? undefined : 'not_allowed';
    },
    audit,
    toolLimits: deps.limits,
    approvals,
    review: stores.review,
    cacheHealth: deps.cacheHealth,
    breakerSharing: deps.breakerSharing,
    ephemeral: deps.ephemeral ?? createMemoryEphemeralStore(now),
    admin: { keys, killStore, audit, approvals, review: stores.review, authenticate, pepper, adminTokenEnv: cfg.admin.token_env, now },
    async close() {
      if (closed) return;
      closed = true;
      if (pruneTimer) clearInterval(pruneTimer);
      await usage.flush();
      await audit.close();
      await stores.close();
    },
  };
}
