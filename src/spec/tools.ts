/**
 * Tools as Warden sees them, whatever the front door (HTTP gateway, MCP proxy, a tools layer): types only.
 * A definition is what the application or an MCP server tells the model a tool does (scanned at the
 * `tool_definition` stage); a call is what the model asks to run (scanned at the `tool_call` stage).
 */

/** A call the model proposes. */
export interface ToolCall {
  id: string;
  name: string;
  /** JSON text, as the model produced it. */
  arguments: string;
}

/** A tool offered to the model, in the same shape for every protocol. */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments (OpenAI `function.parameters`, Anthropic `input_schema`). */
  parameters?: Record<string, unknown>;
}

/** Why a tool call was refused before any scan: a kill switch is set on the tool, or the caller is not scoped to it. */
export type ToolRefusal = 'killed' | 'not_allowed';
