/**
 * The simulated tools as a real MCP server process (stdio), for the MCP door: the proxy spawns it as an upstream
 * server. The bench tells it which scenario runs by writing CONTAINMENT_STATE (`{ token, world }`); the server
 * rebuilds the tools when the token changes and appends every effect to CONTAINMENT_EFFECTS (JSON lines with the
 * token), which the bench reads back. Code runs in the sandbox from this process, as a real tool server would.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { createSandbox } from '../../src/sandbox/index.js';
import type { World } from './format.js';
import { simulatedTools, type SimTool } from './world.js';

const stateFile = process.env['CONTAINMENT_STATE'] ?? '';
const effectsFile = process.env['CONTAINMENT_EFFECTS'] ?? '';
const EMPTY: World = { customers: {}, orders: {}, files: {}, web: {}, inbox: [] };
const sandbox = createSandbox();

let current: { token: string; tools: Map<string, SimTool> } | undefined;

function toolsNow(): Map<string, SimTool> {
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { token: string; world: World };
  if (current?.token !== state.token) {
    const record = (e: object) => appendFileSync(effectsFile, `${JSON.stringify({ token: state.token, ...e })}\n`);
    current = { token: state.token, tools: new Map(simulatedTools(state.world, { sandbox, record }).map((t) => [t.name, t])) };
  }
  return current.tools;
}

const server = new Server({ name: 'containment-tools', version: '1.0.0' }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, () => ({
  tools: simulatedTools(EMPTY, { sandbox, record: () => undefined }).map((t) => ({ name: t.name, description: t.description, inputSchema: t.parameters as { type: 'object' } })),
}));
server.setRequestHandler(CallToolRequestSchema, async (req) => {
  const tool = toolsNow().get(req.params.name);
  if (tool === undefined) return { isError: true, content: [{ type: 'text', text: `no tool ${req.params.name}` }] };
  return { content: [{ type: 'text', text: await tool.run(req.params.arguments ?? {}) }] };
});
await server.connect(new StdioServerTransport());
