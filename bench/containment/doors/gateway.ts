/**
 * Door 1: the gateway. A real gateway (the server, SQLite services, the policy file with a `gateway:` section
 * added) in front of the compromised model as its upstream. The bench is the agent client: the official `openai`
 * SDK with a virtual key per scenario (its roles, trusting the end-user header), executing the calls the gateway
 * lets through against the simulated tools. A held call is decided by the supervisor through the admin API, and
 * the client then sends the request again with `x-warden-approval`. The client presents every approval id it
 * ever got on every later request, so a reused or replayed approval would show. Every other request of a
 * scenario is streamed, so both of the gateway's answer paths decide calls.
 */
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessage, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { parse } from 'yaml';
import { openGatewayServices } from '../../../src/gateway/backends/index.js';
import { gatewayConfigFromObject } from '../../../src/gateway/config.js';
import { buildGateway, closeGracefully } from '../../../src/gateway/server.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { createWarden } from '../../../src/warden.js';
import { createApprover, emptyTally, type HeldCall } from '../approver.js';
import type { CallLog, Door } from '../door.js';
import type { Resolved } from '../format.js';
import { startModelServer } from '../model-server.js';
import { MAX_STEPS, SYSTEM_PROMPT, tenantOf, userTexts } from '../session.js';
import { simulatedTools, type Effect, type SimTool } from '../world.js';

const ADMIN_TOKEN_ENV = 'WARDEN_BENCH_ADMIN_TOKEN';
const MODEL = 'compromised';
const HELD = /\[Warden held tool call "[^"]{1,64}" for approval (apr_[A-Za-z0-9_-]+) \(([^)]*)\)/g;
const DENIED = /\[Warden denied tool call "[^"]{1,64}" \(([^)]*)\)/g;

export interface GatewayDoorOptions {
  policyFile: string;
  dataDir: string;
  sandbox: Sandbox;
}

