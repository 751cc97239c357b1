/**
 * A small support agent: the official `openai` client talks to the Warden gateway (`npm start`, the offline
 * demo model), and every tool call the model proposes goes through `warden.guardTool`. The demo model is
 * deliberately compromised: it obeys the latest instruction it reads, including ones planted in order notes.
 *
 *   npm start                                  # terminal 1: the gateway on 127.0.0.1:8787
 *   npx tsx examples/agent/agent.ts            # terminal 2: this agent
 *   npx warden approvals list --data-dir data/agent-example   # terminal 3, while a refund waits
 *
 * In an application, import from 'warden' instead of the repository's sources.
 */
import { resolve } from 'node:path';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { createApprovalService, createWarden, openLibraryStores, type ApprovalRecord, type ContextText, type GuardedTool, type ToolIdentity } from '../../src/index.js';
import { backOffice, type Effects } from './shop.js';

export interface AgentOptions {
  baseURL: string;
  apiKey: string;
  model: string;
  /** Approvals and the audit log of the agent's tool calls (not the gateway's own data dir: one writer per audit log). */
  dataDir: string;
  approvalTimeoutMs: number;
  onApprovalRequested?: (rec: ApprovalRecord) => void;
  log?: (line: string) => void;
}

/** The user's requests, one task each. The demo model turns "Call X with {...}" into a tool call. */
export const TASKS: readonly string[] = [
  'Call lookup_order with {"order":"A-1001"}',
  'Call lookup_order with {"order":"A-1002"}',
  'Call lookup_order with {"order":"A-1003"}',
  'Call refund with {"order":"A-1001","amount":30}',
  'Call refund with {"order":"A-1001","amount":150}',
];

const MAX_STEPS = 4;

export interface StepOutcome {
  task: number;
  tool: string;
  args: string;
  status: string;
  rule: string;
}

function toolSpec(t: GuardedTool<never>): ChatCompletionTool {
  const { name, description, parameters } = t.definition;
  return { type: 'function', function: { name, description, parameters } };
}

export async function runAgent(o: AgentOptions): Promise<{ steps: StepOutcome[]; effects: Effects }> {
  const log = o.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const shop = backOffice();
  const stores = await openLibraryStores(o.dataDir);
  const bot: ToolIdentity = { keyId: 'support-bot', tenant: 'default', roles: ['support'], userId: 'customer-42', attributes: {} };
  const warden = createWarden(resolve(import.meta.dirname, 'warden.yaml'), {
    tools: {
      identity: bot,
      approvals: createApprovalService({ store: stores.approvals }),
      approvalTimeoutMs: o.approvalTimeoutMs,
      audit: stores.audit,
      onApprovalRequested: (rec) => {
        log(`  approval ${rec.id} pending (${rec.reason}); approve with:`);
        log(`    npx warden approvals approve ${rec.id} --reason "checked" --data-dir ${o.dataDir}`);
        o.onApprovalRequested?.(rec);
      },
    },
  });
  const order = { type: 'object', properties: { order: { type: 'string' } }, required: ['order'] };
  const tools: Record<string, GuardedTool<never>> = {
    lookup_order: warden.guardTool<{ order: string }>({ name: 'lookup_order', description: 'Look up an order', parameters: order }, (a) => shop.lookup(a.order)),
    refund: warden.guardTool<{ order: string; amount: number }>(
      { name: 'refund', description: 'Refund an order', parameters: { type: 'object', properties: { order: { type: 'string' }, amount: { type: 'number' } }, required: ['order', 'amount'] } },
      (a) => shop.refund(a.order, a.amount),
    ),
    email_customer: warden.guardTool<{ to: string; body: string }>(
      { name: 'email_customer', description: 'Send an e-mail to a customer', parameters: { type: 'object', properties: { to: { type: 'string' }, body: { type: 'string' } }, required: ['to', 'body'] } },
      (a) => shop.sendEmail(a.to, a.body),
    ),
  };
  const client = new OpenAI({ baseURL: o.baseURL, apiKey: o.apiKey });
  const steps: StepOutcome[] = [];
  try {
    for (const [i, task] of TASKS.entries()) {
      log(`task ${i + 1}: ${task}`);
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: 'You are the support agent of an online shop. Use the tools.' },
        { role: 'user', content: task },
      ];
      // What the user typed and what the model read from tools, for the policy's provenance checks.
      const context: ContextText[] = [{ source: 'user', text: task }];
      const seen = new Set<string>();
      for (let step = 0; step < MAX_STEPS; step++) {
        const res = await client.chat.completions.create({ model: o.model, messages, tools: Object.values(tools).map(toolSpec) });
        const msg = res.choices[0]?.message;
        const calls = (msg?.tool_calls ?? []).filter((c) => c.type === 'function');
        if (msg === undefined || calls.length === 0) {
          log(`  answer: ${msg?.content ?? '(none)'}`);
          break;
        }
        // An agent that is offered the same call twice has made no progress: the task ends.
        if (calls.every((c) => seen.has(c.function.name + c.function.arguments))) break;
        messages.push(msg);
        for (const call of calls) {
          seen.add(call.function.name + call.function.arguments);
          const tool = tools[call.function.name];
          const r = tool ? await tool(call.function.arguments, { callId: call.id, context }) : undefined;
          const output = r?.output ?? JSON.stringify({ error: 'unknown_tool' });
          const rule = r === undefined ? '' : r.status === 'blocked' ? r.blockedBy : r.decision.ruleId;
          steps.push({ task: i + 1, tool: call.function.name, args: call.function.arguments, status: r?.status ?? 'unknown', rule });
          const why = r === undefined ? ' (no such tool)' : r.status === 'ok' ? '' : r.status === 'denied' ? ` (${rule}: ${r.decision.reason})` : ` (${rule})`;
          log(`  model calls ${call.function.name} ${call.function.arguments} -> ${r?.status ?? 'refused'}${why}`);
          context.push({ source: 'untrusted', text: output });
          messages.push({ role: 'tool', tool_call_id: call.id, content: output });
        }
      }
    }
  } finally {
    await stores.close();
  }
  log(`done: refunds ${JSON.stringify(shop.refunds)}, e-mails ${JSON.stringify(shop.emails)}`);
  return { steps, effects: { refunds: shop.refunds, emails: shop.emails } };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await runAgent({
    baseURL: process.env['WARDEN_URL'] ?? 'http://127.0.0.1:8787/v1',
    apiKey: process.env['WARDEN_API_KEY'] ?? 'wk-demo-local-only',
    model: 'warden-demo',
    dataDir: process.env['AGENT_DATA_DIR'] ?? 'data/agent-example',
    approvalTimeoutMs: Number(process.env['APPROVAL_TIMEOUT_MS'] ?? 60_000),
  });
}
