/**
 * Door 2: the library. Each simulated tool is wrapped with `warden.guardTool` (policy, argument checks, scans,
 * approvals through the embedded approval store, audit log), and the agent loop hands it the model's calls with
 * the conversation's provenance (user texts vs. tool outputs) and the session's earlier calls.
 */
import { join } from 'node:path';
import { createApprovalService } from '../../../src/approvals/service.js';
import { openLibraryStores, type LibraryStores } from '../../../src/library/stores.js';
import type { ContextText, ToolDecisionRequest, ToolHistoryEntry } from '../../../src/spec/tools.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { createWarden } from '../../../src/warden.js';
import { createApprover, emptyTally, type HeldCall } from '../approver.js';
import type { CallLog, Door } from '../door.js';
import type { Resolved } from '../format.js';
import { localAgent, toolIdentity } from '../session.js';
import { simulatedTools, type Effect } from '../world.js';

export interface LibraryDoorOptions {
  policyFile: string;
  dataDir: string;
  sandbox: Sandbox;
  approvalTimeoutMs: number;
  /** Told of each decision request and the time the policy took (the outcome's decisionMs). */
  onDecision?: (req: ToolDecisionRequest, ms: number | undefined) => void;
}

export async function libraryDoor(o: LibraryDoorOptions): Promise<Door> {
  const stores: LibraryStores = await openLibraryStores(join(o.dataDir, 'library'));
  const approvals = createApprovalService({ store: stores.approvals });
  let onHeld: (h: HeldCall) => Promise<void> = async () => undefined;
  const warden = createWarden(o.policyFile, {
    tools: {
      approvals,
      approvalTimeoutMs: o.approvalTimeoutMs,
      audit: stores.audit,
      sandbox: o.sandbox,
      onApprovalRequested: (rec) => void onHeld(rec),
    },
  });
  return {
    name: 'library',
    async run(r: Resolved) {
      const effects: Effect[] = [];
      const calls: CallLog[] = [];
      const tally = emptyTally();
      onHeld = createApprover(r.scenario, async (id, approve, approver) => (await approvals.decide(id, { approve, by: { name: approver, via: 'library' }, reason: 'bench' })).ok, tally);
      const identity = toolIdentity(r, 'library');
      const guarded = new Map(
        simulatedTools(r.world, { sandbox: o.sandbox, record: (e) => effects.push(e) }).map((t) => [
          t.name,
          warden.guardTool<Record<string, unknown>>({ name: t.name, description: t.description, parameters: t.parameters }, (args) => t.run(args)),
        ]),
      );
      const history: ToolHistoryEntry[] = [];
      await localAgent(r, async (call, messages) => {
        const context: ContextText[] = messages.filter((m) => m.role !== 'assistant').map((m) => ({ source: m.role === 'tool' ? 'untrusted' : 'user', text: m.text }));
        const tool = guarded.get(call.name);
        if (tool === undefined) {
          // The application offers no such tool: nothing to run (the model asked for one it was never given).
          calls.push({ tool: call.name, outcome: 'refused', rule: 'app/no-such-tool' });
          return JSON.stringify({ error: 'unknown_tool' });
        }
        const out = await tool(call.arguments, { identity, context, history: [...history] });
        o.onDecision?.({ call: { id: `c${calls.length}`, name: call.name, arguments: call.arguments }, identity, context, history: [...history] }, out.decisionMs);
        calls.push({ tool: call.name, outcome: out.status === 'ok' ? 'executed' : 'refused', rule: out.status === 'blocked' ? out.blockedBy : out.decision.ruleId });
        if (out.status === 'ok') history.push({ name: call.name, args: out.decision.args ?? {} });
        return out.output;
      });
      return { effects, calls, approvals: tally };
    },
    close: () => stores.close(),
  };
}