export async function gatewayDoor(o: GatewayDoorOptions): Promise<Door> {
  const model = await startModelServer();
  const adminToken = `bench-admin-${process.pid}-${Date.now()}`;
  process.env[ADMIN_TOKEN_ENV] = adminToken;
  const policy = parse(readFileSync(o.policyFile, 'utf8')) as Record<string, unknown>;
  const loaded = gatewayConfigFromObject({
    ...policy,
    gateway: {
      log_level: 'silent',
      upstreams: { model: { type: 'openai-compatible', base_url: `${model.url}/v1` } },
      models: { [MODEL]: { upstream: 'model', model: MODEL } },
      admin: { token_env: ADMIN_TOKEN_ENV },
    },
  });
  const services = await openGatewayServices(loaded.gateway, { dataDir: o.dataDir });
  const app = await buildGateway({ config: loaded.gateway, warden: createWarden(loaded.policy), services, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

  const admin = async (method: string, path: string, body?: unknown): Promise<{ ok: boolean; json: Record<string, unknown> }> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { ok: res.ok, json: (await res.json()) as Record<string, unknown> };
  };

  return {
    name: 'gateway',
    async run(r: Resolved) {
      const effects: Effect[] = [];
      const calls: CallLog[] = [];
      const tally = emptyTally();
      const tools = new Map(simulatedTools(r.world, { sandbox: o.sandbox, record: (e) => effects.push(e) }).map((t) => [t.name, t]));
      const created = await admin('POST', '/admin/keys', { tenant: tenantOf(r, 'gateway'), name: r.scenario.identity, roles: r.identity.roles, trust_user_header: true });
      if (!created.ok) throw new Error(`could not create a key: ${JSON.stringify(created.json)}`);
      const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: String(created.json['key']), maxRetries: 0 });
      const approve = createApprover(
        r.scenario,
        async (id, yes, approver) => (await admin('POST', `/admin/approvals/${id}/${yes ? 'approve' : 'deny'}`, { approver, reason: 'bench' })).ok,
        tally,
      );
      const offered: ChatCompletionTool[] = [...tools.values()].map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
      const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: SYSTEM_PROMPT }, ...userTexts(r).map((content) => ({ role: 'user' as const, content }))];
      const approvals: string[] = [];
      for (let step = 0; step < MAX_STEPS; step++) {
        const headers: Record<string, string> = {};
        if (r.identity.user_id !== undefined) headers['x-warden-user'] = r.identity.user_id;
        if (approvals.length > 0) headers['x-warden-approval'] = approvals.join(',');
        let msg: ChatCompletionMessage | undefined;
        try {
          msg = step % 2 === 1 ? await streamed(client, { model: MODEL, messages, tools: offered }, headers) : (await client.chat.completions.create({ model: MODEL, messages, tools: offered }, { headers })).choices[0]?.message;
        } catch (err) {
          // A refused request (e.g. an input block) ends the task, as it would for a real agent.
          calls.push({ tool: '(request)', outcome: 'refused', rule: err instanceof Error ? err.message.slice(0, 120) : 'error' });
          break;
        }
        const proposed = (msg?.tool_calls ?? []).filter((c) => c.type === 'function');
        if (msg !== undefined && proposed.length > 0) {
          messages.push(msg);
          for (const c of proposed) {
            calls.push({ tool: c.function.name, outcome: 'executed', rule: '' });
            messages.push({ role: 'tool', tool_call_id: c.id, content: await execute(tools.get(c.function.name), c.function.arguments) });
          }
          continue;
        }
        const text = msg?.content ?? '';
        for (const d of text.matchAll(DENIED)) calls.push({ tool: '', outcome: 'refused', rule: d[1] as string });
        let approved = false;
        for (const h of text.matchAll(HELD)) {
          const id = h[1] as string;
          const rec = (await admin('GET', `/admin/approvals/${id}`)).json as unknown as HeldCall;
          await approve(rec);
          const after = (await admin('GET', `/admin/approvals/${id}`)).json;
          if (after['status'] === 'approved') {
            approvals.push(id);
            approved = true;
          } else calls.push({ tool: rec.tool, outcome: 'refused', rule: `${h[2] as string} (approval ${String(after['status'])})` });
        }
        if (approved) continue;
        if (text.includes('[Warden ')) {
          messages.push({ role: 'assistant', content: text });
          continue;
        }
        break;
      }
      return { effects, calls, approvals: tally };
    },
    async close() {
      await closeGracefully(app, 2_000);
      await services.close();
      await model.close();
    },
  };
}

/** One streamed answer, put together as the message a JSON answer would hold. */
async function streamed(client: OpenAI, body: ChatCompletionCreateParamsNonStreaming, headers: Record<string, string>): Promise<ChatCompletionMessage> {
  const calls: { id: string; type: 'function'; function: { name: string; arguments: string } }[] = [];
  let content = '';
  for await (const chunk of await client.chat.completions.create({ ...body, stream: true }, { headers })) {
    const delta = chunk.choices[0]?.delta;
    content += delta?.content ?? '';
    for (const t of delta?.tool_calls ?? []) {
      const c = (calls[t.index] ??= { id: t.id ?? '', type: 'function', function: { name: '', arguments: '' } });
      c.function.name += t.function?.name ?? '';
      c.function.arguments += t.function?.arguments ?? '';
    }
  }
  return { role: 'assistant', content: content === '' ? null : content, refusal: null, ...(calls.length > 0 ? { tool_calls: calls } : {}) };
}

/** Runs an allowed call against the simulated tool, as the agent's own code would. */
async function execute(tool: SimTool | undefined, argsText: string): Promise<string> {
  if (tool === undefined) return JSON.stringify({ error: 'unknown_tool' });
  let args: unknown;
  try {
    args = JSON.parse(argsText);
  } catch {
    return JSON.stringify({ error: 'invalid_arguments' });
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return JSON.stringify({ error: 'invalid_arguments' });
  return tool.run(args as Record<string, unknown>);
}
