/**
 * The tools the proxy offers: every upstream's tools/list, each definition checked against its pin and scanned
 * for poisoning before any client sees it. A tool that fails a check is kept with the reason it is blocked,
 * so a call to it is refused with that reason rather than "unknown tool". Refreshes run one at a time.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { WardenEngine } from '../core/index.js';
import type { Finding } from '../spec/types.js';
import type { McpSection } from './config.js';
import { scanDefinition, type DefinitionVerdict } from './definition-scan.js';
import { definitionHash, pinKey, pinState, readPins, writePins, type PinFile } from './pins.js';
import type { Upstream } from './upstream.js';

export interface CatalogTool {
  /** The name clients see and the tool policy names: the server's prefix + its own name. */
  exposed: string;
  server: string;
  /** The name the upstream server knows it by. */
  upstreamName: string;
  /** The definition as offered to clients (exposed name). */
  tool: Tool;
  hash: string;
  /** Set when the tool is hidden and every call to it refused. */
  blocked?: { ruleId: string; reason: string };
}

/** Something a refresh found that the audit log must show: a pin written, a change, poisoning, a failure. */
export interface CatalogEvent {
  ruleId: string;
  action: 'flag' | 'block';
  server: string;
  tool?: string;
  message: string;
  findings: Finding[];
}

export interface Catalog {
  /** Re-lists every upstream; resolves with what the audit log must record. */
  refresh(): Promise<CatalogEvent[]>;
  get(exposed: string): CatalogTool | undefined;
  all(): CatalogTool[];
}

export interface CatalogOptions {
  upstreams: readonly Upstream[];
  warden: WardenEngine;
  config: Pick<McpSection, 'pins' | 'on_poisoned_definition' | 'identity'>;
  /** Record every tool's current hash as its pin (`warden mcp-proxy --update-pins`). */
  updatePins?: boolean;
}

export function createCatalog(opts: CatalogOptions): Catalog {
  const { config } = opts;
  let tools = new Map<string, CatalogTool>();
  const verdicts = new Map<string, DefinitionVerdict>();
  let pins: PinFile = readPins(config.pins.file);
  let running: Promise<CatalogEvent[]> = Promise.resolve([]);

  async function verdictOf(tool: Tool, hash: string): Promise<DefinitionVerdict> {
    const known = verdicts.get(hash);
    if (known) return known;
    const v = await scanDefinition(opts.warden, tool, { tenant: config.identity.tenant });
    verdicts.set(hash, v);
    return v;
  }

  async function checkTool(up: Upstream, tool: Tool, events: CatalogEvent[], next: Map<string, CatalogTool>, pinsChanged: { value: boolean }): Promise<void> {
    const exposed = `${up.config.prefix ?? ''}${tool.name}`;
    const hash = definitionHash(tool);
    const entry: CatalogTool = { exposed, server: up.name, upstreamName: tool.name, tool: { ...tool, name: exposed }, hash };
    const event = (ruleId: string, action: 'flag' | 'block', message: string, findings: Finding[] = []) => events.push({ ruleId, action, server: up.name, tool: exposed, message, findings });
    const block = (ruleId: string, reason: string, findings: Finding[] = []) => {
      entry.blocked ??= { ruleId, reason };
      event(ruleId, 'block', reason, findings);
    };
    if (next.has(exposed)) {
      const first = next.get(exposed) as CatalogTool;
      const reason = `tool "${exposed}" is listed by servers "${first.server}" and "${up.name}"; give one of them a prefix`;
      first.blocked ??= { ruleId: 'mcp/duplicate-tool', reason };
      block('mcp/duplicate-tool', reason);
    }
    const key = pinKey(up.name, tool.name);
    const state = opts.updatePins ? 'new' : pinState(pins, key, hash);
    if (state === 'changed') {
      const reason = `the definition of "${exposed}" changed since it was pinned (server "${up.name}")`;
      if (config.pins.on_change === 'block') block('mcp/definition-changed', reason);
      else event('mcp/definition-changed', 'flag', reason);
    } else if (state === 'new') {
      if (config.pins.on_new === 'block' && !opts.updatePins) block('mcp/unpinned-tool', `tool "${exposed}" has no pin; run warden mcp-proxy --update-pins after reviewing it`);
      else {
        pins.tools[key] = hash;
        pinsChanged.value = true;
        event('mcp/tool-pinned', 'flag', `pinned "${exposed}" (server "${up.name}") at sha256 ${hash.slice(0, 16)}…`);
      }
    }
    const verdict = await verdictOf(tool, hash);
    if (verdict.action !== 'allow') {
      const rule = verdict.decidingRule ?? verdict.findings[0]?.ruleId ?? 'mcp/poisoned-definition';
      const reason = `the definition of "${exposed}" is refused by ${rule} in ${[...new Set(verdict.where)].join(', ')}`;
      const poisoned = verdict.action === 'block' || verdict.action === 'redact';
      if (poisoned && config.on_poisoned_definition === 'block') block('mcp/poisoned-definition', reason, verdict.findings);
      else event(poisoned ? 'mcp/poisoned-definition' : 'mcp/definition-flagged', 'flag', reason, verdict.findings);
    }
    next.set(exposed, entry);
  }

  async function run(): Promise<CatalogEvent[]> {
    const events: CatalogEvent[] = [];
    const next = new Map<string, CatalogTool>();
    const pinsChanged = { value: false };
    pins = readPins(config.pins.file);
    for (const up of opts.upstreams) {
      let listed: Tool[];
      try {
        listed = await up.listTools();
      } catch (err) {
        // The server's tools stay off the list until a later refresh succeeds.
        events.push({ ruleId: 'mcp/list-failed', action: 'block', server: up.name, message: `tools/list of "${up.name}" failed: ${err instanceof Error ? err.message : String(err)}`, findings: [] });
        continue;
      }
      for (const tool of listed) await checkTool(up, tool, events, next, pinsChanged);
    }
    if (pinsChanged.value) writePins(config.pins.file, pins);
    tools = next;
    return events;
  }

  return {
    refresh() {
      running = running.then(run, run);
      return running;
    },
    get: (exposed) => tools.get(exposed),
    all: () => [...tools.values()],
  };
}
