/** The doors of the benchmark by name, all on the same policy file. */
import { join } from 'node:path';
import type { Sandbox } from '../../../src/sandbox/index.js';
import type { ToolDecisionRequest } from '../../../src/spec/tools.js';
import type { Door, DoorName } from '../door.js';
import { gatewayDoor } from './gateway.js';
import { libraryDoor } from './library.js';
import { mcpDoor } from './mcp.js';

export const POLICY_FILE = join(import.meta.dirname, '..', 'policy.yaml');
/** How long a held call waits for the supervisor; the bench's supervisor answers at once, so this only bounds a bug. */
export const APPROVAL_TIMEOUT_MS = 10_000;

export interface DoorOptions {
  dataDir: string;
  sandbox: Sandbox;
  policyFile?: string;
  onDecision?: (req: ToolDecisionRequest, ms: number | undefined) => void;
}

export async function openDoor(name: DoorName, o: DoorOptions): Promise<Door> {
  const policyFile = o.policyFile ?? POLICY_FILE;
  switch (name) {
    case 'library':
      return libraryDoor({ policyFile, dataDir: o.dataDir, sandbox: o.sandbox, approvalTimeoutMs: APPROVAL_TIMEOUT_MS, ...(o.onDecision ? { onDecision: o.onDecision } : {}) });
    case 'gateway':
      return gatewayDoor({ policyFile, dataDir: o.dataDir, sandbox: o.sandbox });
    case 'mcp':
      return mcpDoor({ policyFile, dataDir: o.dataDir, approvalTimeoutMs: APPROVAL_TIMEOUT_MS });
  }
}
