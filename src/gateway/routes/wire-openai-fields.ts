/**
 * The OpenAI Chat Completions request fields the gateway knows (see request-fields.ts for how shapes are read).
 * Every string not listed under `skip` is scanned; top-level fields and content part types not listed are refused.
 */
import { FREE, type FieldShape } from './request-fields.js';
import { JSON_SCHEMA, TOOL_DEFINITION } from './tool-definition-fields.js';

const TEXT: FieldShape = {};
const OPTIONS: FieldShape = {};
const IMAGE_URL: FieldShape = { dataUrl: true, skip: ['detail'], fields: { url: { dataUrl: true } } };

/** Content part types; `input_text` and `output_text` are what vLLM and the Responses API call text. */
export const OPENAI_PARTS: FieldShape = {
  variants: {
    text: TEXT,
    input_text: TEXT,
    output_text: TEXT,
    refusal: TEXT,
    image_url: { fields: { image_url: IMAGE_URL } },
    input_audio: { fields: { input_audio: { skip: ['format'], base64: ['data'] } } },
    file: { fields: { file: { skip: ['file_id'], fields: { file_data: { dataUrl: true } } } } },
  },
};

const MESSAGE: FieldShape = {
  role: 'from-message',
  skip: ['role', 'tool_call_id'],
  fields: {
    content: OPENAI_PARTS,
    // Assistant history: calls the model made (name and JSON arguments are text it reads back).
    tool_calls: { skip: ['id', 'type'], fields: { function: TEXT } },
    function_call: TEXT,
    audio: { skip: ['id'] },
  },
};

/** Output-format definitions are written by the application, like the system prompt. */
const DEFINITION: FieldShape = { role: 'system', skip: ['type'] };
/** Tools (and the legacy `functions`): name, description and the `parameters` schema, at the tool_definition stage. */
const FUNCTION: FieldShape = { fields: { parameters: JSON_SCHEMA } };
const TOOLS: FieldShape = { skip: ['type'], fields: { function: FUNCTION }, ...TOOL_DEFINITION };
const FUNCTIONS: FieldShape = { ...FUNCTION, ...TOOL_DEFINITION };
const TOOL_CHOICE: FieldShape = { skip: ['type'], fields: { function: TEXT }, ...TOOL_DEFINITION };

/** Numbers, booleans and option objects: only a string in them would be scanned (option keys are not text). */
const PARAMS = [
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'max_completion_tokens',
  'max_tokens',
  'n',
  'parallel_tool_calls',
  'presence_penalty',
  'seed',
  'store',
  'stream',
  'stream_options',
  'temperature',
  'top_logprobs',
  'top_p',
];

/** The body; `skip` names the top-level enum values (model name, effort levels, "auto"-style tool choices). */
export const OPENAI_REQUEST: FieldShape = {
  closed: true,
  skip: ['model', 'modalities', 'reasoning_effort', 'service_tier', 'verbosity', 'tool_choice', 'function_call'],
  fields: {
    model: FREE,
    modalities: FREE,
    reasoning_effort: FREE,
    service_tier: FREE,
    verbosity: FREE,
    messages: MESSAGE,
    tools: TOOLS,
    functions: FUNCTIONS,
    tool_choice: TOOL_CHOICE,
    function_call: TOOL_CHOICE,
    response_format: DEFINITION,
    audio: { skip: ['voice', 'format'] },
    prediction: { skip: ['type'], fields: { content: OPENAI_PARTS } },
    stop: FREE,
    user: FREE,
    safety_identifier: FREE,
    prompt_cache_key: FREE,
    metadata: FREE,
    web_search_options: { skip: ['search_context_size'] },
    ...Object.fromEntries(PARAMS.map((k) => [k, OPTIONS])),
  },
};
