import { RetryLaterError } from '../core/errors';

/**
 * Letters' renders, off the request path: `concurrency` at a time (ffmpeg takes the machine's cores), at most
 * `maxWaiting` waiting; one more is refused with SERVER_BUSY (503) so that a request never waits for a render.
 */
export class RenderQueue {
  private running = 0;
  private readonly waiting: (() => Promise<void>)[] = [];
  private idleWaiters: (() => void)[] = [];
  private readonly stopping = new AbortController();
  /** Aborted by close(): a running render stops (its ffmpeg is killed) and waiting ones do not start. */
  readonly signal: AbortSignal = this.stopping.signal;

  constructor(
    private readonly concurrency = 1,
    private readonly maxWaiting = 3,
  ) {}

  /** Takes the job or throws SERVER_BUSY; the job must handle its own errors (and should stop on `signal`). */
  push(job: () => Promise<void>): void {
    if (this.signal.aborted) throw new RetryLaterError('SERVER_BUSY', 'The server is stopping; try again in a minute', 60_000);
    if (this.running >= this.concurrency && this.waiting.length >= this.maxWaiting)
      throw new RetryLaterError('SERVER_BUSY', 'Other letters are being made; try again in a few minutes', 60_000);
    this.waiting.push(job);
    this.next();
  }

  get size(): number {
    return this.running + this.waiting.length;
  }

  /** Stops the running render and drops the waiting ones (shutdown; they are marked failed at the next start). */
  async close(): Promise<void> {
    this.stopping.abort();
    this.waiting.length = 0;
    await this.idle();
  }

  /** Resolves once nothing runs or waits (tests, shutdown). */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private next(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running += 1;
      void job().finally(() => {
        this.running -= 1;
        this.next();
        if (this.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    }
  }
}
