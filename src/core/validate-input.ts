/** Checks what a caller passed to scanInput before anything is scanned. */
import { INPUT_STAGES, type ChatMessage } from '../spec/types.js';
import { WardenInputError } from './errors.js';
import { ROLES } from './policy-schema.js';

const ROLE_SET: ReadonlySet<string> = new Set(ROLES);
const INPUT_STAGE_SET: ReadonlySet<string> = new Set(INPUT_STAGES);

export function validateMessages(input: unknown): ChatMessage[] {
  if (!Array.isArray(input)) {
    throw new WardenInputError('invalid_input', `scanInput expects a string or an array of chat messages, got ${typeName(input)}`);
  }
  for (let i = 0; i < input.length; i++) {
    const m: unknown = input[i];
    if (m === null || typeof m !== 'object') {
      throw new WardenInputError('invalid_message', `messages[${i}] must be an object with role and content, got ${typeName(m)}`);
    }
    const { role, content, stage } = m as { role?: unknown; content?: unknown; stage?: unknown };
    if (typeof role !== 'string' || !ROLE_SET.has(role)) {
      throw new WardenInputError('invalid_role', `messages[${i}].role must be one of ${ROLES.join(', ')}, got ${JSON.stringify(role) ?? 'undefined'}`);
    }
    if (typeof content !== 'string') {
      throw new WardenInputError(
        'invalid_content',
        `messages[${i}].content must be a string (flatten multi-part content to text first), got ${typeName(content)}`,
      );
    }
    if (stage !== undefined && (typeof stage !== 'string' || !INPUT_STAGE_SET.has(stage))) {
      throw new WardenInputError('invalid_stage', `messages[${i}].stage must be one of ${INPUT_STAGES.join(', ')}, got ${JSON.stringify(stage) ?? 'undefined'}`);
    }
  }
  return input as ChatMessage[];
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}
