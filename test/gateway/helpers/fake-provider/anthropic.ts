/** The fake provider's Anthropic Messages and count_tokens answers, with thinking blocks, signatures and cache usage. */
import { USAGE, faultFrames, replyChunks, replyText, sseEvent, tokensOf, type Body, type Frames, type Reply } from './replies.js';

type Answer = Exclude<Reply, { kind: 'error' }>;

interface ToolUse {
  id: string;
  name: string;
  input: unknown;
}

function toolUseOf(r: Answer): ToolUse | undefined {
  return r.kind === 'tool' ? { id: r.id ?? 'toolu_fake_1', name: r.name, input: r.args } : undefined;
}

function thinkingBlocks(r: Answer): Body[] {
  if (r.kind !== 'text') return [];
  const blocks: Body[] = [];
  if (r.thinking) blocks.push({ type: 'thinking', thinking: r.thinking.text, signature: r.thinking.signature });
  if (r.redactedThinking) blocks.push({ type: 'redacted_thinking', data: r.redactedThinking });
  return blocks;
}

function stopReason(r: Answer): string {
  if (toolUseOf(r)) return 'tool_use';
  return r.kind === 'text' && r.finish === 'length' ? 'max_tokens' : 'end_turn';
}

function outputTokens(r: Answer): number {
  return toolUseOf(r) ? 9 : tokensOf(replyText(r)).length;
}

function startUsage(): Body {
  return { input_tokens: USAGE.input, cache_creation_input_tokens: USAGE.cacheCreation, cache_read_input_tokens: USAGE.cachedInput, output_tokens: 1, service_tier: 'standard' };
}

/** A `message` body. */
export function messageJson(req: Body, r: Answer, id: string): Body {
  const tool = toolUseOf(r);
  const content = tool ? [{ type: 'tool_use', ...tool }] : [...thinkingBlocks(r), { type: 'text', text: replyText(r) }];
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: req.model,
    content,
    stop_reason: stopReason(r),
    stop_sequence: null,
    usage: { ...startUsage(), output_tokens: outputTokens(r) },
  };
}

/** The Messages stream: message_start (with the real input usage), blocks with their deltas, message_delta, message_stop. */
export function messageStream(req: Body, r: Answer, id: string): Frames {
  const start = sseEvent('message_start', {
    message: { id, type: 'message', role: 'assistant', model: req.model, content: [], stop_reason: null, stop_sequence: null, usage: startUsage() },
  });
  const end = [
    sseEvent('message_delta', { delta: { stop_reason: stopReason(r), stop_sequence: null }, usage: { output_tokens: outputTokens(r) } }),
    sseEvent('message_stop', {}),
  ];
  const tool = toolUseOf(r);
  if (tool) {
    const json = JSON.stringify(tool.input);
    const half = Math.floor(json.length / 2);
    const frames = [
      start,
      sseEvent('content_block_start', { index: 0, content_block: { type: 'tool_use', id: tool.id, name: tool.name, input: {} } }),
      sseEvent('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: json.slice(0, half) } }),
      sseEvent('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: json.slice(half) } }),
      sseEvent('content_block_stop', { index: 0 }),
      ...end,
    ];
    return { frames, destroy: false };
  }
  const head = [start, 'event: ping\ndata: {"type": "ping"}\n\n'];
  let index = 0;
  for (const block of thinkingBlocks(r)) {
    if (block.type === 'thinking') {
      head.push(
        sseEvent('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } }),
        sseEvent('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: block.thinking } }),
        sseEvent('content_block_delta', { index, delta: { type: 'signature_delta', signature: block.signature } }),
      );
    } else {
      head.push(sseEvent('content_block_start', { index, content_block: block }));
    }
    head.push(sseEvent('content_block_stop', { index }));
    index += 1;
  }
  head.push(sseEvent('content_block_start', { index, content_block: { type: 'text', text: '' } }));
  for (const c of replyChunks(r)) head.push(sseEvent('content_block_delta', { index, delta: { type: 'text_delta', text: c } }));
  const tail = [sseEvent('content_block_stop', { index }), ...end];
  return faultFrames(r, head, tail[0] ?? '', [...head, ...tail]);
}

/** A deterministic token count of everything a count_tokens request would send to the model. */
export function countTokensJson(req: Body): Body {
  const text = JSON.stringify([req.system ?? '', req.messages ?? [], req.tools ?? []]);
  return { input_tokens: Math.ceil(text.length / 4) };
}
