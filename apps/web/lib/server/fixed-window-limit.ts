/**
 * Counts events per key in fixed windows in this process's memory, dropping the oldest window beyond
 * `maxKeys` keys, so that a flood of addresses costs bounded memory and at worst resets someone's count.
 */
export class FixedWindowLimit {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one event for `key`; false once the key has had `limit` events in its current window. */
  allow(key: string): boolean {
    const now = this.now();
    const window = this.windows.get(key);
    if (window && now - window.start < this.windowMs) {
      window.count += 1;
      return window.count <= this.limit;
    }
    // Re-inserted, so that the map's order stays the order windows started in.
    this.windows.delete(key);
    const oldest = this.windows.keys().next();
    if (this.windows.size >= this.maxKeys && !oldest.done) this.windows.delete(oldest.value);
    this.windows.set(key, { start: now, count: 1 });
    return true;
  }

  /** Seconds until `key`'s current window ends. */
  retryAfterSeconds(key: string): number {
    const window = this.windows.get(key);
    return window ? Math.max(1, Math.ceil((window.start + this.windowMs - this.now()) / 1000)) : 0;
  }
}
