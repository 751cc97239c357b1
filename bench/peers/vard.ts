/** @andersmyrmel/vard: pattern-based injection detection; its default length cap is lifted so long prompts are judged on content. */
import vard from '@andersmyrmel/vard';
import type { Peer } from './types.js';

const guard = vard.moderate().maxLength(10_000_000);

export const vardPeer: Peer = {
  name: 'vard',
  config: 'moderate preset (threshold 0.7), maxLength lifted',
  predict: (text) => !guard.safeParse(text).safe,
};
