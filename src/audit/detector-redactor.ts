import { createHash } from 'node:crypto';
import type { Detector, Span, Stage } from '../spec/types.js';
import { LruCache } from '../core/lru.js';
import { pii } from '../detectors/pii.js';
import { secrets } from '../detectors/secrets.js';
import type { TextRedactor } from './redact-at-rest.js';

/** Confidence at or above which a span is redacted at rest: the policy's default threshold. */
const AT_REST_THRESHOLD = 0.5;

interface Runner {
  scan(text: string, stage: Stage): { span: Span; label: string }[];
}

function runner(d: Detector): Runner {
  const options: unknown = d.options.parse({});
  return {
    scan(text, stage) {
      return d
        .scan(text, { stage, settings: { threshold: AT_REST_THRESHOLD, options: options as Record<string, unknown> }, request: {} })
        .filter((f) => f.redactable !== false && f.score >= AT_REST_THRESHOLD)
        .flatMap((f) => f.spans.map((span) => ({ span, label: f.entityType ?? f.ruleId })));
    },
  };
}

const isPlaceholderChar = (c: number) => (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

/**
 * Spans of placeholders already in the text (`[AWS_ACCESS_KEY_1]`, `[EMAIL_ADDRESS]`): the gateway's own
 * redactions, which the PII detectors would otherwise mangle (`AWS` read as a name). A plain scan, not a
 * regex, so it is linear by construction.
 */
function placeholderSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) {
    let j = i + 1;
    while (j < text.length && isPlaceholderChar(text.charCodeAt(j))) j++;
    if (j > i + 1 && text[j] === ']') spans.push({ start: i, end: j + 1 });
  }
  return spans;
}

/**
 * Texts whose redaction is remembered: system prompts, conversation history (every turn resends it) and
 * repeated answers recur across requests, and the name tagger costs ~0.15 ms per KB. Keyed by a SHA-256 of
 * the stage and the text's UTF-16 code units (UTF-8 would fold lone surrogates together), so the cache holds
 * no unredacted text; longer texts are not kept.
 */
const MEMO_ENTRIES = 1024;
const MEMO_MAX_CHARS = 16_384;

/**
 * Redacts PII and secrets with the built-in pii and secrets detectors at their default options, replacing
 * each span with `[ENTITY_TYPE]`. Independent of the serving policy on purpose: what is stored at rest
 * must not depend on a policy that monitors or allows PII.
 */
export function createDetectorRedactor(): TextRedactor {
  const redact = detectorRedactor();
  const memo = new LruCache<string, string>(MEMO_ENTRIES);
  return (text, stage) => {
    if (text.length === 0 || text.length > MEMO_MAX_CHARS) return redact(text, stage);
    const key = createHash('sha256').update(stage).update('\0').update(text, 'utf16le').digest('base64');
    return memo.getOrCreate(key, () => redact(text, stage));
  };
}

function detectorRedactor(): TextRedactor {
  const runners = [runner(pii as unknown as Detector), runner(secrets as unknown as Detector)];
  return (text, stage) => {
    if (text.length === 0) return text;
    const kept = placeholderSpans(text);
    // Hits and placeholders are both ordered by start (placeholders never overlap): one pointer suffices.
    let k = 0;
    const inPlaceholder = (h: Span) => {
      while (k < kept.length && (kept[k] as Span).end <= h.start) k++;
      return k < kept.length && (kept[k] as Span).start < h.end;
    };
    const hits = runners
      .flatMap((r) => r.scan(text, stage))
      .sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end)
      .filter((h) => !inPlaceholder(h.span));
    if (hits.length === 0) return text;
    let out = '';
    let pos = 0;
    for (const h of hits) {
      if (h.span.end <= pos) continue;
      out += text.slice(pos, Math.max(pos, h.span.start)) + `[${h.label}]`;
      pos = h.span.end;
    }
    return out + text.slice(pos);
  };
}
