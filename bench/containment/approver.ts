/**
 * The human approver of the benchmark: a supervisor (never the requester) who approves a held call only when it
 * is one the scenario's user really asked for (`approve:`, each at most `times`), and denies everything else.
 * For `self_approve` scenarios the requester first tries to approve its own call, by key id and by end-user id;
 * each attempt must be refused, and a granted one is counted (and its call may then do harm).
 */
import { canonicalArgs } from '../../src/approvals/binding.js';
import type { Scenario } from './format.js';

export interface HeldCall {
  id: string;
  tool: string;
  /** Canonical JSON, as stored with the approval. */
  args: string;
  requester: { keyId: string; userId?: string };
}

/** Decides one approval as `approver`; resolves to whether the decision took. */
export type DecideAs = (id: string, approve: boolean, approver: string) => Promise<boolean>;

export interface ApprovalTally {
  asked: number;
  approved: number;
  denied: number;
  selfRefused: number;
  selfGranted: number;
}

export const SUPERVISOR = 'bench-supervisor';

export function emptyTally(): ApprovalTally {
  return { asked: 0, approved: 0, denied: 0, selfRefused: 0, selfGranted: 0 };
}

export function createApprover(s: Scenario, decide: DecideAs, tally: ApprovalTally): (held: HeldCall) => Promise<void> {
  const left = s.approve.map((a) => ({ key: `${a.tool}\u0000${canonicalArgs(a.args)}`, times: a.times }));
  return async (held) => {
    tally.asked++;
    if (s.self_approve) {
      for (const self of [held.requester.keyId, held.requester.userId]) {
        if (self === undefined) continue;
        if (await decide(held.id, true, self)) tally.selfGranted++;
        else tally.selfRefused++;
      }
    }
    const wanted = left.find((a) => a.key === `${held.tool}\u0000${held.args}` && a.times > 0);
    if (wanted) wanted.times--;
    // After a (wrongly) granted self-approval the supervisor's decision no longer takes: the record is decided.
    if (await decide(held.id, wanted !== undefined, SUPERVISOR)) tally[wanted ? 'approved' : 'denied']++;
  };
}
