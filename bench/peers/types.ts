/** A peer guard compared with Warden by bench/quality.ts: a name and a binary attack predictor. */
import type { Predictor } from '../../src/cli/eval/classification.js';

export interface Peer {
  name: string;
  /** What the adapter enables, for the report. */
  config: string;
  predict: Predictor;
}
