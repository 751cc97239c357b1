/**
 * Benign prompts joined into long ones. Users paste several questions, notes and snippets into one message; a
 * model trained on single short prompts flagged such ~1-8 KB messages (max over windows: the more windows, the
 * more chances), e.g. 5.5 % of bench:gateway's 8 KB prompts. Each joined row is built from the plain benign
 * prompts of one source group and one fold, so LOSO holds it out with its group and it never carries a
 * validation text into training.
 */
import { mulberry32 } from '../lib/prng.js';
import { isValidation, type Example } from './data.js';
import { sourceGroup } from './loso.js';

const MAX_PART = 400;
const MIN_PARTS = 4;
const MAX_PARTS = 14;
/** At most one joined row per this many eligible prompts, and per group at most PER_GROUP. */
const SHARE = 10;
const PER_GROUP = 150;
const SEED = 20261207;

const eligible = (e: Example): boolean => e.label === 'benign' && e.category === 'benign' && e.document !== true && e.sets.includes('direct') && e.text.length <= MAX_PART;

/** A fold key of the wanted fold: the first `${base}-${i}` that isValidation puts there. */
function keyInFold(base: string, validation: boolean): string {
  for (let i = 0; ; i++) if (isValidation(`${base}-${i}`) === validation) return `${base}-${i}`;
}

export function joinedBenign(all: readonly Example[]): Example[] {
  const pools = new Map<string, Example[]>();
  for (const e of all) {
    if (!eligible(e)) continue;
    const key = `${sourceGroup(e.source)}\u0000${isValidation(e.group) ? 'v' : 't'}`;
    const pool = pools.get(key);
    if (pool) pool.push(e);
    else pools.set(key, [e]);
  }
  const out: Example[] = [];
  const rand = mulberry32(SEED);
  for (const [key, pool] of [...pools].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [group = '', fold] = key.split('\u0000');
    const count = Math.min(PER_GROUP, Math.floor(pool.length / SHARE));
    for (let i = 0; i < count; i++) {
      const parts = MIN_PARTS + Math.floor(rand() * (MAX_PARTS - MIN_PARTS + 1));
      let text = '';
      for (let p = 0; p < parts; p++) text += `${p === 0 ? '' : rand() < 0.3 ? '\n\n' : ' '}${(pool[Math.floor(rand() * pool.length)] as Example).text.trim()}`;
      const first = pool[0] as Example;
      const id = keyInFold(`joined-${group}-${fold}-${i}`, fold === 'v');
      out.push({ id, text, label: 'benign', category: 'benign', source: first.source, lang: first.lang, group: id, sets: ['direct'] });
    }
  }
  return out;
}
