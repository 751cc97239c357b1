/**
 * A response object from an upstream that speaks the Responses API, as the client gets it: every field and item
 * id the provider sent, with only what the gateway rewrote replaced (the message text after the output scan, the
 * arguments of checked function calls, reasoning summaries after the output scan, the status of a blocked answer).
 * Reasoning items keep their encrypted content (opaque, for the provider's next turn); a blocked answer has none.
 */
import { withFields } from '../../core/objects.js';
import { arr, isObj, obj, str, type Json } from '../upstreams/json.js';
import type { ChatResult, Reasoning } from '../upstreams/types.js';
import { messageText, reasoningOf } from '../upstreams/responses.js';
import { itemId, messageItem, outputText, statusOf } from './wire-responses-render.js';

/** The provider's own response object, when the answer came from a Responses upstream. */
export function providerResponse(r: ChatResult): Json | undefined {
  const body = r.native?.body;
  return isObj(body) && body.object === 'response' ? body : undefined;
}

function outputItems(r: ChatResult, provider: Json): Json[] {
  const items = arr(provider.output).map(obj);
  const unchanged = r.content === items.filter((i) => i.type === 'message').map(messageText).join('');
  const blocked = r.finishReason === 'content_filter' && !unchanged;
  const calls = new Map(r.toolCalls.map((c) => [c.id, c]));
  const out: Json[] = [];
  let placed = unchanged;
  let thoughts = 0;
  for (const item of items) {
    if (item.type === 'message' && unchanged) out.push(item);
    else if (item.type === 'message' && !placed) {
      // The rewritten text goes in the first message item; later ones held the rest of the text it replaces.
      out.push(withFields(item, { content: r.content === '' ? [] : [outputText(r.content)] }));
      placed = true;
    } else if (item.type === 'function_call') {
      const call = calls.get(str(item.call_id) ?? '');
      if (call !== undefined) out.push(withFields(item, { arguments: call.arguments }));
    } else if (item.type === 'reasoning') {
      const kept = reasoningItem(item, r.reasoning?.[thoughts++]);
      if (kept !== undefined && !blocked) out.push(kept);
    }
  }
  if (!placed && r.content !== '') out.unshift(messageItem(itemId('msg'), r.content, 'completed'));
  return out;
}

/** A reasoning item after the output scan: as sent when its summary passed unchanged, else with the scanned text. */
function reasoningItem(item: Json, scanned: Reasoning | undefined): Json | undefined {
  if (scanned?.type !== 'thinking') return undefined;
  if (scanned.text === reasoningOf(item).text) return item;
  return withFields(item, { summary: scanned.text === '' ? [] : [{ type: 'summary_text', text: scanned.text }] });
}

export function nativeResponse(r: ChatResult, provider: Json): Json {
  const fields: Json = { output: outputItems(r, provider), model: r.model || provider.model };
  if (r.finishReason === 'content_filter') Object.assign(fields, statusOf('content_filter'));
  return withFields(provider, fields);
}
