/**
 * Tool definitions pinned by hash: SHA-256 of the canonical JSON of what the model reads and the client
 * validates (name, title, description, input and output schemas, annotations). A server that changes a pinned
 * definition later (a "rug pull") no longer matches its pin. The pin file is JSON, keyed `<server>/<tool>`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { canonicalJson } from '../audit/canonical-json.js';

export interface PinFile {
  version: 1;
  /** `<server>/<tool>` -> SHA-256 hex of the definition. */
  tools: Record<string, string>;
}

/** What a pin says about a definition now. */
export type PinState = 'pinned' | 'new' | 'changed';

/** The hash a definition is pinned by; `_meta` and icons are left out (they do not reach the model). */
export function definitionHash(tool: Tool): string {
  const pinned = {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: tool.inputSchema,
    outputSchema: tool.outputSchema,
    annotations: tool.annotations,
  };
  return createHash('sha256').update(canonicalJson(pinned)).digest('hex');
}

export const pinKey = (server: string, tool: string): string => `${server}/${tool}`;

function isPinFile(v: unknown): v is PinFile {
  if (typeof v !== 'object' || v === null) return false;
  const { version, tools } = v as { version?: unknown; tools?: unknown };
  return version === 1 && typeof tools === 'object' && tools !== null && Object.values(tools).every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h));
}

/** The pins of `file`, or none when it does not exist; a file that is not a pin file is an error, never "no pins". */
export function readPins(file: string): PinFile {
  if (!existsSync(file)) return { version: 1, tools: {} };
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isPinFile(parsed)) throw new Error(`${file} is not a Warden MCP pin file ({"version":1,"tools":{"server/tool":"<sha256>"}})`);
  return parsed;
}

/** Writes the pins atomically (a crash never leaves half a file), keys sorted so diffs stay small. */
export function writePins(file: string, pins: PinFile): void {
  const sorted = Object.fromEntries(Object.entries(pins.tools).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify({ version: 1, tools: sorted }, null, 2)}\n`, { mode: 0o644 });
  renameSync(tmp, file);
}

export function pinState(pins: PinFile, key: string, hash: string): PinState {
  const pinned = pins.tools[key];
  if (pinned === undefined) return 'new';
  return pinned === hash ? 'pinned' : 'changed';
}
