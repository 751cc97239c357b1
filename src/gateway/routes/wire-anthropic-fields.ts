/**
 * The Anthropic Messages request fields the gateway knows (see request-fields.ts for how shapes are read).
 * Every string not listed under `skip` is scanned; top-level fields and content block types not listed are refused.
 */
import { FREE, type FieldShape } from './request-fields.js';
import { JSON_SCHEMA, TOOL_DEFINITION } from './tool-definition-fields.js';

const CACHE: FieldShape = { skip: ['type', 'ttl'] };
const TEXT: FieldShape = { fields: { cache_control: CACHE } };
const IMAGE_SOURCE: FieldShape = { variants: { base64: { skip: ['media_type'], base64: ['data'] }, url: {}, file: { skip: ['file_id'] } } };
const OPTIONS: FieldShape = {};

const blockTypes: Record<string, FieldShape> = {};
/** Content blocks; tool results may nest documents, search results and images, so the shape refers to itself. */
export const ANTHROPIC_BLOCKS: FieldShape = { variants: blockTypes };

const DOCUMENT_SOURCE: FieldShape = {
  variants: {
    text: { skip: ['media_type'] },
    base64: { skip: ['media_type'], base64: ['data'] },
    url: {},
    file: { skip: ['file_id'] },
    content: { fields: { content: ANTHROPIC_BLOCKS } },
  },
};

Object.assign(blockTypes, {
  text: TEXT,
  image: { fields: { source: IMAGE_SOURCE, cache_control: CACHE } },
  document: { stage: 'retrieved', fields: { source: DOCUMENT_SOURCE, cache_control: CACHE } },
  search_result: { stage: 'retrieved', fields: { content: ANTHROPIC_BLOCKS, cache_control: CACHE } },
  tool_result: { role: 'tool', skip: ['tool_use_id'], fields: { content: ANTHROPIC_BLOCKS, cache_control: CACHE } },
  // Assistant history: calls the model made; `input` is read back as JSON.
  tool_use: { skip: ['id'], fields: { cache_control: CACHE } },
  server_tool_use: { skip: ['id'], fields: { cache_control: CACHE } },
  web_search_tool_result: {
    stage: 'retrieved',
    skip: ['tool_use_id'],
    fields: {
      cache_control: CACHE,
      content: { variants: { web_search_result: { skip: ['page_age'], base64: ['encrypted_content'] }, web_search_tool_result_error: { skip: ['error_code'] } } },
    },
  },
  thinking: { base64: ['signature'] },
  redacted_thinking: { base64: ['data'] },
} satisfies Record<string, FieldShape>);

/** Numbers, booleans and option objects: only a string in them would be scanned (option keys are not text). */
const PARAMS = ['max_tokens', 'stream', 'temperature', 'top_k', 'top_p'];

/** The body; `skip` names the top-level enum values. */
export const ANTHROPIC_REQUEST: FieldShape = {
  closed: true,
  skip: ['model', 'service_tier'],
  fields: {
    model: FREE,
    service_tier: FREE,
    messages: { role: 'from-message', skip: ['role'], fields: { content: ANTHROPIC_BLOCKS } },
    system: { role: 'system', variants: { text: TEXT } },
    // Name, description and every text of `input_schema`, at the tool_definition stage (server tools' settings too).
    tools: { skip: ['type'], fields: { cache_control: CACHE, input_schema: JSON_SCHEMA }, ...TOOL_DEFINITION },
    tool_choice: { skip: ['type'], ...TOOL_DEFINITION },
    thinking: { skip: ['type'] },
    // Structured output (JSON schema), written by the application like OpenAI's response_format.
    output_config: { role: 'system', skip: ['effort'], fields: { format: { skip: ['type'] } } },
    output_format: { role: 'system', skip: ['type'] },
    metadata: FREE,
    stop_sequences: FREE,
    ...Object.fromEntries(PARAMS.map((k) => [k, OPTIONS])),
  },
};
