/**
 * The OpenAI Responses API request fields the gateway knows (see request-fields.ts for how shapes are read).
 * Every string not listed under `skip` is scanned; top-level fields, input item types, content part types and
 * tool types not listed are refused. `instructions` is the system prompt; input messages take their role;
 * `function_call` items are assistant history and `function_call_output` items are tool results (`tool_result`).
 */
import { FREE, type FieldShape } from './request-fields.js';
import { JSON_SCHEMA, TOOL_DEFINITION } from './tool-definition-fields.js';

const TEXT: FieldShape = {};
const OPTIONS: FieldShape = {};

/** Content parts of messages and of tool outputs. */
const PARTS: FieldShape = {
  variants: {
    input_text: TEXT,
    output_text: TEXT,
    refusal: TEXT,
    input_image: { skip: ['detail', 'file_id'], fields: { image_url: { dataUrl: true } } },
    input_file: { skip: ['file_id'], fields: { file_data: { dataUrl: true } } },
    input_audio: { fields: { input_audio: { skip: ['format'], base64: ['data'] } } },
  },
};

/** Input items; messages sent without `type` are given `type: "message"` by the route's schema. */
const ITEMS: FieldShape = {
  variants: {
    message: { role: 'from-message', skip: ['role', 'id', 'status', 'phase'], fields: { content: PARTS } },
    // Assistant history: a call the model made (name and JSON arguments are text it reads back).
    function_call: { role: 'assistant', skip: ['id', 'call_id', 'status', 'namespace'] },
    function_call_output: { role: 'tool', skip: ['id', 'call_id', 'status'], fields: { output: PARTS } },
    reasoning: {
      role: 'assistant',
      skip: ['id', 'status'],
      base64: ['encrypted_content'],
      fields: { summary: { variants: { summary_text: TEXT } }, content: { variants: { reasoning_text: TEXT } } },
    },
    // A stored item by id: forwarded to upstreams that keep responses, refused by translation.
    item_reference: { skip: ['id'] },
  },
};

/** Function tools only: built-in tools (web search, file search, ...) run at the provider, out of the gateway's sight. */
const TOOLS: FieldShape = { variants: { function: { skip: ['strict'], fields: { parameters: JSON_SCHEMA } } }, ...TOOL_DEFINITION };

/** Numbers, booleans and option objects: only a string in them would be scanned (option keys are not text). */
const PARAMS = ['max_output_tokens', 'max_tool_calls', 'parallel_tool_calls', 'store', 'stream', 'stream_options', 'temperature', 'top_logprobs', 'top_p', 'background'];

/** Top-level identifiers and enum values (model name, stored response id, "auto"-style settings): not scanned. */
const IDS = ['model', 'service_tier', 'truncation', 'include', 'previous_response_id', 'prompt_cache_retention'];

/** The body. */
export const RESPONSES_REQUEST: FieldShape = {
  closed: true,
  skip: [...IDS, 'tool_choice'],
  fields: {
    instructions: { role: 'system' },
    input: { role: 'user', ...ITEMS },
    tools: TOOLS,
    tool_choice: { skip: ['type', 'mode'], ...TOOL_DEFINITION },
    // Output-format definitions are written by the application, like the system prompt.
    text: { skip: ['verbosity'], fields: { format: { role: 'system', skip: ['type', 'strict'] } } },
    reasoning: { skip: ['effort', 'summary', 'generate_summary'] },
    user: FREE,
    safety_identifier: FREE,
    prompt_cache_key: FREE,
    metadata: FREE,
    ...Object.fromEntries(IDS.map((k) => [k, FREE])),
    ...Object.fromEntries(PARAMS.map((k) => [k, OPTIONS])),
  },
};
