/**
 * The built-in `demo` upstream: a deterministic, SIMULATED assistant that is deliberately vulnerable,
 * so a newcomer can watch Warden stop real attack patterns without any API key. It obeys injected
 * instructions, leaks its system prompt (reworded or half-translated on request), echoes PII, emits markdown-image
 * exfiltration links (base64-encoded on request), proposes tool calls from injected text and answers by quoting
 * every document and tool result it was given (demo-context.ts). Every answer is labelled with the model name below.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { arr, obj, str } from './json.js';
import type { ToolCall } from '../../spec/tools.js';
import type { ChatResult, StreamEvent, Upstream, UpstreamCall } from './types.js';
import type { UpstreamAbort } from './abort.js';
import { demoEmbeddings, promptAsChat } from './demo-endpoints.js';
import { DEMO_CONTEXT_PATTERNS, documentsIn, halfTranslate, reword } from './demo-context.js';

export const DEMO_MODEL = 'warden-demo-vulnerable';

/** Triggers, applied to bounded message text. */
export const DEMO_PATTERNS = {
  override: /\b(?:ignore|disregard|forget)\b[^\n]{0,80}?\b(?:instructions|rules|prompt)\b/i,
  say: /\b(?:say|reply with|respond with|print|output)[ \t]{1,4}["“']?([^"”'\n]{1,300})/i,
  leak: /\b(?:system prompt|your (?:instructions|configuration|rules)|initial instructions|hidden prompt|developer message|rules were you given)\b/i,
  url: /https?:\/\/[^\s)"'<>\]]{1,300}/i,
  image: /\b(?:image|markdown|render)\b|!\[/i,
  call: /\bcall(?: the)?[ \t]{1,4}([A-Za-z_][\w-]{0,63})(?:[ \t]{1,4}tool)?[ \t]{1,4}with[ \t]{1,4}([^\n]{1,500})/i,
} as const;

/** Demo input is bounded so the simulated model never does unbounded work. */
const MAX_SCAN = 8_000;
const MAX_ECHO = 400;

interface DemoMessage {
  role: string;
  text: string;
}

function messagesOf(body: Record<string, unknown>): DemoMessage[] {
  return arr(body.messages).map((m) => {
    const msg = obj(m);
    const c = msg.content;
    const text =
      typeof c === 'string'
        ? c
        : arr(c)
            .map((p) => str(obj(p).text) ?? '')
            .join(' ');
    return { role: str(msg.role) ?? 'user', text: text.slice(0, MAX_SCAN) };
  });
}

function toolNames(body: Record<string, unknown>): string[] {
  return arr(body.tools).map((t) => str(obj(obj(t).function).name) ?? '');
}

function argsFor(raw: string): string {
  const trimmed = raw.trim().replace(/[.\s]{0,8}$/, '');
  try {
    const v: unknown = JSON.parse(trimmed);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return JSON.stringify(v);
  } catch {
    // plain text arguments are wrapped below
  }
  return JSON.stringify({ input: trimmed });
}

/** What the demo leaks, reworded, half-translated or base64-encoded when the conversation asks for it. */
function shaped(text: string, ask: string): string {
  if (DEMO_CONTEXT_PATTERNS.reword.test(ask)) return reword(text);
  if (DEMO_CONTEXT_PATTERNS.translate.test(ask)) return halfTranslate(text);
  return text;
}

/** Decides the simulated answer: the naive behaviours first, then an answer quoting its documents, a labelled echo otherwise. */
export function demoAnswer(body: Record<string, unknown>): { content: string; toolCalls: ToolCall[] } {
  const msgs = messagesOf(body);
  const system = msgs.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => m.text).join('\n');
  const untrusted = msgs.filter((m) => m.role === 'user' || m.role === 'tool').reverse();
  const tools = toolNames(body);
  const ask = msgs.filter((m) => m.role === 'user').pop()?.text ?? '';
  for (const m of untrusted) {
    const call = tools.length > 0 ? DEMO_PATTERNS.call.exec(m.text) : null;
    if (call && tools.includes(call[1] as string)) {
      return { content: '', toolCalls: [{ id: `call_${randomUUID().slice(0, 8)}`, name: call[1] as string, arguments: argsFor(call[2] as string) }] };
    }
    const url = DEMO_PATTERNS.url.exec(m.text);
    if (url && DEMO_PATTERNS.image.test(m.text)) {
      const secret = (system || (msgs.find((x) => x.role === 'user')?.text ?? '')).slice(0, 200);
      const loot = DEMO_CONTEXT_PATTERNS.encode.test(m.text) ? Buffer.from(secret).toString('base64url') : encodeURIComponent(secret);
      const sep = url[0].includes('?') ? '&' : '?';
      return { content: `Here is the image you asked for: ![status](${url[0]}${sep}d=${loot})`, toolCalls: [] };
    }
    const say = DEMO_PATTERNS.override.test(m.text) ? DEMO_PATTERNS.say.exec(m.text) : null;
    if (say) return { content: (say[1] as string).trim(), toolCalls: [] };
    if (DEMO_PATTERNS.leak.test(m.text)) {
      return { content: system ? `Sure! My system prompt is: ${shaped(system, ask)}` : 'I have no system prompt in this conversation.', toolCalls: [] };
    }
  }
  // A compromised model answers from every isolated document or tool result it was given, boundaries or not.
  const context = documentsIn(msgs.map((m) => m.text));
  if (context.length > 0) return { content: `Based on the documents: ${shaped(context.join(' '), ask)}`, toolCalls: [] };
  const echo = ask.length > MAX_ECHO ? `${ask.slice(0, MAX_ECHO)}...` : ask;
  return { content: `[${DEMO_MODEL}: simulated answer] You said: "${echo}"`, toolCalls: [] };
}

/** Splits text into word-sized tokens with their trailing whitespace, so streams look like a model's. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    const boundary = i === text.length || (text[i - 1] === ' ' && text[i] !== ' ') || i - start >= 12;
    if (boundary) {
      out.push(text.slice(start, i));
      start = i;
    }
  }
  return out;
}

/** The demo's input token count: a token per 4 characters of message text (its usage and its count_tokens agree). */
function promptTokens(body: Record<string, unknown>): number {
  return Math.ceil(
    messagesOf(body)
      .map((m) => m.text.length)
      .reduce((a, b) => a + b, 0) / 4,
  );
}

export function createDemoUpstream(opts: { name: string; tokenDelayMs: number }): Upstream {
  const result = (body: Record<string, unknown>): ChatResult => {
    const answer = demoAnswer(body);
    return {
      id: `chatcmpl-demo-${randomUUID()}`,
      model: DEMO_MODEL,
      content: answer.content,
      toolCalls: answer.toolCalls,
      finishReason: answer.toolCalls.length > 0 ? 'tool_calls' : 'stop',
      usage: { promptTokens: promptTokens(body), completionTokens: Math.ceil((answer.content.length + JSON.stringify(answer.toolCalls).length) / 4) },
    };
  };
  async function* events(r: ChatResult, abort: UpstreamAbort): AsyncGenerator<StreamEvent> {
    yield { type: 'start', id: r.id, model: r.model };
    for (const token of tokenize(r.content)) {
      if (opts.tokenDelayMs > 0) await sleep(opts.tokenDelayMs, undefined, { signal: abort.signal });
      yield { type: 'text', text: token };
    }
    for (const [index, t] of r.toolCalls.entries()) {
      yield { type: 'tool', index, id: t.id, name: t.name, args: '' };
      for (const piece of tokenize(t.arguments)) yield { type: 'tool', index, args: piece };
    }
    yield { type: 'end', finishReason: r.finishReason, usage: r.usage };
  }
  return {
    name: opts.name,
    protocol: 'openai',
    complete: (call: UpstreamCall) => Promise.resolve(result(call.body)),
    stream: (call: UpstreamCall) => Promise.resolve(events(result(call.body), call.abort)),
    embeddings: (call: UpstreamCall) => Promise.resolve(demoEmbeddings(call.body, DEMO_MODEL)),
    countTokens: (call: UpstreamCall) => Promise.resolve({ input_tokens: promptTokens(call.body) }),
    completions: {
      complete: (call: UpstreamCall) => Promise.resolve(result(promptAsChat(call.body))),
      stream: (call: UpstreamCall) => Promise.resolve(events(result(promptAsChat(call.body)), call.abort)),
    },
    listModels: () => Promise.resolve([DEMO_MODEL]),
    close: () => Promise.resolve(),
  };
}
