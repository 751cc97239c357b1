/**
 * Tool definitions as scan slots, shared by both protocols. The model reads a tool's name, description and
 * every text of its argument schema (descriptions, titles, enum values, defaults, examples), and a malicious
 * MCP server writes them, so each is its own slot at the `tool_definition` stage, as text from a tool (role
 * `tool`), not as the application's system prompt, whose role most detectors skip.
 */
import type { FieldShape } from './request-fields.js';

/** JSON Schema keywords whose values are structure (types, formats, regexes, references), not text. */
const STRUCTURAL = ['type', 'format', 'pattern', 'required', '$ref', '$schema', '$id', '$anchor', '$dynamicRef', '$dynamicAnchor', 'contentEncoding', 'contentMediaType'];

const keywords: Record<string, FieldShape> = {};
/** A JSON Schema: subschemas are walked; any other keyword's strings are scanned (objects as JSON). */
export const JSON_SCHEMA: FieldShape = { skip: STRUCTURAL, fields: keywords };
/** A map from names (property names, definition names) to subschemas. */
const SCHEMAS: FieldShape = { values: JSON_SCHEMA };
/** A list of values as one text: a long enum is one slot, not one per value. */
const VALUES: FieldShape = { whole: true };

Object.assign(keywords, {
  enum: VALUES,
  examples: VALUES,
  ...Object.fromEntries(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'].map((k) => [k, SCHEMAS])),
  ...Object.fromEntries(
    ['items', 'prefixItems', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'anyOf', 'oneOf', 'allOf'].map(
      (k) => [k, JSON_SCHEMA],
    ),
  ),
} satisfies Record<string, FieldShape>);

/** The stage and role of everything below a tool definition or a tool choice. */
export const TOOL_DEFINITION: Pick<FieldShape, 'stage' | 'role'> = { stage: 'tool_definition', role: 'tool' };
