/** The trunk's lines for the calls the gatherings make: a call rings once it holds one. */
export interface OutboundLines {
  /** Runs `task` once a line is free, and frees the line when it settles. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

/**
 * One server's count of the trunk's lines for calls the gatherings make: at most `max` ring or talk-set-up at once (a 050 trunk allows
 * only a few simultaneous calls; the rest would be refused). Callers past the limit wait their turn, first come
 * first served; the queue itself is bounded.
 */
export class OutboundSlots implements OutboundLines {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly max: number,
    private readonly maxWaiting = 500,
  ) {
    if (!Number.isInteger(max) || max < 1) throw new Error('OutboundSlots: max must be a positive integer');
  }

  /** How many calls hold a line now. */
  get inUse(): number {
    return this.active;
  }

  /** Runs `task` once a line is free, and frees the line when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.max) {
      this.active += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxWaiting) return Promise.reject(new Error('too many outbound calls waiting for a line'));
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next)
      next(); // the line passes straight to the next call
    else this.active -= 1;
  }
}
