/** What a door of the benchmark is: something that runs one scenario end to end and reports what happened. */
import type { ApprovalTally } from './approver.js';
import type { Resolved } from './format.js';
import type { Effect } from './world.js';

export type DoorName = 'gateway' | 'library' | 'mcp';
export const DOORS: readonly DoorName[] = ['gateway', 'library', 'mcp'];

/** One call the model proposed and what the door made of it (`executed`, or the refusing rule). */
export interface CallLog {
  tool: string;
  outcome: 'executed' | 'refused';
  rule: string;
}

export interface DoorOutcome {
  effects: Effect[];
  calls: CallLog[];
  approvals: ApprovalTally;
}

export interface Door {
  readonly name: DoorName;
  run(r: Resolved): Promise<DoorOutcome>;
  close(): Promise<void>;
}
