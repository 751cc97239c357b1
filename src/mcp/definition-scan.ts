/**
 * Tool-description poisoning: an MCP server writes the tool's name, description and argument schema, and the
 * model reads them as instructions. Each text the model reads is one slot scanned at the `tool_definition`
 * stage by the policy's detectors (injection rules and classifier, hidden and obfuscated text), as text from
 * a tool (role `tool`), the same way the gateway scans tools in a request.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { WardenEngine } from '../core/index.js';
import type { ChatMessage, Finding } from '../spec/types.js';

/** JSON Schema keywords whose values are structure, not text (as the gateway's tool-definition fields). */
const STRUCTURAL = new Set(['type', 'format', 'pattern', 'required', '$ref', '$schema', '$id', '$anchor', '$dynamicRef', '$dynamicAnchor', 'contentEncoding', 'contentMediaType']);
/** Keywords whose object values map names to subschemas: the names are text the model reads too. */
const NAMED = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const MAX_SLOTS = 2_000;

export interface DefinitionSlot {
  /** Where in the definition: `description`, `inputSchema.properties.path.description`, ... */
  path: string;
  text: string;
}

function walkSchema(value: unknown, path: string, out: DefinitionSlot[]): void {
  if (out.length >= MAX_SLOTS) return;
  if (typeof value === 'string') {
    if (value.length > 0) out.push({ path, text: value });
    return;
  }
  if (Array.isArray(value)) {
    // enum and examples lists: one slot, so a long enum costs one scan.
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      const text = value.filter((v) => v !== null && v !== undefined).map(String).join('\n');
      if (text.length > 0) out.push({ path, text });
      return;
    }
    value.forEach((v, i) => walkSchema(v, `${path}.${i}`, out));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, v] of Object.entries(value)) {
    if (STRUCTURAL.has(key)) continue;
    if (NAMED.has(key) && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      for (const [name, sub] of Object.entries(v)) {
        out.push({ path: `${path}.${key}`, text: name });
        walkSchema(sub, `${path}.${key}.${name}`, out);
      }
      continue;
    }
    walkSchema(v, `${path}.${key}`, out);
  }
}

/** Every text of a definition the model reads, with where it came from. */
export function definitionSlots(tool: Tool): DefinitionSlot[] {
  const out: DefinitionSlot[] = [{ path: 'name', text: tool.name }];
  if (tool.title) out.push({ path: 'title', text: tool.title });
  if (tool.description) out.push({ path: 'description', text: tool.description });
  if (tool.annotations?.title) out.push({ path: 'annotations.title', text: tool.annotations.title });
  walkSchema(tool.inputSchema, 'inputSchema', out);
  if (tool.outputSchema) walkSchema(tool.outputSchema, 'outputSchema', out);
  return out;
}

export interface DefinitionVerdict {
  /** The policy's action for the definition: block and redact both mean the text carries something it refuses. */
  action: 'allow' | 'flag' | 'redact' | 'block';
  decidingRule?: string;
  findings: Finding[];
  /** Slot paths of the findings, in the same order. */
  where: string[];
}

/** Scans one definition; a scan that throws is a block (fail closed), with the error as its reason. */
export async function scanDefinition(warden: WardenEngine, tool: Tool, ctx: { tenant: string }): Promise<DefinitionVerdict> {
  const slots = definitionSlots(tool);
  const messages: ChatMessage[] = slots.map((s) => ({ role: 'tool', content: s.text, stage: 'tool_definition' }));
  try {
    const r = await warden.scanInputAsync(messages, { tenant: ctx.tenant });
    const where = r.findings.map((f) => slots[f.messageIndex ?? 0]?.path ?? 'definition');
    return { action: r.action, findings: r.findings, where, ...(r.decidingRule !== undefined ? { decidingRule: r.decidingRule } : {}) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { action: 'block', decidingRule: 'mcp/definition-scan-error', findings: [], where: [`scan failed: ${message.slice(0, 200)}`] };
  }
}
