/** The strategy registry: `none` sends the attack as written; every other entry mutates its payload. */
import { base64, hex, rot13Strategy } from './encodings.js';
import { homoglyph, leetspeak } from './obfuscation.js';
import { payloadSplit, roleplay, translation } from './framing.js';
import { manyShot, multiTurn } from './conversation.js';
import type { Strategy } from './types.js';

const none: Strategy = { id: 'none', description: 'the attack as written', apply: (payload) => ({ payload }) };

export const STRATEGIES: readonly Strategy[] = [none, base64, hex, rot13Strategy, leetspeak, homoglyph, payloadSplit, roleplay, manyShot, multiTurn, translation];

export function strategyById(id: string): Strategy {
  const s = STRATEGIES.find((x) => x.id === id);
  if (!s) throw new Error(`unknown strategy "${id}"; expected one of ${STRATEGIES.map((x) => x.id).join(', ')}`);
  return s;
}
