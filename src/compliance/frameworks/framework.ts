/** The shape of a framework's control catalogue: data, judged by assess.ts. */
import type { EvidenceKind, FactId, FrameworkId } from '../types.js';

export interface ControlSpec {
  id: string;
  title: string;
  /** What the framework asks for, in short. */
  requirement: string;
  /** What satisfies it in a Warden deployment. */
  satisfiedBy: string;
  /** Configuration facts that must hold. */
  facts: readonly FactId[];
  /** Evidence from the window: `required` ones must be present for the control to be met. */
  evidence: readonly { kind: EvidenceKind; required: boolean }[];
}

export interface Framework {
  id: FrameworkId;
  name: string;
  /** Which text the control ids refer to. */
  basis: string;
  controls: readonly ControlSpec[];
}

export const req = (kind: EvidenceKind) => ({ kind, required: true });
export const support = (kind: EvidenceKind) => ({ kind, required: false });
