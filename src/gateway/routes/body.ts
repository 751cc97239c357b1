/** Request body decoding: strict UTF-8, bounded nesting, JSON, each failure with its own error code. */
import { JSON_ERROR_POSITION, jsonDepthExceeds, parseJsonData } from '../../core/json.js';
import { GatewayError } from '../errors.js';


const decoder = new TextDecoder('utf-8', { fatal: true });

export { JSON_ERROR_POSITION, jsonDepthExceeds };

export function parseJsonBody(body: Buffer, maxDepth: number): unknown {
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    throw new GatewayError('invalid_utf8', 'Request body is not valid UTF-8.');
  }
  if (text.trim() === '') throw new GatewayError('invalid_json', 'Request body is empty; expected a JSON object.');
  if (jsonDepthExceeds(text, maxDepth)) throw new GatewayError('body_too_deep', `Request body nests deeper than ${maxDepth} levels.`);
  try {
    return parseJsonData(text);
  } catch (err) {
    // The engine's message may quote the body; only the position is relayed.
    const pos = err instanceof Error ? JSON_ERROR_POSITION.exec(err.message) : null;
    throw new GatewayError('invalid_json', `Request body is not valid JSON${pos ? ` (at position ${pos[1]})` : ''}.`);
  }
}
