/**
 * Document formats an application hands to a model (HTML pages, code, JSON tool results, logs, tickets,
 * e-mails), each built around real carrier text with an optional embedded payload. The same builder makes
 * the clean twin (payload undefined), so formats never predict the label.
 */
import type { CorpusRow } from '../types.js';
import { insertAt, pick, POSITIONS } from './common.js';

export type Format = 'email' | 'html' | 'code' | 'json' | 'log' | 'ticket';

export interface Built {
  text: string;
  /** Exactly how the payload appears inside `text` (for `inject`). */
  inject?: string;
}

const HTML_SLOTS = ['comment', 'alt', 'hidden', 'paragraph'] as const;

function html(carrier: CorpusRow, payload: string | undefined, random: () => number): Built {
  const paragraphs = carrier.text.slice(0, 2500).split('\n').filter((p) => p.trim().length > 0);
  const body = paragraphs.map((p) => `  <p>${p.trim()}</p>`);
  if (payload !== undefined) {
    const slot = pick(HTML_SLOTS, random);
    const at = Math.floor(random() * (body.length + 1));
    const tag =
      slot === 'comment' ? `  <!-- ${payload} -->` : slot === 'alt' ? `  <img src="/img/banner.png" alt="${payload}">` : slot === 'hidden' ? `  <div style="display:none">${payload}</div>` : `  <p>${payload}</p>`;
    body.splice(at, 0, tag);
  }
  const text = `<!DOCTYPE html>\n<html>\n<head><title>${(paragraphs[0] ?? '').slice(0, 60).trim()}</title></head>\n<body>\n${body.join('\n')}\n</body>\n</html>`;
  return payload === undefined ? { text } : { text, inject: payload };
}

function code(carrier: CorpusRow, payload: string | undefined, random: () => number): Built {
  const mark = carrier.source.endsWith('.py') ? '#' : '//';
  const source = carrier.text.slice(0, 5000);
  if (payload === undefined) return { text: source };
  const comment = `${mark} ${payload.replace(/\n+/g, ' ')}`;
  const lines = source.split('\n');
  lines.splice(Math.floor(random() * (lines.length + 1)), 0, comment);
  return { text: lines.join('\n'), inject: comment };
}

function json(carrier: CorpusRow, others: readonly CorpusRow[], payload: string | undefined, random: () => number): Built {
  const docs = [carrier, ...others].map((d, i) => ({ title: `Result ${i + 1}`, url: `https://docs.example.org/a/${(i * 7919 + d.text.length) % 100000}`, snippet: d.text.slice(0, 400).replace(/\s+/g, ' ').trim() }));
  let inject: string | undefined;
  if (payload !== undefined) {
    const target = docs[Math.floor(random() * docs.length)];
    if (target) {
      inject = payload.replace(/\s+/g, ' ').trim();
      target.snippet = insertAt(target.snippet, inject, pick(POSITIONS, random), ' ');
    }
  }
  const text = JSON.stringify({ tool: 'web_search', status: 'ok', query: carrier.text.slice(0, 40).trim(), results: docs }, null, 2);
  // JSON escaping may change the payload's characters: record it as it appears in the text.
  const injectInText = inject === undefined ? undefined : JSON.stringify(inject).slice(1, -1);
  return injectInText === undefined ? { text } : { text, inject: injectInText };
}

const LEVELS = ['INFO', 'INFO', 'INFO', 'WARN', 'DEBUG', 'ERROR'];
const SERVICES = ['api-gateway', 'billing', 'auth', 'search', 'mailer'];

function log(carrier: CorpusRow, payload: string | undefined, random: () => number): Built {
  const lines: string[] = [];
  const n = 6 + Math.floor(random() * 8);
  const messageAt = Math.floor(random() * n);
  for (let i = 0; i < n; i++) {
    const ts = `2025-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}T${10 + i}:${String(Math.floor(random() * 60)).padStart(2, '0')}:0${i % 10}Z`;
    const service = pick(SERVICES, random);
    const content = i === messageAt ? `user_message="${carrier.text.replace(/\s+/g, ' ').slice(0, 300)}"` : `request_id=${Math.floor(random() * 1e8).toString(16)} latency_ms=${Math.floor(random() * 900)} status=${pick([200, 200, 201, 404, 500], random)}`;
    lines.push(`${ts} ${pick(LEVELS, random)} [${service}] ${content}`);
  }
  if (payload === undefined) return { text: lines.join('\n') };
  const inject = payload.replace(/\s+/g, ' ').trim();
  lines.splice(Math.floor(random() * (lines.length + 1)), 0, `2025-01-01T00:00:00Z INFO [support-bot] note="${inject}"`);
  return { text: lines.join('\n'), inject };
}

function ticket(carrier: CorpusRow, payload: string | undefined, random: () => number): Built {
  const id = 10000 + Math.floor(random() * 89999);
  const header = `Ticket #${id}\nStatus: open\nPriority: ${pick(['low', 'normal', 'high'], random)}\nChannel: ${pick(['email', 'web form', 'chat'], random)}\n\nCustomer message:\n`;
  const body = payload === undefined ? carrier.text : insertAt(carrier.text, payload, pick(POSITIONS, random));
  const text = `${header}${body}\n\nInternal notes: awaiting first response.`;
  return payload === undefined ? { text } : { text, inject: payload };
}

function email(carrier: CorpusRow, payload: string | undefined, random: () => number): Built {
  const text = carrier.text.slice(0, 6000);
  if (payload === undefined) return { text };
  const split = text.indexOf('\n\n');
  const head = split === -1 ? '' : text.slice(0, split);
  const body = split === -1 ? text : text.slice(split + 2);
  return { text: `${head}\n\n${insertAt(body, payload, pick(POSITIONS, random))}`.trim(), inject: payload };
}

export function buildDocument(format: Format, carrier: CorpusRow, others: readonly CorpusRow[], payload: string | undefined, random: () => number): Built {
  switch (format) {
    case 'html':
      return html(carrier, payload, random);
    case 'code':
      return code(carrier, payload, random);
    case 'json':
      return json(carrier, others, payload, random);
    case 'log':
      return log(carrier, payload, random);
    case 'ticket':
      return ticket(carrier, payload, random);
    case 'email':
      return email(carrier, payload, random);
  }
}
