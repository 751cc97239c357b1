/**
 * A tool's result before it goes back to the client: bounded in size, every text the model will read (text
 * blocks, embedded text resources, resource links, the strings of structured content) scanned at the
 * `tool_result` stage by the policy's detectors, and blocked or redacted in place as the policy decides.
 * Images, audio and binary resources cannot be scanned, so they are refused unless the config allows them.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { WardenEngine } from '../core/index.js';
import type { ChatMessage, Finding } from '../spec/types.js';

export type ResultVerdict =
  | { ok: true; result: CallToolResult; action: 'allow' | 'flag' | 'redact'; findings: Finding[] }
  | { ok: false; ruleId: string; reason: string; findings: Finding[] };

interface Slot {
  text: string;
  set(text: string): void;
}

type Content = CallToolResult['content'][number];

/** String leaves of structured content, each with a setter into the (copied) structure. */
function structuredSlots(value: unknown, out: Slot[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      if (typeof v === 'string') out.push({ text: v, set: (t) => (value[i] = t) });
      else structuredSlots(v, out);
    });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const obj = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string') out.push({ text: v, set: (t) => (obj[k] = t) });
    else structuredSlots(v, out);
  }
}

/** The texts of one content block with setters, or the block's type when it cannot be scanned. */
function contentSlots(block: Content, out: Slot[]): string | undefined {
  switch (block.type) {
    case 'text':
      out.push({ text: block.text, set: (t) => (block.text = t) });
      return undefined;
    case 'resource_link':
      out.push({ text: block.uri, set: (t) => (block.uri = t) }, { text: block.name, set: (t) => (block.name = t) });
      if (block.description !== undefined) out.push({ text: block.description, set: (t) => (block.description = t) });
      return undefined;
    case 'resource': {
      const res = block.resource;
      if ('text' in res && typeof res.text === 'string') {
        out.push({ text: res.text, set: (t) => (res.text = t) });
        return undefined;
      }
      return 'binary resource';
    }
    default:
      return block.type;
  }
}

export interface ResultScanOptions {
  maxBytes: number;
  allowBinary: boolean;
  tenant: string;
  userId?: string;
  signal?: AbortSignal;
}

/** The result's content, structured content and error flag: what is scanned, and all that is passed on. */
function scannableFields(result: CallToolResult): CallToolResult {
  return {
    content: result.content,
    ...(result.structuredContent !== undefined ? { structuredContent: result.structuredContent } : {}),
    ...(result.isError !== undefined ? { isError: result.isError } : {}),
  };
}

/** Checks one result; never throws (a scan that fails is a refusal). */
export async function scanResult(warden: WardenEngine, result: CallToolResult, opts: ResultScanOptions): Promise<ResultVerdict> {
  const size = Buffer.byteLength(JSON.stringify(result));
  if (size > opts.maxBytes) {
    return { ok: false, ruleId: 'mcp/result-too-large', reason: `the tool's result is ${size} bytes, over the limit of ${opts.maxBytes}`, findings: [] };
  }
  // A deep copy of the fields the client may see: redaction writes into it. Anything else a server adds (the
  // protocol allows extra fields) is dropped rather than passed on unscanned.
  const copy = structuredClone(scannableFields(result));
  const slots: Slot[] = [];
  for (const block of copy.content) {
    const unscannable = contentSlots(block, slots);
    if (unscannable !== undefined && !opts.allowBinary) {
      return { ok: false, ruleId: 'mcp/unscannable-result', reason: `the tool's result holds ${unscannable} content, which cannot be scanned (allow_binary_results is off)`, findings: [] };
    }
  }
  if (copy.structuredContent !== undefined) structuredSlots(copy.structuredContent, slots);
  if (slots.length === 0) return { ok: true, result: copy, action: 'allow', findings: [] };
  const messages: ChatMessage[] = slots.map((s) => ({ role: 'tool', content: s.text, stage: 'tool_result' }));
  try {
    const r = await warden.scanInputAsync(messages, { tenant: opts.tenant, ...(opts.userId !== undefined ? { userId: opts.userId } : {}) }, opts.signal ? { signal: opts.signal } : {});
    if (r.action === 'block') {
      return { ok: false, ruleId: r.decidingRule ?? 'mcp/result-blocked', reason: `the tool's result was blocked by ${r.decidingRule ?? 'the policy'}`, findings: r.findings };
    }
    if (r.action === 'redact') {
      const redacted = r.messages ?? [];
      slots.forEach((s, i) => {
        const m = redacted[i];
        if (m !== undefined && m.content !== s.text) s.set(m.content);
      });
    }
    return { ok: true, result: copy, action: r.action, findings: r.findings };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, ruleId: 'mcp/result-scan-error', reason: `the tool's result could not be scanned (${message.slice(0, 200)}); refused`, findings: [] };
  }
}
