/** Rewriting redacted spans (mask | placeholder | hash) and building masked evidence excerpts. */
import { createHash } from 'node:crypto';
import type { RedactionMode, Span, Vault } from '../spec/types.js';
import { wellFormed } from './text.js';
import { placeholderType } from './vault.js';

export interface RedactionTarget extends Span {
  /** Entity type used for the placeholder / hash label. */
  type: string;
}

/** Rewrites the spans; overlapping spans merge into one, labelled with the type of the longest. */
export function redactText(text: string, targets: readonly RedactionTarget[], mode: RedactionMode, vault: Vault): string {
  if (targets.length === 0) return text;
  const sorted = [...targets].sort((a, b) => a.start - b.start || b.end - a.end);
  const parts: string[] = [];
  let cursor = 0;
  let i = 0;
  while (i < sorted.length) {
    const first = sorted[i] as RedactionTarget;
    let end = first.end;
    let longest = first;
    for (i++; i < sorted.length && (sorted[i] as RedactionTarget).start < end; i++) {
      const t = sorted[i] as RedactionTarget;
      if (t.end - t.start > longest.end - longest.start) longest = t;
      if (t.end > end) end = t.end;
    }
    const start = Math.max(first.start, cursor);
    if (end <= start) continue;
    parts.push(text.slice(cursor, start), replacement(text.slice(start, end), longest.type, mode, vault));
    cursor = end;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

function replacement(value: string, type: string, mode: RedactionMode, vault: Vault): string {
  const t = placeholderType(type);
  if (mode === 'placeholder') return vault.put(t, value);
  if (mode === 'hash') return `[${t}:${createHash('sha256').update(value).digest('hex').slice(0, 12)}]`;
  // Card numbers keep their last four characters, as receipts do, so users can tell cards apart.
  const keep = t === 'CREDIT_CARD' && value.length > 4 ? 4 : 0;
  return '*'.repeat(value.length - keep) + value.slice(value.length - keep);
}

const CONTEXT = 15;
const MAX_SPAN = 30;
const MAX_EXCERPTS = 3;
export const WHITESPACE_RUN = /\s{1,64}/g;

/**
 * Short excerpts around each span (max ~60 chars). Every redactable span in `masks` (sorted by start)
 * that touches an excerpt is shown as `[TYPE]`, whichever finding it belongs to: an excerpt must not
 * leak a neighbouring value (an SSN next to an API key) any more than its own.
 */
export function evidenceFor(text: string, spans: readonly Span[], masks: readonly RedactionTarget[]): string[] {
  const out: string[] = [];
  for (const span of spans) {
    if (out.length === MAX_EXCERPTS) break;
    const from = Math.max(0, span.start - CONTEXT);
    const to = Math.min(text.length, span.end + CONTEXT);
    const masked = masks.some((m) => m.start <= span.start && m.end >= span.end && m.end > m.start);
    const body =
      masked || span.end - span.start <= MAX_SPAN
        ? render(text, from, to, masks)
        : `${render(text, from, span.start + MAX_SPAN - 3, masks)}...${render(text, span.end, to, masks)}`;
    const excerpt = `${span.start > CONTEXT ? '...' : ''}${body}${span.end + CONTEXT < text.length ? '...' : ''}`;
    out.push(wellFormed(excerpt.replace(WHITESPACE_RUN, ' ')));
  }
  return out;
}

/** text[from, to) with every overlapping mask replaced by one `[TYPE]` label (never a partial value). */
function render(text: string, from: number, to: number, masks: readonly RedactionTarget[]): string {
  let out = '';
  let at = from;
  let maskedTo = -1;
  for (const m of masks) {
    if (m.start >= to) break;
    if (m.end <= from || m.end <= m.start) continue;
    if (m.start > at) out += text.slice(at, m.start);
    if (m.start >= maskedTo) out += `[${placeholderType(m.type)}]`;
    maskedTo = Math.max(maskedTo, m.end);
    at = Math.max(at, Math.min(m.end, to));
  }
  return at < to ? out + text.slice(at, to) : out;
}
