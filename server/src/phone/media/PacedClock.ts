/**
 * Ticks every `periodMs` against the monotonic clock, not by chaining timers, so the line's packets do not drift
 * (setInterval slips a little every time). After a long stall (a blocked event loop) it skips ahead rather than
 * sending a burst.
 */
const MAX_CATCH_UP_TICKS = 3;

export class PacedClock {
  private timer: NodeJS.Timeout | undefined;
  private next = 0;

  constructor(
    private readonly periodMs: number,
    private readonly onTick: () => void,
  ) {}

  start(): void {
    if (this.timer) return;
    this.next = performance.now();
    this.schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer = setTimeout(() => this.run(), Math.max(0, this.next - performance.now()));
  }

  private run(): void {
    const now = performance.now();
    if (now - this.next > MAX_CATCH_UP_TICKS * this.periodMs) this.next = now;
    while (this.next <= now && this.timer) {
      this.onTick();
      this.next += this.periodMs;
    }
    if (this.timer) this.schedule();
  }
}
