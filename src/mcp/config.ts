/**
 * The `mcp:` section of warden.yaml: the upstream MCP servers the proxy fronts, who the stdio client is,
 * the optional Streamable HTTP listener, pinning, and the limits on what an upstream may do. The tool policy
 * itself is the policy's `tools:` section; storage, keys and approvals come from the `gateway:` section.
 */
import { z } from 'zod';
import { toolBreakerOptionsSchema } from '../tools/breakers.js';

const int = z.number().int();
const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Prepended to the server's tool names; `.`/`:`/`_`/`-` keep the result a valid tool-policy name. */
const PREFIX = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,31}$/;

const common = {
  /** Exposed names become `<prefix><name>`; needed when two servers list the same tool name. */
  prefix: z.string().regex(PREFIX, { error: 'expected a prefix of letters, digits, "_", "-", ".", ":" (at most 32)' }).optional(),
  /** Longest wait for connecting and for a tools/list answer. */
  connect_timeout_ms: int.min(100).max(600_000).default(10_000),
};

const stdioServer = z.strictObject({
  type: z.literal('stdio'),
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  /** Environment of the server process, over the SDK's defaults (HOME, LOGNAME, PATH, SHELL, TERM, USER); nothing else of the proxy's. */
  env: z.record(z.string(), z.string()).default({}),
  cwd: z.string().min(1).optional(),
  ...common,
});

const httpServer = z.strictObject({
  type: z.literal('http'),
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
  /** Headers sent to the server; values are read from these environment variables (never written inline). */
  headers_env: z.record(z.string().min(1), z.string().min(1)).default({}),
  ...common,
});

export const mcpServerSchema = z.discriminatedUnion('type', [stdioServer, httpServer], { error: 'expected type "stdio" or "http"' });

const identitySchema = z.strictObject({
  key_id: z.string().min(1).max(128).default('mcp-stdio'),
  tenant: z.string().min(1).max(128).default('default'),
  roles: z.array(z.string().min(1)).default([]),
  user_id: z.string().min(1).max(256).optional(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).default({}),
});

export const mcpSectionSchema = z.strictObject({
  /** Who the stdio client is (it authenticates nothing: whoever starts the proxy chooses). */
  identity: identitySchema.prefault({}),
  /** Serve MCP over Streamable HTTP too; callers authenticate with a gateway key or JWT. */
  listen: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: int.min(0).max(65_535).default(8788),
      path: z.string().regex(/^\/[A-Za-z0-9/_-]*$/).default('/mcp'),
    })
    .optional(),
  servers: z.record(z.string().regex(NAME, { error: 'expected a lower-case server name such as "files"' }), mcpServerSchema).refine((s) => Object.keys(s).length > 0, {
    error: 'name at least one upstream server',
  }),
  pins: z
    .strictObject({
      /** Canonical-JSON SHA-256 of each tool definition, written on first sight (relative to the working directory). */
      file: z.string().min(1).default('./mcp-pins.json'),
      /** A pinned tool whose definition changed: hide and refuse it (`block`), or serve it and audit (`alert`). */
      on_change: z.enum(['block', 'alert']).default('block'),
      /** A tool with no pin yet: pin it on first sight (`pin`) or refuse it until pinned with --update-pins (`block`). */
      on_new: z.enum(['pin', 'block']).default('pin'),
    })
    .prefault({}),
  /** A definition the `tool_definition` scan blocks (or redacts): hide and refuse the tool, or only audit it. */
  on_poisoned_definition: z.enum(['block', 'alert']).default('block'),
  /** Longest wait for one tools/call upstream; a hang is a deny. */
  call_timeout_ms: int.min(100).max(3_600_000).default(30_000),
  /** Largest result (JSON bytes) passed on; larger ones are refused. */
  max_result_bytes: int.min(1_024).max(64 * 1024 * 1024).default(1_048_576),
  /** Image, audio and binary results cannot be scanned: refuse them unless allowed. */
  allow_binary_results: z.boolean().default(false),
  /** One circuit breaker per tool (docs/tool-failures.md): a tool whose server keeps failing is refused for a cooldown. */
  breakers: toolBreakerOptionsSchema.optional(),
  /** Longest wait for a human when the policy says require_approval; no decision = deny. */
  approval_timeout_ms: int.min(1).max(86_400_000).default(300_000),
});

export type McpSection = z.infer<typeof mcpSectionSchema>;
export type McpServerConfig = z.infer<typeof mcpServerSchema>;
