/**
 * Raises the configured alerts: feeds finished requests to the request-driven rules, evaluates the polling ones
 * every `evaluate_every_seconds`, keeps each rule quiet for its cooldown per subject (claimed in the ephemeral
 * store, so replicas sharing Redis raise it once), delivers to the rule's
 * webhooks (retries with backoff, optional HMAC signature, JSON or Slack body) and writes one audit record per
 * alert with what was delivered where. Delivery never blocks a request: observe() only starts it.
 */
import { randomUUID } from 'node:crypto';
import { Counter, type Registry } from 'prom-client';
import { postWithRetries, type PostOutcome } from '../../approvals/webhook.js';
import type { AuditEntry } from '../../spec/gateway.js';
import type { EphemeralStore } from '../../store/interfaces.js';
import { createMemoryEphemeralStore } from '../../store/memory-ephemeral.js';
import { adminCallEntry } from '../admin-audit.js';
import type { AlertDestination, AlertRule, AlertsConfig } from './config.js';
import { conditionFor, type Condition, type ConditionSources, type Firing } from './conditions.js';
import { alertBody, type Alert } from './payload.js';

export interface AlerterDeps {
  config: AlertsConfig;
  sources: ConditionSources;
  /** The gateway's metrics registry, for `warden_alerts_total`. */
  registry?: Registry;
  log: (msg: string) => void;
  now?: () => number;
  /**
   * Where cooldowns are claimed: the gateway's ephemeral store (Redis under gateway.cache, so one replica of many
   * raises each alert); this process's memory when absent.
   */
  cooldowns?: EphemeralStore;
}

interface Delivery extends PostOutcome {
  destination: string;
}

const DELIVERED = 200;
const UNDELIVERED = 502;

export class Alerter {
  private readonly rules: { rule: AlertRule; condition: Condition }[];
  private readonly cooldowns: EphemeralStore;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly counter: Counter<'rule' | 'outcome'> | undefined;
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private evaluating: Promise<void> | undefined;

  constructor(private readonly deps: AlerterDeps) {
    this.now = deps.now ?? Date.now;
    this.cooldowns = deps.cooldowns ?? createMemoryEphemeralStore(this.now);
    this.rules = deps.config.rules.map((rule) => ({ rule, condition: conditionFor(rule, deps.sources) }));
    this.counter = deps.registry
      ? new Counter({ name: 'warden_alerts_total', help: 'Alerts raised, by rule and delivery outcome (delivered, failed).', labelNames: ['rule', 'outcome'], registers: [deps.registry] })
      : undefined;
  }

  /** Evaluates once now (kill switches already set become known, not news), then every evaluate_every_seconds. */
  async start(): Promise<void> {
    await this.evaluate();
    this.timer = setInterval(() => void this.evaluate(), this.deps.config.evaluate_every_seconds * 1000);
    this.timer.unref();
  }

  /** A finished API request. */
  observe(entry: AuditEntry): void {
    const now = this.now();
    for (const { rule, condition } of this.rules) {
      if (condition.observe === undefined) continue;
      for (const f of condition.observe(entry, now)) this.fire(rule, f, now);
    }
  }

  /** Runs every rule's check (one run at a time); resolves when it and the deliveries it started are done. */
  evaluate(): Promise<void> {
    this.evaluating ??= this.runChecks().finally(() => {
      this.evaluating = undefined;
    });
    return this.evaluating;
  }

  /** Resolves when every delivery started so far has finished (and its audit record is written). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.evaluating;
    await this.idle();
  }

  private async runChecks(): Promise<void> {
    const now = this.now();
    for (const { rule, condition } of this.rules) {
      try {
        for (const f of await condition.evaluate(now)) this.fire(rule, f, now);
      } catch (err) {
        this.deps.log(`alert rule ${rule.name}: check failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    await this.idle();
  }

  private fire(rule: AlertRule, f: Firing, now: number): void {
    const alert: Alert = { id: randomUUID(), rule: rule.name, type: rule.type, severity: rule.severity, subject: f.subject, summary: f.summary, details: f.details, firedAt: new Date(now).toISOString() };
    const p = this.claim(rule, f.subject, alert.id)
      .then((mine) => (mine ? this.deliver(rule, alert) : undefined))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  /** Whether this alert is the one raised in the rule's cooldown for its subject (on any replica sharing the store). */
  private async claim(rule: AlertRule, subject: string, id: string): Promise<boolean> {
    if (rule.cooldown_seconds === 0) return true;
    try {
      return await this.cooldowns.claim(`alert:${rule.name}\u0000${subject}`, id, rule.cooldown_seconds * 1000);
    } catch (err) {
      // An alert told twice is better than an alert lost while the shared store is away.
      this.deps.log(`alert ${rule.name}: cooldown store unavailable, raising it anyway: ${err instanceof Error ? err.message : String(err)}`);
      return true;
    }
  }

  private async deliver(rule: AlertRule, alert: Alert): Promise<void> {
    const names = rule.to ?? Object.keys(this.deps.config.destinations);
    const deliveries = await Promise.all(names.map((name) => this.send(name, this.deps.config.destinations[name] as AlertDestination, alert)));
    const delivered = deliveries.every((d) => d.delivered);
    this.counter?.inc({ rule: rule.name, outcome: delivered ? 'delivered' : 'failed' });
    if (!delivered) this.deps.log(`alert ${rule.name} (${alert.id}) not delivered to ${deliveries.filter((d) => !d.delivered).map((d) => d.destination).join(', ')}`);
    const entry = adminCallEntry({
      requestId: alert.id,
      at: new Date(alert.firedAt),
      route: `alert ${rule.name}`,
      operator: 'alerts',
      admin: { caller: 'gateway' },
      status: delivered ? DELIVERED : UNDELIVERED,
      errorCode: delivered ? undefined : 'alert_undelivered',
      change: { alert, deliveries },
    });
    try {
      await this.deps.sources.audit.append(entry);
    } catch (err) {
      this.deps.log(`alert ${rule.name} (${alert.id}): writing its audit record failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async send(name: string, d: AlertDestination, alert: Alert): Promise<Delivery> {
    let secret: string | undefined;
    if (d.secret_env !== undefined) {
      secret = process.env[d.secret_env];
      // A destination configured to be signed is never sent unsigned.
      if (secret === undefined || secret.length === 0) return { destination: name, delivered: false, attempts: 0, problem: `${d.secret_env} is not set` };
    }
    const settings = { url: d.url, timeoutMs: d.timeout_ms, retries: d.retries, backoffMs: d.backoff_ms, secret };
    const outcome = await postWithRetries(settings, alertBody(alert, d.format), `alert ${alert.rule} to ${name}`, this.deps.log, 'warden-alerts');
    return { destination: name, ...outcome };
  }
}

/** The gateway's alerter when its config has rules: fed every finished API request, started and stopped with the app. */
export function gatewayAlerter(
  app: { addHook(name: 'onReady' | 'onClose', fn: () => Promise<void>): unknown; log: { warn(msg: string): void } },
  config: AlertsConfig,
  sources: ConditionSources,
  telemetry: { onRequest(listener: (entry: AuditEntry) => void): void; metrics?: { registry: Registry } },
  cooldowns: EphemeralStore,
): Alerter | undefined {
  if (config.rules.length === 0) return undefined;
  const alerter = new Alerter({ config, sources, registry: telemetry.metrics?.registry, log: (msg) => app.log.warn(msg), cooldowns });
  telemetry.onRequest((entry) => alerter.observe(entry));
  app.addHook('onReady', () => alerter.start());
  app.addHook('onClose', () => alerter.close());
  return alerter;
}
