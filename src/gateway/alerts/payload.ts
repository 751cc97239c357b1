/** The bodies an alert is delivered in: Warden's JSON, or a Slack-compatible `{ text, blocks }`. */
import type { AlertDestination, AlertRule } from './config.js';

export interface Alert {
  /** Unique per firing; also the request id of its audit record. */
  id: string;
  rule: string;
  type: AlertRule['type'];
  severity: AlertRule['severity'];
  /** What it is about: an upstream, a kill switch (`scope:id`), an approval id, `injections`, `audit-chain`. */
  subject: string;
  summary: string;
  details: Record<string, unknown>;
  /** ISO-8601. */
  firedAt: string;
}

/**
 * Slack's mrkdwn reads `<...>` as links and mentions (`<!channel>`), so the three characters are escaped as
 * Slack documents; alert text carries names an attacker can choose (a tool, a kill reason).
 */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ICON: Readonly<Record<Alert['severity'], string>> = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:' };

export function alertBody(alert: Alert, format: AlertDestination['format']): string {
  if (format === 'json') return JSON.stringify({ event: 'alert.fired', alert });
  const head = `${ICON[alert.severity]} *Warden ${alert.severity}: ${slackEscape(alert.rule)}*`;
  const text = `${head}\n${slackEscape(alert.summary)}`;
  return JSON.stringify({
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(`${alert.type} · ${alert.subject} · ${alert.firedAt} · alert ${alert.id}`) }] },
    ],
  });
}
