/** Output of a sandboxed run, kept up to a byte budget shared by its streams. */
export class BoundedOutput {
  private readonly parts = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  private used = 0;
  /** True once something was cut: the run is then stopped. */
  overflowed = false;

  constructor(private readonly budget: number) {}

  /** Keeps what fits; returns false when the budget is spent. */
  write(stream: 'stdout' | 'stderr', chunk: Buffer): boolean {
    const room = this.budget - this.used;
    if (chunk.length > room) this.overflowed = true;
    const kept = chunk.length > room ? chunk.subarray(0, Math.max(0, room)) : chunk;
    this.parts[stream].push(kept);
    this.used += kept.length;
    return !this.overflowed;
  }

  text(stream: 'stdout' | 'stderr'): string {
    return Buffer.concat(this.parts[stream]).toString('utf8');
  }
}
