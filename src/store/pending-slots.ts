/**
 * Requests in flight to a worker thread, by sequential id.
 *
 * Not a Map: when a long-lived Map's hash table is rehashed, the old table stays in old space until the next
 * full GC, still pointing at the entries it held, and V8's young-generation GC keeps everything those entries
 * reach alive (each pending audit append reaches its whole request). On the gateway that promoted about 0.5 MB
 * per scavenge. Here a finished request's slot is cleared at once, and the arrays left behind when the table
 * grows are wiped first, so nothing stale points at young objects.
 */
export class PendingSlots<T> {
  private ids: number[];
  private values: (T | undefined)[];
  private count = 0;

  constructor(private capacity = 64) {
    [this.ids, this.values] = PendingSlots.emptySlots<T>(capacity);
  }

  private static emptySlots<T>(capacity: number): [number[], (T | undefined)[]] {
    return [new Array<number>(capacity).fill(-1), new Array<T | undefined>(capacity).fill(undefined)];
  }

  get size(): number {
    return this.count;
  }

  /** `id` must be a non-negative integer not already pending. */
  set(id: number, value: T): void {
    let at = id % this.capacity;
    while (this.ids[at] !== -1) {
      this.grow();
      at = id % this.capacity;
    }
    this.ids[at] = id;
    this.values[at] = value;
    this.count++;
  }

  /** Removes and returns the entry for `id`, if pending. */
  take(id: number): T | undefined {
    const at = id % this.capacity;
    if (this.ids[at] !== id) return undefined;
    const value = this.values[at];
    this.ids[at] = -1;
    this.values[at] = undefined;
    this.count--;
    return value;
  }

  /** Pending entries, oldest first. */
  entries(): [number, T][] {
    const out: [number, T][] = [];
    for (let i = 0; i < this.capacity; i++) {
      const id = this.ids[i] as number;
      if (id !== -1) out.push([id, this.values[i] as T]);
    }
    return out.sort((a, b) => a[0] - b[0]);
  }

  private grow(): void {
    const [ids, values] = [this.ids, this.values];
    this.capacity *= 2;
    [this.ids, this.values] = PendingSlots.emptySlots<T>(this.capacity);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (id === -1) continue;
      const at = id % this.capacity;
      this.ids[at] = id;
      this.values[at] = values[i];
    }
    values.fill(undefined);
  }
}
