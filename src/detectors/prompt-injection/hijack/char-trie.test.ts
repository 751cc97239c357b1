import { describe, expect, it } from 'vitest';
import { CharTrie, NONE } from './char-trie.js';

/** The node reached by walking `text` from the root, or NONE. */
function walk(trie: CharTrie<string>, text: string): number {
  let node = CharTrie.ROOT;
  for (let k = 0; k < text.length && node !== NONE; k++) node = trie.child(node, text.charCodeAt(k));
  return node;
}

describe('CharTrie', () => {
  it('finds every inserted path, shares prefixes, and misses what was never inserted', () => {
    const trie = new CharTrie<string>();
    const words = ['ignore', 'ignorer', 'ign', 'игнорируй', '無視', 'x'];
    const nodes = words.map((w) => trie.path(w));
    expect(new Set(nodes).size).toBe(words.length);
    words.forEach((w, i) => expect(walk(trie, w)).toBe(nodes[i]));
    expect(trie.path('ignore')).toBe(nodes[0]);
    expect(walk(trie, 'igno')).not.toBe(NONE);
    expect(walk(trie, 'ignored')).toBe(NONE);
    expect(walk(trie, 'y')).toBe(NONE);
    expect(trie.child(CharTrie.ROOT, 0xffff)).toBe(NONE);
  });

  it('keeps every edge through many growths of its table', () => {
    const trie = new CharTrie<string>();
    const words = Array.from({ length: 20_000 }, (_, i) => `w${(i * 7919).toString(36)}-${String.fromCharCode(0x4e00 + (i % 500))}`);
    const nodes = words.map((w) => trie.path(w));
    words.forEach((w, i) => expect(walk(trie, w)).toBe(nodes[i]));
    expect(trie.exact.length).toBe(trie.stem.length);
    expect(walk(trie, 'w-')).toBe(NONE);
  });
});
