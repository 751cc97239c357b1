/**
 * A character trie in flat typed arrays: nodes are integers and every edge is one slot of an open-addressing hash
 * on (node, UTF-16 code unit). The hijack index's tries hold ~145k nodes (typo variants of 16 languages); as one
 * object and one Map per node they took ~40 MB of heap in every process that loads the detector.
 */

/** Node id returned for a missing child. */
export const NONE = -1;

const EMPTY = -1;

export class CharTrie<T> {
  static readonly ROOT = 0;
  /** Terms ending at a node: `exact` for whole tokens, `stem` for prefixes (indexed by node id; mostly undefined). */
  readonly exact: Array<T[] | undefined> = [undefined];
  readonly stem: Array<T[] | undefined> = [undefined];
  private parents = new Int32Array(1024).fill(EMPTY);
  private chars = new Uint16Array(1024);
  private children = new Int32Array(1024);
  private edges = 0;

  /** The child of `node` along code unit `c`, or NONE. */
  child(node: number, c: number): number {
    const mask = this.parents.length - 1;
    for (let slot = hash(node, c) & mask; ; slot = (slot + 1) & mask) {
      const parent = this.parents[slot] as number;
      if (parent === EMPTY) return NONE;
      if (parent === node && this.chars[slot] === c) return this.children[slot] as number;
    }
  }

  /** The node for `text`, created with every node on the way. */
  path(text: string): number {
    let node = CharTrie.ROOT;
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      let next = this.child(node, c);
      if (next === NONE) {
        next = this.exact.length;
        this.exact.push(undefined);
        this.stem.push(undefined);
        this.link(node, c, next);
      }
      node = next;
    }
    return node;
  }

  private link(node: number, c: number, child: number): void {
    // At most half full, so a probe ends at an empty slot within a few steps.
    if (2 * (this.edges + 1) > this.parents.length) this.grow();
    const mask = this.parents.length - 1;
    let slot = hash(node, c) & mask;
    while (this.parents[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.parents[slot] = node;
    this.chars[slot] = c;
    this.children[slot] = child;
    this.edges++;
  }

  private grow(): void {
    const { parents, chars, children } = this;
    this.parents = new Int32Array(parents.length * 2).fill(EMPTY);
    this.chars = new Uint16Array(parents.length * 2);
    this.children = new Int32Array(parents.length * 2);
    this.edges = 0;
    for (let slot = 0; slot < parents.length; slot++) {
      if (parents[slot] !== EMPTY) this.link(parents[slot] as number, chars[slot] as number, children[slot] as number);
    }
  }
}

function hash(node: number, c: number): number {
  const h = Math.imul(node, 0x9e3779b1) + Math.imul(c, 0x85ebca6b);
  return h ^ (h >>> 15);
}
