/** A strategy mutates any attack's payload; it may add user turns before it (multi-turn escalation). */
import type { Rng } from '../rng.js';

export interface Mutation {
  payload: string;
  prelude?: string[];
}

export interface Strategy {
  id: string;
  description: string;
  apply(payload: string, rng: Rng): Mutation;
}
